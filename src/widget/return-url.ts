/**
 * The return from the operator's consent page (widget contract, "Return from consent").
 *
 * - `buildReturnUrl`: the page's URL without its hash, without any `idmobile_return`, `token`, `status`,
 *   `idmobile_state` and (v3) `idmobile_error` parameters, with `idmobile_return=1` added; the other parameters
 *   are kept as written.
 * - `readReturnParams`: on load, what the page URL says (refused, (v3) the relay's error after the
 *   authorization-code callback, a token to fetch with the relay's sealed `idmobile_state`, or nothing usable).
 * - `stripReturnParams`: the page URL for `history.replaceState`, without those five parameters (hash kept).
 *
 * Parameter names are compared after decoding, exactly as `URLSearchParams` reads them (`tok%65n` is `token`),
 * and repeated parameters are handled deterministically: every occurrence is removed, and an ambiguous repeated
 * `token` or `idmobile_state` is not used. Tokens and state are opaque printable ASCII: no narrower alphabet is
 * assumed. The other parameters are kept byte for byte (no re-serialisation by URLSearchParams, which
 * would rewrite `%20` as `+` or `?flag` as `?flag=`). Pure, never throws.
 */
import { normaliseErrorId } from '../protocol/errors.js';
import { LIMITS, isOpaqueToken } from '../protocol/limits.js';
import { urlOf } from '../protocol/url-chars.js';

const RETURN_PARAM = 'idmobile_return';
const STATE_PARAM = 'idmobile_state';
const ERROR_PARAM = 'idmobile_error';
const OWN_PARAMS = new Set([RETURN_PARAM, 'token', 'status', STATE_PARAM, ERROR_PARAM]);

export type ReturnParams =
  | { kind: 'refused' }
  /** (v3) The relay's error after the authorization-code callback (`status=error&idmobile_error=R409`). */
  | { kind: 'error'; id: string }
  | { kind: 'token'; token: string; state?: string }
  | { kind: 'invalid' };

/**
 * The query's `&`-separated pieces as written, without ours. A piece's name is read as the browser decodes it:
 * the URL standard's urlencoded parser gives one `searchParams` entry per non-empty piece, in order.
 */
function withoutOwnParams(url: URL): string[] {
  const names = [...url.searchParams.keys()];
  return url.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .filter((_, i) => !OWN_PARAMS.has(names[i] ?? ''));
}

/**
 * The `return_url` sent with a match request. `pageHref` is normally `location.href`; an unparseable one gives
 * `''` (send no `return_url` then).
 */
export function buildReturnUrl(pageHref: string): string {
  const url = urlOf(pageHref);
  if (!url) return '';
  // The leading `?` is explicit: the setter strips one, and a piece may itself start with `?`.
  url.search = `?${[...withoutOwnParams(url), `${RETURN_PARAM}=1`].join('&')}`;
  url.hash = '';
  return url.href;
}

/**
 * What the page URL says after the consent redirect; `null` when no `idmobile_return=1` is present (a normal
 * page load). `status=error` (in any occurrence) wins over a token: with exactly one `idmobile_error` that is an
 * error id, that error; with none, refused; with a repeated or malformed one, `invalid`. Otherwise exactly one
 * `token` of 1 to 512 printable ASCII characters is fetched, with the relay's `idmobile_state` when there is
 * exactly one (printable ASCII, at most a URL long); anything else (no token, a malformed or repeated token or
 * state) is `invalid`.
 */
export function readReturnParams(pageHref: string): ReturnParams | null {
  const url = urlOf(pageHref);
  if (!url) return null;
  const all = (name: string) => url.searchParams.getAll(name);
  if (!all(RETURN_PARAM).includes('1')) return null;
  if (all('status').includes('error')) {
    const [error, ...more] = all(ERROR_PARAM);
    if (error === undefined) return { kind: 'refused' };
    const id = more.length ? null : normaliseErrorId(error);
    return id === null ? { kind: 'invalid' } : { kind: 'error', id };
  }
  const [token, ...moreTokens] = all('token');
  const [state, ...moreStates] = all(STATE_PARAM);
  if (moreTokens.length || !isOpaqueToken(token)) return { kind: 'invalid' };
  if (state === undefined) return { kind: 'token', token };
  if (moreStates.length || !isOpaqueToken(state, LIMITS.state)) return { kind: 'invalid' };
  return { kind: 'token', token, state };
}

/**
 * `pageHref` without any `idmobile_return`, `token`, `status`, `idmobile_state` and `idmobile_error` parameters (every occurrence), the other
 * parameters and the hash kept: the URL to give `history.replaceState`. An unparseable `pageHref` is returned
 * as is.
 */
export function stripReturnParams(pageHref: string): string {
  const url = urlOf(pageHref);
  if (!url) return pageHref;
  const kept = withoutOwnParams(url);
  url.search = kept.length ? `?${kept.join('&')}` : '';
  return url.href;
}
