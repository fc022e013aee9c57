/**
 * The lifecycle of one check against the relay, as a Lit reactive controller: one operation at a time (a new
 * one aborts the one in flight), a stale guard so a late answer never overwrites a newer outcome, the polling
 * of `/result` after consent, and the abort on disconnect. The element decides what an answer means; this
 * controller only says which answer is current.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Answer } from '../protocol/answer.js';
import type { MatchRequest, ResultRequest } from '../protocol/schemas.js';
import { callRelay, relayEndpoint } from './relay-client.js';

export type Operation = { kind: 'match'; request: MatchRequest } | { kind: 'result'; request: ResultRequest };

/** Polling of `/result` after consent: first retry within 1 s, growing to 5 s, `timeout` after 60 s. */
export interface PollSchedule {
  firstDelayMs: number;
  maxDelayMs: number;
  deadlineMs: number;
}

/** Time and waiting, for polling (a test can inject a fake one). */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface CheckOptions {
  relayUrl: string;
  timeoutMs: number;
  poll: PollSchedule;
  /** Default: the real clock. */
  clock?: Clock;
}

/** The relay call of an operation; tests replace it. */
export type Caller = (url: string, body: unknown, options: Parameters<typeof callRelay>[2]) => Promise<Answer>;

export const DEFAULT_POLL: Readonly<PollSchedule> = { firstDelayMs: 500, maxDelayMs: 5000, deadlineMs: 60_000 };

/** Whether a rejection is an abort (ours, or fetch's), as opposed to a bug. */
const isAbortError = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal.addEventListener('abort', abort, { once: true });
  });
}

export const realClock: Readonly<Clock> = { now: () => Date.now(), sleep };

export class CheckController implements ReactiveController {
  #controller: AbortController | null = null;
  #seq = 0;
  #last: Operation | null = null;

  readonly #options: () => CheckOptions;
  readonly #call: Caller;

  constructor(host: ReactiveControllerHost, options: () => CheckOptions, call: Caller = callRelay) {
    this.#options = options;
    this.#call = call;
    host.addController(this);
  }

  /** The operation a retry repeats: the last one started, until {@link forget}. */
  get lastOperation(): Operation | null {
    return this.#last;
  }

  /** Whether an operation is in flight. */
  get busy(): boolean {
    return this.#controller !== null;
  }

  /**
   * Runs `op` (aborting any operation in flight) and resolves with its answer, or with `null` when it was
   * aborted or overtaken by a newer one: its outcome then belongs to whoever aborted it. Anything thrown that
   * is not an abort is a bug and rejects.
   */
  async run(op: Operation): Promise<Answer | null> {
    this.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const seq = ++this.#seq;
    this.#last = op;
    const current = () => seq === this.#seq && !controller.signal.aborted;
    try {
      const answer =
        op.kind === 'match'
          ? await this.#match(op.request, controller.signal)
          : await this.#poll(op.request, controller.signal);
      return current() ? answer : null;
    } catch (e) {
      if (isAbortError(e) && !current()) return null;
      throw e;
    } finally {
      if (seq === this.#seq) this.#controller = null;
    }
  }

  /** Aborts the operation in flight, if any: its answer will never be delivered. */
  abort(): void {
    this.#seq++;
    this.#controller?.abort();
    this.#controller = null;
  }

  /** Aborts, and forgets the last operation: nothing left to retry. */
  forget(): void {
    this.abort();
    this.#last = null;
  }

  hostDisconnected(): void {
    this.abort();
  }

  #match(request: MatchRequest, signal: AbortSignal): Promise<Answer> {
    const { relayUrl, timeoutMs } = this.#options();
    return this.#call(relayEndpoint(relayUrl, 'match'), request, { signal, timeoutMs });
  }

  async #poll(request: ResultRequest, signal: AbortSignal): Promise<Answer> {
    const { relayUrl, timeoutMs, poll, clock = realClock } = this.#options();
    const deadline = clock.now() + poll.deadlineMs;
    let delay = poll.firstDelayMs;
    for (;;) {
      const remaining = deadline - clock.now();
      if (remaining <= 0) break;
      const answer = await this.#call(relayEndpoint(relayUrl, 'result'), request, {
        signal,
        timeoutMs: Math.min(timeoutMs, remaining),
        allowPending: true,
      });
      if (answer.kind !== 'pending') return answer;
      if (clock.now() + delay >= deadline) break;
      await clock.sleep(delay, signal);
      delay = Math.min(delay * 2, poll.maxDelayMs);
    }
    return { kind: 'error', id: 'timeout', errorType: `no result within ${poll.deadlineMs / 1000} s` };
  }
}
