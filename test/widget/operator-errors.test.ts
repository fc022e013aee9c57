/**
 * (v3) What real CAMARA operators answer that the shopper can act on (DESIGN "Widget contract → Error ids",
 * "v3 precisions" 1, 2 and 12):
 * - `R428` (403 `ID_DOCUMENT_REQUIRED` upstream; HTTP 428 `{"status":"error","error_id":"R428",…,"field":"id_document"}`):
 *   the identity document number's input appears (required, `autocomplete="off"`), and the next check sends
 *   `identity.id_document`; the document number never leaves in the `identity` property, the summary or the form.
 * - `line_mismatch` (403 `INVALID_TOKEN_CONTEXT` after the authorization-code flow): a phone error and a dead end
 *   whose next steps say to type this phone's number or switch to mobile data.
 * - the relay's `idmobile_error` on the return from the operator's page: shown, and removed from the address bar.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import {
  CAMILLE_TYPED_PHONE,
  captureConsole,
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

const R428: Reply = {
  json: { status: 'error', error_id: 'R428', error_type: 'identity document required', field: 'id_document' },
  status: 428,
};
const LINE_MISMATCH: Reply = {
  json: { status: 'error', error_id: 'line_mismatch', error_type: 'not the line the device is connected with' },
};
const documentInput = (el: IdmobileCheck) => q<HTMLInputElement>(el, '[name="id_document"]');
/** Whether the widget shows `selector` (a boolean: chai printing a shadow-DOM element can hang the page). */
const shows = (el: IdmobileCheck, selector: string) => q(el, selector) !== null;

async function askedForDocument(attrs = 'relay-url="/r" lang="en"', setup?: (el: IdmobileCheck) => void) {
  relay.reply(R428);
  const el = await mount(attrs, setup);
  await fillValid(el);
  await clickSubmit(el);
  await waitState(el, 'error');
  return el;
}

describe('<idmobile-check> R428: the operator needs the identity document number', () => {
  it('is accessible with the document input and the message', async () => {
    const el = await askedForDocument();
    await expect(el).to.be.accessible();
  });

  it('shows a required document input, labelled, autocomplete off, focused; says consent may be asked again', async () => {
    const el = await askedForDocument();
    expect(shownErrorId(el)).to.equal('R428');
    expect(shows(el, '[part="retry"]'), 'an action, not a retry').to.equal(false);
    const input = documentInput(el)!;
    expect(input.getAttribute('autocomplete')).to.equal('off');
    expect(input.getAttribute('aria-required')).to.equal('true');
    expect(q(el, `label[for="${input.id}"]`)!.textContent.trim()).to.equal('Identity document number');
    expect(el.shadowRoot!.activeElement).to.equal(input);
    expect(q(el, '[part="error"]')!.textContent).to.contain('identity document number').and.contain('consent again');
  });

  it('French: "Numéro de pièce d’identité"', async () => {
    const el = await askedForDocument('relay-url="/r" lang="fr"');
    const input = documentInput(el)!;
    expect(q(el, `label[for="${input.id}"]`)!.textContent.trim()).to.equal('Numéro de pièce d’identité');
    expect(q(el, '[part="error"]')!.textContent).to.contain('pièce d’identité').and.contain('redemander votre accord');
  });

  it('the next check sends identity.id_document (trimmed), as typed otherwise', async () => {
    const el = await askedForDocument();
    relay.reply({ json: SEED_SCORES });
    await fill(el, 'id_document', ' AB 123.45-6 ');
    await clickSubmit(el);
    await waitState(el, 'result');
    const identity = relay.calls[1]!.body['identity'] as Record<string, unknown>;
    expect(identity['id_document']).to.equal('AB 123.45-6');
    expect(identity['given_name']).to.equal('Camille');
  });

  it('the first check sends no id_document at all', async () => {
    const el = await askedForDocument();
    expect(el.isConnected).to.equal(true);
    expect(relay.calls[0]!.body['identity']).to.not.have.property('id_document');
  });

  const refused: Array<[string, string, string]> = [
    ['empty', '', 'This field is required.'],
    ['an underscore', 'AB_123', 'Use only letters, digits, spaces, dots and dashes.'],
    ['a letter outside ASCII', 'ÉB123', 'Use only letters, digits, spaces, dots and dashes.'],
    ['41 characters', 'A'.repeat(41), 'At most 40 characters.'],
  ];
  for (const [name, value, message] of refused) {
    it(`refuses ${name} before any request: aria-invalid, message on the field`, async () => {
      const el = await askedForDocument();
      await fill(el, 'id_document', value);
      await clickSubmit(el);
      const input = documentInput(el)!;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(q(el, `#${input.id}-error`)!.textContent.trim()).to.equal(message);
      expect(relay.calls).to.have.length(1);
    });
  }

  it('40 characters are accepted', async () => {
    const el = await askedForDocument();
    relay.reply({ json: SEED_SCORES });
    await fill(el, 'id_document', 'A'.repeat(40));
    await clickSubmit(el);
    await waitState(el, 'result');
    expect((relay.calls[1]!.body['identity'] as Record<string, unknown>)['id_document']).to.equal('A'.repeat(40));
  });

  it('never in the identity property, the summary or the form value; reset() removes the input', async () => {
    const form = document.createElement('form');
    form.innerHTML =
      '<idmobile-check relay-url="/r" lang="en" fields="given_name family_name" editable=""></idmobile-check>';
    const el = form.firstElementChild as IdmobileCheck;
    el.phone = CAMILLE_TYPED_PHONE;
    el.identity = { given_name: 'Camille', family_name: 'Martin', id_document: 'PREFILL-1' };
    document.body.append(form);
    try {
      relay.reply(R428);
      await el.updateComplete;
      await clickSubmit(el);
      await waitState(el, 'error');
      expect(documentInput(el)!.value, 'a page cannot prefill it').to.equal('');
      await fill(el, 'id_document', 'X1234567');
      relay.reply({ json: { ...SEED_SCORES, attestation: 'att' } });
      await clickSubmit(el);
      await waitState(el, 'result');
      expect(el.identity).to.not.have.property('id_document');
      expect(q(el, '[part="summary"]')!.textContent).to.not.contain('X1234567');
      expect([...new FormData(form).entries()]).to.deep.equal([['idmobile', 'att']]);
      el.reset();
      await el.updateComplete;
      expect(documentInput(el)).to.equal(null);
    } finally {
      form.remove();
    }
  });
});

