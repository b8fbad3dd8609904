import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Classifier } from '../../../src/core/finalize';
import type { Session } from '../../../src/core/model';
import { type CachedFile, cachedDrafts, type CachedSessions, CacheUnusable, checkFile, HEAD_HASH_BYTES, HEADS_PER_CHUNK, headHash, readCachedFiles, readCachedSessions, writeCache } from '../../../src/extension/indexer/indexCache';
import type { SessionEntry } from '../../../src/extension/indexer/indexProtocol';
import { decodeSession } from '../../../src/extension/indexer/sessionRecord';
import { RestoredFile } from '../../../src/extension/indexer/restoredFile';
import { keyOf, SessionIndex } from '../../../src/extension/indexer/sessionIndex';
import { appendLines, ClaudeSession } from '../../harness/agentLogs';
import { FAKE } from '../../helpers/fakeSecrets';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-cache-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const classifier: Classifier = {
  analyzeCommand: () => ({ capabilities: [], touches: [] }),
  pathCapabilities: (p) => (p.endsWith('.ts') ? ['code-typescript'] : []),
};
const t0 = Date.parse('2026-01-05T10:00:00Z');
let n = 0;

function writeLog(name: string, calls = 1): { file: string; session: ClaudeSession } {
  const file = path.join(dir, `${name}-${++n}.jsonl`);
  const session = new ClaudeSession({ sessionId: `${name}-${n}`, cwd: '/work/app', start: new Date(t0) });
  appendLines(file, [...session.prompt(name), ...session.title(name)]);
  for (let i = 0; i < calls; i++) appendLines(file, session.write(`/work/app/f${i}.ts`, 'x'));
  return { file, session };
}

/** Reads logs with a SessionIndex and makes the cache entries the worker would write. */
async function indexed(files: string[]): Promise<{ index: SessionIndex; entries: CachedFile[]; sessions: SessionEntry[] }> {
  const index = new SessionIndex(classifier, () => t0 + 3600_000);
  for (const f of files) index.track(f, false);
  await index.update();
  const entries: CachedFile[] = [];
  for (const f of index.followed()) {
    const bytes = Math.min(HEAD_HASH_BYTES, f.size);
    entries.push({
      path: f.file,
      explicit: f.explicit,
      size: f.size,
      mtimeMs: f.mtimeMs,
      headHash: (await headHash(f.file, bytes))!,
      headBytes: bytes,
      readBytes: f.size,
      drafts: [...f.drafts],
      goneDrafts: [...f.goneDrafts],
      gone: f.gone,
      scans: index.scansOf(f),
      gaps: [...f.gaps],
    });
  }
  const sessions = index.allSessions().map((session) => ({ key: keyOf(session), session, explicit: false }));
  return { index, entries, sessions };
}

function allSessions(cache: CachedSessions): SessionEntry[] {
  const out: SessionEntry[] = [];
  for (let i = 0; i < cache.chunkCount; i++) {
    for (const e of cache.heads(i)) out.push({ key: e.key, explicit: e.explicit, session: decodeSession({ head: e.head, body: cache.bodies.subarray(e.body[0], e.body[0] + e.body[1]) }) });
  }
  return out;
}

async function readCache(file: string, key: string): Promise<CachedSessions | undefined> {
  const cache = await readCachedSessions(file, key);
  await cache?.bodiesRead;
  return cache;
}

