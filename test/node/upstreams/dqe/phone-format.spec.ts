/**
 * One spelling of the line per request: `user_infos.phone` is written like `number`, in `DQE_NUMBER_FORMAT`
 * (`e164` `+33612345678`, `international` `33612345678`, `national` `0612345678`; DQE documents neither). The
 * `/IDMOBILE/` form of DQE's "Matching Notp - POST" page (helpcenter.dqe.tech 34461300138769): `number`, and
 * `user_infos` with its `phone` key; `country` (ISO-2) for international numbers only.
 */
import { expect, test } from '@playwright/test';
import type { MatchRequest } from '../../../../src/protocol/schemas.js';
import { toMatchForm, toUserInfos, type NumberFormat } from '../../../../src/relay/upstreams/dqe/translate.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import { setupDqe } from './setup.js';

/** [line (E.164), format, DQE's `number` and `user_infos.phone`, `country` field]. */
const TABLE: Array<[string, NumberFormat, string, string | null]> = [
  ['+33612345678', 'e164', '+33612345678', null],
  ['+33612345678', 'international', '33612345678', null],
  ['+33612345678', 'national', '0612345678', null],
  ['+32470123456', 'e164', '+32470123456', 'BE'],
  ['+32470123456', 'international', '32470123456', 'BE'],
  ['+32470123456', 'national', '0470123456', 'BE'],
  ['+41791234567', 'international', '41791234567', 'CH'],
  ['+41791234567', 'national', '0791234567', 'CH'],
  ['+590690123456', 'national', '0690123456', 'GP'],
];

const request = (phone: string): MatchRequest => ({ ...(CONTRACT_MATCH_REQUEST as MatchRequest), phone });

for (const [phone, format, expected, country] of TABLE) {
  test(`${phone}, DQE_NUMBER_FORMAT=${format}: number and user_infos.phone both ${expected}`, () => {
    const form = toMatchForm(request(phone), { licence: 'L', token: 'T', partnerName: 'P', numberFormat: format });
    expect(form.get('number')).toBe(expected);
    expect((JSON.parse(form.get('user_infos')!) as { phone: string }).phone).toBe(expected);
    expect(form.get('country')).toBe(country);
    expect(toUserInfos(request(phone), format).phone).toBe(expected);
  });
}

test('without a format: E.164 in both (the default)', () => {
  const form = toMatchForm(request('+32470123456'), { licence: 'L', token: 'T', partnerName: 'P' });
  expect(form.get('number')).toBe('+32470123456');
  expect((JSON.parse(form.get('user_infos')!) as { phone: string }).phone).toBe('+32470123456');
  expect(toUserInfos(request('+32470123456')).phone).toBe('+32470123456');
});

for (const format of ['e164', 'international', 'national'] as const) {
  for (const phone of [CONTRACT_MATCH_REQUEST.phone, '+32470123456']) {
    test(`over HTTP, ${phone} as ${format}: the stand-in receives one spelling`, async () => {
      await using s = await setupDqe({ numberFormat: format });
      expect((await s.relay.match(request(phone))).status).toBe(200);
      const form = new URLSearchParams(s.dqe.to('/IDMOBILE/')[0]!.body);
      const expected = TABLE.find(([p, f]) => p === phone && f === format)![2];
      expect(form.get('number')).toBe(expected);
      expect((JSON.parse(form.get('user_infos')!) as { phone: string }).phone).toBe(expected);
    });
  }
}
