/**
 * The policy's data quotes the log (the journal's arguments and requests, out-of-scope calls,
 * findings): what the panels receive of it is inert text, like every other string from a log.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { applyPolicy } from '../../../src/core/policy';
import { SessionIndex } from '../../../src/extension/indexer/sessionIndex';
import { overviewSnapshot, sessionSnapshot } from '../../../src/extension/panels/snapshots';
import { createClassifier } from '../../../src/node/audit';
import { ACTIVE_CHARACTERS, writeCraftedSession } from '../../harness/craftedSession';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aa-policy-inert-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('policy views of a crafted session', () => {
  it('send the journal, out-of-scope calls and findings as inert text', async () => {
    const ws = path.join(root, 'ws');
    const crafted = writeCraftedSession(path.join(root, 'claude'), ws, path.join(root, 'outside'));
    const classifier = await createClassifier();
    const index = new SessionIndex(classifier);
    index.track(crafted.log, true);
    await index.update();
    const sessions = index.allSessions();
    const policy = { version: 1, id: 'narrow', scopes: [{ id: 'narrow', match: {}, read: ['**'], write: ['src/**'] }] };
    applyPolicy(sessions, { classifier, home: os.homedir(), policy: policy as never });
    const s = sessions[0];
    // The raw policy data does quote the log: the test would notice if the views stopped cleaning it.
    assert.match(JSON.stringify(s.policy), ACTIVE_CHARACTERS);
    assert.ok(s.policy!.journal.length > 0 && s.policy!.executedOutOfScope > 0);

    const view = sessionSnapshot(s.id, s, classifier).session!;
    assert.ok(view.journal.length > 0 && (view.policy?.outOfScope.length ?? 0) > 0);
    assert.doesNotMatch(JSON.stringify(view.journal), ACTIVE_CHARACTERS);
    assert.doesNotMatch(JSON.stringify(view.policy), ACTIVE_CHARACTERS);
    assert.doesNotMatch(JSON.stringify(view.toolCalls.map((c) => c.verdict)), ACTIVE_CHARACTERS);
    const overview = overviewSnapshot(sessions, { scope: 'test', files: 1, classifier, sessions: { total: 0, offset: 0, rows: [], version: 0 } as never });
    assert.ok(overview.outOfScope.calls.length > 0);
    assert.doesNotMatch(JSON.stringify(overview.outOfScope), ACTIVE_CHARACTERS);
  });
});
