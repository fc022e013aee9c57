// German, Spanish, Italian and Dutch are not in the bundle: the element renders in English until the language's
// catalogue arrives (src/widget/lang-controller.ts), then in that language; a failed load stays English with a
// warning; the page's `messages` still apply; numbers follow the language shown.
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import '../../src/widget/define.js';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { catalogue, type Lang, type Messages } from '../../src/widget/i18n.js';
import { LangController } from '../../src/widget/lang-controller.js';
import { loadCatalogue as loadBesideScript } from '../../src/widget/i18n-load.iife.js';
import de from '../../src/widget/i18n/de.js';
import italian from '../../src/widget/i18n/it.js';
import { captureConsole } from './helpers.js';

const intro = (el: Element) => el.shadowRoot?.querySelector('[part="intro"]')?.textContent.trim() ?? '';

/** A host of its own, so that the test chooses how a language loads. */
class LangHost extends LitElement {
  loads: Lang[] = [];
  loader: (lang: Lang) => Promise<Messages> = () => Promise.reject(new Error('unset'));
  language = new LangController(
    this,
    () => this.overrides,
    (lang) => (this.loads.push(lang), this.loader(lang)),
  );
  overrides: Record<string, unknown> | null = null;
  override render() {
    return html`<p>${this.language.messages.submit} ${this.language.percent.format(0.5)}</p>`;
  }
}
customElements.define('lang-host', LangHost);

async function host(lang: string, setup: (h: LangHost) => void): Promise<LangHost> {
  const h = new LangHost();
  h.setAttribute('lang', lang);
  setup(h);
  document.body.append(h);
  await h.updateComplete;
  return h;
}
const text = (h: LangHost) => h.shadowRoot?.textContent.trim() ?? '';

describe('languages loaded when used', () => {
  it('a German page gets English at once, then German once its file has loaded (ESM chunk)', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      '<div lang="de-DE"><idmobile-check relay-url="/r" fields="given_name address"></idmobile-check></div>',
    );
    const el = wrapper.querySelector<IdmobileCheck>('idmobile-check')!;
    await el.updateComplete;
    await waitUntil(() => intro(el).startsWith(de.intro), 'German shown after load', { timeout: 5000 });
    // the countries in German, from Intl.DisplayNames
    const options = [...el.shadowRoot!.querySelectorAll('select option')].map((o) => o.textContent.trim());
    expect(options).to.include('Frankreich');
    expect(options).to.include('Niederlande');
  });

  it('renders in English while loading, then in the language, with the page overrides and its number format', async () => {
    let arrive: (m: Messages) => void = () => {};
    const h = await host('it-IT', (x) => {
      x.loader = () => new Promise((resolve) => (arrive = resolve));
      x.overrides = { submit: 'Procedi' };
    });
    expect(text(h)).to.equal(`Procedi ${new Intl.NumberFormat('en', { style: 'percent' }).format(0.5)}`);
    arrive(italian);
    await waitUntil(() => text(h).includes(new Intl.NumberFormat('it', { style: 'percent' }).format(0.5)));
    expect(text(h)).to.match(/^Procedi /);
    expect(h.loads).to.deep.equal(['it']);
    h.remove();
  });

  it('a failed load stays English, says so on the console once, and is not retried', async () => {
    const warnings = captureConsole('warn');
    try {
      const h = await host('nl', (x) => (x.loader = () => Promise.reject(new TypeError('Failed to fetch'))));
      await waitUntil(() => warnings.lines.length > 0);
      expect(warnings.lines[0]).to.contain('"nl"').and.contain('English');
      expect(text(h)).to.match(new RegExp(`^${catalogue('en').submit}`));
      h.requestUpdate();
      await h.updateComplete;
      expect(text(h)).to.match(new RegExp(`^${catalogue('en').submit}`));
      expect(h.loads).to.deep.equal(['nl']);
      h.remove();
    } finally {
      warnings.restore();
    }
  });

  it('follows a live change of language to one that loads', async () => {
    const h = await host('en', (x) => (x.loader = () => Promise.resolve({ ...catalogue('en'), submit: 'Enviar' })));
    expect(text(h)).to.match(new RegExp(`^${catalogue('en').submit}`));
    h.setAttribute('lang', 'es-ES');
    await waitUntil(() => text(h).startsWith('Enviar'));
    h.remove();
  });

  it("the IIFE's loader, evaluated outside a classic script (no document.currentScript), rejects: English stays", async () => {
    let error: unknown = null;
    await loadBesideScript('de').catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
  });
});
