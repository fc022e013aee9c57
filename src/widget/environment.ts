/**
 * Everything the element needs from the page, as one typed object: the address (read for `return_url` and on
 * the return from consent, rewritten to clean that return), the navigation to the operator, the clock and the
 * schedule of `/result` polling, the console the developer reads, and the storage of the consent trip. The browser's are the defaults; tests
 * (or an unusual host) inject their own through the element's `environment` property, partly or wholly.
 */
import type { Clock, PollSchedule } from './check-controller.js';
import { DEFAULT_POLL, realClock } from './check-controller.js';

export interface Environment {
  /** The page's address. */
  href(): string;
  /** Rewrites the address bar without navigating (`history.replaceState`). */
  replaceHref(href: string): void;
  /** Leaves for the operator's consent page. */
  navigate(url: string): void;
  /** Time and waiting, for `/result` polling. */
  clock: Clock;
  /** `/result` polling after consent: first retry within 1 s, growing to 5 s, `timeout` after 60 s. */
  poll: PollSchedule;
  /** Messages for the developer (integration errors, ignored attributes). */
  console: Pick<Console, 'warn' | 'error'>;
  /** (v3) Where the trip across the consent redirect is kept: `sessionStorage` (read when used: it may throw). */
  storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/** The browser's own: `location`, `history`, `Date.now`/`setTimeout`, `console` (their methods read when used). */
export const browserEnvironment: Readonly<Environment> = {
  href: () => window.location.href,
  replaceHref: (href) => history.replaceState(history.state, '', href),
  navigate: (url) => window.location.assign(url),
  clock: realClock,
  poll: DEFAULT_POLL,
  console,
  storage: () => sessionStorage,
};
