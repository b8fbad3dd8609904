/**
 * What the panels get from the policy engine: the overview's "Executed although out of scope" rows,
 * the session's permission journal (denied calls with their context) and each call's verdict; and
 * the starter policy the "Create Policy File" command writes.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Session } from '../../../src/core/model';
import { parsePolicy } from '../../../src/core/policy';
import { overviewSnapshot, sessionView } from '../../../src/extension/panels/snapshots';
import { allOutOfScopeCalls } from '../../../src/extension/policy/outOfScope';
import { STARTER_POLICY } from '../../../src/extension/policy/starterPolicy';
import { createClassifier, runAudit } from '../../../src/node/audit';
import { loadProjectPolicy } from '../../../src/node/policy';
import { DENIED_ID, DENIED_REQUEST, DENIED_SAID, OUT_OF_SCOPE_ID, type PolicyWorkspace, writePolicyWorkspace } from '../../helpers/policyWorkspace';

describe('policy in the panels', () => {
  let ws: PolicyWorkspace;
  let sessions: Session[];
  let classifier: Awaited<ReturnType<typeof createClassifier>>;
  const rows = { version: 1, total: 0, offset: 0, rows: [] };

  before(async () => {
    ws = writePolicyWorkspace();
    const { policy, errors } = loadProjectPolicy(ws.folder);
    assert.deepEqual(errors, []);
    classifier = await createClassifier();
    sessions = (await runAudit({ roots: [ws.claudeDir], ...(policy ? { policy } : {}) })).sessions;
  });
  after(() => ws.remove());

  it('lists the write outside src/** as executed although out of scope, with its rule and reason', () => {
    const snap = overviewSnapshot(sessions, { scope: 'test', files: 2, classifier, sessions: rows, policy: { scopesDeclared: true } });
    assert.equal(snap.outOfScope.total, 1);
    assert.equal(snap.outOfScope.scopesDeclared, true);
    const [c] = snap.outOfScope.calls;
    assert.equal(c.sessionId, OUT_OF_SCOPE_ID);
    assert.equal(c.sessionTitle, 'Store the deploy token');
    assert.equal(c.tool, 'Write');
    assert.equal(c.path, path.join(ws.folder, 'secrets', 'out.txt'));
    assert.equal(c.policyId, 'team/dev');
    assert.equal(c.ruleId, 'write');
    assert.match(c.reason, /outside the write globs/);
  });

  it('counts nothing out of scope when no policy judged the sessions', async () => {
    const plain = (await runAudit({ roots: [ws.claudeDir] })).sessions;
    assert.deepEqual(allOutOfScopeCalls(plain), []);
    const snap = overviewSnapshot(plain, { scope: 'test', files: 2, classifier, sessions: rows });
    assert.deepEqual(snap.outOfScope, { total: 0, calls: [], scopesDeclared: false });
  });

  it('gives the session panel its journal in order, the denied call with its request and the words before it', () => {
    const s = sessions.find((x) => x.id === DENIED_ID)!;
    const view = sessionView(s, classifier);
    assert.deepEqual(
      view.journal.map((e) => [e.tool, e.args, e.decision]),
      [
        ['Bash', 'ls build', 'in-scope'],
        ['Bash', 'sudo rm -rf build', 'denied'],
      ],
    );
    const denied = view.journal[1];
    assert.equal(denied.request, DENIED_REQUEST);
    assert.equal(denied.agentSaid, DENIED_SAID);
    assert.equal(denied.decidedBy, 'the user');
    assert.equal(denied.executed, false);
    assert.equal(view.toolCalls[1].verdict?.verdict, 'denied');
    assert.equal(view.policy?.executedOutOfScope, 0);
  });

  it('puts the out-of-scope call at the top of its session and on its timeline row', () => {
    const view = sessionView(sessions.find((x) => x.id === OUT_OF_SCOPE_ID)!, classifier);
    assert.equal(view.policy?.executedOutOfScope, 1);
    assert.equal(view.policy?.risk.level, 'high');
    assert.deepEqual(
      view.policy?.outOfScope.map((c) => c.path),
      [path.join(ws.folder, 'secrets', 'out.txt')],
    );
    assert.deepEqual(
      view.toolCalls.map((c) => c.verdict?.verdict),
      ['in-scope', 'out-of-scope'],
    );
  });

  it('writes a starter policy the engine accepts, which keeps writes to its globs', () => {
    const parsed = parsePolicy(STARTER_POLICY, '.agent-audit/policy.json');
    assert.deepEqual(parsed.errors, []);
    const dev = parsed.policy!.scopes[0];
    assert.ok(dev.write?.includes('src/**'));
    assert.ok(!dev.write?.includes('**'), 'the starter does not allow writing everywhere');
  });
});
