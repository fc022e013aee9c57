/**
 * Vite plugin: the relay and the test mode (simulator) mounted in-process on Vite's own server, so
 * `npm start` is one command, one port, no credentials and no network.
 *
 *   /api/idmobile/*   the relay (match, result, health) on the in-process simulator
 *   /simulator/*      the simulator's pages (consent page, magic numbers)
 *   /demo/csp.html    the one-`<script>`-tag embedding of the built IIFE, served with a strict
 *                     Content-Security-Policy (the page and its assets are served as files, untouched by Vite)
 *   GET /             the checkout (index.html), rendered per request like a shop's server does: one order
 *                     reference per shopper (cookie `demo_order`) and a fresh check session for it in
 *                     `<idmobile-check session>`; the main integration: details typed once in the shop's form,
 *                     the widget's read-only summary, one "Place order" press (`submit-with-form`)
 *   GET /demo/all-inputs.html  the same checkout with every detail again as an input in the widget
 *                     (`editable="all"`), kept for comparison
 *   POST /demo/order  the demo shop's "backend": verifies the widget's attestation against the order (phone,
 *                     identity, reference), single use, and answers a confirmation; an order sent for a review
 *                     by hand (`review=1`, the widget's fallback) is accepted as such, never as verified
 */
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Connect, Plugin, ViteDevServer } from 'vite';
import { checkPhone } from '../src/protocol/phone.js';
import {
  createCheckSession,
  createMemoryStore,
  createTestModeRelay,
  verifyAttestation,
  type VerifyErrorCode,
} from '../src/relay/index.js';
import { MAGIC_NUMBERS, SUBSCRIBERS } from '../src/testmode/index.js';

export const RELAY_PATH = '/api/idmobile';
export const SIMULATOR_PATH = '/simulator';
export const CSP_PAGE_PATH = '/demo/csp.html';
export const ORDER_PATH = '/demo/order';
/** The checkout's pages: one template (index.html), two integrations of the widget. */
export const CHECKOUT_PAGES: Record<string, Integration> = {
  '/': 'one-press',
  '/index.html': 'one-press',
  '/demo/all-inputs.html': 'all-inputs',
};
export type Integration = 'one-press' | 'all-inputs';
/** The policy of the strict-CSP embedding page: nothing but the page's own origin, nothing unsafe. */
export const STRICT_CSP =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/** Which operator API the relay speaks to the simulator: `IDMOBILE_UPSTREAM=dqe` (default) or `camara`. */
export function demoUpstream(value: string | undefined): 'dqe' | 'camara' {
  const v = (value ?? '').trim() || 'dqe';
  if (v === 'dqe' || v === 'camara') return v;
  throw new Error(`IDMOBILE_UPSTREAM must be dqe or camara (got ${JSON.stringify(v.slice(0, 20))})`);
}
const UPSTREAM = demoUpstream(process.env['IDMOBILE_UPSTREAM']);

/** Test mode only: the relay signs attestations with it and the demo's order endpoint verifies them. */
const ATTESTATION_SECRET = 'test-mode-only-attestation-secret-not-for-production';
/** The demo shop's store: the relays' counters and single-use marks, and the order endpoint's used attestations. */
const store = createMemoryStore();
const root = fileURLToPath(new URL('..', import.meta.url));
const IIFE = 'dist/idmobile-check.iife.js';

/** One app per Host header: the consent URL must point back at the host the browser used. */
function handlerFor(host: string) {
  const { relay, simulator } = createTestModeRelay({
    upstream: UPSTREAM,
    simulatorPublicUrl: `http://${host}${SIMULATOR_PATH}`,
    allowedOrigins: [],
    attestationSecret: ATTESTATION_SECRET,
    partnerName: 'Maison Lumen (demo shop)',
    store,
    // the demo and its end-to-end tests come from one address: a generous limit, still a limit
    limits: { client: { windowMs: 60_000, max: 2_000 } },
    logger: process.env['IDMOBILE_RELAY_LOGS'] ? undefined : () => {},
  });
  const app = new Hono();
  app.route(RELAY_PATH, relay);
  app.route(SIMULATOR_PATH, simulator);
  return getRequestListener(app.fetch);
}

// ---- the strict-CSP embedding page: served as files, with the header -------------------------------------

