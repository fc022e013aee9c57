/**
 * What the backend suites share: the README's backend written into a temporary folder, started as a shop runs it
 * (python3, php -S) on a free loopback port, in front of a REAL relay (the package's command in test mode) or a
 * stand-in relay whose answers a test chooses, and the shopper's side driven over HTTP as the widget would.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appFiles } from '../../readme/readme-files.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const API_KEY = 'backend-suite-api-key-0123456789abcdef';
/** The page the backends serve from `public/` (the README leaves the page to the shop). */
export const PAGE = '<!doctype html><title>Checkout</title>\n';

/** The relay's command runs the built relay: build it when this checkout has not yet (as command.spec.ts). */
export function ensureBuilt(): void {
  if (existsSync(`${ROOT}dist/relay/node.js`)) return;
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
  if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status})`);
}

/** Why `command` cannot run here, or null when it can. */
export function missing(command: string, args: string[]): string | null {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return run.status === 0 ? null : `${command} is not installed (CI installs it: .ci/run); ${run.error?.message ?? ''}`;
}

/** The README's files of `app` in a fresh temporary folder, with a page in `public/`; returns the folder. */
export function writeApp(app: string): string {
  const dir = mkdtempSync(join(tmpdir(), `idmobile-${app}-`));
  for (const [path, content] of [...appFiles(app), ['public/index.html', PAGE] as const]) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A loopback port nobody listens on (now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Backend {
  url: string;
  /** Everything the process printed, for failure messages. */
  output: () => string;
  stop: () => void;
}

/** Starts `command args` in `cwd` with only `env` (and PATH); resolves once `url` answers HTTP at all. */
export async function startBackend(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  url: string,
): Promise<Backend> {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const backend = { url, output: () => out, stop: () => void child.kill('SIGTERM') };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${command} exited ${exited}: ${out}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1_000) });
      return backend;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  backend.stop();
  throw new Error(`${command} did not answer on ${url} within 15 s: ${out}`);
}

/** What the stand-in relay answers next: a status and a body, or a connection closed without an answer. */
export type StandInAnswer = { status: number; body: string; type?: string } | 'hang-up';

export interface StandIn {
  url: string;
  /** Every request it received. */
  requests: Array<{
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>;
  answer: StandInAnswer;
  close: () => Promise<void>;
}

/** A relay stand-in on loopback answering `answer` to every request (the answers a real relay gives rarely). */
export async function startStandIn(): Promise<StandIn> {
  const standIn: StandIn = { url: '', requests: [], answer: { status: 500, body: '' }, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      standIn.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const answer = standIn.answer;
      if (answer === 'hang-up') return void req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () => new Promise((resolve) => server.close(() => resolve()));
  return standIn;
}

type Json = Record<string, unknown>;

/** A POST answered in JSON: its status and body (the body `null` when it is not JSON). */
export async function post(url: string, body: string, type: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': type, ...headers },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json: Json | null;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

/** The identity the widget checks with `fields="given_name family_name address"`. */
export interface CheckedIdentity {
  given_name: string;
  family_name: string;
  address: { street_address: string; postal_code: string; locality: string; country: string };
}

/**
 * The widget's check, as the element sends it from the shop's page: `POST {relay}/match` from the page's origin
 * with the session the page got from its backend. Returns the relay's answer (verdict, attestation).
 */
export async function widgetCheck(
  relay: string,
  page: string,
  check: { session: string; phone: string; identity: CheckedIdentity },
) {
  const answer = await post(
    `${relay}/match`,
    JSON.stringify({
      v: 3,
      scope: 'matching_notp',
      phone: check.phone,
      identity: check.identity,
      session: check.session,
    }),
    'application/json',
    { origin: page },
  );
  if (answer.status !== 200 || typeof answer.json?.['attestation'] !== 'string')
    throw new Error(`the relay's /match answered ${answer.status} ${answer.text}`);
  return answer.json as { verdict: string; attestation: string };
}

/** The checkout form the page posts to `/api/order`, under the names the README gives. */
export function orderForm(order: { reference: string; phone: string; identity: CheckedIdentity; idmobile?: string }) {
  return new URLSearchParams({
    reference: order.reference,
    phone: order.phone,
    given_name: order.identity.given_name,
    family_name: order.identity.family_name,
    ...order.identity.address,
    ...(order.idmobile !== undefined && { idmobile: order.idmobile }),
  }).toString();
}
