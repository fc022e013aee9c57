/**
 * (v3) How long the subscriber has left to approve on their phone, as a Lit reactive controller: whole seconds
 * left until a deadline, ticking once a second on the environment's clock (a test injects its own) while the
 * element shows it, and stopped as soon as it does not. Plus the two ways of saying it: `m:ss` on screen, and,
 * for the live region, a coarse amount (minutes, then 30 s, then 10 s) that changes a handful of times, so that
 * a screen reader is told how long is left without being interrupted every second.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from './check-controller.js';

export class CountdownController implements ReactiveController {
  /** Whole seconds left (rounded up), 0 once the deadline has passed. */
  left = 0;
  #until?: number | null;
  #stop?: AbortController;

  readonly #host: ReactiveControllerHost;
  readonly #clock: () => Clock;

  constructor(host: ReactiveControllerHost, clock: () => Clock) {
    this.#host = host;
    this.#clock = clock;
    host.addController(this);
  }

  /** Counts down to `until` (clock milliseconds), or stops with `null`; the same deadline again changes nothing. */
  follow(until: number | null): void {
    if (until === this.#until) return;
    this.#stop?.abort();
    this.#until = until;
    if (until === null) return;
    this.left = secondsLeft(until, this.#clock().now());
    void this.#tick(until, (this.#stop = new AbortController()).signal);
  }

  hostDisconnected(): void {
    this.follow(null);
  }

  async #tick(until: number, signal: AbortSignal): Promise<void> {
    const clock = this.#clock();
    try {
      while (this.left > 0) {
        // to the next whole second left, so that the display turns with the deadline
        await clock.sleep((until - clock.now()) % 1000 || 1000, signal);
        this.left = secondsLeft(until, clock.now());
        this.#host.requestUpdate();
      }
    } catch {
      // stopped: the sleep's only rejection is the abort
    }
  }
}

/** Whole seconds from `now` to `until` (milliseconds), rounded up, never negative. */
export const secondsLeft = (until: number, now: number): number => Math.max(0, Math.ceil((until - now) / 1000));

/** `m:ss`, as a countdown shows it (`125` -> `2:05`). */
export const clockText = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/**
 * The amount the live region says: whole minutes (rounded up) above 30 s, then 30 seconds, then 10: it changes
 * at each minute, at 30 s and at 10 s left, never more often.
 */
export function spokenLeft(seconds: number): { unit: 'minute' | 'second'; n: number } {
  if (seconds > 30) return { unit: 'minute', n: Math.ceil(seconds / 60) };
  return { unit: 'second', n: seconds > 10 ? 30 : 10 };
}
