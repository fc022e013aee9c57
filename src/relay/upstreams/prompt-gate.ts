/**
 * CIBA prompts per phone number: every CIBA check asks the subscriber to approve on their phone, so anyone who
 * knows a number could flood its owner with approval requests. The gate counts prompts in the relay's store (keyed
 * by keyed digests, never the number): `CAMARA_CIBA_PROMPTS_PER_HOUR` (default 3) per hour per (number, client)
 * and per (number, order reference), so that a stranger's prompts do not use up the owner's, or per number when the
 * caller names no requester; and {@link DEFAULT_CIBA_PROMPTS}`.perDay` per day per number. Past a limit the check
 * answers R429 without prompting. Like every rate, it fails open when the store fails (logged).
 */
import { hitLimit, HOUR_MS } from '../limits.js';
import type { Logger } from '../log.js';
import type { RelayStore } from '../store/types.js';

export interface CibaPromptLimits {
  perHour: number;
  perDay: number;
}

export const DEFAULT_CIBA_PROMPTS: Readonly<CibaPromptLimits> = Object.freeze({ perHour: 3, perDay: 10 });

/** Who asks for a prompt: the client (its limit key) and the order's reference, when the check has a session. */
export interface PromptRequester {
  client: string;
  reference: string | null;
}

/** Whether a CIBA prompt may be sent to `phone` (E.164) now; counts it when it may. */
export type PromptGate = (
  phone: string,
  requester?: PromptRequester,
) => Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;

export interface PromptGateOptions {
  store: RelayStore;
  limits: CibaPromptLimits;
  /** The counter key of a number: a keyed digest (the number never appears in the store). */
  keyOf: (phone: string) => Promise<string>;
  log: Logger;
}

/** The gate: the hour's buckets first, then the day's (a prompt refused by the hour does not use up the day). */
export function createPromptGate(options: PromptGateOptions): PromptGate {
  const { store, limits, keyOf, log } = options;
  const hour = { max: limits.perHour, windowMs: HOUR_MS };
  const day = { max: limits.perDay, windowMs: 24 * HOUR_MS };
  return async (phone, requester) => {
    type Bucket = [window: string, key: string, limit: { max: number; windowMs: number }];
    const buckets: Bucket[] = [];
    if (!requester) buckets.push(['hour', `hour:${await keyOf(phone)}`, hour]);
    else {
      buckets.push(['hour', `hour:client:${await keyOf(`${phone}\u0000client\u0000${requester.client}`)}`, hour]);
      if (requester.reference !== null) {
        buckets.push(['hour', `hour:ref:${await keyOf(`${phone}\u0000ref\u0000${requester.reference}`)}`, hour]);
      }
    }
    buckets.push(['day', `day:${await keyOf(phone)}`, day]);
    for (const [window, key, limit] of buckets) {
      const d = await hitLimit(store, `limit:ciba:${key}`, limit, log);
      if (!d.allowed) {
        log.warn('rate_limited', { limit: `ciba_prompts_per_${window}` });
        return { allowed: false, retryAfterSeconds: d.retryAfterSeconds };
      }
    }
    return { allowed: true };
  };
}
