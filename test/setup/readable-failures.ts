/**
 * Loaded before every browser test file (web-test-runner.config.mjs, `testRunnerHtml`).
 *
 * A failed chai assertion whose actual or expected value is a DOM node (`expect(q(el, 'button')).to.equal(null)`)
 * used to stall the whole run: Web Test Runner serialises the error's values to report them, and a node drags its
 * document along, so the file ended 120 s later as "did not finish" with the failure lost. Here such values become
 * their markup before the error leaves the test: the failure is reported at once, readable.
 */
import { chai } from '@open-wc/testing';

const MAX_MARKUP = 300;

/** A short description of a node: its opening markup (or text), cut to a few hundred characters. */
function describeNode(node: Node): string {
  const markup = node instanceof Element ? node.outerHTML : (node.textContent ?? node.nodeName);
  return markup.length > MAX_MARKUP ? `${markup.slice(0, MAX_MARKUP)}…` : markup;
}

/** The value with every DOM node (also inside arrays and plain objects, a few levels deep) replaced by its markup. */
function withoutNodes(value: unknown, depth = 0): unknown {
  if (value instanceof Node) return describeNode(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutNodes(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNodes(v, depth + 1)]));
}

chai.use((c) => {
  const { prototype } = c.Assertion;
  type Assert = (this: Chai.AssertionStatic, ...args: unknown[]) => void;
  const assert = Object.getOwnPropertyDescriptor(prototype, 'assert')?.value as Assert;
  prototype.assert = function (this: Chai.AssertionStatic, ...args: unknown[]) {
    try {
      assert.apply(this, args);
    } catch (e) {
      if (e instanceof c.AssertionError) {
        const error = e as Chai.AssertionError & { actual?: unknown; expected?: unknown };
        error.actual = withoutNodes(error.actual);
        error.expected = withoutNodes(error.expected);
      }
      throw e;
    }
  };
});
