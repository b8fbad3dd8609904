/** The extension's live index masks secrets before any view sees a session, and reveals them only when told. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { SessionIndex } from '../../../src/extension/indexer/sessionIndex';
import { createClassifier } from '../../../src/node/audit';
import { corpusSkip } from '../../helpers/corpus';
import { FAKE, seededCorpus } from '../../helpers/fakeSecrets';

describe('SessionIndex and secrets', { skip: corpusSkip }, () => {
  let seeded: ReturnType<typeof seededCorpus>;
  before(() => {
    seeded = seededCorpus();
  });
  after(() => fs.rmSync(seeded.dir, { recursive: true, force: true }));

  it('masks by default, lists the findings, and reveals after setRevealSecrets(true)', async () => {
    const index = new SessionIndex(await createClassifier(), () => Date.parse('2026-11-22T00:00:00Z'));
    index.setScope({ folders: [], allProjects: true });
    index.track(seeded.claude, true);
    index.track(seeded.codex, true);
    // Nothing read yet: nothing to show (and nothing unmasked).
    assert.equal(index.sessions().length, 0);
    await index.update();
    const text = JSON.stringify(index.sessions());
    for (const secret of Object.values(FAKE)) assert.equal(text.includes(secret), false, `leaks ${secret.slice(0, 8)}`);
    const findings = index.sessions().flatMap((s) => s.secretFindings ?? []);
    assert.ok(findings.some((f) => f.ruleId.endsWith('anthropic') && f.callId === 'seed_bash'));
    assert.ok(findings.some((f) => f.ruleId.endsWith('database-connection-string') && f.callId === 'call_seed_psql'));

    index.setRevealSecrets(true);
    const revealed = JSON.stringify(index.sessions());
    assert.ok(revealed.includes(FAKE.anthropic) && revealed.includes(FAKE.dbPassword));
    index.setRevealSecrets(false);
    assert.equal(JSON.stringify(index.sessions()).includes(FAKE.anthropic), false);
  });
});
