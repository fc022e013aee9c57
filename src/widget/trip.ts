/**
 * (v3) The shopper's trip across the consent redirect, kept in `sessionStorage` (the tab's own, gone when the tab
 * closes) under `idmobile-check:<name>:<pathname>`: what the widget was checking (never the identity document
 * number), the page's `session` and `fields`, whether a form submission started the check (and the index of the
 * button that pressed it among the form's controls, never its text or value), and while the
 * subscriber approves on their phone what resuming the wait needs. Ignored and deleted once older than 30
 * minutes. Storage errors (disabled, full, sandboxed) are warned about, never thrown: navigation goes on.
 */
import type { Identity } from '../protocol/wire-types.js';
import type { Environment } from './environment.js';

export interface Trip {
  v: 1;
  /** Clock milliseconds when saved. */
  saved_at: number;
  /** E.164. */
  phone: string;
  identity: Identity;
  fields: string | null;
  session: string | null;
  /** A submission of the page's form (`submit-with-form`) started the check. */
  submitted: boolean;
  /** Which control pressed that submission: its index in the form's `elements` (none: the form's default). */
  submitter?: number;
  /** While the subscriber approves: the wait to resume after a reload (`until`: clock milliseconds). */
  pending?: { token: string; state: string; operator: string; until: number; interval: number };
}

/** How long a trip is kept. */
export const TRIP_TTL_MS = 30 * 60_000;

/** Runs a storage operation on the trip's key (`idmobile-check:<name>:<pathname>`); a failure is a warning and `null`. */
function stored<T>(
  env: Environment,
  name: string,
  what: string,
  op: (storage: ReturnType<Environment['storage']>, key: string) => T,
): T | null {
  try {
    return op(env.storage(), `idmobile-check:${name}:${new URL(env.href()).pathname}`);
  } catch (e) {
    env.console.warn(`[idmobile-check] could not ${what} the trip in sessionStorage: ${String(e)}`);
    return null;
  }
}

export function saveTrip(env: Environment, name: string, trip: Omit<Trip, 'v' | 'saved_at'>): void {
  const identity = { ...trip.identity };
  delete identity.id_document; // never stored
  const value: Trip = { v: 1, saved_at: env.clock.now(), ...trip, identity };
  stored(env, name, 'save', (s, key) => s.setItem(key, JSON.stringify(value)));
}

export function deleteTrip(env: Environment, name: string): void {
  stored(env, name, 'delete', (s, key) => s.removeItem(key));
}

/** The trip saved for this element and page, unless none, unreadable or older than 30 minutes (then deleted). */
export function loadTrip(env: Environment, name: string): Trip | null {
  const raw = stored(env, name, 'read', (s, key) => s.getItem(key));
  let trip: Partial<Trip> | null = null;
  try {
    trip = raw ? (JSON.parse(raw) as Partial<Trip>) : null;
  } catch {
    /* not ours: dropped below */
  }
  const age = env.clock.now() - Number(trip?.saved_at);
  const p = trip?.pending;
  // a wait resumed from a damaged trip must not poll without end
  const resumable =
    !p ||
    ([p.token, p.state, p.operator].every((x) => typeof x === 'string') &&
      [p.until, p.interval].every(Number.isFinite));
  if (trip?.v === 1 && typeof trip.phone === 'string' && resumable && age >= 0 && age < TRIP_TTL_MS)
    return trip as Trip;
  if (raw) deleteTrip(env, name);
  return null;
}
