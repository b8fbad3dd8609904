/**
 * Verdicts on the real corpus: every denied or rejected call in ../shared/corpus is found as denied,
 * with who decided; every other call gets a verdict too, and nothing is judged out of scope without a scope.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Session } from '../../../src/core/model';
import { runAudit } from '../../../src/node/audit';
import { CORPUS, corpusSkip } from '../../helpers/corpus';

/** file | call id | tool | who decided. Every denial, rejection and cancellation the corpus holds. */
const DENIED: [string, string, string, string][] = [
  ['aep/trace-pipeline__aep-smoke.jsonl', 'decision-0', 'execute_code', 'policy-engine'],
  ['aider/agentsview__aider_SYNTHETIC.aider.chat.history.md', 'L15.4', 'edit', 'agent-permissions'],
  ['aider/agentsview__aider_SYNTHETIC.aider.chat.history.md', 'L16.5', 'edit', 'user'],
  ['claude-code/agent-sessions__claude_small_shape_catalog.jsonl', 'tool_use_stage0_002', '(unknown)', 'user'],
  ['claude-code/spotter__short.jsonl', 'toolu_0116Hyi5v8ut7Ffb7d8qV1Sc', 'Bash', 'user'],
  ['claude-code/spotter__short.jsonl', 'toolu_01FdQ8qTyVyZjE3Kw4dguQGx', 'Glob', 'user'],
];

describe('policy verdicts on the real corpus', { skip: corpusSkip }, () => {
  let sessions: Session[];
  before(async () => {
    sessions = (await runAudit({ roots: [CORPUS], now: new Date('2030-01-01T00:00:00Z'), home: '/home/nobody' })).sessions;
  });

  it('finds every denied or rejected call as denied, with who decided', () => {
    const found = sessions
      .flatMap((s) => s.toolCalls.filter((c) => c.verdict?.verdict === 'denied').map((c) => [path.relative(CORPUS, s.sources[0].path), c.id, c.tool, c.verdict!.decidedBy ?? '']))
      .sort((a, b) => a.join('|').localeCompare(b.join('|')));
    assert.deepEqual(found, DENIED);
  });

  it('keeps denied calls in the permission journal with the user request and the denial', () => {
    const s = sessions.find((x) => x.toolCalls.some((c) => c.id === 'toolu_0116Hyi5v8ut7Ffb7d8qV1Sc'))!;
    const entry = s.policy!.journal.find((e) => e.toolCallId === 'toolu_0116Hyi5v8ut7Ffb7d8qV1Sc')!;
    assert.equal(entry.decision, 'denied');
    assert.equal(entry.decidedBy, 'the user');
    assert.equal(entry.executed, false);
    assert.ok(entry.triggers.includes('denied'));
    assert.match(entry.rationale, /The user doesn't want to proceed/);
    assert.ok(entry.request && entry.request.length > 0, 'the user request before the call is kept');
  });

  it('gives every call a verdict; without workspace scopes only the agents\' own declarations judge', () => {
    for (const s of sessions) {
      if (s.replay) continue;
      for (const c of s.toolCalls) assert.ok(c.verdict, `${s.id} ${c.id} has a verdict`);
      assert.ok(s.policy, `${s.id} has policy facts`);
      for (const c of s.toolCalls) if (c.verdict!.verdict === 'out-of-scope') assert.match(c.verdict!.policyId ?? '', /^(codex|aep|claude-code):/);
    }
    const codex = sessions.filter((s) => s.agent === 'codex' && s.policy!.scopes.includes('codex:sandbox'));
    assert.ok(codex.length >= 3, 'Codex sessions are judged by their sandbox policy');
  });

  it('rates sessions by risk from what they touched', () => {
    const levels = new Set(sessions.filter((s) => !s.replay).map((s) => s.policy!.risk.level));
    assert.deepEqual([...levels].sort(), ['high', 'low', 'medium']);
    for (const s of sessions) {
      if (s.replay || s.policy!.risk.level !== 'low') continue;
      assert.deepEqual(s.policy!.risk.reasons, ['read-only']);
      assert.ok(!s.touches.some((t) => t.access !== 'read' && t.access !== 'exec'), `${s.id} rated low but wrote`);
    }
  });
});
