/**
 * Bad and broken input on disk, each against the real indexer and the real chokidar watcher on a
 * temp folder: the watcher keeps working, nothing already read is lost, and the output says what
 * happened in one line, once. (Permission denied has its own file: it needs a process without
 * root's override of permission bits.)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { appendLines, ClaudeSession } from '../../harness/agentLogs';
import { LiveIndex } from './support/liveIndex';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-faults-'));
const open: LiveIndex[] = [];
// Indexes first: one still running may write into the folder being removed.
after(async () => {
  for (const h of open) await h.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function folder(name: string): string {
  const root = path.join(dir, name);
  fs.mkdirSync(root, { recursive: true });
  return root;
}

async function watching(root: string): Promise<LiveIndex> {
  const h = new LiveIndex(root);
  open.push(h);
  await h.start();
  return h;
}

let n = 0;
function claude(): ClaudeSession {
  const id = `aaaaaaaa-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  return new ClaudeSession({ sessionId: id, cwd: '/work/app', start: new Date('2026-11-20T10:00:00Z') });
}

/** A Gemini CLI session document with `calls` shell calls. */
function geminiDoc(calls: number): string {
  const messages: unknown[] = [{ id: 'u', timestamp: '2026-11-20T10:00:01.000Z', type: 'user', content: 'clean up' }];
  for (let i = 0; i < calls; i++) {
    const result = [{ functionResponse: { id: `t${i}`, name: 'run_shell_command', response: { output: 'ok' } } }];
    messages.push({ id: `m${i}`, timestamp: '2026-11-20T10:00:02.000Z', type: 'gemini', content: 'Running.', model: 'gemini-2.5-pro', toolCalls: [{ id: `t${i}`, name: 'run_shell_command', args: { command: `echo ${i}` }, status: 'success', result }] });
  }
  return JSON.stringify({ sessionId: 'gemini-doc-1', projectHash: 'p', startTime: '2026-11-20T10:00:00.000Z', lastUpdated: '2026-11-20T10:05:00.000Z', messages });
}

/** Random bytes with NULs in them, as a stray binary file is. */
function binary(bytes: number): Buffer {
  const buf = randomBytes(bytes);
  buf[10] = 0;
  return buf;
}

