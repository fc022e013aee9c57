/**
 * Real servers for the scale suites, all on 127.0.0.1 and free ports, each one killed by `stop()`:
 * `redis-server` (no persistence, a temporary directory), `haproxy` (a generated round-robin configuration),
 * relay processes (`src/relay/node.ts` through tsx), and a DQE simulator served from the test process that counts
 * token requests and can refuse a token (DQE's error 30) on demand.
 *
 * Binaries: a suite calls {@link needBinaries}; outside CI a missing binary skips it with a message saying how to
 * install it, under CI (`CI` set) it fails.
 */
import { test } from '@playwright/test';
import { serve, type ServerType } from '@hono/node-server';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '../../../src/testmode/index.js';

export const ROOT = new URL('../../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where a binary is: the first candidate that is executable, else null. */
export function findBinary(candidates: string[]): string | null {
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

export const REDIS_SERVER = findBinary(['/usr/bin/redis-server', '/usr/local/bin/redis-server']);
export const HAPROXY = findBinary(['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy']);

/**
 * Skips the calling suite when a binary is missing, outside CI only; under CI a missing binary is a failure.
 * Call it at the top of a `test.describe`.
 */
export function needBinaries(binaries: Record<string, string | null>): void {
  const missing = Object.entries(binaries)
    .filter(([, path]) => path === null)
    .map(([name]) => name);
  const message = `missing ${missing.join(' and ')}: install Debian's packages (apt-get install -y ${missing.join(' ')}), as .ci/run does`;
  if (missing.length > 0 && process.env['CI']) {
    test('servers this suite needs', () => {
      throw new Error(message);
    });
  }
  test.skip(missing.length > 0 && !process.env['CI'], message);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it answers true, at most `ms`; bounded. */
export async function waitFor(what: string, probe: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await probe().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`${what}: not ready within ${ms} ms`);
}

/** Sends one inline Redis command and reads one line back (enough for PING). */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  alive(): boolean;
}

const children = new Set<ChildProcess>();

function launch(command: string, args: string[], env?: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { cwd: ROOT, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitedFlag = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      children.delete(child);
      resolve(code ?? (signal ? 128 : null));
    }),
  );
  return { child, output: () => out, exited, alive: () => !exitedFlag };
}

