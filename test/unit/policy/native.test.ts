/** The agents' own declared permissions as scopes: Claude Code settings, Codex turn_context, AEP decisions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codexFormat } from '../../../src/core/formats/codex';
import { DOCUMENT_FORMATS } from '../../../src/core/formats';
import { parseLines } from '../../../src/core/formats/types';
import { codexSandbox, compileClaudeRule, parseClaudeSettings } from '../../../src/core/policy/native';
import { audit, call, draft, policy } from './helpers';

const SETTINGS = `{
  // project settings
  "permissions": {
    "allow": ["Bash(npm run test:*)", "Read(./src/**)", "WebFetch(domain:docs.example.com)", "mcp__github__get_issue"],
    "ask": ["Bash(git push:*)"],
    "deny": ["Bash(rm:*)", "Edit(//etc/**)", "Read(./.env)", "mcp__slack"],
    "defaultMode": "acceptEdits"
  },
  "cleanupPeriodDays": 14
}`;

describe('Claude Code settings', () => {
  it('reads allow, ask and deny rules, the mode and the retention period; bad rules are listed', () => {
    const s = parseClaudeSettings(SETTINGS, '/work/app/.claude/settings.json', '/work/app');
    assert.deepEqual(s.allow.map((r) => r.text), ['Bash(npm run test:*)', 'Read(./src/**)', 'WebFetch(domain:docs.example.com)', 'mcp__github__get_issue']);
    assert.deepEqual(s.deny.map((r) => r.tool), ['Bash', 'Edit', 'Read', 'mcp__slack']);
    assert.equal(s.defaultMode, 'acceptEdits');
    assert.equal(s.cleanupPeriodDays, 14);
    assert.deepEqual(s.problems, []);
    const bad = parseClaudeSettings('{"permissions": {"allow": ["Bash(", 3, "WebFetch(example.com)"], "deny": "Bash"}}', 'x.json');
    assert.deepEqual(bad.problems, [
      "x.json: permissions.allow: 'Bash(' is not a rule (Tool or Tool(specifier))",
      'x.json: permissions.allow holds a non-string rule',
      "x.json: permissions.allow: 'WebFetch(example.com)': WebFetch takes domain:<host>",
      'x.json: permissions.deny is not a list',
    ]);
    assert.deepEqual(parseClaudeSettings('not json', 'y.json').problems, ['y.json: not a JSON object']);
  });

  it('matches MCP rules by server and by tool', () => {
    const server = compileClaudeRule('mcp__slack');
    const tool = compileClaudeRule('mcp__github__get_issue');
    assert.ok(typeof server !== 'string' && typeof tool !== 'string');
    const facts = { reads: [], writes: [], deletes: [], commands: [], destinations: [], capabilities: [], mutates: false };
    const c = (name: string) => ({ id: 'x', tool: name, kind: 'mcp' as const, status: 'succeeded' as const, args: '' });
    assert.equal(server.matches(c('mcp__slack__post_message'), facts, {}), true);
    assert.equal(server.matches(c('mcp__slackbot__x'), facts, {}), false);
    assert.equal(tool.matches(c('mcp__github__get_issue'), facts, {}), true);
    assert.equal(tool.matches(c('mcp__github__create_issue'), facts, {}), false);
  });

  it('judges calls deny first, then ask, then allow; a denied rule that still ran is out of scope', async () => {
    const settings = [parseClaudeSettings(SETTINGS, '/work/app/.claude/settings.json', '/work/app')];
    const [s] = await audit(
      [
        draft('s', 'claude-code', [
          { id: 'test', command: 'npm run test:unit' },
          { id: 'push', command: 'git push origin main' },
          { id: 'rm', command: 'rm -rf dist' },
          { id: 'etc', tool: 'Edit', kind: 'edit', touches: [{ path: '/etc/hosts', access: 'write' }] },
          { id: 'env', tool: 'Read', kind: 'read', args: '/work/app/.env', status: 'denied', error: 'Permission to use Read has been denied.', touches: [{ path: '/work/app/.env', access: 'read' }] },
          { id: 'docs', tool: 'WebFetch', kind: 'web', url: 'https://docs.example.com/a' },
          { id: 'slack', tool: 'mcp__slack__post_message', kind: 'mcp', mcpServer: 'slack' },
          { id: 'other', tool: 'Edit', kind: 'edit', touches: [{ path: '/work/app/README.md', access: 'write' }] },
        ]),
      ],
      { claude: settings },
    );
    assert.equal(call(s, 'test').verdict?.ruleId, 'allow:Bash(npm run test:*)');
    assert.equal(call(s, 'push').verdict?.ruleId, 'ask:Bash(git push:*)');
    assert.equal(call(s, 'push').approvedBy, 'user');
    assert.deepEqual(call(s, 'rm').verdict, {
      verdict: 'out-of-scope',
      policyId: 'claude-code:settings',
      ruleId: 'deny:Bash(rm:*)',
      reason: 'ran although the settings deny Bash(rm:*)',
      executed: true,
    });
    assert.equal(call(s, 'etc').verdict?.ruleId, 'deny:Edit(//etc/**)');
    assert.deepEqual(call(s, 'env').verdict, {
      verdict: 'denied',
      decidedBy: 'agent-permissions',
      executed: false,
      reason: 'Permission to use Read has been denied.',
      policyId: 'claude-code:settings',
      ruleId: 'deny:Read(./.env)',
    });
    assert.equal(call(s, 'docs').verdict?.ruleId, 'allow:WebFetch(domain:docs.example.com)');
    assert.equal(call(s, 'slack').verdict?.ruleId, 'deny:mcp__slack');
    assert.equal(call(s, 'other').verdict?.ruleId, 'mode:acceptEdits');
    assert.deepEqual(s.policy!.scopes, ['claude-code:settings']);
  });

  it('applies project settings only inside their project; a Claude deny rule overrides a workspace grant', async () => {
    const settings = [parseClaudeSettings('{"permissions": {"deny": ["Bash(curl:*)"]}}', '/work/app/.claude/settings.local.json', '/work/app')];
    const p = policy({ version: 1, scopes: [{ id: 'all', match: {}, capabilities: ['*'], commands: ['curl **'], network: ['*'] }] });
    const sessions = await audit(
      [draft('in', 'claude-code', [{ id: 'c', command: 'curl https://example.com' }]), draft('out', 'claude-code', [{ id: 'c', command: 'curl https://example.com' }], { cwd: '/work/elsewhere' })],
      { claude: settings, policy: p },
    );
    assert.equal(call(sessions[0], 'c').verdict?.ruleId, 'deny:Bash(curl:*)');
    assert.equal(call(sessions[0], 'c').verdict?.verdict, 'out-of-scope');
    assert.equal(call(sessions[1], 'c').verdict?.verdict, 'in-scope');
    assert.equal(call(sessions[1], 'c').verdict?.policyId, 'workspace/all');
  });
});

describe('Codex turn_context', () => {
  let clock = 0;
  const rec = (type: string, payload: unknown) => JSON.stringify({ timestamp: new Date(Date.UTC(2026, 2, 2, 10, 0, ++clock)).toISOString(), type, payload });
  const rollout = (approval: string) =>
    [
      rec('session_meta', { id: '0199aaaa-0000-7000-8000-000000000001', cwd: '/work/app', originator: 'codex_cli_rs', cli_version: '0.60.0' }),
      rec('turn_context', { cwd: '/work/app', model: 'gpt-5', approval_policy: approval, sandbox_policy: { type: 'workspace-write', writable_roots: ['/work/shared'], network_access: false } }),
      rec('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', 'echo hi > /work/shared/out.txt'] }), call_id: 'in' }),
      rec('response_item', { type: 'function_call_output', call_id: 'in', output: '{"output":"","metadata":{"exit_code":0}}' }),
      rec('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', 'echo x >> /etc/profile'] }), call_id: 'etc' }),
      rec('response_item', { type: 'function_call_output', call_id: 'etc', output: '{"output":"","metadata":{"exit_code":0}}' }),
      rec('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['curl', 'https://example.com'] }), call_id: 'net' }),
      rec('response_item', { type: 'function_call_output', call_id: 'net', output: 'exec command rejected by user' }),
    ].join('\n') + '\n';

  it('keeps approval_policy and sandbox_policy from the log', () => {
    const [d] = parseLines(codexFormat, rollout('never'), 'rollout.jsonl');
    assert.deepEqual(codexSandbox(d), { modes: ['workspace-write'], writableRoots: ['/work/shared'], networkAccess: false, approvalPolicies: ['never'] });
  });

  it('judges writes against the writable roots; with approvals an escape is the user approving it', async () => {
    const [never] = await audit(parseLines(codexFormat, rollout('never'), 'a.jsonl'));
    assert.equal(call(never, 'in').verdict?.ruleId, 'sandbox:workspace-write');
    assert.equal(call(never, 'etc').verdict?.verdict, 'out-of-scope');
    assert.equal(call(never, 'etc').verdict?.ruleId, 'sandbox:writable_roots');
    assert.deepEqual(call(never, 'net').verdict, { verdict: 'denied', decidedBy: 'user', executed: false, reason: 'exec command rejected by user' });
    const [onRequest] = await audit(parseLines(codexFormat, rollout('on-request'), 'b.jsonl'));
    assert.equal(call(onRequest, 'etc').verdict?.verdict, 'in-scope');
    assert.equal(call(onRequest, 'etc').verdict?.ruleId, 'approval:on-request');
    assert.equal(call(onRequest, 'etc').approvedBy, 'user');
  });
});

describe('AEP capability_decisions', () => {
  it('reads allow and deny decisions as the run policy; a denial no action stands for is a denied call', async () => {
    const record = {
      schema_version: 'aep/v0.3',
      run_id: 'run-1',
      policy_bundle_digest: 'sha256:abc',
      actions: [
        { action_id: 'a1', tool_name: 'fs.write', state_changing: true, timestamp_ms: 1772445600000, outcome: 'success', side_effect_class: 'mutate-local' },
      ],
      capability_decisions: [
        { capability: 'fs.write', resource: 'src/app.ts', decision: 'allow', reason_code: 'policy:workspace' },
        { capability: 'net.fetch', resource: 'https://evil.example/', decision: 'deny', reason_code: 'policy:egress-blocked' },
      ],
    };
    const format = DOCUMENT_FORMATS.find((f) => f.detect(record, 'run.aep.json'))!;
    const [s] = await audit(format.parse(record, 'run.aep.json'));
    const write = s.toolCalls.find((c) => c.tool === 'fs.write')!;
    assert.equal(write.verdict?.verdict, 'in-scope');
    assert.equal(write.verdict?.ruleId, 'allow:fs.write');
    assert.equal(write.verdict?.policyId, 'aep:capability_decisions');
    const denied = s.toolCalls.find((c) => c.status === 'denied')!;
    assert.deepEqual(denied.verdict, { verdict: 'denied', decidedBy: 'policy-engine', executed: false, reason: 'policy:egress-blocked', policyId: 'aep:capability_decisions' });
  });
});
