import { expect, waitUntil } from '@open-wc/testing';
import {
  CAMILLE,
  CAMILLE_TYPED_PHONE,
  clickSubmit,
  fill,
  fillValid,
  mount,
  q,
  shownErrorId,
  waitState,
} from './helpers.js';
import { SEED_SCORES, StubRelay, type Reply } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

describe('<idmobile-check> validation and submission', () => {
  it('is accessible with validation messages shown', async () => {
    const el = await mount();
    await clickSubmit(el);
    await expect(el).to.be.accessible();
  });

  const refused: Array<[string, string]> = [
    ['not a number', 'abc'],
    ['too short', '06 12'],
    ['a French landline', '01 23 45 67 89'],
    ['a French landline in E.164', '+33 1 23 45 67 89'],
    ['empty', ''],
  ];
  for (const [name, phone] of refused) {
    it(`refuses a phone that is ${name} before any request`, async () => {
      const el = await mount('relay-url="/r" lang="en"');
      await fillValid(el);
      await fill(el, 'phone', phone);
      await clickSubmit(el);
      const input = q<HTMLInputElement>(el, '[name="phone"]')!;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      const message = q(
        el,
        `#${input
          .getAttribute('aria-describedby')!
          .split(' ')
          .find((i) => i.endsWith('-error'))}`,
      )!;
      expect(message.textContent.trim()).to.not.equal('');
      expect(el.shadowRoot!.activeElement).to.equal(input);
      expect(relay.calls).to.have.length(0);
      expect(el.getAttribute('state')).to.equal('idle');
    });
  }

  it('says early, on leaving the field, that a landline is not a mobile', async () => {
    const el = await mount('relay-url="/r" lang="en"');
    await fill(el, 'phone', '01 23 45 67 89');
    q(el, '[name="phone"]')!.dispatchEvent(new FocusEvent('blur'));
    await el.updateComplete;
    expect(q(el, '#f-phone-error')!.textContent).to.contain('not a mobile');
    await fill(el, 'phone', CAMILLE_TYPED_PHONE);
    expect(q(el, '[name="phone"]')!.getAttribute('aria-invalid')).to.equal('false');
  });

  const typed: Array<[string, string]> = [
    ['06 12 34 56 78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033 6 98 76 54 32', '+33698765432'],
    ['33756123456', '+33756123456'],
  ];
  for (const [input, e164] of typed) {
    it(`sends "${input}" as ${e164}`, async () => {
      relay.reply({ json: SEED_SCORES });
      const el = await mount();
      await fillValid(el);
      await fill(el, 'phone', input);
      await clickSubmit(el);
      await waitState(el, 'result');
      expect(relay.calls[0]!.body.phone).to.equal(e164);
    });
  }

  it('requires the required fields, focuses the first invalid one and ties the message to it', async () => {
    const el = await mount('relay-url="/r" required="family_name email" lang="en"');
    await fill(el, 'phone', '0612345678');
    await fill(el, 'email', 'not-an-email');
    await clickSubmit(el);
    const family = q<HTMLInputElement>(el, '[name="family_name"]')!;
    expect(family.getAttribute('aria-invalid')).to.equal('true');
    expect(family.getAttribute('aria-describedby')).to.contain('f-family_name-error');
    expect(q(el, '#f-family_name-error')!.textContent).to.equal('This field is required.');
    expect(q(el, '[name="email"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, '[name="given_name"]')!.getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.activeElement).to.equal(family);
    expect(relay.calls).to.have.length(0);
  });

  it('required="address" means its four parts', async () => {
    const el = await mount('relay-url="/r" required="address"');
    await fill(el, 'phone', '0612345678');
    await fill(el, 'address.locality', 'Paris');
    await clickSubmit(el);
    for (const part of ['street_address', 'postal_code', 'country']) {
      expect(q(el, `[name="address.${part}"]`)!.getAttribute('aria-invalid'), part).to.equal('true');
    }
    expect(q(el, '[name="address.locality"]')!.getAttribute('aria-invalid')).to.equal('false');
  });

  it('refuses an impossible birth date', async () => {
    const el = await mount('relay-url="/r" required="birthdate"');
    await fill(el, 'phone', '0612345678');
    const input = q<HTMLInputElement>(el, '[name="birthdate"]')!;
    input.type = 'text'; // what a browser without a date picker lets through
    await fill(el, 'birthdate', '1990-02-30');
    await clickSubmit(el);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
  });

  it('is busy while in flight: aria-busy, aria-disabled button keeping the focus, state submitting, status text', async () => {
    let release!: (r: Reply) => void;
    relay.reply({ deferred: new Promise<Reply>((r) => (release = r)) });
    const el = await mount();
    await fillValid(el);
    const button = q<HTMLButtonElement>(el, '[part="submit"]')!;
    button.focus();
    await clickSubmit(el);
    expect(el.getAttribute('state')).to.equal('submitting');
    expect(q(el, 'form')!.getAttribute('aria-busy')).to.equal('true');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.disabled, 'never disabled: focus would fall to <body>').to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(q(el, 'form [role="status"]'), 'the live region is not inside the busy form').to.equal(null);
    expect(q(el, '[role="status"]')!.textContent.trim()).to.not.equal('');
    release({ json: SEED_SCORES });
    await waitState(el, 'result');
    expect(q(el, 'form')!.getAttribute('aria-busy')).to.equal('false');
    expect(button.getAttribute('aria-disabled')).to.equal('false');
  });

  it('keeps the submit button the same size while busy (no layout jump)', async () => {
    let release!: (r: Reply) => void;
    relay.reply({ deferred: new Promise<Reply>((r) => (release = r)) });
    const el = await mount('relay-url="/r" lang="fr"');
    await fillValid(el);
    const button = q(el, '[part="submit"]')!;
    const before = button.getBoundingClientRect();
    await clickSubmit(el);
    const during = button.getBoundingClientRect();
    expect([during.width, during.height]).to.deep.equal([before.width, before.height]);
    release({ json: SEED_SCORES });
    await waitState(el, 'result');
  });

  it('never sends a second request: click, Enter and submit() while in flight', async () => {
    let release!: (r: Reply) => void;
    relay.reply({ deferred: new Promise<Reply>((r) => (release = r)) });
    const el = await mount();
    await fillValid(el);
    await clickSubmit(el);
    await clickSubmit(el);
    el.submit();
    q<HTMLFormElement>(el, 'form')!.requestSubmit();
    await el.updateComplete;
    expect(relay.calls).to.have.length(1);
    release({ json: SEED_SCORES });
    await waitState(el, 'result');
    expect(relay.calls).to.have.length(1);
  });

  it('Enter in a field submits', async () => {
    relay.reply({ json: SEED_SCORES });
    const el = await mount();
    await fillValid(el);
    q<HTMLFormElement>(el, 'form')!.requestSubmit();
    await waitState(el, 'result');
    expect(relay.calls).to.have.length(1);
  });

  it('a cancelled idmobile-submit sends nothing', async () => {
    const el = await mount();
    el.addEventListener('idmobile-submit', (e) => e.preventDefault());
    await fillValid(el);
    await clickSubmit(el);
    expect(relay.calls).to.have.length(0);
    expect(el.getAttribute('state')).to.equal('idle');
  });

  it('events bubble and cross the shadow boundary', async () => {
    relay.reply({ json: SEED_SCORES });
    const el = await mount();
    const seen: string[] = [];
    for (const t of ['idmobile-submit', 'idmobile-result'])
      document.addEventListener(t, (e) => seen.push(`${e.type}:${(e as CustomEvent).composed}`), { once: true });
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(seen).to.deep.equal(['idmobile-submit:true', 'idmobile-result:true']);
  });

  it('reset() aborts the request in flight, ignores its late answer and restores the prefill', async () => {
    let release!: (r: Reply) => void;
    relay.reply({ deferred: new Promise<Reply>((r) => (release = r)) });
    const el = await mount('relay-url="/r" editable="all"', (e) => (e.identity = { given_name: CAMILLE.given_name }));
    await fillValid(el);
    await fill(el, 'given_name', 'Someone else');
    const results: unknown[] = [];
    el.addEventListener('idmobile-result', (e) => results.push(e));
    await clickSubmit(el);
    el.reset();
    await el.updateComplete;
    expect(relay.calls[0]!.signal!.aborted).to.equal(true);
    release({ json: SEED_SCORES });
    await waitUntil(() => relay.settled === 1, 'the late answer never arrived');
    await el.updateComplete;
    expect(results).to.have.length(0);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(q<HTMLInputElement>(el, '[name="given_name"]')!.value).to.equal(CAMILLE.given_name);
    expect(el.result).to.equal(null);
  });

  it('a new submit after a result sends again and replaces the gauges', async () => {
    relay.reply({ json: { given_name: 1, family_name: 1 } }, { json: { given_name: 0.1, family_name: 1 } });
    const el = await mount();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    await clickSubmit(el);
    await waitUntil(() => q(el, '[part="gauge"][data-field="given_name"]')?.dataset['band'] === 'mismatch');
    expect(relay.calls).to.have.length(2);
  });

  it('a new check that ends in an error leaves no old outcome behind: result, gauges, form value', async () => {
    relay.reply(
      { json: { ...SEED_SCORES, attestation: 'att' } },
      { json: { status: 'error', error_id: '16', error_type: 'operator [Orange] unreachable' } },
    );
    const el = await mount();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(el.result?.attestation).to.equal('att');
    await clickSubmit(el);
    expect(el.result, 'while the new check runs').to.equal(null);
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('16');
    expect(el.result).to.equal(null);
    expect(q(el, '[part="gauge"]')).to.equal(null);
    expect(el.checkValidity()).to.equal(false);
  });
});
