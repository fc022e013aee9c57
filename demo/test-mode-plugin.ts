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
 *                     by hand (`review=1`, the widget's fallback) is accepted as such, never as verified; its
 *                     pages in the shopper's language (demo/order-copy.ts)
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
import { CAMARA_TEST_NUMBERS, MAGIC_NUMBERS, SUBSCRIBERS } from '../src/testmode/index.js';
import type { PageLang } from './copy.js';
import {
  camaraFlowOf,
  DEMO_UPSTREAM_NAMES,
  DEMO_UPSTREAMS,
  demoUpstream,
  flowBase,
  type DemoUpstream,
} from './flows.js';
import { checkoutHref, escapeHtml, fill, orderCopy, orderLang, type RefusalCode } from './order-copy.js';

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

/** The default flow (`IDMOBILE_UPSTREAM`, default `dqe`); a checkout page's `?upstream=` picks another one. */
const UPSTREAM = demoUpstream(process.env['IDMOBILE_UPSTREAM']);

/** Test mode only: the relay signs attestations with it and the demo's order endpoint verifies them. */
const ATTESTATION_SECRET = 'test-mode-only-attestation-secret-not-for-production';
/** The demo shop's store: the relays' counters and single-use marks, and the order endpoint's used attestations. */
const store = createMemoryStore();
const root = fileURLToPath(new URL('..', import.meta.url));
const IIFE = 'dist/idmobile-check.iife.js';

/** Hosts the demo keeps a relay for (the most recently used): a flood of Host headers costs nothing lasting. */
export const MAX_HOSTS = 16;

/**
 * The most recently used values per key, at most `max` of them, made by `make` on first use: the demo's relays
 * per Host header (the consent URL must point back at the host the browser used).
 */
export function recentlyUsed<V>(max: number, make: (key: string) => V) {
  const values = new Map<string, V>();
  return {
    get(key: string): V {
      let value = values.get(key);
      if (value === undefined) value = make(key);
      else values.delete(key);
      values.set(key, value);
      for (const oldest of values.keys()) {
        if (values.size <= max) break;
        values.delete(oldest);
      }
      return value;
    },
    get size() {
      return values.size;
    },
  };
}

/** A relay and its simulator for one flow, as the browser reaches them (`host`: its Host header). */
interface FlowKey {
  flow: DemoUpstream;
  host: string;
}
const keyOf = ({ flow, host }: FlowKey) => `${flow} ${host}`;

/**
 * One app per flow and Host header: the consent URL and the callback must point back at the host the browser
 * used, and a CIBA request is answered on the simulator that received it.
 */
function handlerFor(key: string) {
  const [name = UPSTREAM, host = 'localhost'] = key.split(' ');
  const flow = demoUpstream(name);
  const base = `http://${host}${flowBase(flow, UPSTREAM)}`;
  const camaraAuth = camaraFlowOf(flow);
  const { relay, simulator } = createTestModeRelay({
    upstream: DEMO_UPSTREAMS[flow].upstream,
    ...(camaraAuth ? { camaraAuth } : {}),
    relayPublicUrl: `${base}${RELAY_PATH}`,
    simulatorPublicUrl: `${base}${SIMULATOR_PATH}`,
    allowedOrigins: [],
    attestationSecret: ATTESTATION_SECRET,
    partnerName: 'Maison Lumen (demo shop)',
    store,
    // the demo and its end-to-end tests come from one address: a generous limit, still a limit
    limits: { client: { windowMs: 60_000, max: 2_000 } },
    // SIM swap asked with every check (README "Signals beyond the match"): the swapped test line goes to review
    signals: { simSwap: { maxAgeHours: 168 } },
    logger: process.env['IDMOBILE_RELAY_LOGS'] ? undefined : () => {},
  });
  const app = new Hono({ strict: false }); // /simulator/ (the banner's link) as /simulator
  app.route(`${flowBase(flow, UPSTREAM)}${RELAY_PATH}`, relay);
  app.route(`${flowBase(flow, UPSTREAM)}${SIMULATOR_PATH}`, simulator);
  return getRequestListener(app.fetch);
}

/** `/flows/<flow>/…` (another flow than the default) or the default flow's paths. */
const FLOW_PATH = /^\/flows\/([a-z-]{1,20})(\/.*)$/;

/**
 * The flow a relay or simulator path belongs to, and the path within it; `null` when the path is neither (or names
 * an unknown flow, or the default one under `/flows/`: it lives at the root).
 */
export function flowOfPath(path: string): { flow: DemoUpstream; rest: string } | null {
  const m = FLOW_PATH.exec(path);
  let flow: DemoUpstream = UPSTREAM;
  let rest = path;
  if (m) {
    const name = m[1] ?? '';
    if (!Object.hasOwn(DEMO_UPSTREAMS, name) || name === UPSTREAM) return null;
    flow = name as DemoUpstream;
    rest = m[2] ?? '/';
  }
  const mine = [RELAY_PATH, SIMULATOR_PATH].some((p) => rest === p || rest.startsWith(`${p}/`));
  return mine ? { flow, rest } : null;
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

/** An order outcome page in the shopper's language (`title` and `body` already in it). */
function orderPage(lang: PageLang, status: number, title: string, body: string): { status: number; html: string } {
  const copy = orderCopy(lang);
  return {
    status,
    html: `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${copy.titleSuffix}</title>
<link rel="stylesheet" href="/demo/embed.css">
<link rel="icon" href="/demo/favicon.svg" type="image/svg+xml">
</head>
<body>
<main class="embed order-outcome">
<p class="eyebrow">${copy.eyebrow}</p>
${body}
<p><a href="${checkoutHref(lang)}">${copy.back}</a></p>
</main>
</body>
</html>
`,
  };
}

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
const widgetAttributes = (integration: Integration, relayUrl: string): string =>
  integration === 'one-press'
    ? `relay-url="${relayUrl}" name="idmobile" submit-with-form fields="given_name family_name email address" editable=""`
    : `relay-url="${relayUrl}" name="idmobile" editable="all"`;

/**
 * The checkout page for this shopper: their order (a new one on the first visit), and a check session for it
 * rendered into the widget, as a shop's server renders its checkout template; the integration the page shows; the
 * flow's relay in `relay-url`, its name and simulator on `<html data-upstream data-simulator>` (the page's drawer
 * and its link to the subscriber's phone).
 */
async function renderCheckout(
  req: IncomingMessage,
  html: string,
  integration: Integration,
  flow: DemoUpstream,
): Promise<{ html: string; cookie: string }> {
  const reference = orderOf(req) ?? newOrderReference();
  // the demo invites trying every test number on one page: the most checks a session allows
  const { session } = await createCheckSession(ATTESTATION_SECRET, { reference, maxChecks: 20 });
  if (!WIDGET_TAG.test(html)) throw new Error('index.html: <idmobile-check id="idcheck" not found');
  const base = flowBase(flow, UPSTREAM);
  const page = html
    .replace(
      WIDGET_TAG,
      `<idmobile-check id="idcheck" session="${session}" ${widgetAttributes(integration, `${base}${RELAY_PATH}`)}>`,
    )
    .replace(
      /<html([^>]*) data-integration="[^"]*"/,
      `<html$1 data-integration="${integration}" data-upstream="${flow}" data-default-upstream="${UPSTREAM}" data-simulator="${base}${SIMULATOR_PATH}"`,
    );
  return { html: page, cookie: orderCookie(reference) };
}

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
 * identity, its reference), single use, then decides on the verdict. The page answers in the shopper's language.
 */
