/**
 * The index client and its worker thread, for real: the worker runs the TypeScript source (through
 * tsx), reads real logs, watches them with the real watcher and persists its index.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parsePolicy } from '../../../src/core/policy';
import { IndexClient, type IndexUpdate } from '../../../src/extension/indexer/indexClient';
import { toIndexPolicy } from '../../../src/extension/indexer/indexPolicy';
import type { IndexConfig } from '../../../src/extension/indexer/indexProtocol';
import { keyOf } from '../../../src/extension/indexer/sessionIndex';
import { sessionRows } from '../../../src/extension/panels/sessionRows';
import { overviewNumbers } from '../../../src/extension/panels/snapshots';
import { compileRules } from '../../../src/core/capabilities';
import { createClassifier } from '../../../src/node/audit';
import { appendLines, ClaudeSession } from '../../harness/agentLogs';
import { FAKE } from '../../helpers/fakeSecrets';

const WORKER = path.resolve(__dirname, '../../../src/extension/indexer/indexWorker.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-client-'));
const clients: IndexClient[] = [];
// Workers first: one still running may write its index into the folder being removed.
after(async () => {
  for (const c of clients) await c.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function client(logs: { level: string; text: string }[] = [], errors: Error[] = []): IndexClient {
  const c = new IndexClient({ workerFile: WORKER, onLog: (level, text) => logs.push({ level, text }), onError: (e) => errors.push(e) });
  clients.push(c);
  return c;
}

function setup(name: string): { root: string; config: IndexConfig } {
  const root = path.join(dir, name, 'projects');
  fs.mkdirSync(root, { recursive: true });
  return {
    root,
    config: { roots: [{ path: root, explicit: false, label: 'claude-code logs' }], capabilityRules: {}, version: 'test', cacheFile: path.join(dir, name, 'storage', 'index.bin'), debounceMs: 20, maxWaitMs: 100 },
  };
}

function writeSession(root: string, id: string, calls: number): { file: string; session: ClaudeSession } {
  const file = path.join(root, '-work-app', `${id}.jsonl`);
  const session = new ClaudeSession({ sessionId: id, cwd: '/work/app', start: new Date(Date.now() - 3600_000) });
  appendLines(file, [...session.prompt(id), ...session.title(`title of ${id}`)]);
  for (let i = 0; i < calls; i++) appendLines(file, session.read(`/work/app/f${i}.ts`, 'x'));
  return { file, session };
}

function nextUpdate(c: IndexClient, pred: (u: IndexUpdate) => boolean, what: string): Promise<IndexUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 15_000);
    const sub = c.onDidUpdate((u) => {
      if (!pred(u)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(u);
    });
  });
}

const key = (id: string): string => keyOf({ agent: 'claude-code', id });

describe('IndexClient with the index worker', () => {
  it('reads the logs in the worker, then sends an appended line as an update of that session only', async () => {
    const { root, config } = setup('live');
    const a = writeSession(root, 'session-a', 2);
    writeSession(root, 'session-b', 1);
    const c = client();
    const result = await c.load(config, false);
    assert.equal(result.files, 2);
    assert.equal(result.fresh, 2);
    assert.deepEqual(c.allSessions().map((s) => s.title).sort(), ['title of session-a', 'title of session-b']);
    assert.equal(c.byKey(key('session-a'))!.toolCalls.length, 2);

    const update = nextUpdate(c, (u) => u.source === 'watch', 'the appended call');
    appendLines(a.file, a.session.bash('npm test', 'ok'));
    const u = await update;
    assert.deepEqual(u.changed, [key('session-a')], 'only the changed session crosses over');
    assert.deepEqual(
      c.byKey(key('session-a'))!.toolCalls.map((t) => t.tool),
      ['Read', 'Read', 'Bash'],
    );
    assert.equal(c.batchesRead, 1);
  });

  it('persists the index and starts from it: sessions at once, only changed files read again', async () => {
    const { root, config } = setup('warm');
    const kept = writeSession(root, 'kept', 3);
    const grown = writeSession(root, 'grown', 1);
    const first = client();
    await first.load(config, false);
    const keptBefore = first.byKey(key('kept'));
    await first.dispose();
    assert.ok(fs.existsSync(config.cacheFile!), 'the index was written on shutdown');

    appendLines(grown.file, grown.session.write('/work/app/new.ts', 'x'));
    const added = writeSession(root, 'added', 1);
    void added;

    const logs: { level: string; text: string }[] = [];
    const second = client(logs);
    const fromCache = nextUpdate(second, (u) => u.source === 'cache', 'the cached sessions');
    const loading = second.load(config, true);
    const cached = await fromCache;
    assert.deepEqual(cached.changed.sort(), [key('grown'), key('kept')]);
    assert.equal(second.byKey(key('grown'))!.toolCalls.length, 1, 'the cached state first');
    assert.deepEqual(second.byKey(key('kept')), keptBefore);

    const result = await loading;
    assert.equal(result.files, 3);
    assert.equal(result.fromCache, 1);
    assert.equal(result.changed.grown, 1);
    assert.equal(result.fresh, 1);
    assert.ok(result.cacheShownMs !== undefined && result.cacheShownMs >= 0);
    assert.deepEqual(
      second.byKey(key('grown'))!.toolCalls.map((t) => t.tool),
      ['Read', 'Write'],
    );
    assert.ok(second.byKey(key('added')));
    assert.deepEqual(logs.filter((l) => l.level !== 'debug'), []);
  });

  it('masks secrets in the worker unless revealed, and keeps a deleted log as source gone across a restart until Refresh', async () => {
    const { root, config } = setup('secrets-gone');
    const secret = writeSession(root, 'secret', 1);
    appendLines(secret.file, secret.session.bash(`curl -H "x-api-key: ${FAKE.anthropic}" https://api.anthropic.com/v1/models`, 'ok'));
    const doomed = writeSession(root, 'doomed', 2);
    const first = client();
    await first.load(config, false);
    const leaks = (c: IndexClient): boolean => JSON.stringify(c.allSessions()).includes(FAKE.anthropic);
    assert.equal(leaks(first), false);
    assert.ok(first.byKey(key('secret'))!.secretFindings?.some((f) => f.ruleId.endsWith('anthropic')));

    const deleted = nextUpdate(first, (u) => u.faults.length > 0, 'the deletion');
    fs.rmSync(doomed.file);
    const u = await deleted;
    assert.deepEqual(
      u.faults.map((f) => [f.file, f.kind]),
      [[doomed.file, 'gone']],
    );
    assert.equal(first.byKey(key('doomed'))!.sourceGone, true);
    await first.dispose();

    const second = client();
    const fromCache = nextUpdate(second, (x) => x.source === 'cache', 'the cached sessions');
    const loading = second.load(config, true);
    await fromCache;
    assert.equal(second.byKey(key('doomed'))!.sourceGone, true, 'the cache holds the source-gone session');
    assert.equal(leaks(second), false, 'the cache holds masked sessions');
    const result = await loading;
    assert.equal(result.fromCache, 1);
    assert.equal(second.byKey(key('doomed'))!.sourceGone, true);
    assert.equal(second.byKey(key('doomed'))!.toolCalls.length, 2);
    assert.equal(leaks(second), false);

    await second.refresh();
    assert.equal(second.byKey(key('doomed')), undefined, 'Refresh drops sessions whose log is gone');

    // The reveal setting reaches the worker; a cache written for masked sessions is not used then.
    const logs: { level: string; text: string }[] = [];
    const third = client(logs);
    await third.load({ ...config, revealSecrets: true }, true);
    assert.equal(leaks(third), true);
    assert.ok(logs.some((l) => /index cache not used \(written for other settings/.test(l.text)), JSON.stringify(logs));
  });

  it('judges in the worker, again when the policy changes, and starts from the judged cache without writing it again', async () => {
    const { root, config: base } = setup('policy');
    const s = writeSession(root, 'judged', 1);
    appendLines(s.file, s.session.write('/work/app/out.ts', 'x'));
    const scope = (write: string): ReturnType<typeof toIndexPolicy> =>
      toIndexPolicy({ policy: parsePolicy(JSON.stringify({ version: 1, id: 't', scopes: [{ id: 's', match: {}, read: ['**'], write: [write] }] }), 'p.json').policy, claude: [], home: '/home/me' });
    const config = { ...base, policy: scope('/work/app/src/**') };
    const outOfScope = (c: IndexClient): number | undefined => c.byKey(key('judged'))?.policy?.executedOutOfScope;

    const first = client();
    await first.load(config, false);
    assert.equal(outOfScope(first), 1);
    await first.setPolicy(scope('/work/app/**'));
    assert.equal(outOfScope(first), 0, 'judged again by the new policy');
    await first.setPolicy(config.policy);
    assert.equal(outOfScope(first), 1);
    await first.dispose();
    const headerOf = (): string => fs.readFileSync(config.cacheFile!, 'utf8').split('\n', 1)[0];
    const written = headerOf();

    const second = client();
    const updates: IndexUpdate[] = [];
    second.onDidUpdate((u) => updates.push(u));
    const result = await second.load(config, true);
    assert.equal(result.fromCache, 1);
    assert.deepEqual(
      updates.map((u) => [u.source, u.changed.length]),
      [
        ['cache', 1],
        ['read', 0],
      ],
      'judged by the same policy: nothing sent again',
    );
    assert.equal(outOfScope(second), 1);
    assert.deepEqual(
      second.byKey(key('judged'))!.policy!.journal.map((e) => e.decision),
      ['out-of-scope'],
    );
    await second.dispose();
    assert.equal(headerOf(), written, 'nothing changed: the cache is not written again');

    // Another policy since the cache was written: its sessions are judged again.
    const third = client();
    await third.load({ ...config, policy: scope('/work/app/**') }, true);
    assert.equal(outOfScope(third), 0);
  });

  it('works out the overview in the worker as the host would from the sessions it has', async () => {
    const { root, config } = setup('overview');
    writeSession(root, 'ov-a', 3);
    const b = writeSession(root, 'ov-b', 1);
    appendLines(b.file, b.session.write('/work/app/out.ts', 'x'));
    const other = path.join(root, '-elsewhere', 'ov-c.jsonl');
    const c = new ClaudeSession({ sessionId: 'ov-c', cwd: '/elsewhere', start: new Date(Date.now() - 3600_000) });
    appendLines(other, [...c.prompt('elsewhere'), ...c.title('elsewhere'), ...c.read('/elsewhere/x.ts', 'x')]);
    const client1 = client();
    await client1.load({ ...config, policy: toIndexPolicy({ claude: [], home: '/home/me' }) }, false);
    const inApp = client1.allSessions().filter((s) => s.cwd === '/work/app');
    assert.equal(inApp.length, 2);

    const { numbers, rows } = await client1.overview({ folders: ['/work/app'], allProjects: false });
    const expected = overviewNumbers(inApp, { files: client1.fileCount, classifier: await createClassifier(compileRules({}).rules) });
    assert.deepEqual({ ...numbers, updatedAt: '' }, { ...expected, updatedAt: '' });
    assert.deepEqual(rows, sessionRows(inApp));
    assert.equal(numbers.totals.sessions, 2);

    const all = await client1.overview({ folders: [], allProjects: true });
    assert.equal(all.rows.length, 3);
    assert.equal((await client1.overview({ folders: ['/nowhere'], allProjects: false })).rows.length, 0);
  });

  it('discards a corrupt cache with one line and reads every log', async () => {
    const { root, config } = setup('corrupt');
    writeSession(root, 'one', 1);
    fs.mkdirSync(path.dirname(config.cacheFile!), { recursive: true });
    fs.writeFileSync(config.cacheFile!, '{"magic":"agent-audit-index"\n garbage');
    const logs: { level: string; text: string }[] = [];
    const c = client(logs);
    const result = await c.load(config, true);
    assert.equal(result.fresh, 1);
    assert.equal(c.allSessions().length, 1);
    const notes = logs.filter((l) => l.text.startsWith('index cache not used'));
    assert.equal(notes.length, 1, JSON.stringify(logs));
  });

  it('reports a request the worker cannot serve, and a worker that fails', async () => {
    const c = client();
    await assert.rejects(c.refresh(), /refresh before load/);
    // Settings that are not plain data are refused at once, not lost in the worker.
    await assert.rejects(c.load({ ...setup('unclonable').config, capabilityRules: { check: () => true } }, false), /could not be cloned/);
    await assert.rejects(c.refresh(), /refresh before load/, 'the client still works');

    const broken = path.join(dir, 'broken-worker.js');
    fs.writeFileSync(broken, "throw new Error('index worker could not start: boom');\n");
    const errors: Error[] = [];
    const b = new IndexClient({ workerFile: broken, onError: (e) => errors.push(e) });
    clients.push(b);
    await assert.rejects(b.load(setup('broken').config, false), /boom/);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /boom/);
    await assert.rejects(b.whenIdle(), /boom/, 'later requests fail too, not hang');
  });
});
