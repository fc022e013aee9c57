/**
 * The `error_type` the relay writes in the browser's answer: its OWN text for the `error_id`, never the
 * upstream's free text (which may embed tokens, licences or operator details; that text goes to the log,
 * redacted). Pure.
 */
import { DQE_ERROR_TYPES, RELAY_ERROR_TYPES, type DqeErrorId, type RelayErrorId } from '../protocol/errors.js';

const OWN: Readonly<Record<string, string>> = {
  timeout: 'the operator did not answer in time',
  line_mismatch: 'the number is not the line the device is connected with',
};

/** The relay's text for an error id (DQE's labels without the operator's name; the relay's own; else generic). */
export function errorTypeFor(id: string): string {
  if (Object.prototype.hasOwnProperty.call(DQE_ERROR_TYPES, id)) {
    return DQE_ERROR_TYPES[id as DqeErrorId].replace(' {op}', '');
  }
  if (Object.prototype.hasOwnProperty.call(RELAY_ERROR_TYPES, id)) return RELAY_ERROR_TYPES[id as RelayErrorId];
  return OWN[id] ?? 'the operator refused the check';
}
