import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aepJsonFormat, aepJsonlFormat } from '../../../src/core/formats/aep';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';

function only(rel: string): SessionDraft {
  const { format, sessions } = parseCorpusFile(rel);
  assert.equal(format, 'aep-json');
  assert.equal(sessions.length, 1);
  return sessions[0];
}

const touchRows = (s: SessionDraft) => s.touches.map((t) => [t.path, t.access, t.evidence, t.toolCallId]);

describe('aep corpus', { skip: corpusSkip }, () => {
  it('bscode fixture (v0.2, signed): an editor call on src/index.ts and a bash call', () => {
    const s = only('aep/open-agent-audit__aep-bscode-fixture.json');
    assert.equal(s.id, 'run-bscode-fixture-001');
    assert.equal(s.agent, 'aep');
    assert.deepEqual(s.models, ['claude-sonnet-4-6']);
    assert.deepEqual(toolCounts(s), { str_replace_editor: 1, bash: 1 });
    assert.deepEqual(
      s.toolCalls.map((c) => [c.id, c.kind, c.status]),
      [
        ['action-0', 'edit', 'succeeded'],
        ['action-1', 'shell', 'succeeded'],
      ],
    );
    assert.deepEqual(touchRows(s), [['src/index.ts', 'write', 'inferred', 'action-0']]);
    assert.equal(s.meta.schemaVersion, 'aep/v0.2');
    assert.equal(s.meta.signatureKeyId, 'bscode-aep-key-v1');
    assert.equal(s.meta.policyBundleDigest, 'e'.repeat(64));
    assert.equal(s.startedAt, '2023-11-16T02:00:00.000Z');
    assert.equal(s.endedAt, '2023-11-16T02:00:03.000Z');
    assert.deepEqual(s.gaps, []);
  });

  it('v0.3 fixture: an HTTP request whose drifted side effect class is kept and reported', () => {
    const s = only('aep/open-agent-audit__aep-v0.3-fixture.json');
    assert.equal(s.id, 'run-v03-fixture-001');
    assert.deepEqual(toolCounts(s), { http_request: 1, read_file: 1 });
    const http = s.toolCalls[0];
    assert.equal(http.kind, 'web');
    assert.equal(http.url, 'https://api.example.com/data');
    assert.match(http.args, /side_effect_class: network-write/);
    assert.deepEqual(http.capabilities, ['net-egress']);
    assert.equal(s.toolCalls[1].kind, 'read');
    const drift = s.gaps.filter((g) => g.kind === 'schema-drift').map((g) => g.detail);
    assert.ok(drift.includes('action.side_effect_class network-write'));
    assert.ok(drift.includes('action.argument_drift low'));
    assert.ok(drift.includes('action.approval_mode auto'));
    assert.equal(s.meta.agentId, 'v03-agent');
    assert.equal(s.meta.signatureKeyId, 'wasmagent-v03-key-v1');
    assert.match(String(s.meta.capabilityDecisions), /"capability":"net:http".*"decision":"allow"/);
  });

  it('wasmagent fixture: bash, then a write of /tmp/output.txt under its own allow decision', () => {
    const s = only('aep/open-agent-audit__aep-wasmagent-fixture.json');
    assert.equal(s.id, 'run-wasmagent-fixture-001');
    assert.deepEqual(toolCounts(s), { bash: 1, write_file: 1 });
    assert.deepEqual(touchRows(s), [['/tmp/output.txt', 'write', 'observed', 'action-1']]);
    assert.equal(s.meta.verifiersPassed, '1/2');
    assert.equal(s.meta.verifiersFailed, 'taint-fence-v1');
  });

  it('bscode session: reads README.md, writes src/new-file.ts, runs bash; trace id kept', () => {
    const s = only('aep/open-agent-audit__bscode-session.aep.json');
    assert.equal(s.id, 'run-fixture-bscode-coding-001');
    assert.deepEqual(toolCounts(s), { read_file: 1, write_file: 1, bash: 1 });
    assert.deepEqual(touchRows(s), [
      ['/workspace/README.md', 'read', 'inferred', 'action-0'],
      ['/workspace/src/new-file.ts', 'write', 'inferred', 'action-1'],
    ]);
    assert.equal(s.meta.traceId, 'trace-bscode-coding-001');
    assert.equal(s.meta.parentTraceId, undefined, 'null parent trace is not a value');
    assert.equal(s.meta.verifiersFailed, 'objective-passed-v1');
  });

  it('wasmagent-js runtime: one read of /workspace/src/index.ts', () => {
    const s = only('aep/open-agent-audit__wasmagent-js-runtime.aep.json');
    assert.equal(s.id, 'run-fixture-wasmagent-js-001');
    assert.deepEqual(toolCounts(s), { read_file: 1 });
    assert.deepEqual(touchRows(s), [['/workspace/src/index.ts', 'read', 'observed', 'action-0']]);
    assert.equal(s.meta.traceId, 'trace-fixture-001');
    assert.equal(s.meta.runtimeVersion, '@wasmagent/aep@1.3.4');
  });

  it('sample JSONL (v0.1, unsigned): two runs, three bash calls', () => {
    const { format, sessions } = parseCorpusFile('aep/trace-pipeline__aep-sample.jsonl');
    assert.equal(format, 'aep-jsonl');
    assert.deepEqual(
      sessions.map((s) => [s.id, toolCounts(s), s.sources[0].firstLine]),
      [
        ['sample-run-001', { bash: 2 }, 1],
        ['sample-run-002', { bash: 1 }, 2],
      ],
    );
    for (const s of sessions) {
      assert.deepEqual(s.models, ['claude-haiku-4-5-20251001']);
      assert.equal(s.meta.signatureKeyId, undefined);
      assert.equal(s.meta.schemaVersion, 'aep/v0.1');
    }
  });

  it('smoke JSONL: five runs; run 004 was denied execute_code and ran nothing', () => {
    const { format, sessions } = parseCorpusFile('aep/trace-pipeline__aep-smoke.jsonl');
    assert.equal(format, 'aep-jsonl');
    assert.deepEqual(
      sessions.map((s) => [s.id, s.models[0], s.toolCalls.map((c) => `${c.tool}:${c.status}`).join(',')]),
      [
        ['smoke-run-001', 'claude-sonnet-4-6', 'execute_code:succeeded'],
        ['smoke-run-002', 'claude-haiku-4-5-20251001', 'execute_code:succeeded'],
        ['smoke-run-003', 'claude-sonnet-4-6', 'execute_code:succeeded'],
        ['smoke-run-004', 'claude-sonnet-4-6', 'execute_code:denied'],
        ['smoke-run-005', 'claude-haiku-4-5-20251001', 'execute_code:succeeded'],
      ],
    );
    const denied = sessions[3].toolCalls[0];
    assert.equal(denied.args, 'kernel:quickjs');
    assert.equal(denied.error, 'policy:deny-blocked-vetting');
    assert.equal(sessions[3].meta.deniedDecisions, 1);
    assert.match(String(sessions[3].meta.capabilityDecisions), /"decision":"deny","reason_code":"policy:deny-blocked-vetting"/);
    assert.notEqual(sessions[3].end.completed, true);
    assert.equal(sessions[0].end.completed, true);
  });

  it('does not take the AEPRecord JSON Schema for a log', () => {
    assert.equal(parseCorpusFile('aep/wasmagent-js__aep-record.schema.json').format, 'unrecognized');
  });
});

