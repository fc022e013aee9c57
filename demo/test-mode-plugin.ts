/**
 * Vite plugin: the relay and the test mode (simulator) mounted in-process on Vite's own server, so
 * `npm start` is one command, one port, no credentials and no network.
 *
 *   /api/idmobile/*   the relay (match, result, health) on the in-process simulator
 *   /simulator/*      the simulator's pages (consent page, magic numbers)
 *   /demo/csp.html    the one-`<script>`-tag embedding of the built IIFE, served with a strict
 *                     Content-Security-Policy (the page and its assets are served as files, untouched by Vite)
 *   POST /demo/order  the demo shop's "backend": verifies the widget's attestation and answers a confirmation
 */
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Connect, Plugin } from 'vite';
import {
  AttestationError,
  createTestModeRelay,
  verifyAttestation,
  type AttestationClaims,
} from '../src/relay/index.js';
import { MAGIC_NUMBERS, SUBSCRIBERS } from '../src/testmode/index.js';

export const RELAY_PATH = '/api/idmobile';
export const SIMULATOR_PATH = '/simulator';
export const CSP_PAGE_PATH = '/demo/csp.html';
export const ORDER_PATH = '/demo/order';
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
    // the demo and its end-to-end tests come from one address: a generous limit, still a limit
    rateLimit: { windowMs: 60_000, max: 2_000 },
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
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

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

/** Verifies the attestation the widget submitted with the form, as a checkout backend must, and decides. */
async function placeOrder(form: URLSearchParams): Promise<{ status: number; html: string }> {
  const token = form.get('idmobile') ?? '';
  const name = [form.get('given_name'), form.get('family_name')].filter(Boolean).join(' ') || 'shopper';
  const phone = parsePhoneNumberFromString(form.get('phone') ?? '', 'FR')?.number;
  if (!token) {
    return orderPage(
      400,
      'Order refused',
      `<h1>Order refused</h1>
<p data-order="refused" data-reason="missing">The form carried no attestation: the identity check did not complete.</p>`,
    );
  }
  let claims: AttestationClaims;
  try {
    // the consent flow's attestation is not bound to a number (the operator answered through its own page)
    claims = await verifyAttestation(token, ATTESTATION_SECRET, {
      ...(phone ? { phone } : {}),
      allowUnboundPhone: true,
    });
  } catch (e) {
    const code = e instanceof AttestationError ? e.code : 'error';
    const why =
      code === 'phone_mismatch'
        ? 'the number that was verified is not the phone number of the order'
        : code === 'expired'
          ? 'the check is too old: verify again'
          : escapeHtml((e as Error).message);
    return orderPage(
      400,
      'Order refused',
      `<h1>Order refused</h1>
<p data-order="refused" data-reason="${escapeHtml(code)}">The server did not accept the identity check: ${why}.</p>`,
    );
  }
  const verdict = escapeHtml(claims.verdict);
  const claimsJson = escapeHtml(JSON.stringify(claims, null, 2));
  const held = claims.verdict === 'rejected';
  const reference = `ML-${claims.jti
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 8)
    .toUpperCase()}`;
  return orderPage(
    held ? 409 : 200,
    held ? 'Order on hold' : 'Order placed',
    `<h1>${held ? 'Order on hold' : `Thank you, ${escapeHtml(name)}!`}</h1>
<p data-order="${held ? 'held' : 'placed'}" data-verdict="${verdict}">${
      held
        ? 'The identity check did not match: the order is not shipped until our team has checked it.'
        : `Order <strong>${reference}</strong> is placed.${claims.verdict === 'inconclusive' ? ' Some details could not be confirmed, so our team may review it before shipping.' : ''}`
    }</p>
<p>The server verified the widget’s attestation (HS256, signed by the relay) before deciding: verdict
<strong>${escapeHtml(VERDICT_TEXT[claims.verdict] ?? claims.verdict)}</strong>.
A real shop also stores <code>jti</code> to refuse a second use.</p>
<details><summary>Verified claims</summary><pre tabindex="0">${claimsJson}</pre></details>`,
  );
}

// ---- the middleware ---------------------------------------------------------------------------------------

function middleware(): Connect.NextHandleFunction {
  const handlers = new Map<string, ReturnType<typeof handlerFor>>();
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const url = req.url ?? '/';
    const path = url.split(/[?#]/, 1)[0] ?? '/';
    if (sendRaw(req, res, path)) return;
    if (path === ORDER_PATH && req.method === 'POST') {
      readForm(req)
        .then((form) =>
          form
            ? placeOrder(form)
            : orderPage(413, 'Order refused', '<h1>Order refused</h1><p>The form is too large.</p>'),
        )
        .then(({ status, html }) => {
          res.writeHead(status, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': STRICT_CSP,
            'cache-control': 'no-store',
          });
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
    const host = /^[\w.\-:[\]]{1,100}$/.test(req.headers.host ?? '') ? req.headers.host! : 'localhost';
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
    `  │  Open the checkout:  ${base}/`,
    '  │',
    '  │  Try these numbers (or click them on the page):',
    ...people.map((p) => `  │${p}`),
    '  │     +336000000XX  answers DQE error XX, for XX in',
    `  │                   ${ids}`,
    '  │     any other French mobile: error 10 · a landline (01…05, 09) is refused before any request',
    '  │',
    `  │  Embedding examples: ${base}/demo/csp.html (one <script> tag, strict CSP; needs npm run build)`,
    `  │                      ${base}/demo/esm.html (ES module) · ${base}/demo/react.html (React 19)`,
    `  └─ Relay ${base}${RELAY_PATH}/health · simulator ${base}${SIMULATOR_PATH}/`,
    '',
  ].join('\n');
}

export function idmobileTestMode(): Plugin {
  return {
    name: 'idmobile-test-mode',
    configureServer(server) {
      server.middlewares.use(middleware());
      server.httpServer?.once('listening', () => {
        setTimeout(() => {
          const url = server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}/`;
          server.config.logger.info(banner(url));
        }, 50);
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware());
    },
  };
}
