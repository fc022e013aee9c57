// @ts-check
// CPU per check of the attestation, v3 against v2, in process: what the relay adds to every `/match` (sign) and
// what the merchant's backend spends on every order (verify). v3 signs 10 digests salted with `jti` and the path,
// seals every score in a constant-length JWE and signs; v2 signed 10 unsalted digests and the claims. Both are
// run with the relay's own code (v2 signing rebuilt from the same primitives, as 0.1 shipped it) on Node's
// synchronous crypto path, then verified by `verifyAttestation` (which reads both).
//
// Run by bench/run.mjs as a child (`node --import tsx bench/attestation.mjs`): the relay's sources are TypeScript.
import { median } from './lib.mjs';
import { CONTRACT_MATCH_REQUEST } from '../test/fixtures/contract-example.js';
import { CAMILLE_SCORES_SEALED as SCORES } from '../test/node/relay/fake-upstream.js';

/** The contract's example check (its scores: every score, `null` not compared). */
const IDENTITY = CONTRACT_MATCH_REQUEST.identity;

const SECRET = 'bench-attestation-secret-0123456789abcdef';
/** Median µs per call of `fn` over `n` calls after `warm` unmeasured ones. @param {() => Promise<unknown>} fn */
async function perCall(fn, /** @type {number} */ n, warm = 200) {
  for (let i = 0; i < warm; i++) await fn();
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = process.cpuUsage();
    await fn();
    const d = process.cpuUsage(t);
    times.push(d.user + d.system);
  }
  return Math.round(median(times) * 10) / 10;
}

export async function measureAttestation(n = 2000) {
  const { signAttestation, ATTESTATION_TYP } = await import('../src/relay/trust/attestation.js');
  const { verifyAttestation } = await import('../src/relay/trust/verify.js');
  const { bindAll, digesterV2, foldIdentity } = await import('../src/relay/trust/binding.js');
  const { signHs256 } = await import('../src/relay/trust/fast-crypto.js');
  const { trustKeys } = await import('../src/relay/trust/keys.js');
  const keys = await trustKeys(SECRET);
  const folded = foldIdentity(IDENTITY);
  const phone = '+33612345678';

  const signV3 = () =>
    signAttestation(
      {
        issuer: 'idmobile-relay',
        mode: 'dqe',
        path: 'direct',
        ref: 'order-1234',
        phone,
        identity: folded,
        shown: SCORES,
        withheld: [],
        verdict: 'verified',
        sealed: {
          scores: SCORES,
          thresholds: { match: 0.9, partial: 0.6 },
          required: ['given_name', 'family_name'],
          final_verdict: 'verified',
          signals: {},
          reasons: ['names_match'],
        },
      },
      SECRET,
    );
  const signV2 = async () => {
    const bound = await bindAll(digesterV2(keys.bindingV2), phone, folded);
    const iat = Math.floor(Date.now() / 1000);
    const claims = { v: 2, mode: 'dqe', ref: 'order-1234', ...bound, scores: SCORES, verdict: 'verified' };
    return signHs256(
      { typ: ATTESTATION_TYP },
      { ...claims, iat, exp: iat + 900, jti: crypto.randomUUID() },
      keys.attestation,
    );
  };
  const order = { phone, identity: IDENTITY, reference: 'order-1234', replay: /** @type {const} */ (false) };
  const v3 = await signV3();
  const v2 = await signV2();
  for (const [name, token] of [
    ['v3', v3],
    ['v2', v2],
  ]) {
    const r = await verifyAttestation(token, SECRET, order);
    if (!r.success) throw new Error(`${name} attestation does not verify: ${r.error_codes.join()}`);
  }
  return {
    n,
    signUs: { v3: await perCall(signV3, n), v2: await perCall(signV2, n) },
    verifyUs: {
      v3: await perCall(() => verifyAttestation(v3, SECRET, order), n),
      v2: await perCall(() => verifyAttestation(v2, SECRET, order), n),
    },
    tokenLength: { v3: v3.length, v2: v2.length },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await measureAttestation(Number(process.argv[2] ?? 2000)))}\n`);
}
