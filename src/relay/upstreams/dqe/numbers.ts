/**
 * What DQE's form needs to know about a phone number without a phone library on the server: its country (DQE's
 * `country` field, for numbers outside France) and its national spelling (`DQE_NUMBER_FORMAT=national`), from the
 * calling code. The table covers the countries the widget accepts (src/widget/phone.ts); a calling code shared by
 * several territories gives the main one, as libphonenumber does (+590 GP, +262 RE). Pure.
 */

/** Calling code -> [ISO-2 country, national trunk prefix]. */
const PLANS: Readonly<Record<string, readonly [string, string]>> = {
  '33': ['FR', '0'],
  '590': ['GP', '0'],
  '596': ['MQ', '0'],
  '594': ['GF', '0'],
  '262': ['RE', '0'],
  '508': ['PM', '0'],
  '687': ['NC', ''],
  '689': ['PF', ''],
  '681': ['WF', ''],
  '32': ['BE', '0'],
  '41': ['CH', '0'],
  '352': ['LU', ''],
  '377': ['MC', ''],
  '49': ['DE', '0'],
  '34': ['ES', ''],
  '39': ['IT', ''],
  '44': ['GB', '0'],
  '351': ['PT', ''],
  '31': ['NL', '0'],
  '376': ['AD', ''],
};

/** The calling code, country and national significant number of an E.164 number, or `null` when not in the table. */
export function numberPlan(e164: string): { callingCode: string; country: string; trunk: string; rest: string } | null {
  const digits = /^\+(\d{7,15})$/.exec(e164)?.[1];
  if (digits === undefined) return null;
  for (const length of [1, 2, 3]) {
    const code = digits.slice(0, length);
    const plan = PLANS[code];
    if (plan) return { callingCode: code, country: plan[0], trunk: plan[1], rest: digits.slice(length) };
  }
  return null;
}

/** The ISO-2 country of an E.164 number, or `""` when unknown. */
export const phoneCountry = (e164: string): string => numberPlan(e164)?.country ?? '';

/** The national spelling (`0612345678`), or `null` when the country is not in the table. */
export function nationalNumber(e164: string): string | null {
  const plan = numberPlan(e164);
  return plan ? `${plan.trunk}${plan.rest}` : null;
}