describe('index cache', () => {
  it('round-trips sessions (in several chunks) and file entries', async () => {
    const logs = Array.from({ length: HEADS_PER_CHUNK + 12 }, (_, i) => writeLog(`rt${i}`, i % 20 === 0 ? 200 : 2).file);
    const { entries, sessions } = await indexed(logs);
    const file = path.join(dir, 'roundtrip', 'index.bin');
    await writeCache(file, 'k1', 'p1', sessions, entries);
    const cache = await readCache(file, 'k1');
    assert.ok(cache);
    assert.ok(cache.chunkCount > 1, `one chunk for ${sessions.length} sessions`);
    assert.equal(cache.header.policyKey, 'p1');
    assert.deepEqual(allSessions(cache), sessions);
    assert.deepEqual(await readCachedFiles(file, cache.headerText), entries);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['index.bin'], 'no temporary file left behind');
  });

  it('has no cache before one is written, and refuses one made for other settings or another format', async () => {
    assert.equal(await readCache(path.join(dir, 'none.bin'), 'k'), undefined);
    const { entries, sessions } = await indexed([writeLog('key').file]);
    const file = path.join(dir, 'key.bin');
    await writeCache(file, 'k1', '', sessions, entries);
    await assert.rejects(readCache(file, 'k2'), (e: unknown) => e instanceof CacheUnusable && /other settings/.test(e.message));
    const text = fs.readFileSync(file);
    const newline = text.indexOf(10);
    const header = JSON.parse(text.subarray(0, newline).toString()) as { format: number };
    fs.writeFileSync(file, Buffer.concat([Buffer.from(JSON.stringify({ ...header, format: 0 })), text.subarray(newline)]));
    await assert.rejects(readCache(file, 'k1'), (e: unknown) => e instanceof CacheUnusable && /format 0/.test(e.message));
  });

  it('reports a corrupt or cut cache as unusable, never a crash', async () => {
    const { entries, sessions } = await indexed([writeLog('corrupt', 3).file]);
    const file = path.join(dir, 'corrupt.bin');
    await writeCache(file, 'k', '', sessions, entries);
    const good = fs.readFileSync(file);

    fs.writeFileSync(file, 'not a cache at all\n\u0000\u0001');
    await assert.rejects(readCache(file, 'k'), CacheUnusable);
    fs.writeFileSync(file, good.subarray(0, good.length - 10));
    await assert.rejects(readCache(file, 'k'), /truncated/);

    // The header intact, the session bytes overwritten: decoding them fails cleanly.
    const damaged = Buffer.from(good);
    damaged.fill(0xee, damaged.indexOf(10) + 1, damaged.indexOf(10) + 60);
    fs.writeFileSync(file, damaged);
    const cache = await readCache(file, 'k');
    assert.throws(() => allSessions(cache!), CacheUnusable);

    // Written again between the host's read and the worker's: the worker does not mix the two.
    fs.writeFileSync(file, good);
    const read = (await readCache(file, 'k'))!;
    await writeCache(file, 'k', '', sessions, entries);
    await assert.rejects(readCachedFiles(file, read.headerText), /written again/);
  });

  it('tells unchanged, grown, truncated, rewritten and gone files apart', async () => {
    const logs = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'].map((v) => writeLog(v).file);
    const stamp = new Date(t0);
    fs.utimesSync(logs[4], stamp, stamp);
    const { entries } = await indexed(logs);
    const [same, grown, truncated, rewritten, sameSizeRewritten, gone] = entries;
    assert.equal(await checkFile(same), 'unchanged');

    fs.appendFileSync(grown.path, '{"type":"user"}\n');
    assert.equal(await checkFile(grown), 'grown');

    fs.truncateSync(truncated.path, 10);
    assert.equal(await checkFile(truncated), 'truncated');

    fs.writeFileSync(rewritten.path, `${'{"other":true}\n'.repeat(200)}`);
    assert.equal(await checkFile(rewritten), 'rewritten');

    // Same size, mtime put back (a copy that preserves times): only the head hash can tell.
    const text = fs.readFileSync(sameSizeRewritten.path, 'utf8');
    fs.writeFileSync(sameSizeRewritten.path, text.replace('v5', 'V5'));
    fs.utimesSync(sameSizeRewritten.path, stamp, stamp);
    assert.equal(fs.statSync(sameSizeRewritten.path).mtimeMs, sameSizeRewritten.mtimeMs);
    assert.equal(await checkFile(sameSizeRewritten), 'rewritten');

    fs.rmSync(gone.path);
    assert.equal(await checkFile(gone), 'gone');

    assert.equal(await checkFile({ ...same, headHash: '' }), 'rewritten', 'an entry cached while its file changed is read again');
  });
});

