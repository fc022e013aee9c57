import { expect } from '@open-wc/testing';
import { classifyAnswer } from '../../src/protocol/answer.js';

describe('classifyAnswer: the relay’s verdict and withheld fields', () => {
  const scores = { given_name: 1, family_name: 0.2, birthdate: '' };
  const table: Array<[string, Record<string, unknown>, unknown, string[]]> = [
    ['no verdict, nothing withheld', {}, null, []],
    ['a verdict', { verdict: 'rejected' }, 'rejected', []],
    ['each verdict of the contract', { verdict: 'inconclusive' }, 'inconclusive', []],
    ['an unknown verdict is none', { verdict: 'approved' }, null, []],
    ['a verdict that is not a string is none', { verdict: { v: 'verified' } }, null, []],
    [
      'withheld paths, in display order',
      { withheld: ['email', 'address.locality', 'birthdate'] },
      null,
      ['birthdate', 'email', 'address.locality'],
    ],
    [
      'unknown or odd withheld entries are dropped',
      { withheld: ['address', 'shoe_size', 3, null, 'email'] },
      null,
      ['email'],
    ],
    ['withheld that is not a list is nothing', { withheld: 'email' }, null, []],
  ];
  for (const [name, extra, verdict, withheld] of table) {
    it(name, () => {
      const a = classifyAnswer(200, { ...scores, ...extra });
      if (a.kind !== 'scores') expect.fail(`not scores: ${a.kind}`);
      expect(a.verdict).to.equal(verdict);
      expect(a.withheld).to.deep.equal(withheld);
    });
  }
});
