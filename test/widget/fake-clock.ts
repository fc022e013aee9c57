/**
 * A clock for the element's `environment`: time moves only when the test says so, and every `sleep` resolves
 * when the time it waits for is reached (or rejects at once when its signal aborts, as the real one does).
 */
import type { Clock } from '../../src/widget/check-controller.js';

interface Timer {
  at: number;
  resolve: () => void;
}

/** Lets the element's promise chains (a stubbed fetch, its body, the next sleep) run to their next wait. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0));
}

export class FakeClock implements Clock {
  #now = 0;
  #timers: Timer[] = [];

  now(): number {
    return this.#now;
  }

  /** Sleeps in progress. */
  get sleeping(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer: Timer = { at: this.#now + ms, resolve };
      this.#timers.push(timer);
      signal.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward by `ms`, waking each sleep at its time and letting what it starts run. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.resolve();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}
