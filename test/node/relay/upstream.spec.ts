import { expect, test } from '@playwright/test';
import { DQE_ERROR_IDS, dqeErrorType } from '../../../src/protocol/errors.js';
import { errorTypeFor } from '../../../src/relay/error-types.js';
import { verifyAttestation } from '../../../src/relay/trust/verify.js';
import {
  ATTESTATION_SECRET,
  CAMILLE_SCORES,
  CAMILLE_SCORES_REBUILT,
  CAMILLE_SCORES_SEALED,
  CHECK_NONCE,
  LICENCE,
  MATCH_BODY,
  ORDER,
  harness,
  wrapped,
  type Behaviour,
} from './fake-upstream.js';
import { JEAN_PIERRE_LINE } from '../../fixtures/subscribers.js';

test.describe('DQE answers are rebuilt from their parsed shape', () => {
  for (const id of DQE_ERROR_IDS.filter((i) => i !== '30')) {
    for (const status of [200, 400]) {
      test(`error ${id} on HTTP ${status}: its id with the relay's own text, 200`, async () => {
        const h = harness();
        const body = { status: 'error', error_type: dqeErrorType(id, 'SFR'), error_id: id };
        h.upstream.script.IDMOBILE.push({ json: body, status });
        const res = await h.match();
        expect(res.status).toBe(200);
        const text = await res.text();
        expect(JSON.parse(text)).toEqual({ status: 'error', error_id: id, error_type: errorTypeFor(id) });
        expect(text).not.toContain('SFR'); // the operator's name is the upstream's, never in the answer
        expect(h.upstream.count('IDMOBILE')).toBe(1);
      });
    }
  }

  test('numeric error_id is normalised to the two-digit id', async () => {
    const h = harness();
    h.upstream.script.IDMOBILE.push({ json: { status: 'error', error_id: 7, error_type: 'x' } });
    expect(await (await h.match()).json()).toEqual({ status: 'error', error_id: '07', error_type: errorTypeFor('07') });
  });

  test("the upstream's free text never reaches the browser: it is logged, redacted", async () => {
    const h = harness();
    const leaky = `operator [Orange] not found (licence ${LICENCE}, trace ref-5f1e)`;
    h.upstream.script.IDMOBILE.push({ json: { status: 'error', error_id: '13', error_type: leaky } });
    const text = await (await h.match()).text();
    expect(JSON.parse(text)).toEqual({ status: 'error', error_id: '13', error_type: 'operator not found' });
    for (const part of ['Orange', LICENCE, 'ref-5f1e']) expect(text).not.toContain(part);
    const logged = JSON.stringify(h.logs);
    expect(logged).toContain('ref-5f1e'); // the operator's text is kept for the merchant to read…
    expect(logged).not.toContain(LICENCE); // …without the configured secrets
  });

  test('consent shape verbatim', async () => {
    const h = harness();
    const body = { status: 'success', operator: 'Orange', url: 'https://operator.example/consent?s=1' };
    h.upstream.script.IDMOBILE.push({ json: body });
    const res = await h.match();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(body);
  });

  test('scores rebuilt, with the verdict and a verifiable attestation bound to the phone', async () => {
    const h = harness({ policy: { disclose: 'on-name-match' } }); // the scores themselves, not their bands
    const res = await h.match();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const { attestation, ...rest } = body;
    expect(rest).toEqual({ ...CAMILLE_SCORES_REBUILT, verdict: 'verified', disclosure: 'scores' });
    const claims = await verifyAttestation(attestation, ATTESTATION_SECRET, ORDER);
    expect(claims).toMatchObject({ success: true, path: 'direct', checked: expect.arrayContaining(['phone']) });
    if (!claims.success) throw new Error('refused');
    expect(claims.scores).toEqual(CAMILLE_SCORES_SEALED);
    expect(claims.verdict).toBe('verified');
  });

  test('an attestation key sent by the upstream is overwritten, never trusted', async () => {
    const h = harness();
    h.upstream.script.IDMOBILE.push({ json: { ...CAMILLE_SCORES, attestation: 'forged.by.upstream' } });
    const body = (await (await h.match()).json()) as { attestation: string };
    expect(body.attestation).not.toBe('forged.by.upstream');
    expect((await verifyAttestation(body.attestation, ATTESTATION_SECRET, ORDER)).success).toBe(true);
  });

  const policies: Array<[string, Parameters<typeof harness>[0], string]> = [
    ['default policy', {}, 'verified'],
    ['email required (0.5 is mismatch)', { policy: { required: ['email'] } }, 'rejected'],
    ['gender required (not compared)', { policy: { required: ['gender'] } }, 'inconclusive'],
    ['stricter match threshold', { policy: { thresholds: { match: 0.99 } } }, 'inconclusive'],
    ['address required', { policy: { required: ['address'] } }, 'verified'],
  ];
  for (const [name, options, verdict] of policies) {
    test(`attestation verdict follows the server policy: ${name}`, async () => {
      const h = harness(options);
      const body = (await (await h.match()).json()) as { attestation: string };
      expect(await verifyAttestation(body.attestation, ATTESTATION_SECRET, ORDER)).toMatchObject({
        success: true,
        verdict,
      });
    });
  }
});

