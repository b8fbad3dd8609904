import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Classifier } from '../../../src/core/finalize';
import { SessionIndex } from '../../../src/extension/indexer/sessionIndex';
import { appendLines, ClaudeSession } from '../../harness/agentLogs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-index-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const classifier: Classifier = {
  analyzeCommand: () => ({ capabilities: [], touches: [] }),
  pathCapabilities: (p) => (p.endsWith('.ts') ? ['code-typescript'] : []),
};

function writeSession(name: string, cwd: string, start: Date): string {
  const file = path.join(dir, `${name}.jsonl`);
  const s = new ClaudeSession({ sessionId: name, cwd, start });
  appendLines(file, [...s.prompt(name), ...s.title(name), ...s.write(`${cwd}/x.ts`, 'x')]);
  return file;
}

describe('SessionIndex', () => {
  const t0 = Date.parse('2026-01-05T10:00:00Z');
  const inside = writeSession('inside', '/work/app/sub', new Date(t0));
  const outside = writeSession('outside', '/work/other', new Date(t0));
  const imported = writeSession('imported', '/srv/elsewhere', new Date(t0));

  it('keeps sessions whose cwd is inside a workspace folder, and every session of explicit logs', async () => {
    const index = new SessionIndex(classifier, () => t0 + 3600_000);
    index.setScope({ folders: ['/work/app'], allProjects: false });
    index.track(inside, false);
    index.track(outside, false);
    index.track(imported, true);
    const result = await index.update();
    assert.equal(result.changed.length, 3);
    assert.deepEqual(index.sessions().map((s) => s.title).sort(), ['imported', 'inside']);
    assert.equal(index.allSessions().length, 3);
    index.setScope({ folders: ['/work/app'], allProjects: true });
    assert.equal(index.sessions().length, 3);
  });

  it('audits the sessions (capabilities from the classifier, outcome)', async () => {
    const index = new SessionIndex(classifier, () => t0 + 3600_000);
    index.setScope({ folders: ['/work/app'], allProjects: false });
    index.track(inside, false);
    await index.update();
    const [s] = index.sessions();
    assert.deepEqual(Object.keys(s.capabilities), ['code-typescript']);
    assert.equal(s.outcome, 'productive');
  });

  it('re-audits only what changed, and lets live sessions go quiet as time passes', async () => {
    let now = t0 + 10_000;
    const index = new SessionIndex(classifier, () => now, 60_000);
    index.setScope({ folders: ['/work'], allProjects: false });
    index.track(inside, false);
    index.track(outside, false);
    await index.update();
    const before = index.sessions();
    assert.ok(before.every((s) => s.outcome === 'in-progress'));
    assert.equal(index.liveSessions().length, 2);

    now += 120_000;
    assert.equal(index.tick(), true, 'quiet sessions are no longer live');
    assert.equal(index.liveSessions().length, 0);
    const settled = index.sessions();
    assert.equal(index.tick(), false);

    // Nothing changed on disk: the audited sessions are reused.
    await index.update();
    assert.deepEqual(index.sessions(), settled);
    assert.ok(index.sessions().every((s, i) => s === settled[i]));
  });

  it('forgets files it no longer follows', async () => {
    const index = new SessionIndex(classifier, () => t0);
    index.setScope({ folders: [], allProjects: true });
    index.track(inside, false);
    index.track(outside, false);
    await index.update();
    assert.equal(index.retain((f) => f === inside), true);
    assert.deepEqual(index.sessions().map((s) => s.title), ['inside']);
  });
});
