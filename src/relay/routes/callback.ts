/**
 * `GET {RELAY_PUBLIC_URL}/callback`: the redirect URI registered with a CAMARA operator for the authorization-code
 * flow. The upstream opens its state (a nonce it keeps in the store), exchanges the code, calls KYC Match and
 * keeps the outcome for the widget's `/result`; this route sends the shopper back with 303 to the shop's
 * `return_url` (taken only from the stored state, and checked again against the allowed origins: never an open
 * redirect), or answers a small page: 400 for an unknown or expired state (nothing from the query reflected), 503
 * when the store cannot say. Pages speak the shopper's language (`Accept-Language`: French or English).
 * No CORS, no `Origin` or session requirement (the operator's page sends the browser here); the per-client limit.
 */
import type { Context } from 'hono';
import type { RelayContext } from '../context.js';
import { originOf } from '../origins.js';
import type { CallbackOutcome } from '../upstreams/types.js';

type Lang = 'fr' | 'en';
type PageReason = Extract<CallbackOutcome, { kind: 'page' }>['reason'] | 'return_refused';

const PAGES: Record<Lang, Record<PageReason, { title: string; text: string }>> = {
  en: {
    unknown_state: {
      title: 'This check has expired',
      text: 'Go back to the shop and start the identity check again.',
    },
    store_unavailable: {
      title: 'Temporarily unavailable',
      text: 'The check could not be finished. Go back to the shop and try again in a moment.',
    },
    return_refused: {
      title: 'This check cannot continue',
      text: 'Go back to the shop and start the identity check again.',
    },
  },
  fr: {
    unknown_state: {
      title: 'Cette vérification a expiré',
      text: 'Revenez sur la boutique et recommencez la vérification d’identité.',
    },
    store_unavailable: {
      title: 'Service momentanément indisponible',
      text: 'La vérification n’a pas pu aboutir. Revenez sur la boutique et réessayez dans un instant.',
    },
    return_refused: {
      title: 'Cette vérification ne peut pas continuer',
      text: 'Revenez sur la boutique et recommencez la vérification d’identité.',
    },
  },
};

/** The best of French and English in an `Accept-Language` header (English when neither is asked for). */
export function callbackLang(acceptLanguage: string | undefined): Lang {
  let best: { lang: Lang; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'fr' && primary !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (best === null || q > best.q)) best = { lang: primary, q };
  }
  return best?.lang ?? 'en';
}

function page(c: Context, status: 400 | 503, reason: PageReason): Response {
  const lang = callbackLang(c.req.header('accept-language'));
  const { title, text } = PAGES[lang][reason];
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
  return c.html(html, status);
}

export function callbackRoute(r: RelayContext) {
  return async (c: Context): Promise<Response> => {
    const callback = r.upstream.callback?.bind(r.upstream);
    if (!callback) {
      return r.notFound(c);
    }
    let outcome: CallbackOutcome;
    try {
      outcome = await callback(new URL(c.req.url).searchParams);
    } catch (e) {
      r.log.error('callback_failed', { error: e });
      r.outcome(c, 'callback:failed');
      return page(c, 503, 'store_unavailable');
    }
    if (outcome.kind === 'page') {
      r.outcome(c, `callback:${outcome.reason}`);
      return page(c, outcome.status, outcome.reason);
    }
    const origin = originOf(outcome.location);
    if (origin === null || !r.isAllowed(origin)) {
      r.log.error('callback_return_refused', { return_origin: origin ?? 'opaque' });
      r.outcome(c, 'callback:return_refused');
      return page(c, 400, 'return_refused');
    }
    r.outcome(c, 'callback');
    return c.redirect(outcome.location, 303);
  };
}
