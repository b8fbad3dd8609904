/**
 * Secret-exposure findings on real logs seeded with fake secrets: which rule, which call, which
 * text, which log line; and the session's texts masked unless revealed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Session } from '../../../src/core/model';
import { runAudit } from '../../../src/node/audit';
import { corpusSkip } from '../../helpers/corpus';
import { FAKE, seededCorpus } from '../../helpers/fakeSecrets';

const NOW = new Date('2026-11-22T00:00:00Z');

describe('secret-exposure findings', { skip: corpusSkip }, () => {
  let seeded: ReturnType<typeof seededCorpus>;
  let masked: Session[];
  let revealed: Session[];
  before(async () => {
    seeded = seededCorpus();
    masked = (await runAudit({ roots: [seeded.dir], now: NOW })).sessions;
    revealed = (await runAudit({ roots: [seeded.dir], now: NOW, revealSecrets: true })).sessions;
  });
  after(() => fs.rmSync(seeded.dir, { recursive: true, force: true }));

  const lineOf = (file: string, needle: string): number => fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
  const session = (list: Session[], agent: string): Session => list.find((s) => s.agent === agent && (s.secretFindings?.length ?? 0) > 0)!;

  it('names the rule, the call, the text and the log line of each secret a Claude Code session exposed', () => {
    const s = session(masked, 'claude-code');
    const rows = s.secretFindings!.map((f) => [f.ruleId.replace('@secretlint/secretlint-rule-', ''), f.callId ?? null, f.field, f.source?.line]);
    const bash = lineOf(seeded.claude, '"id":"seed_bash"');
    const read = lineOf(seeded.claude, '"id":"seed_read"');
    const prompt = s.secretFindings!.find((f) => f.ruleId.endsWith('github'))!;
    assert.equal(prompt.field, 'title');
    assert.equal(prompt.source?.file, seeded.claude);
    for (const row of [
      ['aws', 'seed_bash', 'command', bash],
      ['anthropic', 'seed_bash', 'command', bash],
      ['openai', 'seed_bash', 'output', bash],
      ['privatekey', 'seed_bash', 'output', bash],
      ['aws', 'seed_read', 'args', read],
      ['slack', 'seed_read', 'args', read],
    ]) {
      assert.ok(rows.some((r) => JSON.stringify(r) === JSON.stringify(row)), `finding ${JSON.stringify(row)} in ${JSON.stringify(rows)}`);
    }
  });

  it('finds the password of a connection string in a Codex command, and the key its output printed', () => {
    const s = session(masked, 'codex');
    const rules = s.secretFindings!.map((f) => `${f.ruleId.replace('@secretlint/secretlint-rule-', '')}:${f.callId}:${f.field}`).sort();
    assert.deepEqual(rules, ['database-connection-string:call_seed_psql:command', 'openai:call_seed_psql:output']);
    assert.equal(s.secretFindings![0].source?.line, lineOf(seeded.codex, 'call_seed_psql'));
  });

  it('masks the secrets in every text of the session; previews never hold them', () => {
    for (const agent of ['claude-code', 'codex']) {
      const text = JSON.stringify(session(masked, agent));
      for (const secret of Object.values(FAKE)) assert.equal(text.includes(secret), false, `${agent} leaks ${secret.slice(0, 8)}`);
    }
    const call = session(masked, 'claude-code').toolCalls.find((c) => c.id === 'seed_bash')!;
    assert.match(call.command!, /AWS_SECRET_ACCESS_KEY=wJalrX…\[secret: aws\] aws s3 ls/);
    assert.match(call.command!, /x-api-key: sk-ant…\[secret: anthropic\]/);
    assert.ok(session(masked, 'codex').secretFindings!.every((f) => f.preview.includes('[secret: ')));
  });

  it('keeps the session’s texts as they are when revealed (the findings stay)', () => {
    const s = session(revealed, 'claude-code');
    assert.ok(s.toolCalls.find((c) => c.id === 'seed_bash')!.command!.includes(FAKE.anthropic));
    assert.ok(s.title!.includes(FAKE.github));
    assert.equal(s.secretFindings!.length, session(masked, 'claude-code').secretFindings!.length);
  });

  it('never keeps tool output on a session (it is for the scan only)', () => {
    for (const s of masked) for (const c of s.toolCalls) assert.equal(c.output, undefined);
  });
});
