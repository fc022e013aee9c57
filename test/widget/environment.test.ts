/**
 * The element's I/O goes through its injected environment (src/widget/environment.ts): the page's address and
 * its rewriting, the navigation, the clock and schedule of `/result` polling, the developer's console. Nothing
 * here touches the test page's own address bar or waits for real time.
 */
import { expect } from '@open-wc/testing';
import type { Environment } from '../../src/widget/environment.js';
import { fillValid, mount, waitState, shownErrorId } from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

const SHOP = 'https://shop.example/checkout?cart=42';

/** An environment whose address is `href`; records what the element rewrites it to. */
function address(href: string) {
  const replaced: string[] = [];
  const env: Partial<Environment> = { href: () => href, replaceHref: (h) => void replaced.push(h) };
  return { env, replaced };
}

describe('<idmobile-check> environment', () => {
  it('is accessible with an injected environment', async () => {
    const el = await mount('relay-url="/r"', (e) => (e.environment = address(SHOP).env));
    await expect(el).to.be.accessible();
  });

  it('the return_url of /match is built from the injected address', async () => {
    relay.reply({ json: SEED_SCORES });
    const el = await mount('relay-url="/r"', (e) => (e.environment = address(`${SHOP}&token=old#pay`).env));
    await fillValid(el);
    el.submit();
    await waitState(el, 'result');
    expect(relay.calls[0]!.body['return_url']).to.equal(`${SHOP}&idmobile_return=1`);
  });

  it('the return from consent reads and cleans the injected address, never the page’s', async () => {
    const page = window.location.href;
    relay.reply({ json: SEED_SCORES });
    const { env, replaced } = address(`${SHOP}&idmobile_return=1&token=t1&status=success#pay`);
    const el = await mount('relay-url="/r"', (e) => (e.environment = env));
    await waitState(el, 'result');
    expect(relay.calls.map((c) => c.body)).to.deep.equal([{ token: 't1' }]);
    expect(replaced).to.deep.equal([`${SHOP}#pay`]);
    expect(window.location.href).to.equal(page);
  });

  it('polls /result on the injected clock: growing delays, capped, then timeout at the deadline', async () => {
    for (let i = 0; i < 50; i++) relay.reply({ json: { status: 'pending' } });
    let now = 0;
    const delays: number[] = [];
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        delays.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const { env } = address(`${SHOP}&idmobile_return=1&token=t2&status=success`);
    const el = await mount('relay-url="/r"', (e) => {
      e.environment = { ...env, clock, poll: { firstDelayMs: 500, maxDelayMs: 5000, deadlineMs: 60_000 } };
    });
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('timeout');
    expect(delays.slice(0, 5)).to.deep.equal([500, 1000, 2000, 4000, 5000]);
    expect(Math.max(...delays)).to.equal(5000);
    // the timeout comes at the deadline, not before: the last wait runs to it, and no poll follows it
    expect(now).to.equal(60_000);
    expect(relay.calls).to.have.length(delays.length);
  });

  it('developer messages go to the injected console', async () => {
    const warnings: string[] = [];
    const console = { warn: (...args: unknown[]) => void warnings.push(args.join(' ')), error: () => undefined };
    await mount('relay-url="/r" fields="given_name nickname"', (e) => (e.environment = { console }));
    expect(warnings).to.deep.equal(['[idmobile-check] fields: unknown field(s) ignored: nickname']);
  });
});