async function placeOrder(
  form: URLSearchParams,
  reference: string | null,
  lang: PageLang,
): Promise<{ status: number; html: string }> {
  const copy = orderCopy(lang);
  const name = [form.get('given_name'), form.get('family_name')].filter(Boolean).join(' ');
  const phone = checkPhone(form.get('phone') ?? '', form.get('country') ?? 'FR');
  const refused = (code: RefusalCode, detail = '') =>
    orderPage(
      lang,
      400,
      copy.refusedTitle,
      `<h1>${copy.refusedTitle}</h1>
<p data-order="refused" data-reason="${escapeHtml(code)}">${fill(copy.refused, { why: `${copy.reasons[code]}${detail}` })}</p>`,
    );
  if (!reference) return refused('no_order');
  if (form.get('review') === '1') return reviewOrder(form, reference, name, lang);
  const result = await verifyAttestation(form.get('idmobile') ?? '', ATTESTATION_SECRET, {
    phone: phone.ok ? phone.e164 : (form.get('phone') ?? ''),
    identity: orderIdentity(form),
    reference,
    // the shop ships automatically only to a verified subscriber whose names and postal code match the record
    accept: ['verified'],
    requireMatch: ['given_name', 'family_name', 'address.postal_code'],
    allowTestMode: true, // the demo runs on the test mode; a real shop never sets this
    replay: store,
  });
  if (!result.success) {
    // a check that verified the order but did not convince the shop's policy: the order waits for a review
    if (result.error_codes.every((c) => POLICY_CODES.has(c))) {
      if (result.verdict === 'rejected') return heldOrder(lang);
      // every detail the shop requires matched, yet the final verdict held the order back: a signal (SIM swap)
      const held = !result.unmatched?.length && !result.unchecked?.length;
      return reviewOrder(form, reference, name, lang, result.verdict ?? 'verified', held);
    }
    const code = result.error_codes[0] ?? 'malformed';
    return refused(code, result.mismatched?.length ? ` (${result.mismatched.join(', ')})` : '');
  }
  const shown = { ...result, jti: undefined };
  return orderPage(
    lang,
    200,
    copy.placedTitle,
    `<h1>${name ? fill(copy.thanks, { name }) : copy.thanksNoName}</h1>
<p data-order="placed" data-verdict="${escapeHtml(result.verdict)}">${fill(copy.placed, { reference })}</p>
<p>${fill(copy.verifiedBy, { verdict: copy.verdicts[result.verdict] })}</p>
<details><summary>${copy.resultSummary}</summary><pre tabindex="0">${escapeHtml(JSON.stringify(shown, null, 2))}</pre></details>`,
  );
}