/** Files of the strict-CSP page, served byte for byte (Vite would add its client and transform them). */
const RAW_FILES: Record<string, { file: string; type: string }> = {
  [CSP_PAGE_PATH]: { file: 'demo/csp.html', type: 'text/html; charset=utf-8' },
  '/demo/csp-page.js': { file: 'demo/csp-page.js', type: 'text/javascript; charset=utf-8' },
  '/demo/embed.css': { file: 'demo/embed.css', type: 'text/css; charset=utf-8' },
  [`/${IIFE}`]: { file: IIFE, type: 'text/javascript; charset=utf-8' },
  [`/${IIFE}.map`]: { file: `${IIFE}.map`, type: 'application/json; charset=utf-8' },
};

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build the widget first — idmobile-check</title>
<link rel="stylesheet" href="/demo/embed.css">
<link rel="icon" href="/demo/favicon.svg" type="image/svg+xml">
</head>
<body>
<main class="embed">
<h1>The built widget is missing</h1>
<p role="alert" id="missing-build">This page embeds <code>${IIFE}</code>, the file <code>npm run build</code> produces.
It is not there yet: run <code>npm run build</code> in the project, then reload this page.</p>
<p><a href="/">Back to the demo checkout</a></p>
</main>
</body>
</html>
`;

function sendRaw(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const entry = RAW_FILES[path];
  if (!entry || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const file = `${root}${entry.file}`;
  const headers: Record<string, string> = {
    'content-type': entry.type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (path === CSP_PAGE_PATH) headers['content-security-policy'] = STRICT_CSP;
  let body: string | Buffer;
  let status = 200;
  if (path === CSP_PAGE_PATH && !existsSync(`${root}${IIFE}`)) {
    status = 503;
    body = MISSING_BUILD_PAGE;
  } else if (!existsSync(file)) {
    status = 404;
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = `${entry.file} not found${entry.file.startsWith('dist/') ? ': run npm run build' : ''}\n`;
  } else {
    body = readFileSync(file);
  }
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

// ---- the demo shop's order endpoint: what a merchant's checkout backend does with the attestation ----------

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? '');

async function readForm(req: IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function orderPage(status: number, title: string, body: string): { status: number; html: string } {
  return {
    status,
    html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Maison Lumen (demo)</title>
<link rel="stylesheet" href="/demo/embed.css">
<link rel="icon" href="/demo/favicon.svg" type="image/svg+xml">
</head>
<body>
<main class="embed order-outcome">
<p class="eyebrow">Maison Lumen · demo shop on the test mode</p>
${body}
<p><a href="/">Back to the demo checkout</a></p>
</main>
</body>
</html>
`,
  };
}

const VERDICT_TEXT: Record<string, string> = {
  verified: 'verified: every required detail matches the operator’s record',
  inconclusive: 'inconclusive: some details could not be confirmed',
  rejected: 'rejected: a required detail does not match',
};

// ---- the order: one reference per shopper, a check session per page, verification on "place order" --------

const ORDER_COOKIE = 'demo_order';
const ORDER_REFERENCE = /^ML-[A-Z0-9]{8}$/;

/** The shopper's order reference from the cookie, or null. */
function orderOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value = ''] = part.trim().split('=');
    if (name === ORDER_COOKIE && ORDER_REFERENCE.test(value)) return value;
  }
  return null;
}

function newOrderReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `ML-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
}

const orderCookie = (reference: string, maxAge = 3600) =>
  `${ORDER_COOKIE}=${reference}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`;

/** The widget's opening tag in index.html (whatever its attributes and line breaks). */
const WIDGET_TAG = /<idmobile-check\s+id="idcheck"[^>]*>/;

/**
 * The widget's attributes in each integration: the template holds the main one's; the comparison page shows every
 * detail as an input (and checks every field, the date of birth included).
 */
const WIDGET_ATTRIBUTES: Record<Integration, string> = {
  'one-press':
    'relay-url="/api/idmobile" name="idmobile" submit-with-form fields="given_name family_name email address" editable=""',
  'all-inputs': 'relay-url="/api/idmobile" name="idmobile" editable="all"',
};

/**
 * The checkout page for this shopper: their order (a new one on the first visit), and a check session for it
 * rendered into the widget, as a shop's server renders its checkout template; the integration the page shows.
 */
async function renderCheckout(
  req: IncomingMessage,
  html: string,
  integration: Integration,
): Promise<{ html: string; cookie: string }> {
  const reference = orderOf(req) ?? newOrderReference();
  // the demo invites trying every test number on one page: the most checks a session allows
  const { session } = await createCheckSession(ATTESTATION_SECRET, { reference, maxChecks: 20 });
  if (!WIDGET_TAG.test(html)) throw new Error('index.html: <idmobile-check id="idcheck" not found');
  const page = html
    .replace(WIDGET_TAG, `<idmobile-check id="idcheck" session="${session}" ${WIDGET_ATTRIBUTES[integration]}>`)
    .replace(/<html([^>]*) data-integration="[^"]*"/, `<html$1 data-integration="${integration}"`);
  return { html: page, cookie: orderCookie(reference) };
}

const REFUSAL_TEXT: Record<VerifyErrorCode, string> = {
  missing_attestation: 'the form carried no attestation: the identity check did not complete',
  malformed: 'the attestation is not one the relay signed',
  signature: 'the attestation’s signature is wrong (tampered, or signed with another key)',
  expired: 'the check is too old: verify again',
  test_mode: 'the check ran in the test mode',
  phone_mismatch: 'the number that was verified is not the phone number of the order',
  identity_mismatch: 'the identity that was verified is not the one on the order',
  reference_mismatch: 'the check was made for another order',
  duplicate: 'this check was already used for an order',
};

/** The order's identity as the shop knows it: the shipping form, and the date of birth given in the widget. */
function orderIdentity(form: URLSearchParams) {
  const get = (k: string) => form.get(k) ?? '';
  return {
    gender: get('gender'),
    given_name: get('given_name'),
    family_name: get('family_name'),
    birthdate: get('birthdate'),
    email: get('email'),
    address: {
      street_address: get('street_address'),
      postal_code: get('postal_code'),
      locality: get('locality'),
      country: get('country'),
    },
  };
}

/**
 * What a merchant's checkout backend does: verifies the widget's attestation against THIS order (its phone, its
 * identity, its reference), single use, then decides on the verdict.
 */
async function placeOrder(form: URLSearchParams, reference: string | null): Promise<{ status: number; html: string }> {
  const name = [form.get('given_name'), form.get('family_name')].filter(Boolean).join(' ') || 'shopper';
  const phone = checkPhone(form.get('phone') ?? '', form.get('country') ?? 'FR');
  const refused = (code: string, why: string) =>
    orderPage(
      400,
      'Order refused',
      `<h1>Order refused</h1>
