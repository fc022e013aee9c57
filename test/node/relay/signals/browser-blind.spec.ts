/**
 * The browser learns nothing about signals (DESIGN "Signals beyond the match"): for a line whose SIM was swapped
 * and one whose SIM was not, same scores otherwise, the browser's answer and the attestation's clear claims are
 * the same apart from per-check randomness (`jti`, the salted digests, `iat`/`exp`, the sealed ciphertext), and
 * `sealed` has the same length; only `/verify` tells them apart. Against a stand-in of DQE (fixtures), for each
 * disclosure policy.
 */
import { expect, test } from '@playwright/test';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import { setupDqe } from '../../upstreams/dqe/setup.js';
import * as F from '../../upstreams/fixtures/dqe.js';
import * as S from '../../upstreams/fixtures/sim-swap.js';
import { claimsOf, type Recorded } from '../../upstreams/stand-in.js';
import type { DisclosurePolicy } from '../../../../src/relay/disclosure.js';

const scopeOf = (r: Recorded) => new URLSearchParams(r.body).get('scope');

/** The payload of a compact JWS, decoded as anyone holding it can. */
function payloadOf(jws: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** What differs between any two checks of the same request: removed before comparing. */
function withoutRandomness(claims: Record<string, unknown>) {
  const { jti, iat, exp, phone, identity, sealed, ...rest } = claims;
  return {
    ...rest,
    jti: typeof jti,
    iat: typeof iat,
    exp: typeof exp,
    phone: typeof phone,
    identity: Object.keys(identity as object).sort(),
    sealed: (sealed as string).length,
  };
}

async function checkWith(simSwap: object, disclose: DisclosurePolicy) {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } }, { policy: { disclose } });
  s.dqe.on('/IDMOBILE/', (r) => ({ json: scopeOf(r) === 'simswap' ? simSwap : F.MATCH_SCORES_EXAMPLE }));
  const answer = await s.relay.match(CONTRACT_MATCH_REQUEST);
  expect(answer.status).toBe(200);
  const { attestation, ...browser } = answer.json;
  return { browser, attestation: attestation as string };
}

for (const disclose of ['bands', 'on-name-match', 'all'] as const) {
  test(`RELAY_DISCLOSE=${disclose}: a swapped line's answer and attestation read like a not-swapped one's`, async () => {
    const swapped = await checkWith(S.DQE_SWAPPED, disclose);
    const clean = await checkWith(S.DQE_NOT_SWAPPED, disclose);
    const unknown = await checkWith(S.DQE_ERROR_17, disclose);

    // the browser's answer, every key and value (the public verdict included)
    expect(swapped.browser).toEqual(clean.browser);
    expect(unknown.browser).toEqual(clean.browser);
    expect(swapped.browser['verdict']).toBe('verified');
    expect(JSON.stringify(swapped.browser)).not.toMatch(/sim|swap|signal|reason/i);

    // the attestation as a browser decodes it: same claims apart from per-check randomness, same lengths
    const [a, b, c] = [swapped, clean, unknown].map((x) => payloadOf(x.attestation));
    expect(withoutRandomness(a!)).toEqual(withoutRandomness(b!));
    expect(withoutRandomness(c!)).toEqual(withoutRandomness(b!));
    expect(Object.keys(a!).sort()).toEqual(Object.keys(b!).sort());
    // no key, and no clear value, speaks of signals (the ciphertext and the digests are random base64url)
    expect(JSON.stringify(withoutRandomness(a!))).not.toMatch(/sim|swap|signal|reason/i);
    expect(swapped.attestation.length).toBe(clean.attestation.length);

    // only the merchant's verifier, opening the sealed part, tells them apart
    expect((await claimsOf(swapped.attestation)).verdict).toBe('inconclusive');
    expect((await claimsOf(clean.attestation)).verdict).toBe('verified');
    expect((await claimsOf(unknown.attestation)).reasons).toContain('sim_swap_unknown');
  });
}
