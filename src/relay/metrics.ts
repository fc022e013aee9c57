/**
 * The relay's metrics in the Prometheus text format (exposition format 0.0.4), for `GET /metrics`: fed from the
 * relay's own log stream (every event it already writes, redacted), so no code path needs to know about them:
 *
 * | metric | type | labels |
 * | --- | --- | --- |
 * | `idmobile_checks_total` | counter | `upstream`, `route` (`match`, `result`), `outcome` (a verdict, `consent`, `pending`, or an error id) |
 * | `idmobile_upstream_request_duration_seconds` | histogram | `upstream`, `endpoint`, `status` (HTTP class: `2xx`, `4xx`, `5xx`) |
 * | `idmobile_upstream_failures_total` | counter | `upstream`, `endpoint`, `error_id` (`R502`, `R504`) |
 * | `idmobile_token_requests_total` | counter | `upstream`, `endpoint` |
 * | `idmobile_limit_hits_total` | counter | `limit` |
 * | `idmobile_store_errors_total` | counter | `operation` |
 * | `idmobile_consent_callbacks_total` | counter | `outcome` |
 * | `idmobile_signals_total` | counter | `upstream`, `signal` (`sim_swap`), `outcome` (`swapped`, `not_swapped`, `unknown`) |
 *
 * No personal data in labels: every label value is from a closed set or checked against a short pattern (an
 * error id, an endpoint name), anything else counted as `other`. Counts are per process (scrape each instance).
 */
import type { LogEntry } from './log.js';

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
const LABEL = /^[A-Za-z0-9_:.-]{1,40}$/;
const ERROR_ID = /^(?:R\d{3}|\d{2}|line_mismatch|timeout|consent_unbound)$/;

const value = (v: unknown, allowed: RegExp = LABEL): string => (typeof v === 'string' && allowed.test(v) ? v : 'other');
const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

type Labels = Record<string, string>;
const key = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',');

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

export interface Metrics {
  /** Counts what one log entry says (called for every entry the relay and its upstream write). */
  observe(entry: LogEntry): void;
  /** The exposition text. */
  render(): string;
}

/** The outcome label of a request's recorded outcome (`scores:verified`, `upstream_error:09`, `R429`…). */
function outcomeOf(raw: unknown): string {
  if (typeof raw !== 'string') return 'other';
  if (raw.startsWith('scores:')) return value(raw.slice(7), /^(?:verified|inconclusive|rejected)$/);
  if (raw.startsWith('upstream_error:')) return value(raw.slice(15), ERROR_ID);
  if (raw === 'consent' || raw === 'pending') return raw;
  return value(raw, ERROR_ID);
}

export function createMetrics(upstream: string): Metrics {
  const counters = new Map<string, Map<string, number>>();
  const histograms = new Map<string, Histogram>();
  const help: Record<string, [type: 'counter' | 'histogram', text: string]> = {
    idmobile_checks_total: ['counter', 'Checks answered by the relay, by route and outcome.'],
    idmobile_upstream_request_duration_seconds: ['histogram', 'Time of each call to the upstream API.'],
    idmobile_upstream_failures_total: ['counter', 'Upstream calls without a usable answer.'],
    idmobile_token_requests_total: ['counter', 'Access tokens obtained from the upstream.'],
    idmobile_limit_hits_total: ['counter', 'Requests refused by a limit (R429).'],
    idmobile_store_errors_total: ['counter', 'Operations the relay store failed.'],
    idmobile_consent_callbacks_total: ['counter', 'Authorization-code callbacks, by outcome.'],
    idmobile_signals_total: ['counter', 'Signals asked next to the match (RELAY_SIGNALS), by outcome.'],
  };
  const count = (name: string, labels: Labels) => {
    let series = counters.get(name);
    if (!series) {
      series = new Map<string, number>();
      counters.set(name, series);
    }
    const k = key(labels);
    series.set(k, (series.get(k) ?? 0) + 1);
  };
  const observeSeconds = (labels: Labels, seconds: number) => {
    const k = key(labels);
    let h = histograms.get(k);
    if (!h) {
      h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      histograms.set(k, h);
    }
    const hist = h;
    hist.buckets = hist.buckets.map((n, i) => (seconds <= (BUCKETS[i] ?? Infinity) ? n + 1 : n));
    h.sum += seconds;
    h.count += 1;
  };

  return {
    observe(entry) {
      switch (entry['event']) {
        case 'request': {
          const path = typeof entry['path'] === 'string' ? entry['path'] : '';
          const route = path.endsWith('/match') ? 'match' : path.endsWith('/result') ? 'result' : null;
          if (route) count('idmobile_checks_total', { upstream, route, outcome: outcomeOf(entry['outcome']) });
          if (path.endsWith('/callback')) {
            const o = typeof entry['outcome'] === 'string' ? entry['outcome'] : '';
            count('idmobile_consent_callbacks_total', { outcome: value(o.replace(/^callback:?/, '') || 'redirect') });
          }
          return;
        }
        case 'upstream': {
          const status = typeof entry['status'] === 'number' ? `${Math.floor(entry['status'] / 100)}xx` : 'other';
          const ms = typeof entry['ms'] === 'number' && entry['ms'] >= 0 ? entry['ms'] : 0;
          observeSeconds({ upstream, endpoint: value(entry['endpoint']), status }, ms / 1000);
          return;
        }
        case 'upstream_failed':
          count('idmobile_upstream_failures_total', {
            upstream,
            endpoint: value(entry['endpoint']),
            error_id: value(entry['error_id'], ERROR_ID),
          });
          return;
        case 'token_obtained':
          count('idmobile_token_requests_total', { upstream, endpoint: value(entry['endpoint']) });
          return;
        case 'rate_limited':
          count('idmobile_limit_hits_total', { limit: value(entry['limit']) });
          return;
        case 'signal':
        case 'signal_unknown':
          count('idmobile_signals_total', {
            upstream,
            signal: value(entry['signal'], /^sim_swap$/),
            outcome:
              entry['event'] === 'signal_unknown' ? 'unknown' : entry['swapped'] === true ? 'swapped' : 'not_swapped',
          });
          return;
        case 'store_unavailable':
          count('idmobile_store_errors_total', { operation: value(entry['operation']) });
          return;
        default:
          return;
      }
    },
    render() {
      const lines: string[] = [];
      for (const [name, [type, text]] of Object.entries(help)) {
        lines.push(`# HELP ${name} ${text}`, `# TYPE ${name} ${type}`);
        if (type === 'counter') {
          for (const [labels, n] of counters.get(name) ?? []) lines.push(`${name}{${labels}} ${n}`);
          continue;
        }
        for (const [labels, h] of histograms) {
          BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{${labels},le="${b}"} ${h.buckets[i]}`));
          lines.push(`${name}_bucket{${labels},le="+Inf"} ${h.count}`);
          lines.push(`${name}_sum{${labels}} ${Number(h.sum.toFixed(6))}`);
          lines.push(`${name}_count{${labels}} ${h.count}`);
        }
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
