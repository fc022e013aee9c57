import { expect, fixture } from '@open-wc/testing';

/** The values of the AssertionError that `assertion` throws (as the test runner will report them). */
function failureOf(assertion: () => void): { actual?: unknown; expected?: unknown } {
  try {
    assertion();
  } catch (e) {
    return e as { actual?: unknown; expected?: unknown };
  }
  throw new Error('the assertion passed');
}

/** test/setup/readable-failures.ts: a failed assertion about a DOM node carries its markup, not the node. */
describe('readable failures (test set-up)', () => {
  it('is accessible', async () => {
    const el = await fixture<HTMLButtonElement>('<button type="button">Verify</button>');
    await expect(el).to.be.accessible();
  });

  it('a failed assertion reports a node as its markup, so the run can report it at once', async () => {
    const el = await fixture<HTMLButtonElement>('<button type="button">Verify</button>');
    const failure = failureOf(() => {
      expect(el).to.equal(null);
    });
    expect(failure.actual).to.equal('<button type="button">Verify</button>');
    expect(failure.expected).to.equal(null);
  });

  it('nodes inside arrays and plain objects too; long markup is cut', async () => {
    const el = await fixture<HTMLParagraphElement>(`<p>${'x'.repeat(400)}</p>`);
    const failure = failureOf(() => {
      expect({ list: [el] }).to.deep.equal({ list: [] });
    });
    const [shown] = (failure.actual as { list: string[] }).list;
    expect(shown).to.be.a('string');
    expect(shown).to.have.length(301);
    expect(shown?.endsWith('…')).to.equal(true);
  });
});
