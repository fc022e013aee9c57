// A misbehaving relay for test/widget/faults.test.ts: Web Test Runner middleware (Koa) that answers only
// `POST /fault/<kind>/<session>/match`, plus `POST /fault/<kind>/<session>/heal` to switch that session's fault
// off (the relay comes back: the next /match answers scores). Kinds:
//   down       the relay is down: `GET /fault/down/port` gives a loopback port where nothing listens; healing
//              starts a relay stand-in on that very port (with CORS) that answers scores
//   html500    500 with an HTML body
//   truncated  200, a content-length larger than the body, then the connection is destroyed mid-body
//   cutjson    200, a complete response whose JSON is cut short
//   endless    200, headers and the start of a body, then silence (never ends; closed when the client gives up)
//   slow       the complete answer after 3 s (beyond the element's `timeout`)
//   r429       429 with the relay's error shape and Retry-After
//   none       always answers scores
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';

const SCORES = JSON.stringify({
  family_name: 1,
  given_name: 1,
  gender: '',
  birthdate: '',
  email: '',
  address: { street_address: '', postal_code: '', locality: '', country: '' },
  attestation: 'fault.relay.attestation',
});

const healed = new Set();
/** Sockets and timers left open by `endless`/`slow`, closed when the client goes away. */
function onClientGone(ctx, fn) {
  ctx.req.on('close', fn);
  ctx.res.on('close', fn);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function faultRelay() {
  let downPort = null;
  let standIn = null;
  const startStandIn = () =>
    new Promise((resolve, reject) => {
      if (standIn) return resolve();
      standIn = createServer((req, res) => {
        const cors = {
          'access-control-allow-origin': req.headers.origin ?? '*',
          'access-control-allow-headers': 'content-type',
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-private-network': 'true',
        };
        if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
        req.resume();
        res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(SCORES);
      });
      standIn.once('error', reject);
      standIn.listen(downPort, '127.0.0.1', () => resolve());
    });
  const stopStandIn = () =>
    new Promise((resolve) => {
      if (!standIn) return resolve();
      standIn.closeAllConnections?.();
      standIn.close(() => resolve());
      standIn = null;
    });

  return async function faultMiddleware(ctx, next) {
    const m = /^\/fault\/([a-z0-9]+)\/([\w-]+)(?:\/(match|heal|break))?$/.exec(ctx.path);
    if (!m) return next();
    const [, kind, session, action] = m;
    ctx.set('cache-control', 'no-store');
    if (kind === 'down' && session === 'port') {
      downPort ??= await freePort();
      ctx.body = { port: downPort };
      return;
    }
    if (ctx.method !== 'POST' || !action) {
      ctx.status = 404;
      return;
    }
    const key = `${kind}/${session}`;
    if (action === 'heal') {
      healed.add(key);
      if (kind === 'down') await startStandIn();
      ctx.status = 204;
      return;
    }
    if (action === 'break') {
      healed.delete(key);
      if (kind === 'down') await stopStandIn();
      ctx.status = 204;
      return;
    }
    // action === 'match'
    if (kind === 'none' || healed.has(key)) {
      ctx.type = 'application/json';
      ctx.body = SCORES;
      return;
    }
    const res = ctx.res;
    switch (kind) {
      case 'html500':
        ctx.status = 500;
        ctx.type = 'text/html';
        ctx.body =
          '<!doctype html><html><body><h1>500 Internal Server Error</h1><pre>at Object.<anonymous> (/srv/relay.js:1:1)</pre></body></html>';
        return;
      case 'cutjson':
        ctx.type = 'application/json';
        ctx.body = SCORES.slice(0, 40);
        return;
      case 'r429':
        ctx.status = 429;
        ctx.set('retry-after', '1');
        ctx.body = { status: 'error', error_id: 'R429', error_type: 'too many requests' };
        return;
      case 'truncated':
        ctx.respond = false;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(SCORES.length) });
        res.write(SCORES.slice(0, 30));
        setTimeout(() => res.destroy(), 50);
        return;
      case 'endless': {
        ctx.respond = false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"family_name":');
        const keepAlive = setInterval(() => {}, 1000);
        onClientGone(ctx, () => {
          clearInterval(keepAlive);
          res.destroy();
        });
        return;
      }
      case 'slow': {
        ctx.respond = false;
        ctx.status = 200; // headers are written later; keeps the runner's 404 report quiet
        const t = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(SCORES), 3000);
        onClientGone(ctx, () => clearTimeout(t));
        return;
      }
      default:
        ctx.status = 404;
    }
  };
}
