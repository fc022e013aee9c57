/**
 * Focus management, as a Lit reactive controller: the element names what should have the focus while it changes
 * its state, and that element is found and focused once the state is rendered. After a page load (the return
 * from consent) the next outcome is also scrolled into view: the page starts at its top, wherever the widget is.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

export class FocusController implements ReactiveController {
  #target: (() => HTMLElement | null | undefined) | null = null;
  #outcome = false;
  #scrollOutcome = false;

  readonly #host: Host;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  /** After the next render, focuses the first of these parts that is shown; `outcome`: a result or error panel. */
  toPart(names: string[], outcome = false): void {
    this.#target = () =>
      names.map((n) => this.#host.renderRoot.querySelector<HTMLElement>(`[part="${n}"]`)).find((el) => el);
    this.#outcome = outcome;
  }

  /** After the next render, focuses the input `name`, else the first control. */
  toInput(name: string): void {
    this.#target = () => this.input(name);
    this.#outcome = false;
  }

  /** The next outcome focused is first scrolled into view (the page has just loaded). */
  scrollNextOutcome(): void {
    this.#scrollOutcome = true;
  }

  /** The input `name`; else, unless `orFirst` is false, the first control. */
  input(name: string, orFirst = true): HTMLElement | undefined {
    const root = this.#host.renderRoot;
    const input = root.querySelector<HTMLElement>(`[name="${name}"]`);
    return input ?? (orFirst ? root.querySelector<HTMLElement>('input, select, button') : null) ?? undefined;
  }

  hostUpdated(): void {
    const el = this.#target?.();
    this.#target = null;
    if (!el) return;
    if (this.#outcome && this.#scrollOutcome) {
      this.#scrollOutcome = false;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    } else el.focus();
  }
}
