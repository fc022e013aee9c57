/** `npm run simulator`: the standalone server on `PORT`. */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parsePort, startSimulatorServer } from '../../../src/testmode/node.js';
import { errorText, form } from './helpers.js';

test('parsePort: default 8788, integers only', () => {
  expect(parsePort(undefined)).toBe(8788);
  expect(parsePort('')).toBe(8788);
  expect(parsePort('9000')).toBe(9000);
  expect(() => parsePort('80a')).toThrow(/PORT/);
  expect(() => parsePort('70000')).toThrow(/PORT/);
});

test('startSimulatorServer serves DQE answers over real HTTP', async () => {
  const { server, port } = await startSimulatorServer(0, {}, '127.0.0.1');
  try {
    const res = await fetch(
      `http://127.0.0.1:${port}/ACCESS_TOKEN/`,
      form({ licence: 'demo', client_secret: 'nope', grant_type: 'client_idmobile' }),
    );
    // DQE's token pages answer refusals with HTTP 400
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(errorText('03'));
  } finally {
    server.close();
  }
});

test('the script listens on PORT, says where, and answers the index page', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/testmode/node.ts'], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/localhost:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const res = await fetch(url.replace('localhost', '127.0.0.1'));
    expect(await res.text()).toContain('+33756123456');
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
});

test('the script refuses a bad PORT with a clear message', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/testmode/node.ts'], {
    env: { ...process.env, PORT: 'eighty' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(1);
  expect(err).toContain('PORT must be an integer');
});
