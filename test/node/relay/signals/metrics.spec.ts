/**
 * `/metrics` counts the signals' outcomes from the log lines the upstreams write (`signal`, `signal_unknown`):
 * `idmobile_signals_total{upstream,signal,outcome}`, closed label values, no personal data.
 */
import { expect, test } from '@playwright/test';
import { createMetrics } from '../../../../src/relay/metrics.js';

test('swapped, not swapped and unknown are counted by upstream and signal', () => {
  const m = createMetrics('dqe');
  m.observe({ event: 'signal', signal: 'sim_swap', upstream: 'dqe', swapped: true, max_age_hours: 168 });
  m.observe({ event: 'signal', signal: 'sim_swap', upstream: 'dqe', swapped: false, max_age_hours: 168 });
  m.observe({ event: 'signal', signal: 'sim_swap', upstream: 'dqe', swapped: false, max_age_hours: 168 });
  m.observe({ event: 'signal_unknown', signal: 'sim_swap', upstream: 'dqe', reason: 'DQE error 17' });
  m.observe({ event: 'signal_unknown', signal: '+33612345678', upstream: 'dqe', reason: 'x' });
  const text = m.render();
  expect(text).toContain('# TYPE idmobile_signals_total counter');
  expect(text).toContain('idmobile_signals_total{upstream="dqe",signal="sim_swap",outcome="swapped"} 1');
  expect(text).toContain('idmobile_signals_total{upstream="dqe",signal="sim_swap",outcome="not_swapped"} 2');
  expect(text).toContain('idmobile_signals_total{upstream="dqe",signal="sim_swap",outcome="unknown"} 1');
  // a label value outside the closed set is `other`, never echoed
  expect(text).toContain('idmobile_signals_total{upstream="dqe",signal="other",outcome="unknown"} 1');
  expect(text).not.toContain('+33612345678');
});

test('the simswap call has its own endpoint label in the latency histogram', () => {
  const m = createMetrics('dqe');
  m.observe({ event: 'upstream', endpoint: 'IDMOBILE:simswap', status: 200, ms: 40 });
  expect(m.render()).toContain('endpoint="IDMOBILE:simswap"');
});
