/**
 * The lifecycle of one check against the relay, as a Lit reactive controller: one operation at a time (a new
 * one aborts the one in flight), a stale guard so a late answer never overwrites a newer outcome, the polling
 * of `/result` (after a consent redirect, and (v3) while the subscriber approves on their phone), and the abort
 * on disconnect. The element decides what an answer means; this controller only says which answer is current.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Answer, MatchAnswer } from '../protocol/answer.js';
import type { MatchRequest, ResultRequest } from '../protocol/wire-types.js';
import { callRelay, relayEndpoint } from './relay-client.js';

/** (v3) Decoupled consent (CIBA): the operator asks the line's subscriber to approve on their phone. */
export interface WaitOperation {
  kind: 'wait';
  /** `{token, state, session}` of the `pending` answer. */
  request: ResultRequest;
  operator: string;
  /** When the subscriber's time is up (clock milliseconds): `timeout` then. */
  until: number;
  /** Least milliseconds between two polls (the answer's `interval`). */
  intervalMs: number;
  /** The check that started it (a retry once the time is up asks again). */
  match: MatchRequest;
}

/**
 * `match`: `/match`; `result`: `/result` polled after a consent redirect (the first call at once, `timeout`
 * after the schedule's deadline); `wait`: `/result` polled while the subscriber approves (the first poll after
 * the schedule's first delay, `timeout` at `until`).
 */
export type Operation =
  { kind: 'match'; request: MatchRequest } | { kind: 'result'; request: ResultRequest } | WaitOperation;

/**
 * Polling of `/result`: first retry within 1 s, the delay doubling up to 5 s between polls, `timeout` after 60 s
 * (after a consent redirect; while waiting, the answer's `expires_in`). An answer's `retry_after` and a
 * decoupled consent's `interval` lengthen a delay, never shorten it.
 */
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
export type Caller = (
  url: string,
  body: unknown,
  options: Parameters<typeof callRelay>[2],
) => Promise<Answer | MatchAnswer>;

export const DEFAULT_POLL: Readonly<PollSchedule> = { firstDelayMs: 500, maxDelayMs: 5000, deadlineMs: 60_000 };

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
  /** The operation a retry repeats: the last one started, until {@link forget} (written by this controller only). */
  lastOperation: Operation | null = null;

  readonly #options: () => CheckOptions;
  readonly #call: Caller;

  constructor(host: ReactiveControllerHost, options: () => CheckOptions, call: Caller = callRelay) {
    this.#options = options;
    this.#call = call;
    host.addController(this);
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
  async run(op: Operation): Promise<MatchAnswer | Answer | null> {
    this.abort();
    const { signal } = (this.#controller = new AbortController());
    const seq = ++this.#seq;
    this.lastOperation = op;
    const current = () => seq === this.#seq && !signal.aborted;
    try {
      const { relayUrl, timeoutMs } = this.#options();
      const answer = await (op.kind === 'match'
        ? this.#call(relayEndpoint(relayUrl, 'match'), op.request, { signal, timeoutMs, match: true })
        : this.#poll(op, signal));
      return current() ? answer : null;
    } catch (e) {
      // an abort (ours, or fetch's) of an operation no longer current; anything else is a bug
      if (e instanceof DOMException && e.name === 'AbortError' && !current()) return null;
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
    this.lastOperation = null;
  }

  hostDisconnected(): void {
    this.abort();
  }

  /**
   * Polls `/result` until an answer other than `pending`, or `timeout` at the deadline (clock milliseconds: the
   * schedule's after a consent redirect, `until` while waiting; the last wait ends there, no poll is sent that
   * could not be answered in time). While waiting the first poll comes after the first delay rather than at
   * once. Between polls: the schedule's delay, raised to the wait's `intervalMs` and to the answer's `retry_after`.
   */
  async #poll(op: Exclude<Operation, { kind: 'match' }>, signal: AbortSignal): Promise<Answer | MatchAnswer> {
    const { relayUrl, timeoutMs, poll, clock = realClock } = this.#options();
    const start = clock.now();
    const waiting = op.kind === 'wait';
    const deadline = waiting ? op.until : start + poll.deadlineMs;
    let delay = poll.firstDelayMs;
    let wait = 0;
    if (waiting) [wait, delay] = [delay, Math.min(delay * 2, poll.maxDelayMs)];
    for (;;) {
      const remaining = deadline - clock.now();
      if (wait >= remaining) {
        if (remaining > 0) await clock.sleep(remaining, signal);
        break;
      }
      if (wait > 0) await clock.sleep(wait, signal);
      const answer = await this.#call(relayEndpoint(relayUrl, 'result'), op.request, {
        signal,
        timeoutMs: Math.max(1, Math.min(timeoutMs, deadline - clock.now())),
        allowPending: true,
      });
      if (answer.kind !== 'pending') return answer;
      wait = Math.max(delay, waiting ? op.intervalMs : 0, (answer.retryAfter ?? 0) * 1000);
      delay = Math.min(delay * 2, poll.maxDelayMs);
    }
    const s = Math.round((deadline - start) / 1000);
    return { kind: 'error', id: 'timeout', errorType: `no result within ${s} s` };
  }
}
