import { expect, waitUntil } from '@open-wc/testing';
import { defineIdmobileCheck, type IdmobileCheck } from '../../src/widget/index.js';
import { CAMILLE, CAMILLE_PHONE, captureConsole, mount, q, qa } from './helpers.js';

/** The text of an input's label, white space collapsed as rendering does. */
function labelOf(el: IdmobileCheck, input: HTMLElement): string {
  const label = q(el, `label[for="${input.id}"]`);
  expect(label, `a label for ${input.getAttribute('name') ?? '?'}`).to.not.equal(null);
  return label!.textContent.replace(/\s+/g, ' ').trim();
}

describe('<idmobile-check> rendering', () => {
  it('is accessible in its idle state', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
  });

  it('renders the contract: form part, inputs with names, labels, autocomplete tokens and a submit button', async () => {
    const el = await mount('relay-url="/relay" lang="en"');
    expect(el.shadowRoot!.mode).to.equal('open');
    expect(q(el, 'form[part="form"]')).to.not.equal(null);
    // name: [autocomplete token, English label (the optional ones marked)]
    const expected: Record<string, [string, string]> = {
      phone: ['tel', 'Mobile number'],
      gender: ['honorific-prefix', 'Title (optional)'],
      given_name: ['given-name', 'First name'],
      family_name: ['family-name', 'Last name'],
      birthdate: ['bday', 'Date of birth (optional)'],
      email: ['email', 'Email address (optional)'],
      'address.street_address': ['street-address', 'Street and number (optional)'],
      'address.postal_code': ['postal-code', 'Postal code (optional)'],
      'address.locality': ['address-level2', 'City (optional)'],
      'address.country': ['country', 'Country (optional)'],
    };
    expect(qa(el, 'input[name], select[name]').map((i) => i.getAttribute('name'))).to.deep.equal(Object.keys(expected));
    for (const [name, [token, text]] of Object.entries(expected)) {
      const input = q<HTMLInputElement>(el, `[name="${name}"]`)!;
      expect(input.getAttribute('autocomplete'), name).to.equal(token);
      expect(labelOf(el, input), `label of ${name}`).to.equal(text);
      expect(input.getAttribute('aria-invalid'), name).to.equal('false');
    }
    expect(q(el, 'button[type="submit"][part="submit"] .stack > :not([hidden])')!.textContent.trim()).to.equal(
      'Verify my identity',
    );
    expect(el.getAttribute('state')).to.equal('idle');
  });

  it('labels its inputs in French', async () => {
    const el = await mount('relay-url="/relay" lang="fr"');
    const expected: Record<string, string> = {
      phone: 'Numéro de mobile',
      gender: 'Civilité (facultatif)',
      given_name: 'Prénom',
      family_name: 'Nom',
      birthdate: 'Date de naissance (facultatif)',
      email: 'Adresse e-mail (facultatif)',
      'address.street_address': 'Numéro et nom de rue (facultatif)',
      'address.postal_code': 'Code postal (facultatif)',
      'address.locality': 'Ville (facultatif)',
      'address.country': 'Pays (facultatif)',
    };
    for (const [name, text] of Object.entries(expected)) {
      expect(labelOf(el, q(el, `[name="${name}"]`)!), name).to.equal(text);
    }
    expect(q(el, 'button[type="submit"][part="submit"] .stack > :not([hidden])')!.textContent.trim()).to.equal(
      'Vérifier mon identité',
    );
  });

  it('offers civility as a select of "", F and M', async () => {
    const el = await mount('relay-url="/r" lang="fr"');
    const select = q<HTMLSelectElement>(el, 'select[name="gender"]')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'F', 'M']);
    expect([...select.options].map((o) => o.textContent.trim()).slice(1)).to.deep.equal(['Madame', 'Monsieur']);
  });

  it('uses mobile keyboards: tel, email and numeric postal code', async () => {
    const el = await mount();
    expect(q(el, '[name="phone"]')!.getAttribute('inputmode')).to.equal('tel');
    expect(q(el, '[name="phone"]')!.getAttribute('type')).to.equal('tel');
    expect(q(el, '[name="email"]')!.getAttribute('inputmode')).to.equal('email');
    expect(q(el, '[name="address.postal_code"]')!.getAttribute('inputmode')).to.equal('numeric');
    expect(q(el, '[name="address.country"]')!.getAttribute('enterkeyhint')).to.equal(null); // a select has none
    expect(q(el, '[name="address.locality"]')!.getAttribute('enterkeyhint')).to.equal('next');
  });

  const fieldTable: Array<[string, string[]]> = [
    ['given_name family_name', ['phone', 'given_name', 'family_name']],
    ['address', ['phone', 'address.street_address', 'address.postal_code', 'address.locality', 'address.country']],
    ['email   birthdate', ['phone', 'birthdate', 'email']],
    ['', ['phone']],
  ];
  for (const [fields, names] of fieldTable) {
    it(`fields="${fields}" shows ${names.join(', ')}`, async () => {
      const el = await mount(`relay-url="/r" fields="${fields}"`);
      expect(qa(el, 'input[name], select[name]').map((i) => i.getAttribute('name'))).to.deep.equal(names);
    });
  }

  it('warns about unknown field names and ignores them', async () => {
    const c = captureConsole('warn');
    try {
      const el = await mount('relay-url="/r" fields="given_name shoe_size"');
      expect(qa(el, 'input[name], select[name]').map((i) => i.getAttribute('name'))).to.deep.equal([
        'phone',
        'given_name',
      ]);
      expect(c.lines.join('\n')).to.contain('shoe_size');
    } finally {
      c.restore();
    }
  });

  it('marks optional fields in the label and required ones with aria-required', async () => {
    const el = await mount('relay-url="/r" lang="en" required="email"');
    expect(q(el, '[name="email"]')!.getAttribute('aria-required')).to.equal('true');
    expect(q(el, '[name="given_name"]')!.getAttribute('aria-required')).to.equal('false');
    expect(q(el, 'label[for="f-given_name"]')!.textContent).to.contain('optional');
    expect(q(el, '[name="phone"]')!.getAttribute('aria-required')).to.equal('true');
  });

  it('prefills from the phone and identity properties (editable="all": every field as an input)', async () => {
    const el = await mount('relay-url="/r" editable="all"', (e) => {
      e.phone = CAMILLE_PHONE;
      e.identity = {
        given_name: CAMILLE.given_name,
        family_name: CAMILLE.family_name,
        gender: 'F',
        address: { country: 'fr', locality: 'Paris' },
      };
    });
    expect(q<HTMLInputElement>(el, '[name="phone"]')!.value).to.equal(CAMILLE_PHONE);
    expect(q<HTMLInputElement>(el, '[name="given_name"]')!.value).to.equal(CAMILLE.given_name);
    expect(q<HTMLSelectElement>(el, '[name="gender"]')!.value).to.equal('F');
    expect(q<HTMLSelectElement>(el, '[name="address.country"]')!.value).to.equal('FR');
    expect(q<HTMLInputElement>(el, '[name="address.locality"]')!.value).to.equal('Paris');
    expect(el.identity.family_name).to.equal(CAMILLE.family_name);
  });

  it('has no inline style attributes in its template (strict CSP)', async () => {
    const el = await mount();
    expect(el.shadowRoot!.innerHTML).to.not.match(/\sstyle="/);
  });

  it('defineIdmobileCheck registers the element and its gauge in the registry it is given, once', () => {
    const defined = new Map<string, CustomElementConstructor>();
    const registry = {
      get: (name: string) => defined.get(name),
      define: (name: string, ctor: CustomElementConstructor) => void defined.set(name, ctor),
    } as unknown as CustomElementRegistry;
    defineIdmobileCheck(registry);
    defineIdmobileCheck(registry); // a second copy of the library: no throw
    expect([...defined.keys()].sort()).to.deep.equal(['idmobile-check', 'idmobile-gauge']);
    expect(defined.get('idmobile-check')).to.equal(customElements.get('idmobile-check'));
  });

  it('no empty status line: the live region takes no room', async () => {
    const el = await mount();
    const status = q(el, '[role="status"]')!;
    expect(status.getBoundingClientRect().height).to.be.at.most(1);
  });

  it('inputs are at least 16px even in a shop with a 14px font (phones would zoom in)', async () => {
    const el = await mount();
    el.style.fontSize = '14px';
    for (const name of ['phone', 'gender', 'given_name', 'address.country']) {
      expect(parseFloat(getComputedStyle(q(el, `[name="${name}"]`)!).fontSize), name).to.be.at.least(16);
    }
  });

  for (const [width, full] of [
    [320, true],
    [600, false],
  ] as const) {
    it(`${width}px wide: buttons ${full ? 'take the full width' : 'keep their size'}`, async () => {
      const el = await mount();
      el.style.width = `${width}px`;
      await new Promise((r) => requestAnimationFrame(r));
      const button = q(el, '[part="submit"]')!.getBoundingClientRect();
      const form = q(el, 'form')!.getBoundingClientRect();
      expect(Math.round(button.width) === Math.round(form.width)).to.equal(full);
    });
  }

  it('focus() moves focus into the phone field', async () => {
    const el = await mount();
    el.focus();
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('phone');
  });
});

