/**
 * The SIM-swap signal, whichever upstream answers it: the reading of one answer (answered, or unknown with the
 * reason for the log), the signal the attestation seals (`{swapped, max_age_hours}` or `null` when unknown), and
 * the one rule of its I/O: asking NEVER fails a check. An operator that refuses the window, does not offer the
 * service, fails or does not answer in time gives an unknown signal, logged; the match answers as it would
 * without the signal.
 */
import type { Logger } from '../log.js';
import type { Signals } from '../trust/sealed.js';
import type { UpstreamAnswer } from '../upstreams/types.js';
import { UpstreamError } from '../upstreams/upstream-error.js';

/** What one SIM-swap answer says. */
export type SimSwapReading = { kind: 'answered'; swapped: boolean } | { kind: 'unknown'; reason: string };

/** The sealed signal: the operator's answer and the window it was asked for, or `null` when it could not say. */
export type SimSwapSignal = NonNullable<Signals['sim_swap']> | null;

/** The signal a reading gives for the window asked. */
export function signalOf(reading: SimSwapReading, maxAgeHours: number): SimSwapSignal {
  return reading.kind === 'answered' ? { swapped: reading.swapped, max_age_hours: maxAgeHours } : null;
}

/**
 * Runs one SIM-swap request and settles it into the signal: never rejects. A reading `unknown`, an upstream
 * failure (`R502`/`R504`, budget spent) or any other exception is `null`, logged as `signal_unknown` with the
 * reason (no personal data).
 */
export async function settleSimSwap(
  ask: () => Promise<SimSwapReading>,
  context: { upstream: 'dqe' | 'camara'; maxAgeHours: number; log: Logger; xCorrelator?: string },
): Promise<SimSwapSignal> {
  const { log, upstream, maxAgeHours } = context;
  const xc = context.xCorrelator ? { x_correlator: context.xCorrelator } : {};
  let reading: SimSwapReading;
  try {
    reading = await ask();
  } catch (e) {
    const reason =
      e instanceof UpstreamError ? `${e.id} ${e.reason}` : 'unexpected failure while asking for the SIM swap';
    reading = { kind: 'unknown', reason };
  }
  if (reading.kind === 'unknown') {
    log.warn('signal_unknown', { signal: 'sim_swap', upstream, reason: reading.reason, ...xc });
    return null;
  }
  log.info('signal', { signal: 'sim_swap', upstream, swapped: reading.swapped, max_age_hours: maxAgeHours, ...xc });
  return signalOf(reading, maxAgeHours);
}

/**
 * The answer with its signals when it is a scores answer (waiting for the signal, which never rejects); any other
 * answer as it is (a consent, an error: the signal, if still running, is left to settle on its own).
 */
export async function withSimSwap(
  answer: UpstreamAnswer,
  simSwap: Promise<SimSwapSignal> | null,
): Promise<UpstreamAnswer> {
  if (simSwap === null || answer.kind !== 'scores') return answer;
  return { ...answer, signals: { ...answer.signals, sim_swap: await simSwap } };
}
