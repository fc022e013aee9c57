/**
 * The shopper's language, followed live: the host's own `lang`, else the closest `lang` among its ancestors
 * (crossing shadow roots), else `<html lang>`. A MutationObserver watches `lang` attributes in the document and
 * in every shadow root between the host and the document; a change that alters the resolved language updates
 * the host.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { resolveLang, type Lang } from './i18n.js';

export class LangController implements ReactiveController {
  /** The resolved language. */
  value: Lang = 'en';
  private observer: MutationObserver | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.value = resolveLang(this.host);
    this.observer = new MutationObserver(() => {
      const lang = resolveLang(this.host);
      if (lang === this.value) return;
      this.value = lang;
      this.host.requestUpdate();
    });
    const options = { attributes: true, attributeFilter: ['lang'], subtree: true };
    // every tree the host's ancestors live in: its own root, the roots of the hosts above it, the document
    for (let root = this.host.getRootNode(); ; root = root.host.getRootNode()) {
      this.observer.observe(root instanceof ShadowRoot ? root : document.documentElement, options);
      if (!(root instanceof ShadowRoot)) break;
    }
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
  }
}
