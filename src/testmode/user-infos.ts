/**
 * DQE's `user_infos` parameter: a JSON string in which every key is present (empty when unknown).
 */
import type { DqeErrorId } from '../protocol/errors.js';
import { USER_INFO_KEYS, type UserInfoKey, type UserInfos } from '../protocol/dqe-user-infos.js';

export { USER_INFO_KEYS, type UserInfoKey, type UserInfos };

/** The largest `user_infos` accepted (a real one is a few hundred bytes). */
export const MAX_USER_INFOS_LENGTH = 8192;

/**
 * Parses `user_infos` as DQE checks it:
 * - absent or blank: 05 (missing or empty parameter);
 * - not JSON, not a JSON object, a value that is not a string, or too long: 06 (bad format);
 * - a key missing, or `phone` empty: 07 (missing mandatory key in user informations (phone); DQE's label names
 *   `phone`, which must be filled; the contract requires every other key to be present, even empty).
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
    if (!Object.prototype.hasOwnProperty.call(obj, key)) return { ok: false, errorId: '07' };
    const v = obj[key];
    if (typeof v !== 'string') return { ok: false, errorId: '06' };
    value[key] = v;
  }
  if (value.phone.trim() === '') return { ok: false, errorId: '07' };
  return { ok: true, value };
}

/** A `user_infos` object with every key empty, to spread over. */
export function emptyUserInfos(): UserInfos {
  return Object.fromEntries(USER_INFO_KEYS.map((k) => [k, ''])) as UserInfos;
}
