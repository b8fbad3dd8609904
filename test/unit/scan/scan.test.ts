/** The scanner on a file system of its own making: bad files become gaps, never failures. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { scanFile, scanPaths } from '../../../src/node/scan';

const claudeLine = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'user',
    uuid: `u${n}`,
    parentUuid: n > 1 ? `u${n - 1}` : null,
    sessionId: '11111111-2222-4333-8444-555555555555',
    cwd: '/work/proj',
    timestamp: `2026-11-20T10:00:0${n}Z`,
    message: { role: 'user', content: `hello ${n}` },
    ...extra,
  });

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'aa-scan-'));
}

describe('scanFile', () => {
  it('reports a record over the cap as a gap and keeps the rest of the session', async () => {
    const dir = tmp();
    const file = path.join(dir, 's.jsonl');
    fs.writeFileSync(file, `${claudeLine(1)}\n${claudeLine(2, { pad: 'x'.repeat(5000) })}\n${claudeLine(3)}\n`);
    const r = await scanFile(file, { maxRecordBytes: 1000 });
    assert.equal(r.format, 'claude-code');
    assert.equal(r.drafts.length, 1);
    const gap = r.drafts[0].gaps.find((g) => g.kind === 'oversized-record');
    assert.ok(gap, 'oversized-record gap');
    assert.equal(gap.line, 2);
  });

  it('reports a cut last line as a partial line', async () => {
    const dir = tmp();
    const file = path.join(dir, 's.jsonl');
    fs.writeFileSync(file, `${claudeLine(1)}\n${claudeLine(2).slice(0, 40)}`);
    const r = await scanFile(file);
    assert.equal(r.drafts.length, 1);
    assert.deepEqual(
      r.drafts[0].gaps.filter((g) => g.kind === 'partial-line').map((g) => g.line),
      [2],
    );
  });

  it('accepts a last line without a newline when it is complete', async () => {
    const dir = tmp();
    const file = path.join(dir, 's.jsonl');
    fs.writeFileSync(file, `${claudeLine(1)}\n${claudeLine(2)}`);
    const r = await scanFile(file);
    assert.equal(r.drafts[0].gaps.filter((g) => g.kind === 'partial-line').length, 0);
    assert.equal(r.drafts[0].endedAt, '2026-11-20T10:00:02.000Z');
  });

  it('calls a binary file with a .jsonl name unrecognized, and half-written JSON malformed', async () => {
    const dir = tmp();
    const bin = path.join(dir, 'noise.jsonl');
    fs.writeFileSync(bin, Buffer.from([0, 159, 146, 150, 255, 10, 1, 2, 3]));
    assert.equal((await scanFile(bin)).gaps[0]?.kind, 'unrecognized-file');
    const half = path.join(dir, 'session-x.json');
    fs.writeFileSync(half, '{"sessionId":"x","messages":[{"id":');
    const r = await scanFile(half);
    assert.equal(r.gaps[0]?.kind, 'malformed-line');
    assert.match(r.gaps[0].detail, /not valid JSON/);
  });
});

describe('scanPaths', () => {
  it('walks folders, reads each real file once, and lists what it could not read', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'a', 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 's.jsonl'), `${claudeLine(1)}\n`);
    fs.writeFileSync(path.join(dir, 'a', 'node_modules', 'x.jsonl'), `${claudeLine(1)}\n`);
    fs.symlinkSync(path.join(dir, 'a', 's.jsonl'), path.join(dir, 'link.jsonl'));
    // A symlink loop and a FIFO among the logs must not hang or fail the scan.
    fs.symlinkSync(dir, path.join(dir, 'a', 'loop'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.jsonl')]);
    fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello": "world"}');
    const missing = path.join(dir, 'gone');

    const r = await scanPaths([dir, missing]);
    assert.deepEqual(r.files.map((f) => path.relative(dir, f.path)).sort(), ['a/s.jsonl', 'notes.json']);
    assert.equal(r.drafts.length, 1);
    assert.ok(r.gaps.some((g) => g.kind === 'unreadable' && g.detail.startsWith(missing) && /no such file/.test(g.detail)));
    assert.ok(r.gaps.some((g) => g.kind === 'unrecognized-file' && g.detail.includes('notes.json')));
  });

  it('reports progress once per file', async () => {
    const dir = tmp();
    for (const n of [1, 2, 3]) fs.writeFileSync(path.join(dir, `s${n}.jsonl`), `${claudeLine(1)}\n`);
    const seen: [number, number][] = [];
    await scanPaths([dir], { onProgress: (done, total) => seen.push([done, total]) });
    assert.deepEqual(seen, [
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});