test.describe('the request sent to DQE', () => {
  test('form fields and user_infos', async () => {
    const h = harness();
    await h.match();
    const call = h.upstream.calls.find((c) => c.endpoint === 'IDMOBILE')!;
    const p = Object.fromEntries(call.params);
    expect(call.method).toBe('POST');
    expect(call.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    expect(p).toMatchObject({
      licence: LICENCE,
      token: h.upstream.issued[0],
      number: '+33612345678',
      mode: '2',
      name: 'Shop',
      scope: 'matching_notp',
    });
    // the return URL, normalised, with the relay's sealed state appended (trust contract)
    expect(p['redirect_uri']).toMatch(/^https:\/\/shop\.example\/checkout\?idmobile_return=1&idmobile_state=[\w.-]+$/);
    // the check's nonce, which DQE's retrieval answer must echo (consent path binding)
    expect(p['code_name']).toMatch(/^[0-9a-f]{32}$/);
    expect(p['country']).toBeUndefined();
    expect(JSON.parse(p['user_infos']!)).toEqual({
      street_address: 'rue de la Paix',
      number: '12',
      postal_code: '75002',
      locality: 'Paris',
      country: 'France',
      birthdate: '1990-04-12',
      email: 'camille.martin@example.fr',
      lastname: 'Martin',
      maiden_name: '',
      gender: 'F',
      firstname: 'Camille',
      phone: '+33612345678',
    });
    const token = h.upstream.calls.find((c) => c.endpoint === 'ACCESS_TOKEN')!;
    expect(Object.fromEntries(token.params)).toEqual({
      licence: LICENCE,
      client_secret: expect.any(String),
      grant_type: 'client_idmobile',
    });
  });

  test('omitted identity fields are empty strings; no redirect_uri without return_url; country for a foreign number', async () => {
    const h = harness();
    await h.match({ scope: 'matching_notp', phone: '+32470123456', identity: { family_name: 'Peeters' }, v: 3 });
    const p = Object.fromEntries(h.upstream.calls.find((c) => c.endpoint === 'IDMOBILE')!.params);
    expect(p['redirect_uri']).toBeUndefined();
    expect(p['code_name']).toBeUndefined(); // no consent to bind without a way back
    expect(p['country']).toBe('BE');
    const infos = JSON.parse(p['user_infos']!) as Record<string, string>;
    expect(Object.keys(infos).sort()).toEqual([
      'birthdate',
      'country',
      'email',
      'firstname',
      'gender',
      'lastname',
      'locality',
      'maiden_name',
      'number',
      'phone',
      'postal_code',
      'street_address',
    ]);
    expect(infos['lastname']).toBe('Peeters');
    expect(infos['phone']).toBe('+32470123456');
    expect(
      Object.entries(infos)
        .filter(([k]) => k !== 'lastname' && k !== 'phone')
        .every(([, v]) => v === ''),
    ).toBe(true);
  });

  test("/result calls GET /GET/ with the session token, Licence (as DQE's retrieval pages write it) and scope", async () => {
    const h = harness();
    await h.result('sess-123');
    const call = h.upstream.calls.find((c) => c.endpoint === 'GET')!;
    expect(call.method).toBe('GET');
    expect(Object.fromEntries(call.params)).toEqual({ token: 'sess-123', Licence: LICENCE, scope: 'matching_notp' });
  });
});

test.describe('tokens', () => {
  test('100 concurrent requests cause one token call', async () => {
    const h = harness();
    h.upstream.tokenDelayMs = 50;
    const answers = await Promise.all(Array.from({ length: 100 }, () => h.match()));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(1);
    expect(h.upstream.count('IDMOBILE')).toBe(100);
  });

  test('the token is cached across requests until shortly before expiry', async () => {
    let clock = 1_000_000;
    const h = harness({ now: () => clock });
    h.upstream.tokenTtlSeconds = 300;
    await h.match();
    clock += 200_000;
    await h.match();
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(1);
    clock += 80_000; // 280 s: inside the 30 s margin
    await h.match();
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(2);
  });

  test('token expired mid-flight (error 30): renewed and the match retried once', async () => {
    const h = harness();
    await h.match();
    h.upstream.expireTokens();
    const res = await h.match();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ family_name: 1.0 });
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(2);
    expect(h.upstream.count('IDMOBILE')).toBe(3);
    const tokens = h.upstream.calls.filter((c) => c.endpoint === 'IDMOBILE').map((c) => c.params.get('token'));
    expect(tokens).toEqual([h.upstream.issued[0], h.upstream.issued[0], h.upstream.issued[1]]);
  });

  test('100 concurrent requests hitting an expired token renew it with one token call', async () => {
    const h = harness();
    await h.match();
    h.upstream.expireTokens();
    h.upstream.tokenDelayMs = 30;
    const answers = await Promise.all(Array.from({ length: 100 }, () => h.match()));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(2);
  });

  test('a second error 30 becomes R502 and drops the cached token', async () => {
    const h = harness();
    const thirty: Behaviour = { json: { status: 'error', error_id: '30', error_type: 'invalid or expired token' } };
    h.upstream.script.IDMOBILE.push(thirty, thirty);
    const res = await h.match();
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ status: 'error', error_id: 'R502', error_type: 'upstream failed' });
    expect(h.upstream.count('IDMOBILE')).toBe(2);
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(2);
    await h.match();
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(3);
  });

  test('a token refusal (error 02) is passed through like any DQE error', async () => {
    const h = harness();
    h.upstream.script.ACCESS_TOKEN.push({
      json: { status: 'error', error_id: '02', error_type: 'invalid licence key' },
    });
    const res = await h.match();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'error', error_id: '02', error_type: errorTypeFor('02') });
    expect(h.upstream.count('IDMOBILE')).toBe(0);
  });

  const badTokens: Array<[string, Behaviour, number]> = [
    ['HTML', { text: '<html>maintenance</html>' }, 502],
    ['no access_token', { json: { token_type: 'Bearer', expires_in: 300 } }, 502],
    ['timeout', { hang: true }, 504],
  ];
  for (const [name, behaviour, status] of badTokens) {
    test(`token endpoint ${name}: R${status}, no match attempted`, async () => {
      const h2 = harnessWithTimeout(150);
      h2.upstream.script.ACCESS_TOKEN.push(behaviour, behaviour);
      const res = await h2.match();
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error_id: string }).error_id).toBe(`R${status}`);
      expect(h2.upstream.count('IDMOBILE')).toBe(0);
    });
  }
});