describe('file-system faults, live', () => {
  it('a log deleted while being read: its sessions stay, marked source gone, with what was read', async () => {
    const h = await watching(folder('deleted'));
    const file = path.join(h.root, 'a.jsonl');
    const s = claude();
    appendLines(file, [...s.prompt('go'), ...s.title('Doomed session'), ...s.read('/work/app/a.ts', 'x'), ...s.read('/work/app/b.ts', 'y')]);
    await h.until(() => h.session(s.sessionId)?.toolCalls.length === 2, 'the first read');

    // A large append, and the file deleted as the index starts reading it.
    const more: string[] = [];
    for (let i = 0; i < 2000; i++) more.push(...s.bash(`echo ${i}`, 'x'.repeat(2000)));
    appendLines(file, more);
    const reading = h.read([file]);
    setImmediate(() => fs.rmSync(file));
    await reading;
    const gone = await h.until(() => h.session(s.sessionId)?.sourceGone && h.session(s.sessionId), 'the session marked source gone');
    assert.equal(gone.title, 'Doomed session');
    assert.ok(gone.toolCalls.length >= 2, `${gone.toolCalls.length} calls kept`);
    const lines = h.linesFor(file);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /: deleted while reading; keeping \d+ records already read$/);
    const kept = Number(/keeping (\d+) records/.exec(lines[0])![1]);
    assert.ok(kept >= 5, `${kept} records`);

    // It comes back (recreated): read again, no longer gone.
    appendLines(file, [...s.prompt('again'), ...s.title('Doomed session, back')]);
    await h.until(() => h.session(s.sessionId)?.title === 'Doomed session, back', 'the recreated log');
    assert.equal(h.session(s.sessionId)!.sourceGone, undefined);
    assert.match(h.linesFor(file).at(-1)!, /: back after being deleted; read again$/);
  });

  it('a log truncated and rewritten in place is read again; a session it no longer holds is kept', async () => {
    const h = await watching(folder('truncated'));
    const file = path.join(h.root, 'a.jsonl');
    const first = claude();
    appendLines(file, [...first.prompt('go'), ...first.title('Before the rewrite'), ...first.read('/a', 'x'), ...first.read('/b', 'x'), ...first.read('/c', 'x')]);
    await h.until(() => h.session(first.sessionId)?.toolCalls.length === 3, 'the first read');

    const second = claude();
    fs.writeFileSync(file, `${[...second.prompt('new'), ...second.title('After the rewrite')].join('\n')}\n`);
    await h.until(() => h.session(second.sessionId), 'the rewritten content');
    const old = h.session(first.sessionId);
    assert.ok(old?.sourceGone, 'the session the rewrite dropped is kept, marked source gone');
    assert.equal(old.toolCalls.length, 3);
    assert.equal(h.session(second.sessionId)!.sourceGone, undefined);
    assert.deepEqual(h.linesFor(file), [`${file}: truncated and rewritten; read again`]);

    // Rewritten again with the first session: it is read from the file again, not kept twice.
    fs.writeFileSync(file, `${[...first.prompt('back'), ...first.title('Restored')].join('\n')}\n`);
    await h.until(() => h.session(first.sessionId)?.title === 'Restored', 'the first session read again');
    assert.equal(h.index.allSessions().filter((x) => x.id === first.sessionId).length, 1);
    assert.equal(h.session(first.sessionId)!.sourceGone, undefined);
    assert.equal(h.session(second.sessionId)!.sourceGone, true);
    assert.equal(h.linesFor(file).length, 1, 'the same fault on the same file is said once');
  });

  it('a rotated log (renamed away, recreated) keeps the old session and reads the new file', async () => {
    const h = await watching(folder('rotated'));
    const file = path.join(h.root, 'a.jsonl');
    const old = claude();
    appendLines(file, [...old.prompt('go'), ...old.title('Before rotation'), ...old.read('/a', 'x')]);
    await h.until(() => h.session(old.sessionId), 'the first read');

    fs.renameSync(file, `${file}.1`);
    const fresh = claude();
    appendLines(file, [...fresh.prompt('go'), ...fresh.title('After rotation')]);
    await h.until(() => h.session(fresh.sessionId), 'the new file');
    await h.until(() => h.session(old.sessionId)?.sourceGone, 'the rotated-away session kept as source gone');
    assert.equal(h.session(old.sessionId)!.toolCalls.length, 1);
    const lines = h.linesFor(file);
    assert.ok(
      lines.length >= 1 && lines.every((l) => /: (replaced by a new file \(rotated, or renamed over\); read again|deleted while reading; keeping 4 records already read|back after being deleted; read again)$/.test(l)),
      lines.join('\n'),
    );

    // Rotated into a name that is followed: the session is read there and is not "gone".
    const moved = path.join(h.root, 'archive-a.jsonl');
    fs.renameSync(file, moved);
    await h.until(() => h.index.has(moved) && h.session(fresh.sessionId) && !h.session(fresh.sessionId)!.sourceGone, 'the moved log read under its new name');
  });

  it("a session document replaced through a temp file and rename (Gemini's way) stays current, said once", async () => {
    const h = await watching(folder('gemini'));
    const file = path.join(h.root, 'session-2026-11-20T10-00-gemini1.json');
    const save = (calls: number): void => {
      fs.writeFileSync(`${file}.tmp`, geminiDoc(calls));
      fs.renameSync(`${file}.tmp`, file);
    };
    save(1);
    await h.until(() => h.session('gemini-doc-1')?.toolCalls.length === 1, 'the first save');
    for (const calls of [2, 3, 4]) {
      save(calls);
      await h.until(() => h.session('gemini-doc-1')?.toolCalls.length === calls, `save with ${calls} calls`);
      assert.equal(h.session('gemini-doc-1')!.sourceGone, undefined);
    }
    assert.deepEqual(h.linesFor(file), [`${file}: replaced by a new file (rotated, or renamed over); read again`]);
  });

  it('symlink loops are skipped with one line each, and looped folders are not walked', async () => {
    const root = folder('loops');
    fs.symlinkSync('self.jsonl', path.join(root, 'self.jsonl'));
    fs.symlinkSync('pong.jsonl', path.join(root, 'ping.jsonl'));
    fs.symlinkSync('ping.jsonl', path.join(root, 'pong.jsonl'));
    fs.mkdirSync(path.join(root, 'sub'));
    fs.symlinkSync('..', path.join(root, 'sub', 'back'));
    const good = path.join(root, 'sub', 'good.jsonl');
    const s = claude();
    appendLines(good, [...s.prompt('go'), ...s.title('Next to the loops')]);

    const h = await watching(root);
    await h.until(() => h.session(s.sessionId), 'the good log');
    fs.symlinkSync('late.jsonl', path.join(root, 'late.jsonl'));
    appendLines(good, s.read('/a', 'x'));
    await h.until(() => h.session(s.sessionId)?.toolCalls.length === 1, 'the append next to the loops');
    for (const name of ['self.jsonl', 'ping.jsonl', 'pong.jsonl', 'late.jsonl']) {
      const file = path.join(root, name);
      await h.until(() => h.linesFor(file).length > 0, `the line about ${name}`);
      assert.deepEqual(h.linesFor(file), [`${file}: symlink loop; skipped`]);
    }
    const everything = h.batches.flatMap((b) => [...b.changed, ...b.removed]);
    const looped = everything.filter((f) => f.includes(`${path.sep}back${path.sep}`));
    assert.deepEqual(looped.slice(0, 3), [], `the looped folder was walked (${looped.length} paths)`);
  });

  it('a FIFO and a device named like logs are never opened, and said once each', async () => {
    const root = folder('special');
    execFileSync('mkfifo', [path.join(root, 'pipe.jsonl')]);
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.jsonl'));
    const good = path.join(root, 'good.jsonl');
    const s = claude();
    appendLines(good, [...s.prompt('go'), ...s.title('Next to a FIFO')]);

    const h = await watching(root);
    await h.until(() => h.session(s.sessionId), 'the good log');
    const late = path.join(root, 'late-pipe.jsonl');
    execFileSync('mkfifo', [late]);
    await h.until(() => h.linesFor(late).length > 0, 'the FIFO created later');
    // Poke both: a change event on a FIFO must not make anyone open it.
    fs.utimesSync(late, new Date(), new Date());
    appendLines(good, s.read('/a', 'x'));
    await h.until(() => h.session(s.sessionId)?.toolCalls.length === 1, 'the append next to the FIFOs');
    assert.deepEqual(h.linesFor(path.join(root, 'pipe.jsonl')), [`${path.join(root, 'pipe.jsonl')}: is a FIFO; skipped`]);
    assert.deepEqual(h.linesFor(path.join(root, 'zero.jsonl')), [`${path.join(root, 'zero.jsonl')}: is a character device; skipped`]);
    assert.deepEqual(h.linesFor(late), [`${late}: is a FIFO; skipped`]);
  });

  it('a binary file with a .jsonl name is skipped, and read once it holds a log', async () => {
    const root = folder('binary');
    const early = path.join(root, 'early.jsonl');
    fs.writeFileSync(early, binary(64 * 1024));
    const h = await watching(root);
    const late = path.join(root, 'late.jsonl');
    fs.writeFileSync(late, binary(3000));
    await h.until(() => h.linesFor(late).length > 0, 'the binary file written later');
    fs.appendFileSync(late, binary(3000));
    const s = claude();
    fs.writeFileSync(early, `${[...s.prompt('go'), ...s.title('Was binary')].join('\n')}\n`);
    await h.until(() => h.session(s.sessionId), 'the file once it holds a log');
    // The log line may follow the update that brought the session.
    await h.until(() => h.linesFor(early).length >= 2, 'the line saying the file is read again');
    assert.deepEqual(h.linesFor(late), [`${late}: not text (binary); skipped`]);
    assert.deepEqual(h.linesFor(early), [`${early}: not text (binary); skipped`, `${early}: readable again; read`]);
    assert.equal(h.index.allSessions().length, 1);
  });

  it('a folder with 50,000 entries is watched and read without trouble', async () => {
    const root = folder('crowded');
    const big = path.join(root, 'big');
    fs.mkdirSync(big);
    for (let i = 0; i < 49_998; i++) fs.closeSync(fs.openSync(path.join(big, `blob-${i}.bin`), 'w'));
    const a = claude();
    const b = claude();
    appendLines(path.join(big, 'a.jsonl'), [...a.prompt('go'), ...a.title('In a crowd')]);
    appendLines(path.join(big, 'b.jsonl'), [...b.prompt('go'), ...b.title('Also in a crowd')]);
    assert.equal(fs.readdirSync(big).length, 50_000);

    const started = Date.now();
    const h = await watching(root);
    assert.ok(h.session(a.sessionId) && h.session(b.sessionId), 'both logs among 50,000 entries read');
    appendLines(path.join(big, 'a.jsonl'), a.read('/x', 'y'));
    await h.until(() => h.session(a.sessionId)?.toolCalls.length === 1, 'an append in the crowded folder');
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(h.lines, []);
  });
});
