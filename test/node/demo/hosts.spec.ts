/**
 * The demo keeps one relay per Host header (its consent URLs point back at the host the browser used): a flood
 * of forged Host headers must not grow memory without bound (issue 19: 20 000 hosts held 1.9 GB).
 */
import { expect, test } from '@playwright/test';
import { MAX_HOSTS, recentlyUsed } from '../../../demo/test-mode-plugin.js';

test('20 000 forged hosts: at most MAX_HOSTS relays are kept, the most recently used', () => {
  let made = 0;
  const cache = recentlyUsed(MAX_HOSTS, (host) => ({ host, n: ++made }));
  const localhost = cache.get('localhost:5173');
  for (let i = 0; i < 20_000; i++) {
    cache.get(`evil-${i}.example`);
    if (i % 10 === 0) expect(cache.get('localhost:5173')).toBe(localhost); // kept while in use
  }
  expect(cache.size).toBe(MAX_HOSTS);
  expect(made).toBe(20_001);
  // an evicted host gets a fresh relay
  expect(cache.get('evil-0.example').n).toBe(20_002);
});