function harnessWithTimeout(timeoutMs: number, budgetMs?: number) {
  const probe = harness();
  return harness({}, probe.upstream, { timeoutMs, budgetMs });
}

test.describe('upstream failures', () => {
  const cases: Array<[string, Behaviour, string]> = [
    ['HTML with 200', { text: '<!doctype html><p>hello</p>' }, 'R502'],
    ['HTML with 500', { text: '<h1>Internal Server Error</h1>', status: 500 }, 'R502'],
    ['JSON scores with 503', { json: CAMILLE_SCORES, status: 503 }, 'R502'],
    ['truncated JSON', { text: '{"family_name": 1.0, "given_na', contentType: 'application/json' }, 'R502'],
    ['empty body', { text: '' }, 'R502'],
    ['connection reset', { reset: true }, 'R502'],
    ['success without url', { json: { status: 'success' } }, 'R502'],
    ['pending on /match', { json: { status: 'pending' } }, 'R502'],
    ['an array', { json: [1, 2] }, 'R502'],
    ['null', { json: null }, 'R502'],
    ['error with an unusable id', { json: { status: 'error', error_id: { x: 1 } } }, 'R502'],
    ['redirect', { text: '', status: 302, headers: { location: 'https://elsewhere.example/' } }, 'R502'],
    [
      'oversized answer',
      { text: JSON.stringify({ ...CAMILLE_SCORES, pad: 'x'.repeat(70_000) }), contentType: 'application/json' },
      'R502',
    ],
    [
      'oversized streamed answer',
      { stream: ['{"pad":"', ...Array.from({ length: 80 }, () => 'x'.repeat(1024)), '"}'] },
      'R502',
    ],
    ['no answer in time', { hang: true }, 'R504'],
    ['answer slower than the limit', { delayMs: 400, then: { json: CAMILLE_SCORES } }, 'R504'],
    ['body stalls midway', { stream: ['{"family_name":', '1', '}'], intervalMs: 300 }, 'R504'],
  ];
  for (const [name, behaviour, id] of cases) {
    test(`${name}: ${id}, /IDMOBILE/ never retried`, async () => {
      const h = harnessWithTimeout(200);
      h.upstream.script.IDMOBILE.push(behaviour, behaviour);
      const res = await h.match();
      expect(res.status).toBe(Number(id.slice(1)));
      expect(await res.json()).toEqual({
        status: 'error',
        error_id: id,
        error_type: id === 'R502' ? 'upstream failed' : 'upstream timeout',
      });
      expect(h.upstream.count('IDMOBILE')).toBe(1);
    });
  }

  test('the time budget bounds token call + match together', async () => {
    const h = harnessWithTimeout(1000, 300);
    h.upstream.tokenDelayMs = 200;
    h.upstream.script.IDMOBILE.push({ delayMs: 250, then: { json: CAMILLE_SCORES } });
    const started = Date.now();
    const res = await h.match();
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(900);
  });

  test('/GET/ is idempotent: one retry after a connection reset', async () => {
    const h = harness();
    h.upstream.script.GET.push({ reset: true });
    const res = await h.result('sess-1');
    expect(res.status).toBe(200);
    expect(h.upstream.count('GET')).toBe(2);
  });

  test('/GET/ gives up after a second failure', async () => {
    const h = harness();
    h.upstream.script.GET.push({ text: 'oops', status: 500 }, { reset: true }, { json: CAMILLE_SCORES });
    const res = await h.result('sess-1');
    expect(res.status).toBe(502);
    expect(h.upstream.count('GET')).toBe(2);
  });
});