/** What the shop's policy refused in a check that was itself genuine: the order is held, not refused. */
const POLICY_CODES = new Set<VerifyErrorCode>(['verdict_not_accepted', 'unmatched_fields', 'unchecked_fields']);

/** A check that found a required detail wrong: the order is kept but not shipped. */
function heldOrder(lang: PageLang): { status: number; html: string } {
  const copy = orderCopy(lang);
  return orderPage(
    lang,
    409,
    copy.heldTitle,
    `<h1>${copy.heldTitle}</h1>
<p data-order="held" data-verdict="rejected">${copy.held}</p>`,
  );
}

/**
 * An order taken for a review by hand: after the widget's fallback (the check could not succeed; `verdict` none:
 * whatever the form carries, an attestation included, is not looked at) or after a check the shop's policy did
 * not accept (`inconclusive`, or the postal code not matched). Never taken for a verified one.
 */
function reviewOrder(
  form: URLSearchParams,
  reference: string,
  name: string,
  lang: PageLang,
  verdict: 'none' | 'inconclusive' | 'verified' = 'none',
  held = false,
): { status: number; html: string } {
  const copy = orderCopy(lang);
  const phone = checkPhone(form.get('phone') ?? '', form.get('country') ?? 'FR');
  if (!form.get('given_name') || !form.get('family_name') || !phone.ok) {
    return orderPage(
      lang,
      400,
      copy.refusedTitle,
      `<h1>${copy.refusedTitle}</h1><p data-order="refused" data-reason="incomplete">${copy.incomplete}</p>`,
    );
  }
  return orderPage(
    lang,
    202,
    copy.reviewTitle,
    `<h1>${name ? fill(copy.reviewHeading, { name }) : copy.reviewHeadingNoName}</h1>
<p data-order="review" data-verdict="${verdict}">${fill(verdict === 'none' ? copy.review : held ? copy.reviewHeld : copy.reviewPartial, { reference })}</p>
<p>${verdict === 'none' ? copy.reviewNote : held ? copy.reviewHeldNote : copy.reviewPartialNote}</p>`,
  );
}

// ---- the middleware ---------------------------------------------------------------------------------------

/** Reads the checkout page as the server would send it: Vite's transformed index.html, or the built one. */
type PageSource = (url: string) => Promise<string>;

