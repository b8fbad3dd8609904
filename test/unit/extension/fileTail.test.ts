import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileTail } from '../../../src/extension/indexer/fileTail';
import { ClaudeSession } from '../../harness/agentLogs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-tail-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function session(id: string): ClaudeSession {
  return new ClaudeSession({ sessionId: id, cwd: '/work/app', start: new Date('2026-01-05T10:00:00Z') });
}

const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');

describe('FileTail', () => {
  it('reads a log, then only what is appended', async () => {
    const file = path.join(dir, 'a.jsonl');
    const s = session('11111111-1111-4111-8111-111111111111');
    fs.writeFileSync(file, text([...s.prompt('go'), ...s.read('/work/app/a.ts', 'x')]));
    const tail = new FileTail(file, false);
    assert.equal(await tail.update(), 'reread');
    assert.equal(tail.format, 'claude-code');
    assert.equal(tail.drafts[0].toolCalls.length, 1);
    assert.equal(await tail.update(), 'unchanged');

    fs.appendFileSync(file, text(s.write('/work/app/b.ts', 'y')));
    assert.equal(await tail.update(), 'appended');
    assert.deepEqual(
      tail.drafts[0].toolCalls.map((c) => c.tool),
      ['Read', 'Write'],
    );
  });

  it('holds back a partial last line until its newline arrives', async () => {
    const file = path.join(dir, 'b.jsonl');
    const s = session('22222222-2222-4222-8222-222222222222');
    const [use, result] = s.bash('ls', 'a');
    fs.writeFileSync(file, text([...s.prompt('go'), use]) + result.slice(0, 30));
    const tail = new FileTail(file, false);
    await tail.update();
    assert.equal(tail.drafts[0].toolCalls[0].status, 'pending');
    assert.ok(tail.gaps.some((g) => g.kind === 'partial-line'));

    fs.appendFileSync(file, `${result.slice(30)}\n`);
    assert.equal(await tail.update(), 'appended');
    assert.equal(tail.drafts[0].toolCalls[0].status, 'succeeded');
    assert.ok(!tail.gaps.some((g) => g.kind === 'partial-line'));
  });

  it('shows a complete last record that has no newline', async () => {
    const file = path.join(dir, 'c.jsonl');
    const s = session('33333333-3333-4333-8333-333333333333');
    const lines = [...s.prompt('go'), ...s.read('/work/app/a.ts', 'x')];
    fs.writeFileSync(file, lines.join('\n'));
    const tail = new FileTail(file, false);
    await tail.update();
    assert.equal(tail.drafts[0].toolCalls[0].status, 'succeeded');
    // The newline arrives later, then more records: nothing is counted twice.
    fs.appendFileSync(file, `\n${text(s.read('/work/app/b.ts', 'y'))}`);
    await tail.update();
    assert.equal(tail.drafts[0].toolCalls.length, 2);
  });

  it('reads a truncated, replaced or rewritten log again from the start', async () => {
    const file = path.join(dir, 'd.jsonl');
    const first = session('44444444-4444-4444-8444-444444444444');
    fs.writeFileSync(file, text([...first.prompt('go'), ...first.read('/work/app/a.ts', 'x'), ...first.read('/work/app/b.ts', 'x')]));
    const tail = new FileTail(file, false);
    await tail.update();
    assert.equal(tail.drafts[0].toolCalls.length, 2);

    fs.truncateSync(file, 0);
    fs.appendFileSync(file, text(first.prompt('again')));
    assert.equal(await tail.update(), 'reread');
    assert.equal(tail.drafts[0].toolCalls.length, 0);

    const other = path.join(dir, 'd.new');
    fs.writeFileSync(other, text([...first.prompt('replaced'), ...first.bash('true', ''), ...first.bash('true', ''), ...first.bash('true', '')]));
    fs.renameSync(other, file);
    assert.equal(await tail.update(), 'reread');
    assert.equal(tail.drafts[0].toolCalls.length, 3);

    // Same inode, longer content, different beginning: rewritten in place.
    const rewritten = session('55555555-5555-4555-8555-555555555555');
    fs.writeFileSync(file, text([...rewritten.prompt('rewritten in place, longer than before'), ...rewritten.read('/a', 'x'), ...rewritten.read('/b', 'x'), ...rewritten.read('/c', 'x'), ...rewritten.read('/d', 'x')]));
    assert.equal(await tail.update(), 'reread');
    assert.equal(tail.drafts[0].id, '55555555-5555-4555-8555-555555555555');
  });

  it('keeps the sessions of a file that went away, and says so once', async () => {
    const file = path.join(dir, 'e.jsonl');
    const s = session('66666666-6666-4666-8666-666666666666');
    fs.writeFileSync(file, text(s.prompt('go')));
    const tail = new FileTail(file, false);
    await tail.update();
    tail.takeFaults();
    fs.rmSync(file);
    assert.equal(await tail.update(), 'gone');
    assert.equal(tail.drafts.length, 0);
    assert.equal(tail.goneDrafts[0].id, '66666666-6666-4666-8666-666666666666');
    assert.deepEqual(
      tail.takeFaults().map((f) => f.message),
      ['deleted while reading; keeping 1 record already read'],
    );
    assert.equal(await tail.update(), 'unchanged');
    assert.deepEqual(tail.takeFaults(), []);
  });

  it('re-reads a frozen (cold) file only when it changed', async () => {
    const file = path.join(dir, 'f.jsonl');
    const s = session('77777777-7777-4777-8777-777777777777');
    fs.writeFileSync(file, text([...s.prompt('go'), ...s.read('/a', 'x')]));
    const tail = new FileTail(file, false);
    await tail.update();
    tail.freeze();
    assert.equal(tail.isLive, false);
    assert.equal(await tail.update(), 'unchanged');
    fs.appendFileSync(file, text(s.read('/b', 'y')));
    assert.equal(await tail.update(), 'reread');
    assert.equal(tail.isLive, true);
    assert.equal(tail.drafts[0].toolCalls.length, 2);
  });
});
