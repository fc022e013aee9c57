/**
 * Structured logging for the relay: one JSON object per line, with redaction.
 *
 * Two layers keep secrets and personal data out of the logs, whatever a caller passes:
 * - by key: any field whose name says it holds a secret or an identity value (`licence`, `token`, `phone`,
 *   `email`, `given_name`, `url`, ...) is replaced by `"[redacted]"`, at any depth;
 * - by value: every string is scrubbed of the registered secrets (licence, client secret, the access tokens
 *   the relay obtained) and of anything shaped like a phone number or an email address.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogEntry = Record<string, unknown>;
export type LogSink = (entry: LogEntry) => void;

export interface Logger {
  debug(event: string, fields?: LogEntry): void;
  info(event: string, fields?: LogEntry): void;
  warn(event: string, fields?: LogEntry): void;
  error(event: string, fields?: LogEntry): void;
  /** Registers a secret value (e.g. a freshly obtained access token) to scrub from every later line. */
  addSecret(value: string): void;
}

export const REDACTED = '[redacted]';

/** Field names (lower case, compared without `_`/`-`) whose values are never logged. */
const SENSITIVE_KEYS = new Set(
  [
    'licence',
    'license',
    'client_secret',
    'secret',
    'password',
    'token',
    'access_token',
    'refresh_token',
    'authorization',
    'cookie',
    'attestation',
    'attestation_secret',
    'phone',
    'number',
    'email',
    'given_name',
    'family_name',
    'firstname',
    'lastname',
    'maiden_name',
    'birthdate',
    'gender',
    'street_address',
    'postal_code',
    'locality',
    'address',
    'identity',
    'user_infos',
    'return_url',
    'redirect_uri',
    'url',
    'body',
    'query',
  ].map((k) => k.replace(/[_-]/g, '')),
);

const PHONE_LIKE = /\+?\d[\d .-]{6,}\d/g;
const EMAIL_LIKE = /[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g;
const MAX_SECRETS = 64;
const MAX_DEPTH = 6;

function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''));
}

export interface LoggerOptions {
  /** Where lines go; default: `console.log` of the JSON line (stdout on Node). */
  sink?: LogSink;
  /** Secret values known at start (licence, client secret, attestation secret). Empty strings are ignored. */
  secrets?: Array<string | undefined>;
  /** Lowest level written; default `info`. */
  level?: LogLevel;
  now?: () => number;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Fields holding an `x-correlator`: scrubbed of secrets, not of phone-like digits. */
const CORRELATOR_KEYS = new Set(['x_correlator', 'answer_x_correlator']);

/** One JSON line on `console.log` (stdout on Node). */
export const defaultSink: LogSink = (entry) => console.log(JSON.stringify(entry));

export function createLogger(options: LoggerOptions = {}): Logger {
  const sink: LogSink = options.sink ?? defaultSink;
  const now = options.now ?? Date.now;
  const min = LEVELS[options.level ?? 'info'];
  const fixed = new Set<string>();
  const dynamic: string[] = [];
  for (const s of options.secrets ?? []) if (s && s.length >= 3) fixed.add(s);

  const withoutSecrets = (s: string): string => {
    let out = s;
    for (const secret of [...fixed, ...dynamic]) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const scrub = (s: string): string => withoutSecrets(s).replace(EMAIL_LIKE, REDACTED).replace(PHONE_LIKE, REDACTED);

  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (value instanceof Error) return { name: value.name, message: scrub(value.message) };
    if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // a correlator (validated against CAMARA's pattern) must reach the log whole, or a check cannot be traced
      // with the operator: a UUID's digits can look like a phone number
      out[k] = isSensitiveKey(k)
        ? REDACTED
        : CORRELATOR_KEYS.has(k) && typeof v === 'string'
          ? withoutSecrets(v)
          : clean(v, depth + 1);
    }
    return out;
  };

  const write = (level: LogLevel, event: string, fields: LogEntry = {}): void => {
    if (LEVELS[level] < min) return;
    const entry = { time: new Date(now()).toISOString(), level, event, ...(clean(fields, 0) as LogEntry) };
    try {
      sink(entry);
    } catch {
      // a broken sink must never break a request
    }
  };

  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
    addSecret(value) {
      if (!value || value.length < 3 || fixed.has(value) || dynamic.includes(value)) return;
      dynamic.push(value);
      if (dynamic.length > MAX_SECRETS) dynamic.shift();
    },
  };
}
