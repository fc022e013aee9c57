/**
 * Hardening (issue 7), memory: 200 consecutive checks in one page (scores, retryable errors with a retry,
 * resets) leave no growth in DOM nodes (shadow roots included), event listeners or pending timers. The relay is
 * stubbed with `page.route` answering at once; measurements are taken after a warm-up and a forced GC (CDP),
 * and compared with a small constant slack, never slack proportional to the number of checks.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';

const PAGE = '/__memory-widget-only';
const SCORES = JSON.stringify({
  family_name: 1,
  given_name: 0.95,
  gender: '',
  birthdate: '',
  email: '',
  address: { street_address: '', postal_code: '', locality: '', country: '' },
  attestation: 'a.b.c',
});
const R502 = JSON.stringify({ status: 'error', error_id: 'R502', error_type: 'upstream failed' });

interface Sample {
  nodes: number;
  listeners: number;
  domNodes: number;
  timers: number;
}

async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  // the page idle (no task left from the last check), not a fixed time
  await page.evaluate(() => new Promise((r) => requestIdleCallback(r, { timeout: 5000 })));
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  const inPage = await page.evaluate(() => {
    const count = (root: Node): number => {
      let n = 1;
      if (root instanceof Element && root.shadowRoot) n += count(root.shadowRoot);
      for (const child of root.childNodes) n += count(child);
      return n;
    };
    return { domNodes: count(document), timers: (window as unknown as { __liveTimers: () => number }).__liveTimers() };
  });
  return { nodes: metric('Nodes'), listeners: metric('JSEventListeners'), ...inPage };
}

test('200 consecutive checks leave no growth in nodes, listeners or timers', async ({ page }) => {
  test.setTimeout(120_000);
  // live timers: setTimeout until fired or cleared, setInterval until cleared
  await page.addInitScript(() => {
    const live = new Set<unknown>();
    const st = window.setTimeout.bind(window);
    const ct = window.clearTimeout.bind(window);
    const si = window.setInterval.bind(window);
    const ci = window.clearInterval.bind(window);
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
      const id = st(() => {
        live.delete(id);
        if (typeof fn === 'function') (fn as (...a: unknown[]) => void)(...args);
      }, ms);
      live.add(id);
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id?: number) => {
      live.delete(id);
      ct(id);
    }) as typeof window.clearTimeout;
    window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
      const id = si(fn, ms, ...args);
      live.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => {
      live.delete(id);
      ci(id);
    }) as typeof window.clearInterval;
    (window as unknown as { __liveTimers: () => number }).__liveTimers = () => live.size;
  });
  await page.route(
    (url) => url.pathname === PAGE,
    (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>memory</title>
<script type="module" src="/src/widget/define.ts"></script></head>
<body><idmobile-check relay-url="/api/idmobile" fields="given_name family_name email"></idmobile-check></body></html>`,
      }),
  );
  let calls = 0;
  await page.route('**/api/idmobile/match', (route) => {
    calls++;
    // every 10th request fails with a retryable error; the retry that follows succeeds
    const fail = calls % 10 === 0;
    return route.fulfill({ status: fail ? 502 : 200, contentType: 'application/json', body: fail ? R502 : SCORES });
  });
  await page.goto(PAGE);
  await expect(page.locator('idmobile-check')).toHaveAttribute('state', 'idle');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  /** Runs `n` checks in the page: fill, submit, wait for the outcome; retry on error; reset every 7th. */
  const checks = (n: number, offset: number) =>
    page.evaluate(
      async ({ n, offset }) => {
        const el = document.querySelector('idmobile-check') as HTMLElement & {
          submit(): void;
          reset(): void;
          updateComplete: Promise<unknown>;
        };
        const root = el.shadowRoot!;
        const settle = () =>
          new Promise<string>((resolve) => {
            const done = () => {
              const s = el.getAttribute('state')!;
              if (s === 'result' || s === 'error') {
                observer.disconnect();
                resolve(s);
              }
            };
            const observer = new MutationObserver(done);
            observer.observe(el, { attributes: true, attributeFilter: ['state'] });
          });
        const fill = async (name: string, value: string) => {
          const input = root.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          await el.updateComplete;
        };
        let errors = 0;
        for (let i = offset; i < offset + n; i++) {
          await fill('phone', i % 2 ? '06 12 34 56 78' : '+33698765432');
          await fill('given_name', `Name${i}`);
          await fill('family_name', 'Martin');
          await fill('email', `n${i}@example.fr`);
          const outcome = settle();
          el.submit();
          if ((await outcome) === 'error') {
            errors++;
            const again = settle();
            root.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
            if ((await again) !== 'result') throw new Error('retry did not reach result');
          }
          if (i % 7 === 0) {
            el.reset();
            await el.updateComplete;
          }
        }
        return errors;
      },
      { n, offset },
    );

  await checks(20, 0); // warm-up: first renders, lazily created styles, the browser's own caches
  const before = await sample(page, cdp);
  const errors = await checks(200, 20);
  const after = await sample(page, cdp);
  test.info().annotations.push({
    type: 'memory',
    description: `before ${JSON.stringify(before)} after ${JSON.stringify(after)}`,
  });

  expect(errors, 'the retry path ran too').toBeGreaterThanOrEqual(15);
  expect(calls).toBeGreaterThanOrEqual(220);
  // small constant slack (one result panel more or less, depending on where the loop stopped), nothing per check
  expect(after.domNodes - before.domNodes, 'DOM nodes incl. shadow roots').toBeLessThanOrEqual(60);
  expect(after.nodes - before.nodes, 'CDP Nodes').toBeLessThanOrEqual(100);
  expect(after.listeners - before.listeners, 'CDP JSEventListeners').toBeLessThanOrEqual(20);
  expect(after.timers, 'no pending timers once idle').toBeLessThanOrEqual(before.timers);
});
