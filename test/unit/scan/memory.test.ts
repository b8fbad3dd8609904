/**
 * What keeps a long history's audit small: drafts are let go as they become sessions, and the
 * command line collects them before judging and reporting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDeferredReport, buildReport } from '../../../src/core/aggregate';
import { auditDrafts, auditDraftsReleasing } from '../../../src/core/engine';
import type { Session } from '../../../src/core/model';
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

  it('a deferred report lets each session go once its report session is made', { skip: corpusSkip }, async () => {
    const { drafts } = await scanPaths([CORPUS]);
    const classifier = await createClassifier();
    let sessions: Session[] | undefined = auditDrafts(drafts, { classifier, projectOf: (cwd) => cwd, now: Date.parse('2030-01-01T00:00:00Z') });
    const input = { sessions, scope: { roots: [CORPUS], project: null, since: null, until: null, agents: null }, generatedAt: '2030-01-01T00:00:00.000Z', files: 1, pathCapabilities: classifier.pathCapabilities };
    const expected = buildReport(input);
    const deferred = buildDeferredReport(input, true);
    const first = new WeakRef(sessions.find((s) => s.id === expected.sessions[0]!.id)!);
    sessions = undefined;
    input.sessions = [];
    const made = deferred.sessions[Symbol.iterator]();
    assert.deepEqual(made.next().value, expected.sessions[0]);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    assert.equal(first.deref(), undefined, 'the first session is let go once its report session is made');
    assert.deepEqual([...{ [Symbol.iterator]: () => made }], expected.sessions.slice(1));
    assert.deepEqual({ ...deferred.report, sessions: expected.sessions }, expected);
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