describe('restored files in the index', () => {
  it('keeps unchanged files and their audited sessions, and reads grown or truncated files again', async () => {
    const a = writeLog('keep', 2);
    const b = writeLog('grow', 1);
    const c = writeLog('cut', 3);
    const { entries, sessions } = await indexed([a.file, b.file, c.file]);
    const byFile = new Map(entries.map((e) => [e.path, e]));
    const cached = new Map(sessions.map((s) => [s.key, s.session]));

    appendLines(b.file, b.session.bash('npm test', 'ok'));
    const cut = new ClaudeSession({ sessionId: c.session.sessionId, cwd: '/work/app', start: new Date(t0) });
    fs.writeFileSync(c.file, '');
    appendLines(c.file, [...cut.prompt('again'), ...cut.title('cut and written again')]);

    const index = new SessionIndex(classifier, () => t0 + 3600_000);
    const restored = [a.file, b.file, c.file].map((f) => new RestoredFile(byFile.get(f)!));
    for (const r of restored) index.adopt(r, r.entry.scans);
    index.seed(sessions.map((s) => s.session));
    // Before any check the cached sessions are there as they were audited.
    const key = (s: { sessionId: string }): string => keyOf({ agent: 'claude-code', id: s.sessionId });
    assert.equal(index.byKey(key(a.session)), cached.get(key(a.session)));

    const result = await index.update();
    assert.deepEqual(result.changed.sort(), [b.file, c.file].sort());
    assert.deepEqual(
      restored.map((r) => r.verdict),
      ['unchanged', 'grown', 'truncated'],
    );
    assert.equal(restored[0].restored, true);
    assert.equal(index.byKey(key(a.session)), cached.get(key(a.session)), 'the unchanged session is the cached object, not audited again');
    const grown = index.byKey(key(b.session)) as Session;
    assert.deepEqual(
      grown.toolCalls.map((t) => t.tool),
      ['Write', 'Bash'],
    );
    const again = index.byKey(key(c.session)) as Session;
    assert.equal(again.title, 'cut and written again');
    assert.equal(again.toolCalls.length, 0);

    // From now on a read-again file is followed like any other: appends are read.
    appendLines(b.file, b.session.read('/work/app/README.md', 'hi'));
    await index.update([b.file]);
    assert.equal(index.byKey(key(b.session))!.toolCalls.length, 3);
  });

  it('keeps no call output of a scanned draft, and audits the restored drafts into the very same masked sessions', async () => {
    const a = writeLog('outputs', 1);
    appendLines(a.file, a.session.bash('cat ~/.config/openai', `OPENAI_API_KEY=${FAKE.openai}`));
    const { index, entries } = await indexed([a.file]);
    const fresh = index.allSessions();
    assert.ok(fresh[0].secretFindings?.some((f) => f.field === 'output'), 'the secret read is found');
    const file = path.join(dir, 'outputs.bin');
    const compact = entries.map((e) => ({ ...e, drafts: cachedDrafts(e.drafts, e.scans), goneDrafts: cachedDrafts(e.goneDrafts, e.scans, e.drafts.length) }));
    await writeCache(file, 'k', '', [], compact);
    // (The scan keeps what it masks: the secret itself is in the cache either way.)
    assert.equal(fs.readFileSync(file).includes('OPENAI_API_KEY='), false, 'the output is not in the cache');
    assert.ok(entries[0].drafts[0].toolCalls.some((c) => c.output?.includes('OPENAI_API_KEY=')), 'the drafts in use keep theirs');

    const restored = new SessionIndex(classifier, () => t0 + 3600_000);
    for (const e of await readCachedFiles(file, (await readCache(file, 'k'))!.headerText)) restored.adopt(new RestoredFile(e), e.scans);
    assert.equal(JSON.stringify(restored.allSessions()), JSON.stringify(fresh));
  });

  it('restores the secret scans with the drafts, and keeps the sessions of a log deleted meanwhile as source gone', async () => {
    const a = writeLog('masked', 1);
    appendLines(a.file, a.session.bash(`curl -H "x-api-key: ${FAKE.anthropic}" https://api.anthropic.com/v1/models`, 'ok'));
    const b = writeLog('deleted', 2);
    const { entries } = await indexed([a.file, b.file]);
    const file = path.join(dir, 'secrets.bin');
    await writeCache(file, 'k', '', [], entries);
    const cached = await readCachedFiles(file, (await readCache(file, 'k'))!.headerText);
    fs.rmSync(b.file);

    const index = new SessionIndex(classifier, () => t0 + 3600_000);
    for (const e of cached) index.adopt(new RestoredFile(e), e.scans);
    // Audited afresh from the restored drafts (nothing seeded) before any read or scan: masked, with its findings.
    const key = (s: { sessionId: string }): string => keyOf({ agent: 'claude-code', id: s.sessionId });
    const masked = index.byKey(key(a.session));
    assert.ok(masked, 'a restored draft with its scan is shown at once');
    assert.equal(JSON.stringify(masked).includes(FAKE.anthropic), false);
    assert.ok(masked.secretFindings?.some((f) => f.ruleId.endsWith('anthropic')));

    const result = await index.update();
    assert.deepEqual(
      result.faults.map((f) => [f.file, f.kind]),
      [[b.file, 'gone']],
    );
    const kept = index.byKey(key(b.session));
    assert.equal(kept?.sourceGone, true);
    assert.equal(kept.toolCalls.length, 2);
    // What the next cache holds for it: still gone, its session kept.
    const followed = index.followed().find((f) => f.file === b.file)!;
    assert.equal(followed.gone, true);
    assert.equal(followed.goneDrafts.length, 1);
    assert.equal(index.scansOf(followed).length, 1);
  });
});
