import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { USER_INFO_KEYS } from '../../../src/protocol/dqe-user-infos.js';
import { splitStreetNumber } from '../../../src/relay/upstreams/address.js';
import { countryName, toMatchForm, toUserInfos } from '../../../src/relay/upstreams/dqe/translate.js';
import { CAMILLE_LINE } from '../../fixtures/subscribers.js';

const streets: Array<[string, string, string, string]> = [
  ['12 rue de la Paix', 'FR', '12', 'rue de la Paix'],
  ['  12   rue de la  Paix ', 'FR', '12', 'rue de la Paix'],
  ['12, rue de la Paix', 'FR', '12', 'rue de la Paix'],
  ['12 bis avenue Foch', 'FR', '12 bis', 'avenue Foch'],
  ['12bis avenue Foch', 'FR', '12bis', 'avenue Foch'],
  ['7 ter rue Haute', 'FR', '7 ter', 'rue Haute'],
  ['12 B rue Haute', 'FR', '12 B', 'rue Haute'],
  ['12 avenue Jean Jaurès', 'FR', '12', 'avenue Jean Jaurès'],
  ['3 place du Capitole', 'FR', '3', 'place du Capitole'],
  ['12-14 rue X', 'FR', '12-14', 'rue X'],
  ['12 - 14 rue X', 'FR', '12-14', 'rue X'],
  ['rue du 8 Mai 1945', 'FR', '', 'rue du 8 Mai 1945'],
  ['Route nationale 7', 'FR', '', 'Route nationale 7'],
  ['Lieu-dit Les Granges', 'FR', '', 'Lieu-dit Les Granges'],
  ['Bahnhofstrasse 12', 'CH', '12', 'Bahnhofstrasse'],
  ['Rue de la Loi 16', 'BE', '16', 'Rue de la Loi'],
  ['Via Roma, 12a', 'IT', '12a', 'Via Roma'],
  ['Bahnhofstrasse 12', '', '', 'Bahnhofstrasse 12'],
  ['42', 'FR', '42', ''],
  ['', 'FR', '', ''],
];
for (const [input, country, number, street] of streets) {
  test(`street split: ${JSON.stringify(input)} (${country || 'no country'})`, () => {
    expect(splitStreetNumber(input, country)).toEqual({ number, street });
  });
}

const countries: Array<[string, string]> = [
  ['FR', 'France'],
  ['BE', 'Belgique'],
  ['CH', 'Suisse'],
  ['LU', 'Luxembourg'],
  ['MC', 'Monaco'],
  ['DE', 'Allemagne'],
  ['ES', 'Espagne'],
  ['IT', 'Italie'],
  ['GB', 'Royaume-Uni'],
  ['PT', 'Portugal'],
  ['NL', 'Pays-Bas'],
  ['GP', 'Guadeloupe'],
  ['MQ', 'Martinique'],
  ['GF', 'Guyane'],
  ['RE', 'La Réunion'],
  ['YT', 'Mayotte'],
  ['NC', 'Nouvelle-Calédonie'],
  ['PF', 'Polynésie française'],
  ['', ''],
];
for (const [code, name] of countries) {
  test(`country ${code || '(empty)'} -> ${name || '(empty)'}`, () => expect(countryName(code)).toBe(name));
}

test('unknown codes fall back to Intl or the code itself, never throw', () => {
  expect(countryName('JP')).toMatch(/^(Japon|JP)$/);
  expect(countryName('XX')).toBe('XX');
  expect(countryName('ZZ')).toBe('ZZ');
});

test('user_infos always has every key, all strings (property)', () => {
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  fc.assert(
    fc.property(
      fc.record({
        gender: maybe(fc.constantFrom('M', 'F', '')),
        given_name: maybe(fc.string({ maxLength: 100 })),
        family_name: maybe(fc.string({ maxLength: 100 })),
        email: maybe(fc.constant('a@b.fr')),
        address: maybe(
          fc.record({
            street_address: maybe(fc.string({ maxLength: 200 })),
            postal_code: maybe(fc.string({ maxLength: 16 })),
            locality: maybe(fc.string({ maxLength: 100 })),
            country: maybe(fc.constantFrom('FR', 'BE', 'CH', 'DE', 'JP', '')),
          }),
        ),
      }),
      (identity) => {
        const infos = toUserInfos({ scope: 'matching_notp', phone: CAMILLE_LINE.phone, identity });
        expect(Object.keys(infos).sort()).toEqual([...USER_INFO_KEYS].sort());
        for (const v of Object.values(infos)) expect(typeof v).toBe('string');
        expect(infos.phone).toBe(CAMILLE_LINE.phone);
        expect(infos.maiden_name).toBe('');
      },
    ),
    { numRuns: 300 },
  );
});

test('match form: every DQE field', () => {
  const form = toMatchForm(
    {
      scope: 'matching_notp',
      phone: '+41791234567',
      identity: {
        given_name: 'Anna',
        family_name: 'Muster',
        address: { street_address: 'Bahnhofstrasse 12', country: 'CH' },
      },
    },
    { licence: 'L', token: 'T', partnerName: 'P', redirectUri: 'https://shop.example/x' },
  );
  const p = Object.fromEntries(form);
  expect(p).toMatchObject({
    licence: 'L',
    token: 'T',
    number: '+41791234567',
    mode: '2',
    name: 'P',
    scope: 'matching_notp',
    redirect_uri: 'https://shop.example/x',
    country: 'CH',
  });
  expect(JSON.parse(p['user_infos']!)).toMatchObject({
    firstname: 'Anna',
    lastname: 'Muster',
    street_address: 'Bahnhofstrasse',
    number: '12',
    country: 'Suisse',
    phone: '+41791234567',
  });
});
