/**
 * The test mode's state: access tokens, refresh tokens and consent sessions, each with an expiry read from an
 * injectable clock (milliseconds, like `Date.now`). In memory, bounded, pruned as it goes.
 */
import type { Subscriber } from './registry.js';
import type { UserInfos } from '../protocol/dqe-user-infos.js';

export type Clock = () => number;

/** Random URL-safe token (base64url of 24 random bytes, 32 characters). */
export function randomToken(bytes = 24): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  let bin = '';
  for (const b of buf) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** How long an expired entry is still recognised as expired (rather than unknown) before it is dropped. */
const EXPIRED_GRACE_MS = 3_600_000;

/**
 * Keeps at most `max` entries with an expiry. An expired entry reads as `expired` for an hour, then is dropped
 * (on access and on insertion) and reads as unknown.
 */
export class ExpiringMap<V extends { expiresAt: number }> {
  private readonly entries = new Map<string, V>();
  constructor(
    private readonly now: Clock,
    private readonly max: number,
  ) {}

  set(key: string, value: V): void {
    this.prune();
    while (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }

  /** The live entry, or `expired` when it existed but has expired, or `undefined`. */
  get(key: string): V | 'expired' | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    const t = this.now();
    if (t >= v.expiresAt + EXPIRED_GRACE_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return t >= v.expiresAt ? 'expired' : v;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private prune(): void {
    const t = this.now();
    for (const [k, v] of this.entries) if (t >= v.expiresAt + EXPIRED_GRACE_MS) this.entries.delete(k);
  }
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  /** A string, as DQE's token page types it ("300"). */
  expires_in: string;
  refresh_token: string;
}

export type Decision = 'pending' | 'accepted' | 'refused';

export interface ConsentSession {
  id: string;
  subscriber: Subscriber;
  /** What was sent in `user_infos`, scored once the subscriber accepts. */
  sent: UserInfos;
  /** The partner name sent as `name`, shown on the consent page. */
  partnerName: string;
  redirectUri: string;
  /** The `code_name` sent with `/IDMOBILE/` (`""` when none): echoed by `/GET/`, as DQE's retrieval does. */
  codeName: string;
  decision: Decision;
  /** `/GET/` calls since the decision (the first one after acceptance answers `pending`). */
  pollsAfterDecision: number;
  expiresAt: number;
}

export interface ConsentStoreOptions {
  now?: Clock;
  /** Lifetime of an access token (DQE: a few minutes). */
  tokenTtlSeconds?: number;
  /** Lifetime of a refresh token. */
  refreshTtlSeconds?: number;
  /** Lifetime of a consent session, from its creation. */
  sessionTtlSeconds?: number;
  /** Bound on each kind of entry kept in memory. */
  maxEntries?: number;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 300;
export const DEFAULT_CONSENT_TTL_SECONDS = 900;

export class ConsentStore {
  readonly now: Clock;
  readonly tokenTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  private readonly accessTokens: ExpiringMap<{ expiresAt: number }>;
  private readonly refreshTokens: ExpiringMap<{ expiresAt: number }>;
  private readonly sessions: ExpiringMap<ConsentSession>;

  constructor(options: ConsentStoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.tokenTtlSeconds = positive(options.tokenTtlSeconds, DEFAULT_TOKEN_TTL_SECONDS);
    this.sessionTtlSeconds = positive(options.sessionTtlSeconds, DEFAULT_CONSENT_TTL_SECONDS);
    this.refreshTtlSeconds = positive(options.refreshTtlSeconds, Math.max(3600, this.tokenTtlSeconds * 2));
    const max = options.maxEntries ?? 10_000;
    this.accessTokens = new ExpiringMap(this.now, max);
    this.refreshTokens = new ExpiringMap(this.now, max);
    this.sessions = new ExpiringMap(this.now, max);
  }

  /** Issues an access token and its refresh token. */
  issueToken(): IssuedToken {
    const t = this.now();
    const access_token = randomToken();
    const refresh_token = randomToken();
    this.accessTokens.set(access_token, { expiresAt: t + this.tokenTtlSeconds * 1000 });
    this.refreshTokens.set(refresh_token, { expiresAt: t + this.refreshTtlSeconds * 1000 });
    return { access_token, token_type: 'Bearer', expires_in: String(this.tokenTtlSeconds), refresh_token };
  }

  /** Exchanges a live refresh token (used once) for a new pair; `null` when unknown, used or expired. */
  refresh(refreshToken: string): IssuedToken | null {
    const entry = this.refreshTokens.get(refreshToken);
    if (entry === undefined || entry === 'expired') return null;
    this.refreshTokens.delete(refreshToken);
    return this.issueToken();
  }

  isTokenValid(accessToken: string): boolean {
    const entry = this.accessTokens.get(accessToken);
    return entry !== undefined && entry !== 'expired';
  }

  createSession(
    init: Pick<ConsentSession, 'subscriber' | 'sent' | 'partnerName' | 'redirectUri' | 'codeName'>,
  ): ConsentSession {
    const session: ConsentSession = {
      ...init,
      id: randomToken(),
      decision: 'pending',
      pollsAfterDecision: 0,
      expiresAt: this.now() + this.sessionTtlSeconds * 1000,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session, `expired`, or `undefined` when unknown. */
  getSession(id: string): ConsentSession | 'expired' | undefined {
    return this.sessions.get(id);
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
