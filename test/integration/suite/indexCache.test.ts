import * as assert from 'node:assert/strict';
import { api, eventually, sessionLabels } from './helpers';

describe('index worker and persisted index', () => {
  it('reads the logs in the index worker on the first start (no index persisted yet)', async () => {
    const a = await api();
    const first = a.lastLoad();
    assert.ok(first, 'no load reported');
    assert.ok(first.files > 0, 'no log files followed');
    assert.equal(first.fromCache, 0, 'a fresh profile has no persisted index');
    assert.ok(sessionLabels(a.tree()).length > 0, 'the tree is empty');
  });

  it('starts again from the persisted index: every unchanged log comes from the cache', async () => {
    const a = await api();
    await a.whenIdle();
    const before = a.sessions().map((s) => `${s.agent}/${s.id}/${s.toolCalls.length}/${s.outcome}`).sort();
    const labels = sessionLabels(a.tree());
    await a.restartIndex();
    const load = a.lastLoad()!;
    assert.equal(load.fromCache, load.files, JSON.stringify(load));
    assert.equal(load.fresh, 0);
    assert.ok(load.cacheShownMs !== undefined, 'the cached sessions were not shown first');
    assert.deepEqual(a.sessions().map((s) => `${s.agent}/${s.id}/${s.toolCalls.length}/${s.outcome}`).sort(), before);
    await eventually(() => JSON.stringify(sessionLabels(a.tree())) === JSON.stringify(labels), 'the same tree after the restart');
  });
});