test.describe('/result', () => {
  test('pending is passed through', async () => {
    const h = harness();
    h.upstream.script.GET.push({ json: { status: 'pending' } });
    const res = await h.result('sess-1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'pending' });
  });

  test("scores get an attestation bound like /match's: the state's phone and identity", async () => {
    const h = harness();
    const body = (await (await h.result('sess-1')).json()) as Record<string, unknown>;
    const verify = (phone: string) => verifyAttestation(body['attestation'], ATTESTATION_SECRET, { ...ORDER, phone });
    expect(await verify(MATCH_BODY.phone)).toMatchObject({ success: true, verdict: 'verified', path: 'consent' });
    expect(await verify(JEAN_PIERRE_LINE.phone)).toEqual({ success: false, error_codes: ['phone_mismatch'] });
  });

  test("the retrieval answer must echo the check's nonce: bare scores or another code_name are R502", async () => {
    const cases: Array<[string, unknown]> = [
      ['bare scores', CAMILLE_SCORES],
      ['another code_name', wrapped(CAMILLE_SCORES, 'ffffffffffffffffffffffffffffffff')],
      ['no code_name', { ...wrapped(CAMILLE_SCORES), code_name: undefined }],
    ];
    for (const [name, json] of cases) {
      const h = harness();
      h.upstream.script.GET.push({ json });
      const res = await h.result('sess-1');
      expect(res.status, name).toBe(502);
      expect(((await res.json()) as { error_id: string }).error_id, name).toBe('R502');
      expect(
        h.logs.some((l) => l['event'] === 'consent_unbound'),
        name,
      ).toBe(true);
    }
    const bound = harness();
    bound.upstream.script.GET.push({ json: wrapped(CAMILLE_SCORES, CHECK_NONCE) });
    expect((await bound.result('sess-1')).status).toBe(200);
  });

  test('consentBinding off: bare scores are served, signed with path consent-unbound', async () => {
    const h = harness({ consentBinding: 'off' });
    h.upstream.script.GET.push({ json: CAMILLE_SCORES });
    const res = await h.result('sess-1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { attestation: string };
    expect(await verifyAttestation(body.attestation, ATTESTATION_SECRET, ORDER)).toEqual({
      success: false,
      error_codes: ['unbound_consent'],
    });
    expect(
      await verifyAttestation(body.attestation, ATTESTATION_SECRET, { ...ORDER, acceptUnboundConsent: true }),
    ).toMatchObject({ success: true, path: 'consent-unbound' });
  });

  test("error 30 (expired consent session) is DQE's answer: its id with the relay's text, no token renewal", async () => {
    const h = harness();
    h.upstream.script.GET.push({ json: { status: 'error', error_id: '30', error_type: 'session sess-old expired' } });
    const res = await h.result('sess-old');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'error', error_id: '30', error_type: errorTypeFor('30') });
    expect(text).not.toContain('sess-old');
    expect(h.upstream.count('ACCESS_TOKEN')).toBe(0);
  });

  test("an error 12 (consent refused) is answered with its id and the relay's text", async () => {
    const h = harness();
    h.upstream.script.GET.push({ json: { status: 'error', error_id: '12', error_type: 'check failed at [Free]' } });
    const text = await (await h.result('sess-1')).text();
    expect(JSON.parse(text)).toEqual({ status: 'error', error_id: '12', error_type: errorTypeFor('12') });
    expect(text).not.toContain('Free');
  });
});
