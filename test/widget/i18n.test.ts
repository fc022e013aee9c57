import { expect } from '@open-wc/testing';
import { catalogue, countryOptions, errorMessageKey, format, toLang } from '../../src/widget/i18n.js';
import { DQE_ERROR_IDS, CLIENT_ERROR_IDS, OPERATOR_ERROR_IDS, RELAY_ERROR_IDS } from '../../src/protocol/errors.js';

describe('i18n catalogues', () => {
  it('French and English have the same keys, none empty', () => {
    const fr = catalogue('fr');
    const en = catalogue('en');
    expect(Object.keys(en).sort()).to.deep.equal(Object.keys(fr).sort());
    for (const [lang, m] of [
      ['fr', fr],
      ['en', en],
    ] as const) {
      for (const [k, v] of Object.entries(m)) expect(v.trim(), `${lang} ${k}`).to.not.equal('');
    }
  });

  it('French and English use the same placeholders in every message', () => {
    const fr = catalogue('fr');
    const en = catalogue('en');
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(fr) as Array<keyof typeof fr>) {
      expect(placeholders(en[k] ?? ''), k).to.deep.equal(placeholders(fr[k] ?? ''));
    }
    // the ones the element fills, where they are
    expect(placeholders(fr.tooLong)).to.deep.equal(['max']);
    for (const k of ['consentTitle', 'consentText', 'continue'] as const) {
      expect(placeholders(fr[k]), k).to.deep.equal(['operator']);
    }
  });

  it('offers the same countries in both languages, France first, then sorted by their name', () => {
    for (const lang of ['fr', 'en'] as const) {
      const options = countryOptions(catalogue(lang).countries);
      expect(options, lang).to.have.length(23);
      expect(options[0], lang).to.deep.equal({ code: 'FR', label: 'France' });
      const labels = options.slice(1).map((o) => o.label);
      expect(labels, `${lang} order`).to.deep.equal([...labels].sort((a, b) => a.localeCompare(b, lang)));
    }
    const codes = (lang: 'fr' | 'en') =>
      countryOptions(catalogue(lang).countries)
        .map((o) => o.code)
        .sort();
    expect(codes('fr')).to.deep.equal(codes('en'));
    expect(codes('fr')).to.include.members(['FR', 'BE', 'CH', 'GP', 'RE']);
  });

  it("names the countries in any of the six languages, France first, and keeps an integrator's list", () => {
    expect(countryOptions(catalogue('fr').countries).find((o) => o.code === 'DE')?.label).to.equal('Allemagne');
    expect(countryOptions(catalogue('en').countries).find((o) => o.code === 'GB')?.label).to.equal('United Kingdom');
    const own = catalogue('fr', { countries: 'FR France|BE Belgique' }).countries;
    expect(countryOptions(own)).to.deep.equal([
      { code: 'FR', label: 'France' },
      { code: 'BE', label: 'Belgique' },
    ]);
    expect(catalogue('fr', { countries: 42 }).countries).to.equal(catalogue('fr').countries);
  });

  it('skips malformed country entries', () => {
    expect(countryOptions('FR France|xx bad|BE|DE  Allemagne|IT Italie')).to.deep.equal([
      { code: 'FR', label: 'France' },
      { code: 'DE', label: ' Allemagne' },
      { code: 'IT', label: 'Italie' },
    ]);
  });

  const keys: Array<[string, string]> = [
    ['07', 'err_07'],
    ['16', 'err_16'],
    ['network', 'err_network'],
    ['bad_response', 'err_R502'], // (v3) an unreadable answer (a proxy's 502 page) reads like the relay's own 502
    ['consent_refused', 'err_consent_refused'],
    ['R429', 'err_R429'],
    ['01', 'err_integration'],
    ['R400', 'err_integration'],
    ['R415', 'err_integration'],
    ['config', 'err_integration'],
    ['R401', 'err_integration'],
    ['R409', 'err_R409'],
    ['R428', 'err_R428'],
    ['line_mismatch', 'err_line_mismatch'],
    ['R503', 'err_R502'],
    ['21', 'err_consent_refused'],
    ['99', 'err_99'],
    ['18', 'err_18'],
    ['03', 'err_integration'],
    ['98', 'err_integration'],
    ['42', 'err_generic'],
    ['whatever', 'err_generic'],
    ['__proto__', 'err_generic'],
    ['toString', 'err_generic'],
  ];
  for (const [id, key] of keys) it(`error ${id} -> ${key}`, () => expect(errorMessageKey(id)).to.equal(key));

  it('every known error id has a message of its own kind in both languages', () => {
    for (const id of [...DQE_ERROR_IDS, ...CLIENT_ERROR_IDS, ...OPERATOR_ERROR_IDS, ...RELAY_ERROR_IDS]) {
      const key = errorMessageKey(id);
      expect(key, id).to.not.equal('err_generic');
      for (const lang of ['fr', 'en'] as const) expect(catalogue(lang)[key].trim(), `${lang} ${id}`).to.not.equal('');
    }
  });

  it('French reads as a French checkout writes it', () => {
    const fr = catalogue('fr');
    expect(fr.band_unverified).to.equal('Non vérifiable');
    expect(fr.err_consent_url).to.contain('par mesure de sécurité');
    expect(fr.submitting).to.equal('Vérification en cours…');
    expect(fr.street_address).to.equal('Numéro et nom de rue');
    expect(format(fr.tooLong, { max: '50' })).to.equal('50 caractères maximum.');
    // the consent notice says they come back by themselves and that nothing is lost
    expect(fr.consentText).to.contain('automatiquement').and.contain('panier');
    expect(fr.err_consent_refused).to.contain('conservées').and.contain('autre numéro');
    expect(fr.err_integration).to.equal('La vérification est indisponible sur ce site pour le moment.');
    expect(format(fr.continue, { operator: 'Orange' })).to.equal('Continuer vers Orange');
  });

  it('English reads as an English checkout writes it', () => {
    const en = catalogue('en');
    expect(en.band_unverified).to.equal('Not verifiable');
    expect(en.err_consent_url).to.contain('blocked for your safety');
    expect(en.submitting).to.equal('Verifying…');
    expect(en.street_address).to.equal('Street and number');
    expect(format(en.tooLong, { max: '50' })).to.equal('At most 50 characters.');
    expect(en.consentText).to.contain('automatically').and.contain('basket');
    expect(en.err_consent_refused).to.contain('kept').and.contain('another number');
    expect(en.err_integration).to.equal('Verification is unavailable on this site right now.');
    expect(format(en.continue, { operator: 'Orange' })).to.equal('Continue to Orange');
  });

  it('a retryable error never says "try again" next to the Try again button, in either language', () => {
    for (const lang of ['fr', 'en'] as const) {
      const m = catalogue(lang);
      for (const id of ['12', '16', '30', 'network', 'timeout', 'bad_response', 'R429', 'R502', 'R503', 'R504']) {
        expect(m[errorMessageKey(id)], `${lang} ${id}`).to.not.match(/réessa|try again/i);
      }
    }
  });

  it('every message of both languages differs from the other language where words are involved', () => {
    const fr = catalogue('fr');
    const en = catalogue('en');
    const same = (Object.keys(fr) as Array<keyof typeof fr>).filter((k) => fr[k] === en[k]);
    expect(same).to.deep.equal(['genderNone']);
  });

  it('overrides apply per key; unknown keys and non-strings are ignored', () => {
    const m = catalogue('en', { submit: 'Go', retry: 42, nope: 'x' });
    expect(m.submit).to.equal('Go');
    expect(m.retry).to.equal('Try again');
    expect('nope' in m).to.equal(false);
  });

  it('format fills placeholders as text', () => {
    expect(format('{operator} asks', { operator: '<b>Orange</b>' })).to.equal('<b>Orange</b> asks');
    expect(format('{missing}', {})).to.equal('{missing}');
  });

  const langs: Array<[string | null, string]> = [
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['FR', 'fr'],
    ['en-GB', 'en'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['es', 'es'],
    ['es-419', 'es'],
    ['it-CH', 'it'],
    ['IT', 'it'],
    ['nl-BE', 'nl'],
    ['nl', 'nl'],
    ['en', 'en'],
    ['fr-BE', 'fr'],
    [' de ', 'de'],
    ['pt-PT', 'en'],
    ['deu', 'en'], // an ISO 639-2 code, not one of the six tags
    ['french', 'en'],
    ['', 'en'],
    [null, 'en'],
    ['fr_FR', 'fr'],
  ];
  for (const [v, l] of langs) it(`lang ${JSON.stringify(v)} -> ${l}`, () => expect(toLang(v)).to.equal(l));
});