<p data-order="refused" data-reason="${escapeHtml(code)}">The server did not accept the identity check: ${escapeHtml(why)}.</p>`,
    );
  if (!reference) return refused('no_order', 'there is no order in progress (reload the checkout)');
  if (form.get('review') === '1') return reviewOrder(form, reference, name);
  const result = await verifyAttestation(form.get('idmobile') ?? '', ATTESTATION_SECRET, {
    phone: phone.ok ? phone.e164 : (form.get('phone') ?? ''),
    identity: orderIdentity(form),
    reference,
    allowTestMode: true, // the demo runs on the test mode; a real shop never sets this
    replay: store,
  });
  if (!result.success) {
    const code = result.error_codes[0] ?? 'malformed';
    const fields = result.mismatched?.length ? ` (${result.mismatched.join(', ')})` : '';
    return refused(code, `${REFUSAL_TEXT[code]}${fields}`);
  }
  const verdict = escapeHtml(result.verdict);
  const shown = { ...result, jti: undefined };
  const held = result.verdict === 'rejected';
  return orderPage(
    held ? 409 : 200,
    held ? 'Order on hold' : 'Order placed',
    `<h1>${held ? 'Order on hold' : `Thank you, ${escapeHtml(name)}!`}</h1>
<p data-order="${held ? 'held' : 'placed'}" data-verdict="${verdict}">${
      held
        ? 'The identity check did not match: the order is not shipped until our team has checked it.'
        : `Order <strong>${escapeHtml(reference)}</strong> is placed.${result.verdict === 'inconclusive' ? ' Some details could not be confirmed, so our team may review it before shipping.' : ''}`
    }</p>
<p>The server verified the widget’s attestation against this order (its phone number, its identity and its
reference, once) before deciding: verdict <strong>${escapeHtml(VERDICT_TEXT[result.verdict] ?? result.verdict)}</strong>.</p>
<details><summary>Verification result</summary><pre tabindex="0">${escapeHtml(JSON.stringify(shown, null, 2))}</pre></details>`,
  );
}

/**
 * The shop's fallback after a check that could not succeed (the widget's `fallback` slot): the order is accepted
 * for a review by hand, without an identity check. Whatever the form carries, an attestation included, is not
 * looked at: such an order is never taken for a verified one.
 */
function reviewOrder(form: URLSearchParams, reference: string, name: string): { status: number; html: string } {
  const phone = checkPhone(form.get('phone') ?? '', form.get('country') ?? 'FR');
  if (!form.get('given_name') || !form.get('family_name') || !phone.ok) {
    return orderPage(
      400,
      'Order refused',
      '<h1>Order refused</h1><p data-order="refused" data-reason="incomplete">An order for review needs a name and a mobile number.</p>',
    );
  }
  return orderPage(
    202,
    'Order received',
    `<h1>Thank you, ${escapeHtml(name)}: your order is received</h1>
