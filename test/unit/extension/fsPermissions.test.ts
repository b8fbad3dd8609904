/**
 * Permission denied on a log file and on a log folder, with a real EACCES: as an ordinary user the
 * tests run as they are; as root this file runs itself again without root's permission overrides
 * (see support/permissions.ts) and checks that run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { appendLines, ClaudeSession } from '../../harness/agentLogs';
import { LiveIndex } from './support/liveIndex';
import { honouringPermissions, ignoresPermissionBits } from './support/permissions';

const prefix = honouringPermissions();

if (prefix.length > 0) {
  describe('permission denied (as root, run again without the permission overrides)', () => {
    it('passes in a process that honours permission bits', () => {
      // A fresh test run of its own (not a subtest of this one), reporting as TAP.
      const env = { ...process.env };
      delete env.NODE_TEST_CONTEXT;
      const args = [...prefix.slice(1), process.execPath, '--import', 'tsx', '--test', '--test-reporter=tap', __filename];
      const run = spawnSync(prefix[0], args, { encoding: 'utf8', timeout: 120_000, env });
      assert.equal(run.error, undefined, String(run.error));
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /^# pass [1-9]/m);
      assert.match(run.stdout, /^# fail 0$/m);
    });
  });
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-denied-'));
  const open: LiveIndex[] = [];
  /** Paths made unreadable, given back their permissions at the end so they can be removed. */
  const locked: string[] = [];
  const lock = (p: string): void => {
    fs.chmodSync(p, 0o000);
    locked.push(p);
  };
  after(async () => {
    for (const h of open) await h.dispose();
    for (const p of locked) fs.chmodSync(p, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const session = (n: number): ClaudeSession =>
    new ClaudeSession({ sessionId: `bbbbbbbb-0000-4000-8000-${String(n).padStart(12, '0')}`, cwd: '/work/app', start: new Date('2026-11-20T10:00:00Z') });

  describe('permission denied', () => {
    it('permission bits are honoured in this process (the faults below are real)', () => {
      assert.equal(ignoresPermissionBits(), false);
    });

    it('a log that becomes unreadable keeps what was read, says so once, and is read again when readable', async () => {
      const root = path.join(dir, 'file');
      fs.mkdirSync(root);
      const file = path.join(root, 'a.jsonl');
      const s = session(1);
      appendLines(file, [...s.prompt('go'), ...s.title('Locked later'), ...s.read('/a', 'x')]);
      const lockedFromStart = path.join(root, 'never.jsonl');
      appendLines(lockedFromStart, session(2).prompt('never seen'));
      lock(lockedFromStart);

      const h = new LiveIndex(root);
      open.push(h);
      await h.start();
      assert.equal(h.session(s.sessionId)?.toolCalls.length, 1);
      assert.deepEqual(h.linesFor(lockedFromStart), [`${lockedFromStart}: permission denied`]);

      lock(file);
      fs.utimesSync(lockedFromStart, new Date(), new Date());
      await h.read([file, lockedFromStart]);
      await h.read([file, lockedFromStart]);
      assert.deepEqual(h.linesFor(file), [`${file}: permission denied; keeping 4 records already read`]);
      assert.deepEqual(h.linesFor(lockedFromStart), [`${lockedFromStart}: permission denied`], 'said once while it lasts');
      assert.equal(h.session(s.sessionId)?.toolCalls.length, 1, 'what was read stays');
      assert.equal(h.session(s.sessionId)?.sourceGone, undefined);

      // Made readable again: a chmod alone need not produce a change event, so the extension looks
      // at faulted files again now and then (faultedFiles), as here.
      fs.chmodSync(file, 0o644);
      assert.deepEqual(h.index.faultedFiles().sort(), [file, lockedFromStart].sort());
      await h.read(h.index.faultedFiles());
      assert.equal(h.linesFor(file).at(-1), `${file}: readable again; read`);
      assert.deepEqual(h.index.faultedFiles(), [lockedFromStart]);
      // chokidar drops a file's events that come within 5 ms of the one before: let the chmod's pass.
      await new Promise((r) => setTimeout(r, 50));
      appendLines(file, s.read('/b', 'y'));
      await h.until(() => h.session(s.sessionId)?.toolCalls.length === 2, 'the append once readable again');
      assert.equal(h.linesFor(file).length, 2);
    });

    it('an unreadable log folder is said once, and the logs next to it are followed', async () => {
      const root = path.join(dir, 'folder');
      const folder = path.join(root, 'locked');
      fs.mkdirSync(folder, { recursive: true });
      appendLines(path.join(folder, 'hidden.jsonl'), session(3).prompt('behind a locked door'));
      lock(folder);
      const file = path.join(root, 'open.jsonl');
      const s = session(4);
      appendLines(file, [...s.prompt('go'), ...s.title('Next to a locked folder')]);

      const h = new LiveIndex(root);
      open.push(h);
      await h.start();
      assert.deepEqual(h.lines, [`${folder}: permission denied`]);
      appendLines(file, s.read('/a', 'x'));
      await h.until(() => h.session(s.sessionId)?.toolCalls.length === 1, 'the append next to the locked folder');
      assert.equal(h.index.allSessions().length, 1);
      assert.deepEqual(h.lines, [`${folder}: permission denied`]);
    });
  });
}
