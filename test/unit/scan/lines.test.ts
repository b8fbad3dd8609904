import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LineSplitter, readHeadLines, readLines } from '../../../src/node/lines';

function collect(chunks: Buffer[], max?: number) {
  const lines: [number, string][] = [];
  const oversized: [number, number][] = [];
  const s = new LineSplitter({ line: (t, n) => lines.push([n, t]), oversized: (n, b) => oversized.push([n, b]) }, 1, max);
  for (const c of chunks) s.push(c);
  return { lines, oversized, tail: s.tail(), consumed: s.consumed };
}

describe('LineSplitter', () => {
  it('splits lines across chunk boundaries and strips CR', () => {
    const r = collect([Buffer.from('{"a":1}\r\n{"b"'), Buffer.from(':2}\n{"c":'), Buffer.from('3}\n')]);
    assert.deepEqual(r.lines, [
      [1, '{"a":1}'],
      [2, '{"b":2}'],
      [3, '{"c":3}'],
    ]);
    assert.equal(r.tail, undefined);
    assert.equal(r.consumed, Buffer.byteLength('{"a":1}\r\n{"b":2}\n{"c":3}\n'));
  });

  it('holds back a partial last line and counts only bytes up to the last newline as consumed', () => {
    const r = collect([Buffer.from('one\ntwo\nthr')]);
    assert.deepEqual(r.lines.map((l) => l[1]), ['one', 'two']);
    assert.equal(r.tail, 'thr');
    assert.equal(r.consumed, 8);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const bytes = Buffer.from('"héllo ✓"\n');
    const r = collect([bytes.subarray(0, 3), bytes.subarray(3, 10), bytes.subarray(10)]);
    assert.deepEqual(r.lines, [[1, '"héllo ✓"']]);
  });

  it('skips a record over the cap and reports it, then goes on', () => {
    const big = 'x'.repeat(100);
    const r = collect([Buffer.from(`ok\n${big.slice(0, 60)}`), Buffer.from(`${big.slice(60)}\nafter\n`)], 50);
    assert.deepEqual(r.lines, [
      [1, 'ok'],
      [3, 'after'],
    ]);
    assert.deepEqual(r.oversized, [[2, 100]]);
  });
});

describe('readLines / readHeadLines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-lines-'));
  it('streams a file from an offset and reports where to resume', async () => {
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, '{"n":1}\n{"n":2}\n{"n":');
    const seen: string[] = [];
    const first = await readLines(file, { line: (t) => seen.push(t) });
    assert.deepEqual(seen, ['{"n":1}', '{"n":2}']);
    assert.equal(first.tail, '{"n":');
    assert.equal(first.tailLineNo, 3);
    fs.appendFileSync(file, '3}\n{"n":4}\n');
    const more: [number, string][] = [];
    const second = await readLines(file, { line: (t, n) => more.push([n, t]) }, { start: first.consumed, firstLineNo: 3 });
    assert.deepEqual(more, [
      [3, '{"n":3}'],
      [4, '{"n":4}'],
    ]);
    assert.equal(second.consumed, fs.statSync(file).size);
  });

  it('reads head lines even when the first record is larger than the first read', async () => {
    const file = path.join(dir, 'big-first.jsonl');
    const first = JSON.stringify({ type: 'session_meta', text: 'y'.repeat(200_000) });
    fs.writeFileSync(file, `${first}\n{"type":"x"}\n`);
    const head = await readHeadLines(file);
    assert.equal(head[0], first);
    assert.equal(head[1], '{"type":"x"}');
  });
});
