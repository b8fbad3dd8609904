/**
 * What keeps a long history's audit small: drafts are let go as they become sessions, and the
 * command line collects them before judging and reporting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditDrafts, auditDraftsReleasing } from '../../../src/core/engine';
import { createClassifier } from '../../../src/node/audit';
import { collectGarbage } from '../../../src/node/collectGarbage';
import { scanPaths } from '../../../src/node/scan';
import { CORPUS, corpusSkip } from '../../helpers/corpus';

describe('memory between phases', () => {
  it('auditing drafts while letting them go gives the same sessions, and empties the list', { skip: corpusSkip }, async () => {
    const { drafts } = await scanPaths([CORPUS]);
    assert.ok(drafts.length > 50);
    const ctx = { classifier: await createClassifier(), projectOf: (cwd: string | undefined) => cwd, now: Date.parse('2030-01-01T00:00:00Z') };
    const owned = structuredClone(drafts);
    const released = auditDraftsReleasing(owned, ctx);
    assert.equal(owned.length, 0);
    assert.deepEqual(released, auditDrafts(drafts, ctx));
  });

  it('collects what nothing holds any more', async () => {
    let held: object | undefined = { big: new Array(1000).fill('x') };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef keeps its target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    assert.equal(ref.deref(), undefined);
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'gc is not left on the global object');
  });
});
