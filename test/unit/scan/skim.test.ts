import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BULK_BYTES, KEEP_BYTES, skimLine } from '../../../src/node/skim';

const KEYS = new Set(['content', 'stdout']);

function skim(value: unknown, keys: ReadonlySet<string> = KEYS): string | undefined {
  const buf = Buffer.from(JSON.stringify(value));
  return skimLine(buf, 0, buf.length, keys);
}

/** True when `cut` is `whole` or a prefix of it closed by the ellipsis. */
function isCutOf(cut: string, whole: string): boolean {
  return cut === whole || (cut.endsWith('\u2026') && whole.startsWith(cut.slice(0, -1)));
}

describe('skimLine', () => {
  it('cuts a long value under a bulk key and keeps every other field whole', () => {
    const output = 'x'.repeat(BULK_BYTES * 4);
    const command = 'y'.repeat(BULK_BYTES * 4);
    const record = { type: 'user', toolUseResult: { stdout: output, stderr: '', interrupted: false }, command, uuid: 'u1' };
    const text = skim(record);
    assert.ok(text, 'the line was skimmed');
    const parsed = JSON.parse(text) as typeof record;
    assert.equal(parsed.toolUseResult.stdout, `${'x'.repeat(KEEP_BYTES)}\u2026`);
    assert.equal(parsed.command, command, 'a value under a key that is not bulk stays whole');
    assert.deepEqual({ ...parsed, toolUseResult: { ...parsed.toolUseResult, stdout: output } }, record);
  });

  it('leaves short values, keys and array items alone', () => {
    assert.equal(skim({ content: 'short', other: ['z'.repeat(BULK_BYTES * 2)] }), undefined);
  });

  it('never splits an escape sequence or a UTF-8 character at the cut', () => {
    for (let shift = 0; shift < 8; shift++) {
      for (const filler of ['\\', '"', '\u00e9', '\u2713', '\ud83d\ude00', '\n', '\u0001']) {
        const value = `${'a'.repeat(KEEP_BYTES - 4 + shift)}${filler.repeat(BULK_BYTES)}`;
        const text = skim({ content: value });
        assert.ok(text);
        const parsed = JSON.parse(text) as { content: string };
        assert.ok(isCutOf(parsed.content, value), `cut of ${JSON.stringify(filler)} at shift ${shift}`);
        assert.ok(!parsed.content.includes('\ufffd'), 'no broken character');
      }
    }
  });

  it('gives up on a line whose strings do not close, so that it is parsed (and reported) as it is', () => {
    const buf = Buffer.from(`{"content":"${'a'.repeat(BULK_BYTES * 2)}`);
    assert.equal(skimLine(buf, 0, buf.length, KEYS), undefined);
  });

  it('reads keys written with a space after the colon (Python json.dumps)', () => {
    const buf = Buffer.from(`{"content": "${'a'.repeat(BULK_BYTES * 2)}", "n": 1}`);
    const text = skimLine(buf, 0, buf.length, KEYS);
    assert.ok(text);
    assert.equal((JSON.parse(text) as { n: number }).n, 1);
  });

  it('keeps any JSON record parseable, with bulk values cut to a prefix and all else equal', () => {
    const bulk = fc.string({ unit: 'binary', minLength: BULK_BYTES, maxLength: BULK_BYTES * 3 });
    const leaf = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), bulk, fc.integer(), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('content', 'stdout', 'text', 'k"ey', 'command'), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('content', 'stdout', 'type', 'command'), tree, { maxKeys: 4 }), (record) => {
        const text = skim(record);
        if (text === undefined) return;
        const parsed: unknown = JSON.parse(text);
        assertCutOf(parsed, record);
      }),
      { numRuns: 150 },
    );
  });
});

function assertCutOf(cut: unknown, whole: unknown): void {
  if (typeof whole === 'string') {
    assert.equal(typeof cut, 'string');
    assert.ok(isCutOf(cut as string, whole));
  } else if (Array.isArray(whole)) {
    assert.ok(Array.isArray(cut));
    assert.equal(cut.length, whole.length);
    whole.forEach((w, i) => assertCutOf((cut as unknown[])[i], w));
  } else if (whole && typeof whole === 'object') {
    assert.deepEqual(Object.keys(cut as object), Object.keys(whole));
    for (const [k, w] of Object.entries(whole)) assertCutOf((cut as Record<string, unknown>)[k], w);
  } else {
    assert.equal(cut, whole);
  }
}
