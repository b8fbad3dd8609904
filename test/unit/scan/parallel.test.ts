/**
 * The fast paths read exactly what the plain one does: the synchronous reader (head read once,
 * long lines skimmed) and the worker pool give the same sessions as parsing every corpus file whole.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GapList } from '../../../src/core/gaps';
import { SyncLineReader } from '../../../src/node/lines';
import { collectFiles, scanFile, scanFileSync, scanPaths } from '../../../src/node/scan';
import { scanInWorkers, threadsFor } from '../../../src/node/scanPool';
import { runAudit } from '../../../src/node/audit';
import { renderJson } from '../../../src/core/render/json';
import { ClaudeSession } from '../../harness/agentLogs';
import { CORPUS, corpusSkip } from '../../helpers/corpus';
import { FAKE } from '../../helpers/fakeSecrets';

const WORKER = path.resolve(__dirname, '../../../src/node/scanWorker.ts');

describe('fast scanning paths', { skip: corpusSkip }, () => {
  it('the synchronous skimming reader gives the same sessions as the streaming one, file by file', async () => {
    const files = await collectFiles([CORPUS], new GapList());
    assert.ok(files.length > 50);
    const reader = new SyncLineReader(4096);
    for (const f of files) {
      assert.deepEqual(await scanFileSync(f.path, reader), await scanFile(f.path), f.path);
    }
  });

  it('a long tool result is skimmed yet read the same: status, exit code and error line kept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-skim-'));
    const file = path.join(dir, 'session.jsonl');
    const base = { sessionId: 's1', cwd: '/w', version: '2.0.0', gitBranch: 'main', userType: 'external', isSidechain: false };
    const big = `${'line of output\n'.repeat(2000)}`;
    const lines = [
      { ...base, type: 'user', uuid: 'u1', timestamp: '2026-01-01T00:00:00.000Z', message: { role: 'user', content: 'run it' } },
      {
        ...base,
        type: 'assistant',
        uuid: 'a1',
        timestamp: '2026-01-01T00:00:01.000Z',
        message: { role: 'assistant', model: 'm', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'make test' } }] },
      },
      {
        ...base,
        type: 'user',
        uuid: 'u2',
        timestamp: '2026-01-01T00:00:02.000Z',
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: `Exit code 2\nmake: *** [test] Error 2\n${big}` }] },
        toolUseResult: `Error: Exit code 2\nmake: *** [test] Error 2\n${big}`,
      },
    ];
    fs.writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const fast = await scanFileSync(file, new SyncLineReader());
    assert.deepEqual(fast, await scanFile(file));
    const call = fast.drafts[0]!.toolCalls[0]!;
    assert.equal(call.status, 'failed');
    assert.equal(call.exitCode, 2);
  });

  it('the worker pool gives the same drafts, gaps and files as reading on this thread', async () => {
    const one = await scanPaths([CORPUS]);
    // Two threads: this one and a worker; three: this one and two workers.
    for (const threads of [2, 3]) {
      const pooled = await scanPaths([CORPUS], { workerFile: WORKER, threads });
      assert.deepEqual(pooled, one, `${threads} threads`);
    }
  });

  it('the pool reads files on this thread too, with their secrets and commands worked out as the workers do', async () => {
    const files = await collectFiles([CORPUS], new GapList());
    const learned = { commands: 0, secretScans: 0 };
    const read = new Set<string>();
    const pooled = await scanInWorkers(files, WORKER, 2, {
      classify: { rules: {}, learn: (answers) => void (learned.commands += answers.commands.length) },
      secrets: { learn: () => void learned.secretScans++ },
      onProgress: (_done, _total, file) => read.add(file),
    });
    assert.equal(read.size, files.length);
    const drafts = pooled.flatMap((scan) => scan.drafts);
    assert.equal(learned.secretScans, drafts.length, 'every draft, whichever thread read it, comes with its secret scan');
    assert.ok(learned.commands > 0);
    // The kept start of each result is dropped once scanned, on this thread as in the workers.
    assert.ok(drafts.every((d) => d.toolCalls.every((c) => c.output === undefined)));
  });

  it('a worker that fails stops the whole scan with its error, and this thread reads no further file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-broken-worker-'));
    const broken = path.join(dir, 'brokenWorker.js');
    fs.writeFileSync(broken, "throw new Error('broken scan worker');\n");
    // Enough files that this thread is still reading when the worker fails.
    const session = new ClaudeSession({ sessionId: 'b7c1d2e3-0000-4000-8000-000000000002', cwd: '/work/app', start: new Date('2026-01-01T00:00:00Z') });
    const text = `${[...session.prompt('build it'), ...session.bash('npm run build', 'ok')].join('\n')}\n`;
    for (let i = 0; i < 2000; i++) fs.writeFileSync(path.join(dir, `s${i}.jsonl`), text);
    const files = await collectFiles([dir], new GapList());
    let read = 0;
    const scan = scanInWorkers(files, broken, 2, { onProgress: () => void read++ });
    await assert.rejects(scan, /broken scan worker/);
    const readWhenStopped = read;
    // The file this thread was reading may still finish; none after it is started.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(read <= readWhenStopped + 1, `${read - readWhenStopped} files read after the scan stopped (${readWhenStopped} of ${files.length} before)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an audit through the worker pool reports what one on this thread does, a command changed by masking a secret included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-pool-audit-'));
    const session = new ClaudeSession({ sessionId: 'b7c1d2e3-0000-4000-8000-000000000001', cwd: '/work/app', start: new Date('2026-01-01T00:00:00Z') });
    const lines = [
      ...session.prompt('push it'),
      // Masked, this command is one the workers never classified: this thread must load its own shell parser.
      ...session.bash(`git push https://x:${FAKE.github}@github.com/o/r.git && rm -rf /tmp/build`, 'done'),
      ...session.bash('curl -s https://example.com/api | jq .', '{}'),
    ];
    fs.writeFileSync(path.join(dir, 'b7c1d2e3-0000-4000-8000-000000000001.jsonl'), `${lines.join('\n')}\n`);
    const now = new Date('2026-02-01T00:00:00Z');
    const here = await runAudit({ roots: [dir], now, workerFile: '' });
    const pooled = await runAudit({ roots: [dir], now, workerFile: WORKER, threads: 2 });
    assert.equal(renderJson(pooled.report), renderJson(here.report));
    const push = pooled.report.sessions.find((s) => s.id === session.sessionId)!.toolCalls[0]!;
    assert.ok(!push.args.includes(FAKE.github), push.args);
    assert.ok(push.capabilities.includes('net-egress') && push.capabilities.includes('shell-exec'), push.capabilities.join(' '));
  });

  it('starts no more threads than the work is worth', () => {
    const file = (size: number) => ({ path: 'f', size, mtimeMs: 0 });
    assert.equal(threadsFor([file(1000)], 8), 1);
    assert.equal(threadsFor(Array.from({ length: 100 }, () => file(1 << 20)), 8), 8);
    assert.equal(threadsFor(Array.from({ length: 100 }, () => file(1 << 20)), 2), 2);
  });
});
