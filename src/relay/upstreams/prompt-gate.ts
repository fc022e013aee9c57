/**
 * CIBA prompts per phone number: every CIBA check asks the subscriber to approve on their phone, so anyone who
 * knows a number could flood its owner with approval requests. The gate counts prompts per number in the relay's
 * store (keyed by a keyed digest of the number, never the number) and answers false past
 * `CAMARA_CIBA_PROMPTS_PER_HOUR` (default 3) per hour or {@link DEFAULT_CIBA_PROMPTS}`.perDay` per day: the check
 * then answers R429 without prompting. Like every rate, it fails open when the store fails (logged).
 */
import { hitLimit, HOUR_MS } from '../limits.js';
import type { Logger } from '../log.js';
import type { RelayStore } from '../store/types.js';

export interface CibaPromptLimits {
  perHour: number;
  perDay: number;
}

export const DEFAULT_CIBA_PROMPTS: Readonly<CibaPromptLimits> = Object.freeze({ perHour: 3, perDay: 10 });

/** Whether a CIBA prompt may be sent to `phone` (E.164) now; counts it when it may. */
export type PromptGate = (phone: string) => Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;

export interface PromptGateOptions {
  store: RelayStore;
  limits: CibaPromptLimits;
  /** The counter key of a number: a keyed digest (the number never appears in the store). */
  keyOf: (phone: string) => Promise<string>;
  log: Logger;
}

/** The gate: per hour first, then per day (a prompt refused by the hour does not use up the day). */
export function createPromptGate(options: PromptGateOptions): PromptGate {
  const { store, limits, keyOf, log } = options;
  return async (phone) => {
    const key = await keyOf(phone);
    for (const [window, limit] of [
      ['hour', { max: limits.perHour, windowMs: HOUR_MS }],
      ['day', { max: limits.perDay, windowMs: 24 * HOUR_MS }],
    ] as const) {
      const d = await hitLimit(store, `limit:ciba:${window}:${key}`, limit, log);
      if (!d.allowed) {
        log.warn('rate_limited', { limit: `ciba_prompts_per_${window}` });
        return { allowed: false, retryAfterSeconds: d.retryAfterSeconds };
      }
    }
    return { allowed: true };
  };
}
