/**
 * The consent round trip, as a Lit reactive controller: the `return_url` a check gives the operator; the
 * operator's consent answer, checked against the redirect rules and `operator-origins`, announced by the
 * cancelable `idmobile-consent` and followed (at once in `auto` mode, else on the continue control); and, after
 * the element's first update, the return: what the address says goes to the element, and the return's
 * parameters leave the address bar whatever it said.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { checkWidgetConsentUrl, parseOriginList } from '../protocol/consent-url.js';
import type { Environment } from './environment.js';
import { emit } from './events.js';
import type { Phase } from './phase.js';
import { buildReturnUrl, readReturnParams, stripReturnParams, type ReturnParams } from './return-url.js';

/** What the controller reads of its element. */
interface ConsentHost extends ReactiveControllerHost, HTMLElement {
  /** The `operator-origins` attribute. */
  readonly operatorOrigins: string;
  /** `auto`: the consent page is followed at once. */
  readonly consent: 'button' | 'auto';
}

/** A consent answer, once checked: the notice to show (followed unless the page cancelled), or why it is refused. */
type Offer = Extract<Phase, { state: 'consent' }> | string;

export class ConsentController implements ReactiveController {
  #checkedReturn = false;

  readonly #host: ConsentHost;
  readonly #env: () => Environment;
  readonly #returned: (params: ReturnParams | null) => void;
  readonly #leaving: () => void;

  /**
   * `returned`: after the first update, what the address said of a return from the operator's page (`null`: not
   * a return); `leaving`: the shopper is about to leave for the operator (or the page took over): save the trip.
   */
  constructor(
    host: ConsentHost,
    env: () => Environment,
    returned: (params: ReturnParams | null) => void,
    leaving: () => void,
  ) {
    this.#host = host;
    this.#env = env;
    this.#returned = returned;
    this.#leaving = leaving;
    host.addController(this);
  }

  /** The page's address to come back to (`idmobile_return=1`, the return's own parameters removed). */
  returnUrl(): string {
    return buildReturnUrl(this.#env().href());
  }

  /** Checks a consent answer; a safe one fires `idmobile-consent` and, in `auto` mode and not cancelled, is followed. */
  offer(operator: string, url: string): Offer {
    const log = this.#env().console;
    const origins = parseOriginList(this.#host.operatorOrigins);
    if (origins.invalid.length)
      log.warn(`[idmobile-check] operator-origins: not origins, ignored: ${origins.invalid.join(' ')}`);
    const safe = checkWidgetConsentUrl(url, origins.origins);
    if (!safe.ok) {
      log.error(`[idmobile-check] consent URL refused: ${safe.reason}`);
      return safe.reason;
    }
    const cancelled = !emit(this.#host, 'idmobile-consent', { operator, url: safe.href }, true);
    if (cancelled) this.#leaving();
    else if (this.#host.consent === 'auto') this.go(safe.href);
    return { state: 'consent', operator, url: safe.href, cancelled };
  }

  /** Goes to the operator's consent page. */
  go(url: string): void {
    this.#leaving();
    this.#env().navigate(url);
  }

  hostUpdated(): void {
    if (this.#checkedReturn) return;
    this.#checkedReturn = true;
    // after the first update, not on connect: properties set right after creation are in place, and the
    // outcome the return shows gets an update (and a focus) of its own; and once the page is parsed: an element
    // defined by a `<script>` in the head is upgraded while the body is parsed, before the page's own scripts
    // below it have added their `idmobile-restore` listener (issue 22: the refill was lost)
    void this.#host.updateComplete
      .then(() => parsed(this.#host.ownerDocument))
      .then(() => {
        const env = this.#env();
        const params = readReturnParams(env.href());
        if (params) env.replaceHref(stripReturnParams(env.href()));
        this.#returned(params);
      });
  }
}

/** Resolves once the document is parsed (its parser-inserted, deferred and module scripts have run). */
function parsed(doc: Document): Promise<void> | void {
  if (doc.readyState !== 'loading') return;
  return new Promise((done) => doc.addEventListener('DOMContentLoaded', () => done(), { once: true }));
}
