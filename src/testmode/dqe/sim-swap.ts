/**
 * The DQE face's `simswap` scope (DQE's help centre, "ID Mobile Simswap"): `/IDMOBILE/` with `scope=simswap`,
 * `licence`, `token`, `number`, `name` and `period` (the window in hours). Pure: the route has already checked
 * the licence and the token. Answers, in this order:
 * - `name` empty, or `period` not a whole number of hours from 1 to 9999: 01 (invalid request);
 * - the number: as the match looks it up (registry.ts `lookupDqeLine`: a magic number's error, 09, 10, 11);
 * - a line whose operator does not answer SIM swap: 17 (its `error_type` naming the operator);
 * - else `{"status":"success","operator":…,"swapped":"true"|"false"}`, `swapped` a STRING as DQE documents it:
 *   `"true"` when the line's SIM was changed within `period` hours (the registry's swapped line: 48 hours ago).
 */
import { lookupDqeLine, type CamaraSubscriber, type Subscriber } from '../registry.js';
import { dqeErrorBody, type Params } from './routes.js';

export const SIM_SWAP_SCOPE = 'simswap';

type Answer = ReturnType<typeof dqeErrorBody> | { status: 'success'; operator: string; swapped: 'true' | 'false' };

export function answerDqeSimSwap(p: Params): Answer {
  if (!p['name']?.trim()) return dqeErrorBody('01');
  const period = p['period'] ?? '';
  if (!/^\d{1,4}$/.test(period) || Number(period) < 1) return dqeErrorBody('01');
  const found = lookupDqeLine(p['number'] ?? '');
  if (found.kind === 'error') return dqeErrorBody(found.errorId);
  const line: Subscriber & Partial<Pick<CamaraSubscriber, 'simSwap'>> = found.subscriber;
  if (line.simSwap === 'not_supported') return dqeErrorBody('17', line.operator);
  const hoursAgo = line.simSwap?.hoursAgo ?? null;
  const swapped = hoursAgo !== null && hoursAgo <= Number(period);
  return { status: 'success', operator: line.operator, swapped: swapped ? 'true' : 'false' };
}