function middleware(checkoutSource: PageSource): Connect.NextHandleFunction {
  // a relay per flow and host, at most MAX_HOSTS hosts' worth
  const handlers = recentlyUsed(MAX_HOSTS * DEMO_UPSTREAM_NAMES.length, handlerFor);
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const url = req.url ?? '/';
    const path = url.split(/[?#]/, 1)[0] ?? '/';
    if (sendRaw(req, res, path)) return;
    const integration = CHECKOUT_PAGES[path];
    if (integration && (req.method === 'GET' || req.method === 'HEAD')) {
      let flow: DemoUpstream;
      try {
        flow = demoUpstream(new URL(url, 'http://demo.invalid').searchParams.get('upstream'), '?upstream=', UPSTREAM);
      } catch (e) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`${(e as Error).message}\n`);
        return;
      }
      checkoutSource(url)
        .then((html) => renderCheckout(req, html, integration, flow))
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
        .then((form) => {
          const lang = orderLang(form, req.headers.referer);
          const copy = orderCopy(lang);
          return form
            ? placeOrder(form, reference, lang)
            : orderPage(lang, 413, copy.refusedTitle, `<h1>${copy.refusedTitle}</h1><p>${copy.tooLarge}</p>`);
        })
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
    const mine = flowOfPath(path);
    if (!mine) {
      next();
      return;
    }
    const given = req.headers.host ?? '';
    const host = /^[\w.\-:[\]]{1,100}$/.test(given) ? given : 'localhost';
    void handlers.get(keyOf({ flow: mine.flow, host }))(req, res);
  };
}

// ---- the start-up banner ----------------------------------------------------------------------------------

/** The banner's lines about the test numbers of a flow: DQE's subscribers and magic numbers, or CAMARA's lines. */
function numberLines(flow: DemoUpstream, base: string): string[] {
  const camara = camaraFlowOf(flow);
  const people = SUBSCRIBERS.map(
    (s) =>
      `   ${s.phone}  ${s.record.firstname} ${s.record.lastname}, ${s.operator}${s.consent ? ' (asks for consent on the operator page)' : ''}`,
  );
  if (camara === null) {
    const ids = MAGIC_NUMBERS.map((m) => m.errorId).join(' ');
    return [
      "Try these numbers (or pick them in the page's “Test mode” drawer):",
      ...people,
      '   +336000000XX  answers DQE error XX, for XX in',
      `                 ${ids}`,
      '   any other French mobile: error 10 · a landline (01…05, 09) is refused before any request',
    ];
  }
  const lines = CAMARA_TEST_NUMBERS.filter((n) => n.flows.includes(camara));
  return [
    `CAMARA lines for this flow (${camara}; or pick them in the page's “Test mode” drawer):`,
    ...lines.map((n) => `   ${n.phone}  ${n.behaviour}`),
    ...(camara === 'ciba'
      ? [`   approve or refuse on the subscriber's phone: ${base}${SIMULATOR_PATH}/camara/phone?number=+33740000001`]
      : []),
    '   DQE’s subscribers answer too:',
    ...people.map((p) => p.replace(' (asks for consent on the operator page)', '')),
  ];
}

/** The start-up banner: the default flow (`flow`, `IDMOBILE_UPSTREAM`), its pages and test numbers, the others. */
export function banner(url: string, flow: DemoUpstream = UPSTREAM): string {
  const base = url.replace(/\/$/, '');
  const others = DEMO_UPSTREAM_NAMES.filter((f) => f !== flow);
  return [
    '',
    '  ┌─ idmobile-check demo ── built-in TEST MODE: no operator credentials, no network',
    `  │  Upstream: ${DEMO_UPSTREAMS[flow].label} on the simulator`,
    `  │    (IDMOBILE_UPSTREAM=${DEMO_UPSTREAM_NAMES.join('|')}; now ${flow})`,
    `  │  Open the checkout:  ${base}/  (details typed once, one "Place order" press)`,
    `  │  For comparison:     ${base}/demo/all-inputs.html  (every detail again in the widget)`,
    `  │  The other flows:    ${others.map((f) => `${base}/?upstream=${f}`).join('\n  │                      ')}`,
    '  │',
    ...numberLines(flow, base).map((l) => `  │  ${l}`),
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