describe('aep records', () => {
  const base = { schema_version: 'aep/v0.4', created_at_ms: 1760000010000, model_id: 'gpt-5', policy_bundle_digest: 'd1', prev_record_hash: 'ab'.repeat(32) };

  it('uses run_context.session_id when there is no run_id, and keeps chain facts in meta', () => {
    const [s] = aepJsonFormat.parse({ ...base, run_context: { session_id: 'sess-9', agent_id: 'bot', delegation_chain: ['root', 'bot'] }, actions: [] }, '/r/x.aep.json');
    assert.equal(s.id, 'sess-9');
    assert.equal(s.meta.prevRecordHash, 'ab'.repeat(32));
    assert.equal(s.meta.delegationChain, 'root > bot');
    assert.equal(s.meta.schemaVersion, 'aep/v0.4');
    assert.equal(s.endedAt, '2025-10-09T08:53:30.000Z');
  });

  it('reads statuses from outcome, exit code, permission gate and denied decisions', () => {
    const rec = {
      ...base,
      run_id: 'r1',
      capability_decisions: [{ capability: 'fs:delete', subject: 'agent', resource: '/etc/passwd', decision: 'deny', reason_code: 'outside-workspace', deny_reason_class: 'resource-scope' }],
      actions: [
        { action_id: 'a0', tool_name: 'bash', state_changing: true, timestamp_ms: 1760000000000, outcome: 'error', exit_code: 2 },
        { action_id: 'a1', tool_name: 'bash', state_changing: false, timestamp_ms: 1760000001000, exit_code: 1 },
        { action_id: 'a2', tool_name: 'write_file', state_changing: true, timestamp_ms: 1760000002000, permission_gate: { decision: 'denied', gate: 'human', reason: 'not now' } },
        { action_id: 'a3', tool_name: 'fs_delete', state_changing: true, timestamp_ms: 1760000003000, capability_decision: { capability: 'fs:delete', subject: 'agent', resource: '/etc/passwd', decision: 'deny', reason_code: 'outside-workspace' } },
        { action_id: 'a4', tool_name: 'publish', state_changing: true, timestamp_ms: 1760000004000, side_effect_class: 'mutate-external' },
        { action_id: 'a5', tool_name: 'frobnicate', state_changing: false, timestamp_ms: 1760000005000 },
      ],
    };
    const [s] = aepJsonFormat.parse(rec, '/r/run.json');
    assert.deepEqual(
      s.toolCalls.map((c) => [c.id, c.status, c.exitCode, c.error]),
      [
        ['a0', 'failed', 2, 'error'],
        ['a1', 'failed', 1, 'exit code 1'],
        ['a2', 'denied', undefined, 'not now'],
        ['a3', 'denied', undefined, 'outside-workspace'],
        ['a4', 'succeeded', undefined, undefined],
        ['a5', 'succeeded', undefined, undefined],
      ],
    );
    assert.deepEqual(s.toolCalls[4].capabilities, ['net-egress']);
    assert.equal(s.toolCalls[4].kind, 'web');
    assert.equal(s.toolCalls[5].unmapped, true);
    assert.ok(s.gaps.some((g) => g.kind === 'unknown-tool' && g.detail === 'frobnicate'));
    assert.deepEqual(s.touches, [], 'denied writes touch nothing');
    assert.equal(s.toolCalls.length, 6, 'the run-level denial is the one a3 stands for');
    assert.notEqual(s.end.completed, true);
    assert.equal(s.startedAt, '2025-10-09T08:53:20.000Z');
  });

  it('marks network egress from the side effect class', () => {
    const [s] = aepJsonFormat.parse({ ...base, run_id: 'r2', actions: [{ action_id: 'n', tool_name: 'tool_x', state_changing: false, timestamp_ms: 1, side_effect_class: 'network-egress' }, { action_id: 'm', tool_name: 'tool_y', state_changing: true, timestamp_ms: 2, side_effect_class: 'mutate-local' }] }, '/r/run.json');
    assert.deepEqual(
      s.toolCalls.map((c) => [c.kind, c.capabilities, c.unmapped]),
      [
        ['web', ['net-egress'], undefined],
        ['write', undefined, undefined],
      ],
    );
    assert.deepEqual(s.gaps, []);
  });

  it('reads JSONL records one session per line, with file-level gaps on each', () => {
    const text = [JSON.stringify({ ...base, run_id: 'l1', actions: [] }), '{broken', JSON.stringify({ hello: 'world' }), JSON.stringify({ ...base, run_id: 'l2', actions: [] })].join('\n') + '\n';
    const sessions = parseLines(aepJsonlFormat, text, '/r/records.jsonl');
    assert.deepEqual(
      sessions.map((s) => [s.id, s.sources[0].firstLine]),
      [
        ['l1', 1],
        ['l2', 4],
      ],
    );
    for (const s of sessions) {
      assert.deepEqual(
        s.gaps.map((g) => [g.kind, g.line]),
        [
          ['malformed-line', 2],
          ['unknown-record', 3],
        ],
      );
    }
  });

  it('snapshots are independent copies', () => {
    const p = aepJsonlFormat.open({ source: '/r/records.jsonl' });
    p.line(JSON.stringify({ ...base, run_id: 'l1', actions: [{ action_id: 'a', tool_name: 'bash', state_changing: false, timestamp_ms: 1 }] }), 1);
    const first = p.snapshot();
    first[0].toolCalls[0].status = 'denied';
    assert.equal(p.snapshot()[0].toolCalls[0].status, 'succeeded');
  });

  it('detects records, not their schema or other JSON', () => {
    assert.equal(aepJsonFormat.detect({ ...base, run_id: 'x' }, 'a.json'), true);
    assert.equal(aepJsonFormat.detect({ $ref: '#/definitions/AEPRecord', definitions: { AEPRecord: {} }, $schema: 'x' }, 's.json'), false);
    assert.equal(aepJsonFormat.detect({ sessionId: 's', messages: [] }, 'g.json'), false);
    assert.equal(aepJsonlFormat.detect(fileHead([JSON.stringify({ ...base, run_id: 'x' })]), 'a.jsonl'), true);
    assert.equal(aepJsonlFormat.detect(fileHead([JSON.stringify({ role: 'user', content: 'x' })]), 'a.jsonl'), false);
  });

  it('never throws on hostile input', () => {
    const junk: unknown[] = [
      { schema_version: 'aep/v0.1', actions: 5, capability_decisions: 'x', run_context: 7, signature: [] },
      { schema_version: 'aep/v0.1', run_id: 5, actions: [null, 5, { tool_name: 5, timestamp_ms: 'x', exit_code: 'y', capability_decision: 7, side_effect_class: { a: 1 }, permission_gate: 'z', argument_drift: 'q'.repeat(10_000) }] },
      { schema_version: 'aep/v0.1', capability_decisions: [null, { decision: 5, capability: [] }, { decision: 'deny' }], budget_ledger: { token_budget: 5 }, verifier_results: [null, { passed: 'x' }] },
    ];
    for (const doc of junk) assert.doesNotThrow(() => aepJsonFormat.parse(doc, '/r/x.json'));
    assert.doesNotThrow(() => parseLines(aepJsonlFormat, junk.map((d) => JSON.stringify(d)).join('\n'), '/r/x.jsonl'));
  });
});
