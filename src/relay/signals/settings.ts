/**
 * Which signals beyond the match the relay asks for (`RELAY_SIGNALS`, `RELAY_SIM_SWAP_MAX_AGE_HOURS`), read and
 * checked. Each signal is a paid call to the operator, so none is asked by default. Pure.
 */

/** The signals the relay knows (what `RELAY_SIGNALS` and `/verify`'s `require_signals` may name). */
export const SIGNAL_NAMES = ['sim_swap'] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/**
 * The SIM-swap window's default: seven days, the window French data-protection officers asked CAMARA's SimSwap
 * community for (shorter windows also cut false positives).
 */
export const DEFAULT_SIM_SWAP_MAX_AGE_HOURS = 168;
/** CAMARA SimSwap's `maxAge` range (sim-swap.yaml `CreateCheckSimSwap.maxAge`: minimum 1, maximum 2400). */
export const SIM_SWAP_MAX_AGE_RANGE = { min: 1, max: 2400 } as const;

/** What the upstreams ask besides the match: `simSwap` null when the SIM-swap signal is off. */
export interface SignalSettings {
  simSwap: { maxAgeHours: number } | null;
}

/**
 * Reads `RELAY_SIGNALS` (space- or comma-separated names) and `RELAY_SIM_SWAP_MAX_AGE_HOURS`: the settings, or
 * one problem per bad value, each naming its variable (never a crash).
 */
export function parseSignalSettings(
  signals: string | undefined,
  maxAgeHours: string | undefined,
): { settings: SignalSettings; problems: string[] } {
  const problems: string[] = [];
  const names = (signals ?? '').split(/[\s,]+/).filter((n) => n !== '');
  for (const n of names) {
    if (!(SIGNAL_NAMES as readonly string[]).includes(n)) {
      problems.push(
        `RELAY_SIGNALS: unknown signal ${JSON.stringify(n.slice(0, 40))}; the relay knows ${SIGNAL_NAMES.join(', ')}`,
      );
    }
  }
  let hours = DEFAULT_SIM_SWAP_MAX_AGE_HOURS;
  const raw = (maxAgeHours ?? '').trim();
  if (raw !== '') {
    const { min, max } = SIM_SWAP_MAX_AGE_RANGE;
    if (!/^\d{1,6}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(
        `RELAY_SIM_SWAP_MAX_AGE_HOURS: must be a whole number of hours between ${min} and ${max} (default ${DEFAULT_SIM_SWAP_MAX_AGE_HOURS}: seven days)`,
      );
    } else hours = Number(raw);
  }
  return { settings: { simSwap: names.includes('sim_swap') ? { maxAgeHours: hours } : null }, problems };
}
