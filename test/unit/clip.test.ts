/** The one-line excerpts parsers keep (a request, the agent's words before a call). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { clip } from '../../src/core/clip';

/** What clip promises, written the slow way: whitespace runs collapsed, trimmed, cut with an ellipsis. */
function expected(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

describe('clip', () => {
  it('collapses whitespace and cuts long text with an ellipsis', () => {
    assert.equal(clip('  run\n\tthe   tests  '), 'run the tests');
    assert.equal(clip('a'.repeat(500), 10), `${'a'.repeat(9)}…`);
  });

  it('gives what collapsing the whole text would, however long the text and its whitespace', () => {
    const piece = fc.oneof(fc.constantFrom(' ', '\n', '\t', '   ', ' '.repeat(50)), fc.string({ minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (pieces, max) => {
        const text = pieces.join('');
        assert.equal(clip(text, max), expected(text, max));
      }),
      { numRuns: 2000 },
    );
    // Right at the edge: the excerpt's end, then only whitespace up to the end of a long text.
    assert.equal(clip(`${'a'.repeat(10)}${' '.repeat(100)}`, 10), 'a'.repeat(10));
    assert.equal(clip(`${' '.repeat(100)}${'a'.repeat(20)}`, 10), `${'a'.repeat(9)}…`);
  });
});
