/**
 * Reading a JSON request body for the relay's routes: JSON content type (R415), size cap (R413) and read
 * deadline, UTF-8, JSON, then the route's schema (R400 naming the field). Answers a problem; the route formats
 * it (the browser's error shape or the server API's `error_codes`).
 */
import { TooLarge, TooSlow, readCappedText } from '../protocol/read-capped.js';

export interface BodyProblem {
  id: 'R400' | 'R413' | 'R415';
  detail?: string;
  /** The field at fault (dotted path), for a body that does not fit the schema. */
  field?: string;
  /** The body did not arrive within the deadline. */
  slow?: boolean;
}

interface Issue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** Any zod flavour's `safeParse`. */
export interface BodySchema<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<Issue> } };
}

export function isJsonContentType(header: string | null | undefined): boolean {
  if (!header) return false;
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Reads and validates `request`'s JSON body against `schema`. */
export async function readJsonBody<T>(
  request: Request,
  schema: BodySchema<T>,
  limits: { maxBytes: number; timeoutMs: number },
): Promise<{ data: T } | { problem: BodyProblem }> {
  if (!isJsonContentType(request.headers.get('content-type'))) return { problem: { id: 'R415' } };
  let body: string;
  try {
    body = await readCappedText(request, limits.maxBytes, true, limits.timeoutMs);
  } catch (e) {
    if (e instanceof TooLarge) return { problem: { id: 'R413', detail: `at most ${limits.maxBytes} bytes` } };
    if (e instanceof TooSlow) {
      const detail = `body not received within ${limits.timeoutMs / 1000} s`;
      return { problem: { id: 'R400', detail, slow: true } };
    }
    return { problem: { id: 'R400', detail: 'body could not be read as UTF-8' } };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { problem: { id: 'R400', detail: 'body is not valid JSON' } };
  }
  const r = schema.safeParse(json);
  if (r.success) return { data: r.data };
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const message = issue?.message ?? 'invalid value';
  return { problem: { id: 'R400', detail: field ? `${field}: ${message}` : message, ...(field && { field }) } };
}