<p data-order="review" data-verdict="none">Order <strong>${escapeHtml(reference)}</strong> is <strong>waiting for a review by our
team</strong>: your identity could not be confirmed by your mobile operator, so we check the order by hand before
shipping it (usually within a day). Nothing is charged until then.</p>
<p>The server took this order without an identity check: no attestation was used for it, and it is not marked as
verified.</p>`,
  );
}

// ---- the middleware ---------------------------------------------------------------------------------------

/** Reads the checkout page as the server would send it: Vite's transformed index.html, or the built one. */
type PageSource = (url: string) => Promise<string>;

function middleware(checkoutSource: PageSource): Connect.NextHandleFunction {
  const handlers = new Map<string, ReturnType<typeof handlerFor>>();
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const url = req.url ?? '/';
    const path = url.split(/[?#]/, 1)[0] ?? '/';
    if (sendRaw(req, res, path)) return;
    const integration = CHECKOUT_PAGES[path];
    if (integration && (req.method === 'GET' || req.method === 'HEAD')) {
      checkoutSource(url)
        .then((html) => renderCheckout(req, html, integration))
        .then(({ html, cookie }) => {
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'set-cookie': cookie,
          });
          res.end(req.method === 'HEAD' ? undefined : html);
        })
        .catch(next);
      return;
    }
    if (path === ORDER_PATH && req.method === 'POST') {
      const reference = orderOf(req);
      readForm(req)
        .then((form) =>
          form
            ? placeOrder(form, reference)
            : orderPage(413, 'Order refused', '<h1>Order refused</h1><p>The form is too large.</p>'),
        )
        .then(({ status, html }) => {
          const headers: Record<string, string> = {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': STRICT_CSP,
            'cache-control': 'no-store',
          };
          // an order placed (or taken for review) is done: the next visit starts a new one
          if ((status === 200 || status === 202) && reference) headers['set-cookie'] = orderCookie(reference, 0);
          res.writeHead(status, headers);
          res.end(html);
        })
        .catch(next);
      return;
    }
    const mine = [RELAY_PATH, SIMULATOR_PATH].some((p) => path === p || path.startsWith(`${p}/`));
    if (!mine) {
      next();
      return;
    }
    const given = req.headers.host ?? '';
    const host = /^[\w.\-:[\]]{1,100}$/.test(given) ? given : 'localhost';
    let handler = handlers.get(host);
    if (!handler) handlers.set(host, (handler = handlerFor(host)));
    void handler(req, res);
  };
}

// ---- the start-up banner ----------------------------------------------------------------------------------

export function banner(url: string): string {
  const base = url.replace(/\/$/, '');
  const people = SUBSCRIBERS.map(
    (s) =>
      `     ${s.phone}  ${s.record.firstname} ${s.record.lastname}, ${s.operator}${s.consent ? ' (asks for consent on the operator page)' : ''}`,
  );
  const ids = MAGIC_NUMBERS.map((m) => m.errorId).join(' ');
  return [
    '',
    '  ┌─ idmobile-check demo ── built-in TEST MODE: no operator credentials, no network',
    UPSTREAM === 'camara'
      ? '  │  Upstream: CAMARA KYC Match (CIBA) on the simulator · IDMOBILE_UPSTREAM=dqe for DQE IDMobile'
      : '  │  Upstream: DQE IDMobile on the simulator · IDMOBILE_UPSTREAM=camara for CAMARA KYC Match',
    `  │  Open the checkout:  ${base}/  (details typed once, one "Place order" press)`,
    `  │  For comparison:     ${base}/demo/all-inputs.html  (every detail again in the widget)`,
    '  │',
    "  │  Try these numbers (or pick them in the page's “Test mode” drawer):",
    ...people.map((p) => `  │${p}`),
    '  │     +336000000XX  answers DQE error XX, for XX in',
    `  │                   ${ids}`,
    '  │     any other French mobile: error 10 · a landline (01…05, 09) is refused before any request',
    '  │',
    `  │  Embedding examples: ${base}/demo/csp.html (one <script> tag, strict CSP; built by npm start)`,
    `  │                      ${base}/demo/esm.html (ES module) · ${base}/demo/react.html (React 19)`,
    `  └─ Relay ${base}${RELAY_PATH}/health · simulator ${base}${SIMULATOR_PATH}/`,
    '',
  ].join('\n');
}

/** The checkout as Vite serves it in development (its client and transforms included). */
function devCheckout(server: ViteDevServer): PageSource {
  return (url) => server.transformIndexHtml(url, readFileSync(`${root}index.html`, 'utf8'));
}

export function idmobileTestMode(): Plugin {
  return {
    name: 'idmobile-test-mode',
    configureServer(server) {
      server.middlewares.use(middleware(devCheckout(server)));
      server.httpServer?.once('listening', () => {
        setTimeout(() => {
          const url = server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}/`;
          server.config.logger.info(banner(url));
        }, 50);
      });
    },
    configurePreviewServer(server) {
      const built = `${root}${server.config.build.outDir}/index.html`;
      server.middlewares.use(middleware(() => Promise.resolve(readFileSync(built, 'utf8'))));
    },
  };
}
