/**
 * Verdicts are worked out in the index (the worker), not on the host: the sessions come out judged
 * exactly as applyPolicy judges them, a session is judged again only when it changed or the policy
 * did, and a judged session is a new object (the worker sends the host only new objects).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Classifier } from '../../../src/core/finalize';
import type { Session } from '../../../src/core/model';
import { applyPolicy, parsePolicy, type Policy } from '../../../src/core/policy';
import { toIndexPolicy } from '../../../src/extension/indexer/indexPolicy';
import { keyOf, SessionIndex } from '../../../src/extension/indexer/sessionIndex';
import { appendLines, ClaudeSession } from '../../harness/agentLogs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-index-policy-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const classifier: Classifier = {
  analyzeCommand: (cmd) => ({ capabilities: cmd.startsWith('rm ') ? [{ id: 'shell-exec', access: 'write' }] : [], touches: [] }),
  pathCapabilities: (p) => (p.endsWith('.ts') ? ['code-typescript'] : []),
};
const t0 = Date.parse('2026-01-05T10:00:00Z');
const now = (): number => t0 + 3600_000;

function policy(json: unknown): Policy {
  const parsed = parsePolicy(JSON.stringify(json), 'policy.json');
  assert.deepEqual(parsed.errors, []);
  return parsed.policy!;
}
const narrow = policy({ version: 1, id: 't', scopes: [{ id: 'narrow', match: {}, read: ['**'], write: ['/work/app/src/**'] }] });
const wide = policy({ version: 1, id: 't', scopes: [{ id: 'wide', match: {}, read: ['**'], write: ['/work/app/**'] }] });
const daily = policy({ version: 1, id: 't', scopes: [{ id: 'daily', match: {}, read: ['**'], write: ['**'], capabilities: ['*'], tiers: [{ tier: 2, capabilities: ['code-*'], maxPerDay: 50 }] }] });

function writeLog(name: string): { file: string; session: ClaudeSession } {
  const file = path.join(dir, `${name}.jsonl`);
  const session = new ClaudeSession({ sessionId: name, cwd: '/work/app', start: new Date(t0) });
  appendLines(file, [
    ...session.prompt(`keep ${name} tidy`),
    ...session.title(name),
    ...session.say('Writing the file outside src.'),
    ...session.write('/work/app/out.ts', 'x'),
    ...session.write('/work/app/src/in.ts', 'x'),
    ...session.denied('Bash', { command: 'rm -rf /tmp/x', description: 'clean' }),
  ]);
  return { file, session };
}

async function indexOf(files: string[], p?: Policy): Promise<SessionIndex> {
  const index = new SessionIndex(classifier, now);
  if (p) index.setPolicy(toIndexPolicy({ policy: p, claude: [], home: '/home/me' }));
  for (const f of files) index.track(f, false);
  await index.update();
  return index;
}

const byKey = (sessions: readonly Session[]): Map<string, Session> => new Map(sessions.map((s) => [keyOf(s), s]));

describe('SessionIndex with a policy', () => {
  const logs = ['p1', 'p2', 'p3'].map(writeLog);

  it('judges every session as applyPolicy does, down to the order of the fields', async () => {
    const plain = await indexOf(logs.map((l) => l.file));
    const expected = structuredClone(plain.allSessions());
    applyPolicy(expected, { policy: narrow, claude: [], home: '/home/me', classifier });
    const judged = (await indexOf(logs.map((l) => l.file), narrow)).allSessions();
    assert.equal(JSON.stringify(judged), JSON.stringify(expected));
    const s = judged[0];
    assert.equal(s.policy?.executedOutOfScope, 1);
    assert.deepEqual(
      s.toolCalls.map((c) => c.verdict?.verdict),
      ['out-of-scope', 'in-scope', 'denied'],
    );
    assert.deepEqual(
      s.policy?.journal.map((e) => e.decision),
      ['out-of-scope', 'in-scope', 'denied'],
    );
  });

  it('judges again only the session whose log changed, and every session when the policy changes', async () => {
    const index = await indexOf(logs.map((l) => l.file), narrow);
    const before = byKey(index.allSessions());
    const [first] = logs;
    appendLines(first.file, first.session.write('/work/app/more.ts', 'y'));
    await index.update([first.file]);
    const after = byKey(index.allSessions());
    for (const [key, s] of after) {
      if (key === keyOf({ agent: 'claude-code', id: 'p1' })) {
        assert.notEqual(s, before.get(key));
        assert.equal(s.policy?.executedOutOfScope, 2);
      } else assert.equal(s, before.get(key), 'an unchanged session keeps its judged object');
    }

    index.setPolicy(toIndexPolicy({ policy: wide, claude: [], home: '/home/me' }));
    const rejudged = index.allSessions();
    for (const s of rejudged) {
      assert.notEqual(s, after.get(keyOf(s)), 'a new judgement is a new object');
      assert.equal(s.policy?.executedOutOfScope, 0);
      assert.deepEqual(s.policy?.scopes, ['t/wide']);
    }
    // The objects handed out before keep what they said (the host may still show them).
    assert.equal(after.get(keyOf(rejudged[1]))?.policy?.executedOutOfScope, 1);
  });

  it('with daily limits judges all sessions together, keeping those whose judgement stayed the same', async () => {
    const index = await indexOf(logs.map((l) => l.file), daily);
    const before = byKey(index.allSessions());
    const [, second] = logs;
    appendLines(second.file, second.session.write('/work/app/again.ts', 'z'));
    await index.update([second.file]);
    const after = index.allSessions();
    assert.equal(after.filter((s) => s !== before.get(keyOf(s))).length, 1, 'only the changed session is a new object');
  });
});
