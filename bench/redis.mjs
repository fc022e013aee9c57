// @ts-check
// A redis-server for the bench: 127.0.0.1, a free port, no persistence, a temporary directory; null (with the
// reason) when Debian's redis-server is not installed. Stopped by the caller (SIGKILL, directory removed).
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(address.port));
    });
  });
}

function ping(/** @type {number} */ port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** @returns {Promise<{ url: string, stop: () => Promise<void> } | { missing: string }>} */
export async function startBenchRedis() {
  const binary = CANDIDATES.find((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!binary) return { missing: 'redis-server not installed (apt-get install -y redis-server): Redis rows not run' };
  const port = /** @type {number} */ (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'idmobile-bench-redis-'));
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (Date.now() > until) {
      await stop();
      return { missing: 'redis-server did not answer within 10 s: Redis rows not run' };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
