/**
 * The disclosure policy (`RELAY_DISCLOSE`): typing a stranger's number reveals nothing but the names' result to
 * the browser, while the attestation keeps every score for the merchant's backend.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { FIELD_PATHS, type FieldPath } from '../../../src/protocol/fields.js';
import { DEFAULT_THRESHOLDS, type Scores } from '../../../src/protocol/scores.js';
import { ConfigError, loadConfig } from '../../../src/relay/config.js';
import { disclose, namesAtLeast } from '../../../src/relay/disclosure.js';
import { verifyAttestation } from '../../../src/relay/trust/verify.js';
import {
  ATTESTATION_SECRET,
  CAMILLE_SCORES,
  CAMILLE_SCORES_REBUILT,
  harness,
  ORDER,
  wrapped,
} from './fake-upstream.js';
import { WITHHELD_FROM_A_STRANGER as NOT_NAMES } from '../../fixtures/contract-example.js';

const scores = (given: number | null, family: number | null, rest: number | null = 1): Scores => ({
  gender: rest,
  given_name: given,
  family_name: family,
  birthdate: rest,
  email: rest,
  address: { street_address: rest, postal_code: rest, locality: rest, country: rest },
});

const T = DEFAULT_THRESHOLDS; // partial 0.6, match 0.9
const NAMES: FieldPath[] = ['given_name', 'family_name'];

test.describe('disclose (pure)', () => {
  const table: Array<[string, Scores, boolean]> = [
    ['both names match', scores(1, 1), true],
    ['both names exactly at the partial threshold', scores(0.6, 0.6), true],
    ['given name just below partial', scores(0.59, 1), false],
    ['family name just below partial', scores(1, 0.59), false],
    ['both names mismatch', scores(0.1, 0.2), false],
    ['given name not compared', scores(null, 1), false],
    ['no name compared', scores(null, null), false],
  ];
  for (const [name, s, shown] of table) {
    test(`on-name-match, ${name}: ${shown ? 'every score shown' : 'all but the names withheld'}`, () => {
      const d = disclose(s, 'on-name-match', T, NAMES);
      expect(namesAtLeast(s, T, 'partial')).toBe(shown);
      if (shown) {
        expect(d.withheld).toEqual([]);
        expect(d.shown).toEqual(s);
      } else {
        expect(d.withheld).toEqual(NOT_NAMES);
        expect(d.shown).toEqual({ ...scores(s.given_name, s.family_name, null) });
      }
    });
    test(`all, ${name}: every score shown`, () => {
      const d = disclose(s, 'all', T, NAMES);
      expect(d.withheld).toEqual([]);
      expect(d.shown).toEqual(s);
    });
  }

  test('the input is not modified', () => {
    const s = scores(0.1, 0.1);
    const copy = structuredClone(s);
    disclose(s, 'on-name-match', T, NAMES);
    expect(s).toEqual(copy);
  });

  const verdicts: Array<[string, Scores, FieldPath[], string]> = [
    ['names match, default policy', scores(1, 1), NAMES, 'verified'],
    ['a name mismatches', scores(0.1, 1), NAMES, 'rejected'],
    // without the policy the birth date's mismatch would make it `rejected`, which says the birth date is wrong
    ['no name sent, birth date required and wrong', scores(null, null, 0), [...NAMES, 'birthdate'], 'inconclusive'],
    ['no name sent, birth date required and right', scores(null, null, 1), [...NAMES, 'birthdate'], 'inconclusive'],
    // a policy that does not require the names still cannot verify a stranger's line through a withheld field
    ['names wrong, only the birth date required', scores(0.1, 0.1, 1), ['birthdate'], 'inconclusive'],
    ['names right, only the birth date required', scores(1, 1, 1), ['birthdate'], 'verified'],
  ];
  for (const [name, s, required, verdict] of verdicts) {
    test(`verdict: ${name} -> ${verdict}`, () => {
      expect(disclose(s, 'on-name-match', T, required).verdict).toBe(verdict);
    });
  }

  test('property: while the names do not match, nothing the browser gets depends on the other fields', () => {
    const score = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });
    const others = fc.record({
      gender: score,
      birthdate: score,
      email: score,
      address: fc.record({ street_address: score, postal_code: score, locality: score, country: score }),
    });
    const names = fc
      .record({ given_name: score, family_name: score })
      .filter((n) => !(n.given_name !== null && n.given_name >= 0.6 && n.family_name !== null && n.family_name >= 0.6));
    const required = fc.subarray([...FIELD_PATHS]);
    fc.assert(
      fc.property(names, others, others, required, (n, a, b, req) => {
        const x = disclose({ ...n, ...a }, 'on-name-match', T, req);
        const y = disclose({ ...n, ...b }, 'on-name-match', T, req);
        expect(x).toEqual(y);
      }),
    );
  });
});

test.describe('bands (pure): scores reduced to their band, others only when both names are in the match band', () => {
  test('names in the match band: every field as a band (1, the partial threshold, 0), bands given', () => {
    const s: Scores = { ...scores(0.95, 0.91, 1), email: 0.7, birthdate: 0.2, gender: null };
    const d = disclose(s, 'bands', T, NAMES);
    expect(d.disclosure).toBe('bands');
    expect(d.withheld).toEqual([]);
    expect(d.shown).toEqual({ ...scores(1, 1, 1), email: 0.6, birthdate: 0, gender: null });
    expect(d.bands).toMatchObject({
      given_name: 'match',
      email: 'partial',
      birthdate: 'mismatch',
      gender: 'unverified',
    });
    expect(d.verdict).toBe('verified');
  });

  test('a name only partial: the names as bands, every other field withheld (on-name-match would show them)', () => {
    const s = scores(0.95, 0.7, 1);
    const d = disclose(s, 'bands', T, NAMES);
    expect(d.withheld).toEqual(NOT_NAMES);
    expect(d.shown).toEqual(scores(1, 0.6, null));
    expect(d.bands).toMatchObject({ given_name: 'match', family_name: 'partial', email: 'withheld' });
    expect(d.verdict).toBe('inconclusive');
    expect(disclose(s, 'on-name-match', T, NAMES).withheld).toEqual([]);
  });

  test('property: a bands answer never carries a score other than 0, the partial threshold or 1', () => {
    const score = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(score, score, score, (g, f, o) => {
        const d = disclose(scores(g, f, o), 'bands', T, NAMES);
        for (const p of FIELD_PATHS) {
          const v = p.startsWith('address.') ? d.shown.address[p.slice(8) as 'locality'] : d.shown[p as 'email'];
          expect([null, 0, T.partial, 1]).toContain(v);
        }
      }),
      { seed: 23, numRuns: 200 },
    );
  });
});

test.describe('the relay answers', () => {
  /** Camille's scores as DQE answers them for someone else typing Camille's number. */
  const STRANGER = { ...CAMILLE_SCORES, given_name: 0.2, family_name: '0.1' };

  test('by default (bands): a stranger learns the names’ bands only, no percentage', async () => {
    const h = harness();
    h.upstream.script.IDMOBILE.push({ json: { ...CAMILLE_SCORES, given_name: 0.75, family_name: '0.1' } });
    const { attestation, ...browser } = (await (await h.match()).json()) as Record<string, unknown>;
    expect(browser).toEqual({
      gender: '',
      given_name: 0.6, // partial: the partial threshold, not how near 0.75 is
      family_name: 0,
      birthdate: '',
      email: '',
      address: { street_address: '', postal_code: '', locality: '', country: '' },
      verdict: 'rejected',
      disclosure: 'bands',
      bands: {
        gender: 'withheld',
        given_name: 'partial',
        family_name: 'mismatch',
        birthdate: 'withheld',
        email: 'withheld',
        address: { street_address: 'withheld', postal_code: 'withheld', locality: 'withheld', country: 'withheld' },
      },
      withheld: NOT_NAMES,
    });
    const claims = await verifyAttestation(attestation, ATTESTATION_SECRET, ORDER);
    expect(claims).toMatchObject({ success: true, scores: { given_name: 0.75, family_name: 0.1 } });
  });

  test('on-name-match (v2): a stranger on a line gets the names only, the attestation every score', async () => {
    const h = harness({ policy: { disclose: 'on-name-match' } });
    h.upstream.script.IDMOBILE.push({ json: STRANGER });
    const body = (await (await h.match()).json()) as Record<string, unknown>;
    const { attestation, ...browser } = body;
    expect(browser).toEqual({
      gender: '',
      given_name: 0.2,
      family_name: 0.1,
      birthdate: '',
      email: '',
      address: { street_address: '', postal_code: '', locality: '', country: '' },
      verdict: 'rejected',
      disclosure: 'scores',
      withheld: NOT_NAMES,
    });
    const claims = await verifyAttestation(attestation, ATTESTATION_SECRET, ORDER);
    if (!claims.success) throw new Error(`refused: ${claims.error_codes.join()}`);
    expect(claims.verdict).toBe('rejected');
    expect(claims.scores).toEqual({
      gender: null,
      given_name: 0.2,
      family_name: 0.1,
      birthdate: 1,
      email: 0.5,
      address: { street_address: 0.91, postal_code: 1, locality: 1, country: 1 },
    });
  });

  test('on-name-match: the subscriber gets every score, no withheld key', async () => {
    const body = (await (await harness({ policy: { disclose: 'on-name-match' } }).match()).json()) as Record<
      string,
      unknown
    >;
    expect(body).not.toHaveProperty('withheld');
    expect(body).toMatchObject({ ...CAMILLE_SCORES_REBUILT, verdict: 'verified' });
  });

  test("RELAY_DISCLOSE=all: a stranger's answer shows every score", async () => {
    const h = harness({ policy: { disclose: 'all' } });
    h.upstream.script.IDMOBILE.push({ json: STRANGER });
    const body = (await (await h.match()).json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('withheld');
    expect(body).toMatchObject({ birthdate: 1, email: 0.5, address: { street_address: 0.91 } });
  });

  test('RELAY_DISCLOSE=bands: the subscriber gets bands, no percentage; the sealed claim keeps every score', async () => {
    const h = harness({ policy: { disclose: 'bands' } });
    const body = (await (await h.match()).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      given_name: 1,
      family_name: 1,
      email: 0,
      disclosure: 'bands',
      bands: { given_name: 'match', email: 'mismatch', gender: 'unverified', address: { street_address: 'match' } },
      verdict: 'verified',
    });
    const claims = await verifyAttestation(body['attestation'], ATTESTATION_SECRET, ORDER);
    expect(claims).toMatchObject({ success: true, scores: { given_name: 0.95, email: 0.5 } });
  });

  test('the consent path (/result) withholds the same way', async () => {
    const h = harness();
    h.upstream.script.GET.push({ json: wrapped(STRANGER) });
    const body = (await (await h.result('sess-1')).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ birthdate: '', email: '', withheld: NOT_NAMES, verdict: 'rejected' });
    const claims = await verifyAttestation(body['attestation'], ATTESTATION_SECRET, ORDER);
    expect(claims).toMatchObject({ success: true, scores: { birthdate: 1, email: 0.5 } });
  });
});

test.describe('RELAY_DISCLOSE configuration', () => {
  test('default bands (v3); on-name-match and all accepted; spaces trimmed', () => {
    expect(loadConfig({}).policy.disclose).toBe('bands');
    expect(loadConfig({ RELAY_DISCLOSE: ' all ' }).policy.disclose).toBe('all');
    expect(loadConfig({ RELAY_DISCLOSE: 'on-name-match' }).policy.disclose).toBe('on-name-match');
  });

  for (const bad of ['ALL', 'none', 'on_name_match', 'all,on-name-match']) {
    test(`${JSON.stringify(bad)} is refused with the accepted values`, () => {
      expect(() => loadConfig({ RELAY_DISCLOSE: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ RELAY_DISCLOSE: bad })).toThrow(
        'RELAY_DISCLOSE: must be bands or on-name-match or all',
      );
    });
  }
});
