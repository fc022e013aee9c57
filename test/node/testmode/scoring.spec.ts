/** Scoring of a record against `user_infos`: field rules, `""` for empty fields, DQE's types. Pure and HTTP. */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { USER_INFO_KEYS, type UserInfos } from '../../../src/protocol/dqe-user-infos.js';
import { SUBSCRIBERS, scoreSubscriber } from '../../../src/testmode/index.js';
import { parseScores } from '../../../src/protocol/scores.js';
import { CAMILLE, JEAN_PIERRE, perfect, setup } from './helpers.js';
import { CAMILLE_LINE } from '../../fixtures/subscribers.js';

const sfr = SUBSCRIBERS[0]!;
const bouygues = SUBSCRIBERS[1]!;

type Path =
  | 'family_name'
  | 'gender'
  | 'birthdate'
  | 'given_name'
  | 'email'
  | 'country'
  | 'postal_code'
  | 'street_address'
  | 'locality';
const at = (scores: ReturnType<typeof scoreSubscriber>, path: Path): unknown =>
  path in scores.address ? scores.address[path as keyof typeof scores.address] : scores[path as keyof typeof scores];

const ROWS: Array<[string, Partial<UserInfos>, Path, unknown]> = [
  // exact fields
  ['postal code with a space', { postal_code: '69 007' }, 'postal_code', '1'],
  ['another postal code', { postal_code: '69003' }, 'postal_code', '0'],
  ['birth date written DD/MM/YYYY', { birthdate: '03/11/1978' }, 'birthdate', 1],
  ['another birth date', { birthdate: '1978-11-04' }, 'birthdate', 0],
  ['gender as Monsieur', { gender: 'Monsieur' }, 'gender', 1],
  ['the other gender', { gender: 'F' }, 'gender', 0],
  ['country in capitals', { country: 'FRANCE' }, 'country', '1'],
  ['country as ISO-2', { country: 'FR' }, 'country', '1'],
  ['country as lower-case ISO-2', { country: 'fr' }, 'country', '1'],
  ['another country', { country: 'Belgique' }, 'country', '0'],
  ['another ISO-2 country', { country: 'BE' }, 'country', '0'],
  // names
  ['given name in capitals without hyphen', { firstname: 'JEAN PIERRE' }, 'given_name', 1],
  ['given name without accent or hyphen', { firstname: 'jeanpierre' }, 'given_name', 1],
  ['family name unrelated', { lastname: 'Martin' }, 'family_name', 0.44],
  ['family name sent as maiden name only', { lastname: '', maiden_name: 'Dubois' }, 'family_name', 1],
  // street = number + street_address
  [
    'street number inside street_address',
    { number: '', street_address: '5 avenue Jean Jaurès' },
    'street_address',
    '1',
  ],
  ['street without accent, abbreviated spacing', { street_address: 'AVENUE JEAN-JAURES' }, 'street_address', '1'],
  ['street without its number', { number: '' }, 'street_address', '0.98'],
  ['another street', { number: '3', street_address: 'place du Capitole' }, 'street_address', '0.47'],
  ['locality with a typo', { locality: 'Lyonn' }, 'locality', '0.96'],
  ['locality unrelated', { locality: 'Marseille' }, 'locality', '0'],
  // email
  ['email in capitals', { email: 'JP.Dubois@Example.com' }, 'email', 1],
  ['email without the dot', { email: 'jpdubois@example.com' }, 'email', 1],
  ['email on another domain', { email: 'jp.dubois@example.org' }, 'email', 0.6],
  ['email with an unrelated local part, same domain', { email: 'zzz@example.com' }, 'email', 0.4],
];

for (const [name, change, path, expected] of ROWS) {
  test(`Jean-Pierre Dubois record, ${name}: ${path} = ${JSON.stringify(expected)}`, () => {
    const scores = scoreSubscriber({ ...JEAN_PIERRE, ...change }, bouygues);
    if (typeof expected === 'number' && expected !== 0 && expected !== 1)
      expect(at(scores, path)).toBeCloseTo(expected, 2);
    else expect(at(scores, path)).toBe(expected);
  });
}

test('the local part of an email is compared by similarity, the domain exactly', () => {
  const near = scoreSubscriber({ ...JEAN_PIERRE, email: 'jp.duboi@example.com' }, bouygues).email as number;
  const far = scoreSubscriber({ ...JEAN_PIERRE, email: 'zzz@example.com' }, bouygues).email as number;
  expect(near).toBeGreaterThan(0.9);
  expect(near).toBeLessThan(1);
  expect(far).toBeLessThan(near);
  expect(far).toBeGreaterThanOrEqual(0.4);
});

