/**
 * The agent-audit command on a folder full of file-system faults: a symlink loop (file and
 * folder), a FIFO and a device named like logs, a binary .jsonl, a folder of 50,000 entries, an
 * unreadable folder and file. It finishes, reports the logs it could read, and lists each problem.
 * Run as a real process; as root without the permission overrides, so the unreadable ones are real.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Report } from '../../src/core/report';
import { appendLines, ClaudeSession } from '../harness/agentLogs';
import { honouringPermissions } from './extension/support/permissions';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-scan-faults-'));
const locked: string[] = [];
after(() => {
  for (const p of locked) fs.chmodSync(p, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

function claude(n: number, title: string): string[] {
  const s = new ClaudeSession({ sessionId: `cccccccc-0000-4000-8000-${String(n).padStart(12, '0')}`, cwd: '/work/app', start: new Date('2026-11-20T10:00:00Z') });
  return [...s.prompt('go'), ...s.title(title), ...s.read('/work/app/a.ts', 'x')];
}

function run(cmd: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`agent-audit did not finish in ${timeoutMs} ms (a FIFO opened?): ${Buffer.concat(err).toString()}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

describe('agent-audit report on a folder of file-system faults', () => {
  it('finishes, keeps the readable logs and lists every problem', async () => {
    const root = path.join(dir, 'logs');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    appendLines(path.join(root, 'good.jsonl'), claude(1, 'Readable'));
    fs.symlinkSync('self.jsonl', path.join(root, 'self.jsonl'));
    fs.symlinkSync('..', path.join(root, 'sub', 'back'));
    execFileSync('mkfifo', [path.join(root, 'pipe.jsonl')]);
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.jsonl'));
    const blob = Buffer.alloc(4096, 7);
    blob[100] = 0;
    fs.writeFileSync(path.join(root, 'blob.jsonl'), blob);
    const crowd = path.join(root, 'crowd');
    fs.mkdirSync(crowd);
    for (let i = 0; i < 49_999; i++) fs.closeSync(fs.openSync(path.join(crowd, `blob-${i}.bin`), 'w'));
    appendLines(path.join(crowd, 'inner.jsonl'), claude(2, 'In a crowd'));
    const lockedFolder = path.join(root, 'locked');
    fs.mkdirSync(lockedFolder);
    appendLines(path.join(lockedFolder, 'hidden.jsonl'), claude(3, 'Behind a locked door'));
    const lockedFile = path.join(root, 'secret.jsonl');
    appendLines(lockedFile, claude(4, 'Locked'));
    for (const p of [lockedFolder, lockedFile]) {
      fs.chmodSync(p, 0o000);
      locked.push(p);
    }

    const cli = [...honouringPermissions(), process.execPath, '--import', 'tsx', path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts')];
    const { code, stdout, stderr } = await run([...cli, 'report', root, '--all-projects', '--format', 'json'], 120_000);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as Report;
    assert.deepEqual(report.sessions.map((s) => s.title).sort(), ['In a crowd', 'Readable']);
    const gaps = report.gaps.map((g) => `${g.kind}: ${g.detail}`).sort();
    assert.deepEqual(gaps, [
      `unreadable: ${lockedFolder}: permission denied`,
      `unreadable: ${path.join(root, 'pipe.jsonl')}: is a FIFO; skipped`,
      `unreadable: ${lockedFile}: permission denied`,
      `unreadable: ${path.join(root, 'self.jsonl')}: symlink loop; skipped`,
      `unreadable: ${path.join(root, 'zero.jsonl')}: is a character device; skipped`,
      `unrecognized-file: ${path.join(root, 'blob.jsonl')}: not text (binary); skipped`,
    ].sort());
    // The unreadable ones are also said on stderr, one line each.
    const notes = stderr.split('\n').filter((l) => l.startsWith('agent-audit: unreadable: '));
    assert.equal(notes.length, 5, stderr);
  });
});
