// Runs inside the benchmark page (a classic script after the IIFE): measurement loops with performance.now().
// Exposes window.__bench. Plain ES2022, no imports.
(() => {
  const FIELDS = [
    ['phone', 'tel', 'Numéro de mobile', 'tel'],
    ['gender', 'select', 'Civilité', 'honorific-prefix'],
    ['given_name', 'text', 'Prénom', 'given-name'],
    ['family_name', 'text', 'Nom', 'family-name'],
    ['birthdate', 'date', 'Date de naissance', 'bday'],
    ['email', 'email', 'Adresse e-mail', 'email'],
    ['address.street_address', 'text', 'Numéro et rue', 'street-address'],
    ['address.postal_code', 'text', 'Code postal', 'postal-code'],
    ['address.locality', 'text', 'Ville', 'address-level2'],
    ['address.country', 'country', 'Pays', 'country'],
  ];
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

  /**
   * The same inputs, labels, hint and error slots as the widget's form, as static HTML (no script, no style).
   * The countries and their names come written out (window.__COUNTRY_NAMES, made by the bench in Node from
   * scripts/phone-metadata.mjs's list), as in a page's markup.
   */
  function plainFormHtml() {
    const names = { of: (c) => window.__COUNTRY_NAMES[c] };
    const field = ([name, type, label, ac]) => {
      const id = `f-${name.replace('.', '-')}`;
      let control;
      if (type === 'select') {
        control = `<select id="${id}" name="${name}" autocomplete="${ac}"><option value="">—</option><option value="F">Madame</option><option value="M">Monsieur</option></select>`;
      } else if (type === 'country') {
        const opts = Object.keys(window.__COUNTRY_NAMES)
          .map((c) => `<option value="${c}">${esc(names.of(c) ?? c)}</option>`)
          .join('');
        control = `<select id="${id}" name="${name}" autocomplete="${ac}"><option value="">—</option>${opts}</select>`;
      } else {
        control = `<input id="${id}" name="${name}" type="${type}" autocomplete="${ac}" aria-invalid="false">`;
      }
      const hint =
        name === 'phone' ? `<p id="${id}-hint">Le numéro de votre ligne mobile, par exemple 06 12 34 56 78.</p>` : '';
      return `<div class="field"><label for="${id}">${esc(label)}</label>${control}${hint}<p id="${id}-error"></p></div>`;
    };
    const top = FIELDS.filter(([n]) => !n.startsWith('address.'))
      .map(field)
      .join('');
    const address = FIELDS.filter(([n]) => n.startsWith('address.'))
      .map(field)
      .join('');
    return (
      `<form novalidate>${top}<fieldset><legend>Adresse</legend>${address}</fieldset>` +
      `<button type="submit">Vérifier mon identité</button><p role="status"></p></form>`
    );
  }

  const stage = () => document.getElementById('stage');
  // a painted frame between iterations: each measurement starts from a clean, laid-out page
  const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const frame = () => new Promise((r) => requestAnimationFrame(r));

  /** <idmobile-check> (IIFE already evaluated): create, connect, first render done, laid out. */
  async function widgetOnce() {
    const t0 = performance.now();
    const el = document.createElement('idmobile-check');
    el.setAttribute('relay-url', '/relay');
    stage().append(el);
    await el.updateComplete;
    const form = el.shadowRoot.querySelector('form[part="form"]');
    form.getBoundingClientRect();
    const t1 = performance.now();
    if (!form || el.shadowRoot.querySelectorAll('input, select').length !== 10)
      throw new Error('widget form not rendered');
    el.remove();
    return t1 - t0;
  }

  let markup = null;
  /** The plain form: parse the same markup, connect, laid out. */
  async function plainOnce() {
    markup ??= plainFormHtml();
    const t0 = performance.now();
    const host = document.createElement('div');
    host.innerHTML = markup;
    stage().append(host);
    const form = host.firstElementChild;
    form.getBoundingClientRect();
    const t1 = performance.now();
    if (host.querySelectorAll('input, select').length !== 10) throw new Error('plain form not rendered');
    host.remove();
    return t1 - t0;
  }

  async function firstRender(n) {
    const widget = [];
    const plain = [];
    await settle();
    // first instance of each, kept apart: the widget's first one also prepares Lit's templates
    const widgetFirst = await widgetOnce();
    await settle();
    const plainFirst = await plainOnce();
    for (let i = 0; i < n; i++) {
      await settle();
      // alternate the order so neither side always runs right after a frame or a GC of the other
      if (i % 2 === 0) {
        widget.push(await widgetOnce());
        await settle();
        plain.push(await plainOnce());
      } else {
        plain.push(await plainOnce());
        await settle();
        widget.push(await widgetOnce());
      }
    }
    return { widget, plain, widgetFirst, plainFirst };
  }

  const SEED_SCORES = {
    family_name: 1.0,
    gender: '',
    birthdate: 1.0,
    given_name: 1.0,
    address: { country: 1.0, postal_code: '0.78', street_address: '0.56', locality: '0.44' },
    email: 1.0,
    attestation: 'bench.attestation.sig',
  };

  async function fill(el, name, value) {
    const input = el.shadowRoot.querySelector(`[name="${name}"]`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
  }

  /** One check: the stubbed relay answers at once; from the stub's answer to 9 gauges in the DOM / laid out / painted. */
  async function gaugesOnce() {
    const el = document.createElement('idmobile-check');
    el.setAttribute('relay-url', '/relay');
    stage().append(el);
    await el.updateComplete;
    await fill(el, 'phone', '06 12 34 56 78');
    await fill(el, 'given_name', 'Camille');
    await fill(el, 'family_name', 'Martin');
    await settle();
    let tAnswer = NaN;
    const body = JSON.stringify(SEED_SCORES);
    const original = window.fetch;
    window.fetch = async () => {
      const response = new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      tAnswer = performance.now();
      return response;
    };
    try {
      const result = new Promise((r) => el.addEventListener('idmobile-result', r, { once: true }));
      el.submit();
      await result;
      let gauges = [];
      for (let i = 0; i < 5 && gauges.length < 9; i++) {
        await el.updateComplete;
        gauges = [...el.shadowRoot.querySelectorAll('[part="gauge"]')];
      }
      await Promise.all(gauges.map((g) => g.updateComplete));
      const tDom = performance.now();
      if (gauges.length !== 9) throw new Error(`expected 9 gauges, got ${gauges.length}`);
      el.shadowRoot.querySelector('[part="result"]').getBoundingClientRect();
      const tLayout = performance.now();
      await frame();
      await frame();
      const tPaint = performance.now();
      return { dom: tDom - tAnswer, layout: tLayout - tAnswer, painted: tPaint - tAnswer };
    } finally {
      window.fetch = original;
      el.remove();
    }
  }

  async function answerToGauges(n) {
    const out = { dom: [], layout: [], painted: [] };
    await gaugesOnce(); // warm-up: the first result also defines and prepares <idmobile-gauge>
    for (let i = 0; i < n; i++) {
      const r = await gaugesOnce();
      out.dom.push(r.dom);
      out.layout.push(r.layout);
      out.painted.push(r.painted);
    }
    return out;
  }

  window.__bench = { firstRender, answerToGauges };
})();
