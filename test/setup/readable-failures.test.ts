import { expect, fixture } from '@open-wc/testing';

/** test/setup/readable-failures.ts: a failed assertion about a DOM node carries its markup, not the node. */
describe('readable failures (test set-up)', () => {
  it('is accessible', async () => {
    const el = await fixture<HTMLButtonElement>('<button type="button">Verify</button>');
    await expect(el).to.be.accessible();
  });

  it('a failed assertion reports a node as its markup, so the run can report it at once', async () => {
    const el = await fixture<HTMLButtonElement>('<button type="button">Verify</button>');
    let error: { actual?: unknown; expected?: unknown } | null = null;
    try {
      expect(el).to.equal(null);
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.actual).to.equal('<button type="button">Verify</button>');
    expect(error?.expected).to.equal(null);
  });

  it('nodes inside arrays and plain objects too; long markup is cut', async () => {
    const el = await fixture<HTMLParagraphElement>(`<p>${'x'.repeat(400)}</p>`);
    let error: { actual?: unknown } | null = null;
    try {
      expect({ list: [el] }).to.deep.equal({ list: [] });
    } catch (e) {
      error = e as typeof error;
    }
    const [shown] = (error?.actual as { list: string[] }).list;
    expect(shown).to.be.a('string');
    expect(shown).to.have.length(301);
    expect(shown?.endsWith('…')).to.equal(true);
  });
});
