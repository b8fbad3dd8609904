/**
 * Sessions as the worker sends them and the cache holds them (head + body): what comes back is the
 * session that was audited, field for field and in the same order, its calls decoded only when read.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Classifier } from '../../../src/core/finalize';
import type { Session } from '../../../src/core/model';
import { parsePolicy } from '../../../src/core/policy';
import { readCachedSessions, writeCache } from '../../../src/extension/indexer/indexCache';
import { toIndexPolicy } from '../../../src/extension/indexer/indexPolicy';
import { keyOf, SessionIndex } from '../../../src/extension/indexer/sessionIndex';
import { decodeSession, encodeSession } from '../../../src/extension/indexer/sessionRecord';
import { appendLines, ClaudeSession } from '../../harness/agentLogs';
import { FAKE } from '../../helpers/fakeSecrets';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-record-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const classifier: Classifier = {
  analyzeCommand: () => ({ capabilities: [], touches: [] }),
  pathCapabilities: (p) => (p.endsWith('.ts') ? ['code-typescript'] : []),
};
const t0 = Date.parse('2026-01-05T10:00:00Z');

/** Judged sessions with calls, touches, a journal, a secret finding and a gone source among them. */
async function audited(): Promise<Session[]> {
  const file = path.join(dir, 'main.jsonl');
  const s = new ClaudeSession({ sessionId: 'main', cwd: '/work/app', start: new Date(t0) });
  appendLines(file, [
    ...s.prompt('Fix the build'),
    ...s.title('Fix the build'),
    ...s.say('Reading first.'),
    ...s.read('/work/app/src/a.ts', 'x'),
    ...s.write('/work/app/out/b.ts', 'y'),
    ...s.bash(`curl -H "x-api-key: ${FAKE.anthropic}" https://api.anthropic.com/v1/models`, 'ok'),
    ...s.denied('Bash', { command: 'rm -rf /', description: 'no' }),
  ]);
  const gone = path.join(dir, 'gone.jsonl');
  const g = new ClaudeSession({ sessionId: 'gone', cwd: '/work/app', start: new Date(t0) });
  appendLines(gone, [...g.prompt('old'), ...g.title('old'), ...g.read('/work/app/c.ts', 'z')]);
  const index = new SessionIndex(classifier, () => t0 + 3600_000);
  const { policy } = parsePolicy(JSON.stringify({ version: 1, id: 't', scopes: [{ id: 's', match: {}, read: ['**'], write: ['/work/app/src/**'] }] }), 'p.json');
  index.setPolicy(toIndexPolicy({ policy, claude: [], home: '/home/me' }));
  index.track(file, false);
  index.track(gone, false);
  await index.update();
  fs.rmSync(gone);
  await index.update([gone]);
  return index.allSessions();
}

describe('session records', () => {
  it('give back, through the cache, exactly the sessions that were audited', async () => {
    const sessions = await audited();
    assert.ok(sessions.some((s) => s.sourceGone) && sessions.some((s) => (s.secretFindings?.length ?? 0) > 0));
    assert.ok(sessions.some((s) => (s.policy?.journal.length ?? 0) > 0));
    const file = path.join(dir, 'cache.bin');
    await writeCache(file, 'k', 'p', sessions.map((session) => ({ key: keyOf(session), explicit: false, session })), []);
    const cache = (await readCachedSessions(file, 'k'))!;
    await cache.bodiesRead;
    const restored = cache.heads(0).map((e) => decodeSession({ head: e.head, body: cache.bodies.subarray(e.body[0], e.body[0] + e.body[1]) }));
    // As JSON (reports, panels) they are the same text, fields in the same order; the journal is worked out again.
    assert.equal(JSON.stringify(restored), JSON.stringify(sessions));
    assert.deepEqual(restored, sessions);
    assert.equal(JSON.stringify(restored).includes(FAKE.anthropic), false, 'still masked');
  });

  it('decode the calls only when something reads them, and take new values like plain objects', async () => {
    const [session] = await audited();
    const s = decodeSession(encodeSession(session));
    assert.equal(typeof Object.getOwnPropertyDescriptor(s, 'toolCalls')?.get, 'function', 'not decoded yet');
    assert.equal(s.title, session.title);
    assert.deepEqual(s.toolCalls, session.toolCalls);
    assert.equal(Object.getOwnPropertyDescriptor(s, 'toolCalls')?.get, undefined, 'a plain property once read');
    assert.equal(s.toolCalls, s.toolCalls, 'decoded once');
    s.touches = [];
    assert.deepEqual(s.touches, []);
    assert.deepEqual(Object.keys(s), Object.keys(session));
    assert.deepEqual({ ...s, touches: session.touches }, session);
  });

  it('encode a session once: a decoded one kept for writing reuses its bytes', async () => {
    const [session] = await audited();
    const record = encodeSession(session);
    assert.equal(encodeSession(session), record);
    const again = decodeSession(record, true);
    assert.equal(encodeSession(again).body, record.body);
    assert.notEqual(again, record.head, 'the record stays as it was');
  });
});
