/**
 * Every real log in ../shared/corpus goes through the real scanner (streaming reader, detection by
 * content, sidecars) and the whole engine without an exception, and each file is recognised as what it is.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runAudit } from '../../src/node/audit';
import { scanFile } from '../../src/node/scan';
import { CORPUS, corpusSkip } from '../helpers/corpus';

/** What each corpus file is. `null`: not an agent log, reported as an unrecognized file. */
const EXPECTED: Record<string, string | null> = {
  'aep/open-agent-audit__aep-bscode-fixture.json': 'aep-json',
  'aep/open-agent-audit__aep-v0.3-fixture.json': 'aep-json',
  'aep/open-agent-audit__aep-wasmagent-fixture.json': 'aep-json',
  'aep/open-agent-audit__bscode-session.aep.json': 'aep-json',
  'aep/open-agent-audit__wasmagent-js-runtime.aep.json': 'aep-json',
  'aep/trace-pipeline__aep-sample.jsonl': 'aep-jsonl',
  'aep/trace-pipeline__aep-smoke.jsonl': 'aep-jsonl',
  'aep/wasmagent-js__aep-record.schema.json': null,
  'aider/agentsview__aider_SYNTHETIC.aider.chat.history.md': 'aider',
  'claude-code/agent-sessions__claude_schema_drift.jsonl': 'claude-code',
  'claude-code/agent-sessions__claude_small_shape_catalog.jsonl': 'claude-code',
  'claude-code/agent-sessions__subagent_agent-a0ad4f44468bdf20d.meta.json': 'claude-meta',
  'claude-code/agentlogs__compact.jsonl': 'claude-code',
  'claude-code/agentlogs__crud.jsonl': 'claude-code',
  'claude-code/agentlogs__subagent.jsonl': 'claude-code',
  'claude-code/agentlogs__todos.jsonl': 'claude-code',
  'claude-code/agentsview__tool_call_pending_SYNTHETIC.jsonl': 'claude-code',
  'claude-code/agentsview__truncated_SYNTHETIC.jsonl': 'claude-code',
  'claude-code/claude-code-log__edge_cases.jsonl': 'claude-code',
  'claude-code/claude-code-log__representative_messages.jsonl': 'claude-code',
  'claude-code/claude-code-log__todowrite_examples.jsonl': 'claude-code',
  'claude-code/fasthooks__sample_agent_sidechain.jsonl': 'claude-code',
  'claude-code/fasthooks__sample_hook_logs.NOT_TRANSCRIPT.jsonl': null,
  'claude-code/spotter__258c7280__subagents__agent-a881341.jsonl': 'claude-code',
  'claude-code/spotter__258c7280__subagents__agent-acompact-fffbd0.jsonl': 'claude-code',
  'claude-code/spotter__short.jsonl': 'claude-code',
  'claude-code/spotter__subagent.jsonl': 'claude-code',
  'claude-code/spotter__tool_heavy.jsonl': 'claude-code',
  'cline/agentlogs__crud.api_conversation_history.json': 'cline',
  'cline/agentlogs__crud_metadata.task_metadata.json': 'cline',
  'codex/agent-sessions__codex_schema_drift.jsonl': 'codex',
  'codex/agent-sessions__codex_small_shape_catalog.jsonl': 'codex',
  'codex/agentlogs__crud.jsonl': 'codex',
  'codex/localpush__codex-2026-02-23__manifest.json': null,
  'codex/localpush__rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl': 'codex',
  'codex/localpush__rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl': 'codex',
  'gemini/agent-sessions__gemini_jsonl_v040.jsonl': 'gemini-jsonl',
  'gemini/agent-sessions__gemini_schema_drift.json': 'gemini-json',
  'gptme/gptme__example-interrupted.txt': 'gptme-message',
  'gptme/gptme__example-patch-codeblock.txt': 'gptme-message',
  'opencode/agentlogs__all-tools.json': 'opencode',
  'opencode/agentlogs__crud.json': 'opencode',
  'openhands/OpenHands__basic.json': 'openhands',
  'openhands/OpenHands__basic_interactions.json': 'openhands',
  'openhands/OpenHands__wrong_initial_state.json': 'openhands',
  'openhands/software-agent-sdk__goal-events.jsonl': 'openhands-events',
  'openhands/software-agent-sdk__v1_11_5_cli_default__base_state.json': 'openhands',
  'pi/agentlogs__branched.jsonl': 'pi',
  'pi/agentlogs__crud.jsonl': 'pi',
};
/** Files that describe another log and hold no session of their own. */
const SIDECARS = new Set([
  'claude-code/agent-sessions__subagent_agent-a0ad4f44468bdf20d.meta.json',
  'cline/agentlogs__crud_metadata.task_metadata.json',
  'openhands/software-agent-sdk__v1_11_5_cli_default__base_state.json',
]);

function corpusLogs(): string[] {
  const out: string[] = [];
  for (const agent of fs.readdirSync(CORPUS).filter((d) => d !== '_reference')) {
    const dir = path.join(CORPUS, agent);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir)) out.push(`${agent}/${f}`);
  }
  return out.sort();
}

describe('the real-log corpus', { skip: corpusSkip }, () => {
  it('lists every corpus log in this table (a new corpus file needs a line here)', () => {
    assert.deepEqual(corpusLogs(), Object.keys(EXPECTED).sort());
  });

  for (const [rel, format] of Object.entries(EXPECTED)) {
    it(`reads ${rel} as ${format ?? 'not a log'}`, async () => {
      const result = await scanFile(path.join(CORPUS, rel));
      assert.equal(result.format, format ?? undefined);
      if (format === null) {
        assert.equal(result.gaps[0]?.kind, 'unrecognized-file');
      } else if (SIDECARS.has(rel)) {
        assert.equal(result.drafts.length, 0);
      } else {
        assert.ok(result.drafts.length > 0, 'at least one session');
      }
    });
  }

  it('audits the whole corpus in one run: every session finalized, aggregates consistent', async () => {
    const { report } = await runAudit({ roots: [CORPUS], now: new Date('2026-11-22T00:00:00Z') });
    const counted = report.sessions.filter((s) => !s.replay);
    assert.equal(report.totals.sessions, counted.length);
    assert.ok(counted.length >= 45, `sessions: ${counted.length}`);
    const agents = new Set(counted.map((s) => s.agent));
    for (const a of ['claude-code', 'codex', 'gptme', 'gemini-cli', 'aep', 'opencode', 'cline', 'pi', 'aider', 'openhands']) {
      assert.ok(agents.has(a as never), `an ${a} session`);
    }
    // The matrix counts every counted session exactly once.
    const cells = Object.values(report.matrix.cells).flatMap((row) => Object.values(row));
    assert.equal(cells.reduce((a, b) => a + b, 0), counted.length);
    // The reverse index holds exactly the touched paths of counted sessions.
    const touched = new Set(counted.flatMap((s) => s.touches.map((t) => t.path)));
    assert.deepEqual(new Set(report.paths.map((p) => p.path)), touched);
    // The reference folder's schemas are not logs.
    assert.ok(report.gaps.some((g) => g.kind === 'unrecognized-file' && g.detail.includes('wasmagent-js__aep-record.schema.json')));
  });
});