for (const key of USER_INFO_KEYS.filter((k) => k !== 'phone' && k !== 'number')) {
  test(`a field sent empty is not compared: ${key}`, () => {
    const scores = scoreSubscriber(
      {
        ...JEAN_PIERRE,
        [key]: '',
        ...(key === 'lastname' ? { maiden_name: '' } : {}),
        ...(key === 'street_address' ? { number: '' } : {}),
      },
      bouygues,
    );
    const path: Path =
      (
        {
          lastname: 'family_name',
          maiden_name: null,
          firstname: 'given_name',
          street_address: 'street_address',
        } as Record<string, Path | null>
      )[key] ?? (key as Path);
    if (key === 'maiden_name') {
      expect(scores.family_name).toBe(1); // the last name is still there
      return;
    }
    expect(at(scores, path)).toBe('');
  });
}

test('SFR never holds gender: "" whatever is sent', () => {
  for (const gender of ['F', 'M', '', 'X']) expect(scoreSubscriber({ ...CAMILLE, gender }, sfr).gender).toBe('');
});

test('"Camile Martin" scores strictly between a perfect match and an unrelated name, over HTTP', async () => {
  const { match } = await setup();
  const given = async (firstname: string) =>
    ((await (await match(CAMILLE_LINE.phone, {}, { ...CAMILLE, firstname })).json()) as { given_name: number })
      .given_name;
  const [perfectScore, typo, unrelated] = [
    await given(CAMILLE_LINE.record.firstname),
    await given('Camile'),
    await given('Bernard'),
  ];
  expect(perfectScore).toBe(1);
  expect(typo).toBeLessThan(1);
  expect(typo).toBeGreaterThan(unrelated);
  expect(typo).toBe(0.97);
});

test('the scores answer parses with the shared protocol parser, with no invalid field', async () => {
  const { match } = await setup();
  const body: unknown = await (
    await match(CAMILLE_LINE.phone, {}, { ...CAMILLE, firstname: 'Camile', locality: 'Pari', email: '' })
  ).json();
  const { scores, invalid } = parseScores(body);
  expect(invalid).toEqual([]);
  expect(scores.given_name).toBe(0.97);
  expect(scores.gender).toBeNull();
  expect(scores.email).toBeNull();
  expect(scores.address.locality).toBeGreaterThan(0.9);
});

test('property: whatever is sent, every score is "" or a 2-decimal value in [0, 1] of DQE\'s type', () => {
  const value = fc.oneof(
    fc.constant(''),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('Camille', 'FR', '75002', '1990-04-12', 'F'),
  );
  const infos = fc.record(
    Object.fromEntries(USER_INFO_KEYS.map((k) => [k, value])) as Record<keyof UserInfos, typeof value>,
  );
  const twoDecimals = (n: number) => n >= 0 && n <= 1 && Math.abs(n * 100 - Math.round(n * 100)) < 1e-9;
  fc.assert(
    fc.property(infos, fc.constantFrom(...SUBSCRIBERS), (sent, subscriber) => {
      const s = scoreSubscriber(sent, subscriber);
      for (const k of ['family_name', 'gender', 'birthdate', 'given_name', 'email'] as const) {
        const v = s[k];
        expect(v === '' || (typeof v === 'number' && twoDecimals(v))).toBe(true);
      }
      // strings ("0.78") or numbers, as the subscriber's operator writes them: DQE's pages show both
      for (const v of Object.values(s.address)) {
        if (subscriber.addressScoresAsNumbers) expect(v === '' || (typeof v === 'number' && twoDecimals(v))).toBe(true);
        else
          expect(v === '' || (typeof v === 'string' && /^(0|1|0\.\d{1,2})$/.test(v) && twoDecimals(Number(v)))).toBe(
            true,
          );
      }
    }),
  );
});

test("property: sending a subscriber's own record (any case, accents dropped) is a perfect match", () => {
  fc.assert(
    fc.property(fc.constantFrom(...SUBSCRIBERS), fc.boolean(), (sub, upper) => {
      const r = sub.record;
      const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
      const t = (s: string) => (upper ? strip(s).toUpperCase() : strip(s));
      const sent: UserInfos = {
        street_address: t(r.street_address),
        number: '',
        postal_code: r.postal_code,
        locality: t(r.locality),
        country: t(r.country),
        birthdate: r.birthdate,
        email: upper ? r.email.toUpperCase() : r.email,
        lastname: t(r.lastname),
        maiden_name: '',
        gender: r.gender,
        firstname: t(r.firstname),
        phone: sub.phone,
      };
      expect(scoreSubscriber(sent, sub)).toEqual(perfect(sub.holdsGender ? 1 : '', sub.addressScoresAsNumbers));
    }),
  );
});
