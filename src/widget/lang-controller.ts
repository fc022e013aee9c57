/**
 * The shopper's language, followed live: the host's own `lang`, else the closest `lang` among its ancestors
 * (crossing shadow roots), else `<html lang>`. A MutationObserver watches `lang` attributes in the document and
 * in every shadow root between the host and the document; a change that alters the resolved language updates
 * the host. Before each render it gives the strings (with the page's overrides) and the number formats.
 * German, Spanish, Italian and Dutch are loaded when first asked for (./i18n-load.ts): the host renders in
 * English until the catalogue arrives, then again in its language; a failed load stays English, with a warning.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { addCatalogue, catalogue, hasCatalogue, resolveLang, type Lang, type Messages } from './i18n.js';
import { loadCatalogue } from './i18n-load.js';

/** One load per language and page, shared by every element (a failed one is not retried). */
const loads = new Map<Lang, Promise<void>>();

export class LangController implements ReactiveController {
  /** The shopper's strings: the language's catalogue with the page's overrides. */
  messages: Messages = catalogue('en');
  /** Percentages in the shopper's language (`89 %` in French, `89%` in English); set before the first render. */
  percent!: Intl.NumberFormat;
  /** The language asked for (resolveLang), and the one shown (English while the former is loading). */
  #wanted: Lang | null = null;
  #lang: Lang | null = null;
  #observer: MutationObserver | null = null;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #overrides: () => Partial<Record<string, unknown>> | null;
  readonly #load: (lang: Lang) => Promise<Messages>;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    overrides: () => Partial<Record<string, unknown>> | null,
    load: (lang: Lang) => Promise<Messages> = loadCatalogue,
  ) {
    this.#host = host;
    this.#overrides = overrides;
    this.#load = load;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => {
      if (resolveLang(this.#host) !== this.#wanted) this.#host.requestUpdate();
    });
    const options = { attributes: true, attributeFilter: ['lang'], subtree: true };
    // every tree the host's ancestors live in: its own root, the roots of the hosts above it, the document
    for (let root = this.#host.getRootNode(); ; root = root.host.getRootNode()) {
      this.#observer.observe(root instanceof ShadowRoot ? root : document.documentElement, options);
      if (!(root instanceof ShadowRoot)) break;
    }
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /**
   * `n` minutes or seconds in words, in the shopper's language (`2 minutes`, `30 secondes`; in French with a
   * no-break space, whatever the engine's data says).
   */
  spoken({ unit, n }: { unit: 'minute' | 'second'; n: number }): string {
    const lang = this.#lang ?? 'en';
    const text = n.toLocaleString(lang, { style: 'unit', unit, unitDisplay: 'long' });
    return lang === 'fr' ? text.replace(/[ \u202f]/g, '\u00a0') : text;
  }

  hostUpdate(): void {
    const wanted = (this.#wanted = resolveLang(this.#host));
    if (!hasCatalogue(wanted)) {
      const load =
        loads.get(wanted) ??
        this.#load(wanted)
          .then((messages: unknown) => {
            if (!messages || typeof messages !== 'object') throw new TypeError('not a catalogue');
            addCatalogue(wanted, messages as Messages);
          })
          .catch((e: unknown) => console.warn(`[idmobile-check] no "${wanted}" strings, English shown:`, e));
      loads.set(wanted, load);
      void load.then(() => this.#wanted === wanted && hasCatalogue(wanted) && this.#host.requestUpdate());
    }
    const lang = hasCatalogue(wanted) ? wanted : 'en';
    if (lang !== this.#lang) {
      this.#lang = lang;
      this.percent = new Intl.NumberFormat(lang, { style: 'percent' });
    }
    this.messages = catalogue(lang, this.#overrides());
  }
}