/** Kills a process (SIGKILL after `graceMs`) and waits for it; bounded. */
export async function kill(p: Proc, signal: NodeJS.Signals = 'SIGTERM', graceMs = 2000): Promise<void> {
  if (!p.alive()) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** Last resort for afterAll: every process this module started and that still runs. */
export async function killAll(): Promise<void> {
  for (const c of children) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
  const deadline = Date.now() + 3000;
  while (children.size > 0 && Date.now() < deadline) await sleep(20);
}

export interface RedisServer {
  port: number;
  url: string;
  proc: Proc;
  /** SIGKILL: the server is gone at once, connections reset. */
  crash(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open, nothing answers (a frozen server). */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

/** A redis-server on `port` (default: a free one); `extraArgs` are more configuration directives. */
export async function startRedis(port?: number, extraArgs: string[] = []): Promise<RedisServer> {
  port ??= await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'idmobile-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--protected-mode',
    'yes',
    ...extraArgs,
  ];
  const spawnIt = async () => {
    const proc = launch(REDIS_SERVER!, args);
    await waitFor('redis-server', () => redisPing(port));
    return proc;
  };
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    proc: await spawnIt(),
    async crash() {
      await kill(server.proc, 'SIGKILL');
    },
    async restart() {
      await kill(server.proc, 'SIGKILL');
      server.proc = await spawnIt();
    },
    freeze() {
      server.proc.child.kill('SIGSTOP');
    },
    thaw() {
      server.proc.child.kill('SIGCONT');
    },
    async stop() {
      server.proc.child.kill('SIGCONT');
      await kill(server.proc, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface Simulator {
  port: number;
  baseUrl: string;
  /** Requests to `/ACCESS_TOKEN/` so far. */
  tokenRequests(): number;
  /** Requests to the CAMARA token endpoint (`/camara/token`) so far. */
  camaraTokenRequests(): number;
  /** `/IDMOBILE/` requests so far. */
  matchRequests(): number;
  /** From now on, every token issued so far is refused with error 30 (as DQE does for an expired token). */
  revokeIssuedTokens(): void;
  /** Answers each token request after this many ms (to widen the window of a cold fleet). */
  setTokenDelay(ms: number): void;
  stop(): Promise<void>;
}

/**
 * The DQE simulator on a loopback port, in the test process, with a counter in front: a relay in dqe mode sends
 * it real HTTP requests (`DQE_BASE_URL`).
 */
export async function startSimulator(allowedRedirectOrigins: string[] = []): Promise<Simulator> {
  const app = createSimulator({ allowedRedirectOrigins });
  let tokens = 0;
  let camaraTokens = 0;
  let matches = 0;
  let delayMs = 0;
  const issued = new Set<string>();
  const revoked = new Set<string>();
  const fetchHandler = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (path === '/camara/token') camaraTokens += 1;
    if (path.startsWith('/ACCESS_TOKEN')) {
      tokens += 1;
      if (delayMs > 0) await sleep(delayMs);
      const res = await app.fetch(req);
      const body = (await res.clone().json()) as { access_token?: string };
      if (body.access_token) issued.add(body.access_token);
      return res;
    }
    if (path.startsWith('/IDMOBILE')) {
      matches += 1;
      const params = new URLSearchParams(await req.clone().text());
      if (revoked.has(params.get('token') ?? '')) {
        return Response.json({ status: 'error', error_type: 'Invalid or expired token', error_id: '30' });
      }
    }
    return app.fetch(req);
  };
  const port = await freePort();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: fetchHandler, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    tokenRequests: () => tokens,
    camaraTokenRequests: () => camaraTokens,
    matchRequests: () => matches,
    revokeIssuedTokens: () => issued.forEach((t) => revoked.add(t)),
    setTokenDelay: (ms) => void (delayMs = ms),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Relay {
  port: number;
  url: string;
  proc: Proc;
  /** Log lines (JSON) written so far. */
  logs(): Array<Record<string, unknown>>;
}

/** A relay process (`npm run relay`'s entry) with this environment; resolves once `/health` answers. */
export async function startRelay(env: Record<string, string>): Promise<Relay> {
  const port = await freePort();
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DQE_|RELAY_|CAMARA_|ATTESTATION_|PORT$|HOST$|NODE_ENV$)/.test(k)),
  );
  const proc = launch(process.execPath, ['--import', 'tsx', 'src/relay/node.ts'], {
    ...clean,
    HOST: '127.0.0.1',
    PORT: String(port),
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `relay on ${port}`,
    async () => {
      if (!proc.alive()) throw new Error(`relay exited: ${proc.output()}`);
      return (await fetch(`${url}/health`)).ok;
    },
    30_000,
  );
  return {
    port,
    url,
    proc,
    logs: () =>
      proc
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return {};
          }
        }),
  };
}

export interface Balancer {
  port: number;
  url: string;
  proc: Proc;
  stop(): Promise<void>;
}

/**
 * HAProxy in front of `backends`, round robin, adding `X-Forwarded-For` (the relays trust it with
 * `RELAY_TRUST_PROXY=1`); one connection per request so that the rotation is exact.
 */
export async function startHaproxy(backends: number[]): Promise<Balancer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'idmobile-haproxy-'));
  const config = [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  option http-server-close',
    '  option forwardfor',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    'frontend relays',
    `  bind 127.0.0.1:${port}`,
    '  default_backend fleet',
    'backend fleet',
    '  balance roundrobin',
    ...backends.map((p, i) => `  server relay${i + 1} 127.0.0.1:${p}`),
    '',
  ].join('\n');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const proc = launch(HAPROXY!, ['-db', '-f', file]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('haproxy', async () => {
    if (!proc.alive()) throw new Error(`haproxy exited: ${proc.output()}`);
    return (await fetch(`${url}/health`)).ok;
  });
  return {
    port,
    url,
    proc,
    stop: async () => {
      await kill(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/**
 * One HTTP request from a chosen loopback address (`127.0.0.x`: a distinct client for the per-client limit, as
 * the balancer sees it), a fresh connection each time; JSON in and out. Bounded by `timeoutMs`.
 */
export function call(
  url: string,
  options: {
    method?: string;
    body?: unknown;
    from?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: {
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
