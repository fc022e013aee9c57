/**
 * DQE's `user_infos` parameter: a JSON string in which every key is present (empty when unknown).
 */
import type { DqeErrorId } from '../../protocol/errors.js';
import { USER_INFO_KEYS, type UserInfos } from '../../protocol/dqe-user-infos.js';

/** The largest `user_infos` accepted (a real one is a few hundred bytes). */
export const MAX_USER_INFOS_LENGTH = 8192;

/**
 * Parses `user_infos` as DQE checks it:
 * - absent or blank: 05 (missing or empty parameter);
 * - not JSON, not a JSON object, a value that is not a string, or too long: 06 (bad format);
 * - a key other than `phone` missing: 01 (invalid request: DQE requires every key and documents no dedicated id).
 * `phone` may be missing or empty here: only some operators need it (07, checked once the operator is known).
 * Unknown extra keys are ignored.
 */
export function parseUserInfos(
  raw: string | undefined,
): { ok: true; value: UserInfos } | { ok: false; errorId: DqeErrorId } {
  if (raw === undefined || raw.trim() === '') return { ok: false, errorId: '05' };
  if (raw.length > MAX_USER_INFOS_LENGTH) return { ok: false, errorId: '06' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, errorId: '06' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, errorId: '06' };
  const obj = parsed as Record<string, unknown>;
  const value = {} as UserInfos;
  for (const key of USER_INFO_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) {
      if (key === 'phone') {
        value.phone = '';
        continue;
      }
      return { ok: false, errorId: '01' };
    }
    const v = obj[key];
    if (typeof v !== 'string') return { ok: false, errorId: '06' };
    value[key] = v;
  }
  return { ok: true, value };
}

/** A `user_infos` object with every key empty, to spread over. */
export function emptyUserInfos(): UserInfos {
  return Object.fromEntries(USER_INFO_KEYS.map((k) => [k, ''])) as UserInfos;
}