describe('<idmobile-check> languages', () => {
  afterEach(() => document.documentElement.setAttribute('lang', 'en'));

  it('uses its own lang attribute first', async () => {
    const el = await mount('relay-url="/r" lang="fr-FR"');
    expect(q(el, 'button[part="submit"]')!.textContent).to.contain('Vérifier mon identité');
  });

  it('else the closest ancestor lang, across shadow roots', async () => {
    const outer = document.createElement('div');
    outer.setAttribute('lang', 'fr');
    const shadow = outer.attachShadow({ mode: 'open' });
    const el = document.createElement('idmobile-check');
    el.setAttribute('relay-url', '/r');
    shadow.append(el);
    document.body.append(outer);
    try {
      await el.updateComplete;
      expect(q(el, 'label[for="f-given_name"]')!.textContent).to.contain('Prénom');
    } finally {
      outer.remove();
    }
  });

  it('else <html lang>; English unless it starts with fr', async () => {
    document.documentElement.setAttribute('lang', 'fr');
    const fr = await mount();
    expect(q(fr, 'label[for="f-phone"]')!.textContent).to.contain('Numéro de mobile');
    document.documentElement.setAttribute('lang', 'de');
    const other = await mount();
    expect(q(other, 'label[for="f-phone"]')!.textContent).to.contain('Mobile number');
  });

  it('follows lang changes live: its own, an ancestor’s across shadow roots, <html lang>', async () => {
    const outer = document.createElement('div');
    const shadow = outer.attachShadow({ mode: 'open' });
    const wrapper = document.createElement('section');
    shadow.append(wrapper);
    const el = document.createElement('idmobile-check');
    el.setAttribute('relay-url', '/r');
    wrapper.append(el);
    document.body.append(outer);
    const text = () => q(el, 'label[for="f-phone"]')?.textContent ?? '';
    /** The phone's label once it says `words` (mutation observers run as microtasks, then the update). */
    const label = async (words: string, why: string) => {
      await waitUntil(() => text().includes(words), `${why}: the label never said ${words} (says ${text()})`);
      return text();
    };
    try {
      document.documentElement.setAttribute('lang', 'en');
      expect(await label('Mobile number', 'en')).to.contain('Mobile number');
      document.documentElement.setAttribute('lang', 'fr-FR');
      expect(await label('Numéro de mobile', '<html lang>'), '<html lang>').to.contain('Numéro de mobile');
      outer.setAttribute('lang', 'en');
      expect(await label('Mobile number', 'ancestor'), 'ancestor in the document').to.contain('Mobile number');
      wrapper.setAttribute('lang', 'fr');
      expect(await label('Numéro de mobile', 'shadow'), 'ancestor inside a shadow root').to.contain('Numéro de mobile');
      el.setAttribute('lang', 'en');
      expect(await label('Mobile number', 'its own'), 'its own').to.contain('Mobile number');
      el.removeAttribute('lang');
      expect(await label('Numéro de mobile', 'back'), 'back to the ancestor').to.contain('Numéro de mobile');
    } finally {
      outer.remove();
    }
    // disconnected: no more observation
    wrapper.setAttribute('lang', 'en');
  });

  it('says why the shop asks and that nothing is stored, with a slot for a privacy link; overridable', async () => {
    const el = await mount('relay-url="/r" lang="fr"', (e) => {
      const link = document.createElement('a');
      link.slot = 'privacy';
      link.href = '#privacy';
      link.textContent = 'Notre politique de confidentialité';
      e.append(link);
    });
    const intro = q(el, '[part="intro"]')!;
    expect(intro.textContent).to.contain('Rien n’est conservé');
    const slot = intro.querySelector<HTMLSlotElement>('slot[name="privacy"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.contain('confidentialité');
    el.messages = { intro: 'Nous vérifions votre numéro.' };
    await el.updateComplete;
    expect(q(el, '[part="intro"]')!.textContent).to.contain('Nous vérifions votre numéro.');
  });

  it('applies messages overrides and ignores unknown keys', async () => {
    const el = await mount('relay-url="/r" lang="en"', (e) => {
      e.messages = { submit: 'Check me', nope: 'x' } as never;
    });
    expect(q(el, 'button[part="submit"]')!.textContent).to.contain('Check me');
  });
});
