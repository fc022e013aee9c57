/** Every row of the contract's registry table, through HTTP, with DQE's exact bodies. */
import { expect, test } from '@playwright/test';
import { MAGIC_NUMBERS, SUBSCRIBERS } from '../../../src/testmode/index.js';
import type { DqeErrorId } from '../../../src/protocol/errors.js';
import { CAMILLE, errorText, JEAN_PIERRE, LEA, perfect, setup } from './helpers.js';

/** The ids of the contract's table, written out here so that losing one in the registry fails. */
const CONTRACT_MAGIC_IDS = [
  '01',
  '02',
  '04',
  '05',
  '06',
  '07',
  '09',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '30',
] as const;

test('the registry holds the contract table: three subscribers and one magic number per documented id', () => {
  expect(SUBSCRIBERS.map((s) => [s.phone, s.operator, s.consent, s.holdsGender])).toEqual([
    ['+33612345678', 'SFR', false, false],
    ['+33698765432', 'Bouygues Telecom', false, true],
    ['+33756123456', 'Orange', true, true],
  ]);
  expect(MAGIC_NUMBERS.map((m) => m.phone)).toEqual(CONTRACT_MAGIC_IDS.map((id) => `+336000000${id}`));
});

test('SFR, Camille Martin: a perfect match, gender never compared', async () => {
  const { match } = await setup();
  const res = await match('+33612345678', {}, CAMILLE);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(await res.json()).toEqual(perfect(''));
});

test('Bouygues Telecom, Jean-Pierre Dubois: a perfect match, gender compared', async () => {
  const { match } = await setup();
  const res = await match('+33698765432', {}, JEAN_PIERRE);
  expect(await res.json()).toEqual(perfect(1));
});

test("the scores body is DQE's nested shape in DQE's key order, numbers on top and strings in address", async () => {
  const { match } = await setup();
  const text = await (await match('+33698765432', {}, JEAN_PIERRE)).text();
  expect(text).toBe(
    '{"family_name":1,"gender":1,"birthdate":1,"given_name":1,"address":{"country":"1","postal_code":"1","street_address":"1","locality":"1"},"email":1}',
  );
});

test("Orange, Léa Bernard: the consent answer with the simulator's own consent URL", async () => {
  const { match } = await setup({ publicUrl: 'http://localhost:5173/simulator/' });
  const body = (await (await match('+33756123456', {}, LEA)).json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['status', 'operator', 'url']);
  expect(body['status']).toBe('success');
  expect(body['operator']).toBe('Orange');
  expect(body['url']).toMatch(/^http:\/\/localhost:5173\/simulator\/consent\/[A-Za-z0-9_-]{20,}$/);
});

for (const id of CONTRACT_MAGIC_IDS) {
  test(`magic number +336000000${id} answers error ${id} exactly as DQE`, async () => {
    const { match } = await setup();
    const res = await match(`+336000000${id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(errorText(id));
  });
}

const OTHER_OUTCOMES: Array<[string, string, DqeErrorId]> = [
  ['another SFR-looking mobile', '+33611111111', '10'],
  ['a 07 mobile', '+33799999999', '10'],
  ['a magic-looking number with an undocumented id', '+33600000003', '10'],
  ['a magic-looking number with id 08', '+33600000008', '10'],
  ['a Paris landline', '+33145454545', '09'],
  ['a 02 landline', '+33234567890', '09'],
  ['a 03 landline', '+33345678901', '09'],
  ['a 04 landline', '+33456789012', '09'],
  ['a 05 landline', '+33567890123', '09'],
  ['a 09 number', '+33987654321', '09'],
  ['a national landline', '0145454545', '09'],
  ['a French number too short', '+3361234567', '10'],
  ['a French number too long', '+336123456789', '10'],
  ['letters', 'not a phone', '10'],
  ['a number abroad (no operator known)', '+4915112345678', '10'],
  ['an empty number', '', '11'],
  ['spaces only', '   ', '11'],
];
for (const [name, phone, id] of OTHER_OUTCOMES) {
  test(`${name} (${JSON.stringify(phone)}) answers error ${id}`, async () => {
    const { match } = await setup();
    expect(await (await match(phone)).text()).toBe(errorText(id));
  });
}

test('a missing number parameter answers 11', async () => {
  const { match } = await setup();
  expect(await (await match('', { number: undefined })).text()).toBe(errorText('11'));
});

for (const written of [
  '0612345678',
  '33612345678',
  '0033612345678',
  '+33 6 12 34 56 78',
  '06.12.34.56.78',
  '06-12-34-56-78',
  '+33 (0)6 12 34 56 78',
]) {
  test(`French number written ${JSON.stringify(written)} reaches Camille Martin`, async () => {
    const { match } = await setup();
    expect(await (await match(written)).json()).toEqual(perfect(''));
  });
}