describe('<idmobile-check> line_mismatch: the number is not the line the device is connected with', () => {
  it('is accessible showing it', async () => {
    relay.reply(LINE_MISMATCH);
    const el = await mount('relay-url="/r" lang="en"');
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'error');
    await expect(el).to.be.accessible();
  });

  for (const lang of ['en', 'fr'] as const) {
    it(`${lang}: marks the phone input invalid, no retry, next steps: this phone's number or mobile data`, async () => {
      relay.reply(LINE_MISMATCH);
      const el = await mount(`relay-url="/r" lang="${lang}"`);
      await fillValid(el);
      await clickSubmit(el);
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal('line_mismatch');
      const phone = q<HTMLInputElement>(el, '[name="phone"]')!;
      expect(phone.getAttribute('aria-invalid')).to.equal('true');
      expect(phone.getAttribute('aria-describedby')!.split(' ')).to.include(q(el, '[part="error"]')!.id);
      expect(shows(el, '[part="retry"]')).to.equal(false);
      expect(shows(el, '[part="edit"]') && shows(el, '[part="other-number"]')).to.equal(true);
      const next = q(el, '[part="next"]')!.textContent;
      if (lang === 'en') expect(next).to.contain('this phone’s number').and.contain('mobile data rather than Wi-Fi');
      else expect(next).to.contain('numéro de ce téléphone').and.contain('du Wi-Fi aux données mobiles');
    });
  }

  it('correcting the number clears the mark, and the next check sends it', async () => {
    relay.reply(LINE_MISMATCH, { json: SEED_SCORES });
    const el = await mount('relay-url="/r" lang="en"');
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'error');
    await fill(el, 'phone', '06 98 76 54 32');
    expect(q(el, '[name="phone"]')!.getAttribute('aria-invalid')).to.equal('false');
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(relay.calls[1]!.body['phone']).to.equal('+33698765432');
  });
});

describe('<idmobile-check> the relay’s idmobile_error on the return from the operator', () => {
  const original = window.location.href;
  afterEach(() => history.replaceState(null, '', original));
  const visit = (query: string) => {
    const url = new URL(original);
    url.search = query;
    url.hash = '#pay';
    history.replaceState(null, '', url);
  };

  it('is accessible showing it', async () => {
    visit('?idmobile_return=1&status=error&idmobile_error=R409');
    const el = await mount('relay-url="/r" lang="en"');
    await waitState(el, 'error');
    await expect(el).to.be.accessible();
  });

  const shown: Array<[string, string, string]> = [
    ['R409', 'R409', 'start the verification again'],
    ['line_mismatch', 'line_mismatch', 'not connected through this number’s line'],
    ['R428', 'R428', 'identity document number'],
    ['R502', 'R502', 'temporarily unavailable'],
  ];
  for (const [param, id, words] of shown) {
    it(`idmobile_error=${param}: that error is shown, nothing is called, the parameters leave the address bar`, async () => {
      visit(`?cart=42&idmobile_return=1&status=error&idmobile_error=${param}&idmobile_state=s.t.a.t.e`);
      const el = await mount('relay-url="/r" lang="en"');
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal(id);
      expect(q(el, '[part="error"]')!.textContent).to.contain(words);
      expect(relay.calls).to.have.length(0);
      expect(window.location.search).to.equal('?cart=42');
      expect(window.location.hash).to.equal('#pay');
    });
  }

  it('R400 is an integration error: the generic message, details in the console', async () => {
    visit('?idmobile_return=1&status=error&idmobile_error=R400');
    const c = captureConsole('error');
    try {
      const el = await mount('relay-url="/r" lang="en"');
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal('R400');
      expect(q(el, '[part="error"]')!.textContent).to.contain('unavailable on this site');
      expect(c.lines.join('\n')).to.contain('R400');
    } finally {
      c.restore();
    }
    expect(window.location.search).to.equal('');
  });

  it('status=error without idmobile_error is still consent_refused', async () => {
    visit('?idmobile_return=1&status=error');
    const el = await mount('relay-url="/r"');
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('consent_refused');
  });

  for (const query of ['idmobile_error=%3Cscript%3E', 'idmobile_error=R409&idmobile_error=R400']) {
    it(`a malformed or repeated idmobile_error (${query}) is not guessed at: bad_response, cleaned`, async () => {
      visit(`?idmobile_return=1&status=error&${query}`);
      const el = await mount('relay-url="/r"');
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal('bad_response');
      expect(window.location.search).to.equal('');
    });
  }

  it('the return_url of a new check never carries an idmobile_error', async () => {
    visit('?cart=42&idmobile_error=R409');
    relay.reply({ json: SEED_SCORES });
    const el = await mount('relay-url="/r"');
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(new URL(relay.calls[0]!.body['return_url'] as string).search).to.equal('?cart=42&idmobile_return=1');
  });
});
