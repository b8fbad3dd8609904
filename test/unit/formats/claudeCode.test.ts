import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { applySubagentMeta, claudeCodeFormat, claudeCodeMetaFormat } from '../../../src/core/formats/claudeCode';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { corpusPath, corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';
import { callById } from '../../helpers/drafts';

// ---- fixture builders: Claude Code records as the CLI writes them (only the fields that matter) ----

const SID = '11111111-2222-4333-8444-555555555555';
let uuidCounter = 0;
type Obj = Record<string, unknown>;

function base(extra: Obj = {}): Obj {
  uuidCounter++;
  return {
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/repo',
    sessionId: SID,
    version: '2.1.38',
    gitBranch: 'main',
    uuid: `u-${uuidCounter}`,
    timestamp: `2026-02-10T10:00:${String(uuidCounter % 60).padStart(2, '0')}.000Z`,
    ...extra,
  };
}

function assistant(content: unknown[], extra: Obj = {}, msg: Obj = {}): string {
  return JSON.stringify(base({ type: 'assistant', message: { model: 'claude-opus-4-6', id: 'msg_1', role: 'assistant', content, ...msg }, ...extra }));
}
function toolUse(id: string, name: string, input: Obj): Obj {
  return { type: 'tool_use', id, name, input };
}
function text(t: string): Obj {
  return { type: 'text', text: t };
}
function result(id: string, content: unknown, extra: Obj = {}, isError?: boolean): string {
  const block: Obj = { type: 'tool_result', tool_use_id: id, content };
  if (isError !== undefined) block.is_error = isError;
  return JSON.stringify(base({ type: 'user', message: { role: 'user', content: [block] }, ...extra }));
}
function prompt(t: string, extra: Obj = {}): string {
  return JSON.stringify(base({ type: 'user', message: { role: 'user', content: t }, ...extra }));
}
function parse(lines: string[], source = `/p/${SID}.jsonl`): SessionDraft[] {
  return parseLines(claudeCodeFormat, lines.join('\n') + '\n', source);
}
function only(lines: string[], source?: string): SessionDraft {
  const drafts = parse(lines, source);
  assert.equal(drafts.length, 1);
  return drafts[0];
}
const call = callById;
function gapKinds(d: SessionDraft): string[] {
  return d.gaps.map((g) => `${g.kind}:${g.detail}`).sort();
}

describe('claude-code detection', () => {
  const detect = (records: unknown[]) => claudeCodeFormat.detect(fileHead(records.map((r) => JSON.stringify(r))), 'x.jsonl');

  it('claims transcripts of every era by their Claude fields', () => {
    assert.equal(detect([{ type: 'summary', summary: 's', leafUuid: 'u' }]), true);
    assert.equal(detect([{ type: 'file-history-snapshot', messageId: 'm', snapshot: {}, isSnapshotUpdate: false }]), true);
    assert.equal(detect([JSON.parse(prompt('hi'))]), true);
    // The synthetic minimal shape: no sessionId, but a Claude message.
    assert.equal(detect([{ type: 'user', timestamp: '2024-01-01T10:00:00Z', message: { content: 'hi' }, cwd: '/a' }]), true);
  });

  it('leaves other agents and hook logs alone', () => {
    assert.equal(detect([{ timestamp: '2025-01-01T00:00:00Z', type: 'session_meta', payload: { id: 'x', cwd: '/a' } }]), false);
    assert.equal(detect([{ timestamp: '2025-01-01T00:00:00Z', type: 'response_item', payload: { type: 'message', role: 'user' } }]), false);
    assert.equal(detect([{ sessionId: 'g', projectHash: 'h', startTime: 't', kind: 'main' }, { id: '1', timestamp: 't', type: 'user', content: 'hi' }]), false);
    assert.equal(detect([{ type: 'session', id: 'p', timestamp: 't', cwd: '/a' }, { type: 'message', id: '2', parentId: '1', message: { role: 'user', content: 'x' } }]), false);
    assert.equal(detect([{ ts: 't', session_id: 's', event: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' } }]), false);
    assert.equal(detect([{ role: 'user', content: 'hi', timestamp: 't' }]), false);
  });
});

describe('claude-code tool calls', () => {
  it('maps tools to kinds, args, touches and results', () => {
    const d = only([
      prompt('do things'),
      assistant([text('Reading first.'), toolUse('t1', 'Read', { file_path: 'src/a.ts' })]),
      result('t1', '1→x', { toolUseResult: { type: 'text', file: { filePath: 'src/a.ts' } } }),
      assistant([toolUse('t2', 'Bash', { command: 'npm test\n--watch', description: 'test' })], {}, { id: 'msg_2' }),
      result('t2', 'ok', { toolUseResult: { stdout: 'ok', stderr: '', interrupted: false } }),
      assistant([toolUse('t3', 'WebFetch', { url: 'https://example.org/x', prompt: 'p' })], {}, { id: 'msg_3' }),
      result('t3', 'page'),
      assistant([toolUse('t4', 'WebSearch', { query: 'how to x' })], {}, { id: 'msg_4' }),
      result('t4', 'results'),
      assistant([toolUse('t5', 'Grep', { pattern: 'TODO', path: 'src' })], {}, { id: 'msg_5' }),
      result('t5', 'src/a.ts'),
      assistant([toolUse('t6', 'mcp__github__create_issue', { title: 'Bug', body: 'long' })], {}, { id: 'msg_6' }),
      result('t6', 'created'),
      assistant([toolUse('t7', 'TodoWrite', { todos: [{}, {}] })], {}, { id: 'msg_7' }),
      result('t7', 'ok'),
      assistant([toolUse('t8', 'NotebookEdit', { notebook_path: 'n.ipynb', new_source: 'x' })], {}, { id: 'msg_8' }),
      result('t8', 'ok'),
    ]);
    assert.deepEqual(
      d.toolCalls.map((c) => [c.tool, c.kind, c.status]),
      [
        ['Read', 'read', 'succeeded'],
        ['Bash', 'shell', 'succeeded'],
        ['WebFetch', 'web', 'succeeded'],
        ['WebSearch', 'web', 'succeeded'],
        ['Grep', 'search', 'succeeded'],
        ['mcp__github__create_issue', 'mcp', 'succeeded'],
        ['TodoWrite', 'plan', 'succeeded'],
        ['NotebookEdit', 'edit', 'succeeded'],
      ],
    );
    const bash = call(d, 't2');
    assert.equal(bash.command, 'npm test\n--watch');
    assert.equal(bash.args, 'npm test');
    assert.equal(bash.exitCode, undefined);
    assert.equal(call(d, 't3').url, 'https://example.org/x');
    assert.equal(call(d, 't4').query, 'how to x');
    assert.equal(call(d, 't6').mcpServer, 'github');
    assert.equal(call(d, 't6').args, 'title=Bug body=long');
    assert.equal(call(d, 't7').args, '2 todos');
    assert.equal(call(d, 't1').why, 'Reading first.');
    assert.deepEqual(call(d, 't1').source, { file: `/p/${SID}.jsonl`, line: 2 });
    assert.ok(call(d, 't1').startedAt && call(d, 't1').endedAt);
    assert.deepEqual(
      d.touches.map((t) => [t.path, t.access, t.evidence, t.toolCallId]),
      [
        ['src/a.ts', 'read', 'observed', 't1'],
        ['src', 'read', 'observed', 't5'],
        ['n.ipynb', 'write', 'observed', 't8'],
      ],
    );
    assert.deepEqual(d.gaps, []);
    assert.equal(d.id, SID);
    assert.equal(d.cwd, '/repo');
    assert.deepEqual(d.models, ['claude-opus-4-6']);
    assert.equal(d.meta.cliVersion, '2.1.38');
    assert.equal(d.meta.gitBranch, 'main');
  });

  it('turns Write create/update and Edit patches into create/write touches with line ranges', () => {
    const patch = [
      { oldStart: 3, oldLines: 2, newStart: 3, newLines: 4, lines: [] },
      { oldStart: 20, oldLines: 1, newStart: 22, newLines: 0, lines: [] },
    ];
    const d = only([
      assistant([toolUse('w1', 'Write', { file_path: '/r/new.md', content: 'x' })]),
      result('w1', 'File created successfully at: /r/new.md', { toolUseResult: { type: 'create', filePath: '/r/new.md', structuredPatch: [] } }),
      assistant([toolUse('w2', 'Write', { file_path: '/r/old.md', content: 'y' })], {}, { id: 'm2' }),
      result('w2', 'updated', { toolUseResult: { type: 'update', filePath: '/r/old.md', structuredPatch: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 2 }] } }),
      assistant([toolUse('e1', 'Edit', { file_path: '/r/a.py', old_string: 'a', new_string: 'b' })], {}, { id: 'm3' }),
      result('e1', 'updated', { toolUseResult: { filePath: '/r/a.py', structuredPatch: patch } }),
      assistant([toolUse('e2', 'MultiEdit', { file_path: '/r/b.py', edits: [] })], {}, { id: 'm4' }),
      result('e2', 'updated', { toolUseResult: 'plain string result' }),
      // 1.0.x: Edit with an empty old_string creates the file.
      assistant([toolUse('e3', 'Edit', { file_path: '/r/c.py', old_string: '', new_string: 'x' })], {}, { id: 'm5' }),
      result('e3', 'File created successfully at: /r/c.py', { toolUseResult: 'File created successfully at: /r/c.py' }),
    ]);
    assert.deepEqual(
      d.touches.map((t) => [t.path, t.access, t.lines ? `${t.lines.start}-${t.lines.end}` : '']),
      [
        ['/r/new.md', 'create', ''],
        ['/r/old.md', 'write', '1-2'],
        ['/r/a.py', 'write', '3-6'],
        ['/r/a.py', 'write', '22-22'],
        ['/r/b.py', 'write', ''],
        ['/r/c.py', 'create', ''],
      ],
    );
    assert.equal(call(d, 'w1').kind, 'write');
    assert.equal(call(d, 'e1').kind, 'edit');
  });

  it('tells denied, interrupted and failed calls apart', () => {
    const d = only([
      assistant([
        toolUse('d1', 'Bash', { command: 'rm -rf build' }),
        toolUse('d2', 'Edit', { file_path: '/r/x.ts' }),
        toolUse('d3', 'Bash', { command: 'node -v' }),
        toolUse('d4', 'Bash', { command: 'git push' }),
        toolUse('f1', 'Edit', { file_path: '/r/y.ts' }),
        toolUse('f2', 'Bash', { command: 'false' }),
        toolUse('i1', 'Bash', { command: 'sleep 100' }),
        toolUse('i2', 'Read', { file_path: '/r/z' }),
      ]),
      result('d1', "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).", { toolUseResult: 'User rejected tool use' }, true),
      result('d2', [{ type: 'text', text: 'File is in a directory that is denied by your permission settings.' }], {}, true),
      result('d3', 'Permission to use Bash with command node -v has been denied.', {}, true),
      result('d4', 'PreToolUse:Bash hook error: [guard.sh]: pushing is not allowed', {}, true),
      result('f1', '<tool_use_error>String to replace not found in file.\nString: x</tool_use_error>', {}, true),
      result('f2', 'Exit code 1\nboom', { toolUseResult: 'Error: Exit code 1\nboom' }, true),
      result('i1', 'partial', { toolUseResult: { stdout: '', stderr: '', interrupted: true } }),
      prompt('[Request interrupted by user for tool use]'),
    ]);
    const status = Object.fromEntries(d.toolCalls.map((c) => [c.id, c.status]));
    assert.deepEqual(status, {
      d1: 'denied',
      d2: 'denied',
      d3: 'denied',
      d4: 'denied',
      f1: 'failed',
      f2: 'failed',
      i1: 'interrupted',
      i2: 'interrupted',
    });
    assert.match(call(d, 'd1').error ?? '', /^The user doesn't want to proceed/);
    assert.equal(call(d, 'f1').error, 'String to replace not found in file.');
    assert.equal(call(d, 'f2').exitCode, 1);
    assert.equal(call(d, 'f2').error, 'Exit code 1');
    // Denied calls never touched their file; the failed Edit did reach it.
    assert.deepEqual(d.touches.map((t) => t.path), ['/r/y.ts', '/r/z']);
    assert.equal(d.end.interrupted, true);
    assert.deepEqual(d.gaps, [], 'interrupted calls are not missing results');
  });

  it('records an unknown tool as unmapped, and a call without result as pending', () => {
    const d = only([
      assistant([toolUse('x1', 'Frobnicate', { level: 3 }), toolUse('x2', 'Read', { file_path: 'a' })]),
      result('x1', 'done'),
    ]);
    assert.equal(call(d, 'x1').unmapped, true);
    assert.equal(call(d, 'x1').kind, 'other');
    assert.equal(call(d, 'x1').status, 'succeeded');
    assert.equal(call(d, 'x2').status, 'pending');
    assert.equal(call(d, 'x2').unmapped, undefined);
    assert.deepEqual(gapKinds(d), ['missing-result:Read', 'unknown-tool:Frobnicate']);
    const missing = d.gaps.find((g) => g.kind === 'missing-result');
    assert.equal(missing?.line, 1);
  });

  it('counts a tool_use repeated over the lines of one split response once', () => {
    const d = only([
      assistant([text('Let me look at the config.')], {}, { id: 'msg_A' }),
      assistant([toolUse('dup', 'Read', { file_path: 'cfg.json' })], {}, { id: 'msg_A' }),
      assistant([toolUse('dup', 'Read', { file_path: 'cfg.json' })], {}, { id: 'msg_A' }),
      result('dup', 'content'),
      assistant([toolUse('two', 'Glob', { pattern: '*.ts' })], {}, { id: 'msg_A' }),
      result('two', 'a.ts'),
      assistant([toolUse('three', 'Glob', { pattern: '*.md' })], {}, { id: 'msg_B' }),
      result('three', 'a.md'),
    ]);
    assert.deepEqual(d.toolCalls.map((c) => c.id), ['dup', 'two', 'three']);
    assert.equal(call(d, 'dup').why, 'Let me look at the config.');
    // Same response after a tool result: the text still explains it.
    assert.equal(call(d, 'two').why, 'Let me look at the config.');
    // A later response with no words of its own has no why.
    assert.equal(call(d, 'three').why, undefined);
  });

  it('links a Task/Agent call to its subagent file by toolUseResult.agentId or agent_progress', () => {
    const d = only([
      assistant([toolUse('task1', 'Task', { subagent_type: 'Explore', description: 'Find x', prompt: 'Find x' })]),
      JSON.stringify(base({ type: 'progress', data: { type: 'agent_progress', agentId: 'abc123', prompt: 'Find x', message: {} }, parentToolUseID: 'task1', toolUseID: 'agent_msg_1' })),
      result('task1', 'found', { toolUseResult: { status: 'completed', agentId: 'abc123', totalToolUseCount: 3 } }),
      assistant([toolUse('agent2', 'Agent', { description: 'bg', prompt: 'work' })], {}, { id: 'm2' }),
      JSON.stringify(base({ type: 'progress', data: { type: 'agent_progress', agentId: 'def456' }, parentToolUseID: 'agent2' })),
    ]);
    assert.equal(call(d, 'task1').childSessionId, 'agent-abc123');
    assert.equal(call(d, 'task1').kind, 'spawn');
    assert.equal(call(d, 'task1').args, 'Explore: Find x');
    assert.equal(call(d, 'agent2').childSessionId, 'agent-def456');
    assert.equal(call(d, 'agent2').status, 'pending');
  });
});

describe('claude-code sessions', () => {
  it('titles a session without an ai-title or summary by the first thing the user typed', () => {
    const d = only([
      prompt('<command-name>/clear</command-name>'),
      prompt('Caveat: injected context', { isMeta: true }),
      prompt('Fix the flaky login test\nand add a regression test'),
      prompt('then push'),
    ]);
    assert.equal(d.title, 'Fix the flaky login test');
    const titled = only([prompt('do it'), JSON.stringify(base({ type: 'ai-title', aiTitle: 'Login test repair' }))]);
    assert.equal(titled.title, 'Login test repair');
  });

  it('makes each inline sidechain its own session linked to the Task that spawned it', () => {
    const side = (extra: Obj) => ({ isSidechain: true, ...extra });
    const d = parse([
      prompt('audit the repo'),
      assistant([text('Two agents.'), toolUse('tA', 'Task', { subagent_type: 'general-purpose', description: 'A', prompt: 'Check module A' }), toolUse('tB', 'Task', { description: 'B', prompt: 'Check module B' })]),
      // Parallel sidechains, interleaved; grouped by parentUuid.
      JSON.stringify(base({ type: 'user', uuid: 'sb1', message: { role: 'user', content: 'Check module B' }, ...side({}) })),
      JSON.stringify(base({ type: 'user', uuid: 'sa1', message: { role: 'user', content: 'Check module A' }, ...side({}) })),
      assistant([toolUse('sa-call', 'Read', { file_path: 'a.ts' })], side({ uuid: 'sa2', parentUuid: 'sa1' }), { id: 'ms1', model: 'claude-haiku-4-5' }),
      assistant([toolUse('sb-call', 'Bash', { command: 'ls b' })], side({ uuid: 'sb2', parentUuid: 'sb1' }), { id: 'ms2' }),
      result('sa-call', 'x', side({ uuid: 'sa3', parentUuid: 'sa2' })),
      result('sb-call', 'y', side({ uuid: 'sb3', parentUuid: 'sb2' })),
      result('tA', 'A done'),
      result('tB', 'B done'),
    ]);
    assert.deepEqual(d.map((s) => s.id), [SID, `${SID}:sidechain-1`, `${SID}:sidechain-2`]);
    const [main, sb, sa] = d;
    assert.deepEqual(main.toolCalls.map((c) => c.id), ['tA', 'tB']);
    assert.equal(call(main, 'tA').childSessionId, sa.id);
    assert.equal(call(main, 'tB').childSessionId, sb.id);
    assert.deepEqual(sa.toolCalls.map((c) => [c.id, c.status]), [['sa-call', 'succeeded']]);
    assert.deepEqual(sb.toolCalls.map((c) => [c.id, c.status]), [['sb-call', 'succeeded']]);
    assert.equal(sa.parentId, SID);
    assert.equal(sa.parentToolCallId, 'tA');
    assert.equal(sa.agentType, 'general-purpose');
    assert.equal(sb.parentToolCallId, 'tB');
    assert.deepEqual(sa.models, ['claude-haiku-4-5']);
    assert.deepEqual(sa.touches.map((t) => t.path), ['a.ts']);
    assert.deepEqual(main.touches, []);
    assert.equal(sa.sources[0].firstLine, 4);
    assert.equal(sa.sources[0].lastLine, 7);
  });

  it('reads a 2.0.x agent file (agentId + isSidechain) as a subagent session of the parent', () => {
    const rec = (extra: Obj) => ({ isSidechain: true, agentId: 'a1b2c3', sessionId: 'parent-session', ...extra });
    const d = only(
      [
        prompt('Look for uses of foo', rec({})),
        assistant([toolUse('g1', 'Grep', { pattern: 'foo' })], rec({})),
        result('g1', 'a.ts', rec({})),
      ],
      '/p/whatever.jsonl',
    );
    assert.equal(d.id, 'agent-a1b2c3');
    assert.equal(d.parentId, 'parent-session');
    assert.equal(d.replay, undefined);
    assert.deepEqual(d.toolCalls.map((c) => c.id), ['g1']);
    assert.equal(d.meta.sessionIds, undefined);
  });

  it('reads agent-<id>.jsonl by its name too, and marks the compaction summariser as a replay', () => {
    const plain = only([prompt('x', { isSidechain: true })], '/p/s/subagents/agent-a0ad4f44468bdf20d.jsonl');
    assert.equal(plain.id, 'agent-a0ad4f44468bdf20d');
    assert.equal(plain.parentId, SID);
    const compact = only([prompt('Summarise', { isSidechain: true, agentId: 'acompact-fffbd0' })], '/p/s/subagents/agent-acompact-fffbd0.jsonl');
    assert.equal(compact.id, 'agent-acompact-fffbd0');
    assert.equal(compact.replay, true);
  });

  it('keeps one draft per file after a resume, named after the file, other sessionIds in meta', () => {
    const other = '99999999-8888-4777-8666-555555555555';
    const d = only([prompt('old part', { sessionId: other }), prompt('new part')], `/p/${SID}.jsonl`);
    assert.equal(d.id, SID);
    assert.equal(d.meta.sessionIds, `${other},${SID}`);
    // Without a session-named file, the first sessionId names the draft.
    assert.equal(only([prompt('a', { sessionId: 'first' }), prompt('b', { sessionId: 'second' })], '/t/fixture.jsonl').id, 'first');
    assert.equal(only([JSON.stringify({ type: 'user', message: { content: 'hi' } })], '/t/bare.jsonl').id, 'bare');
  });

  it('ignores known bookkeeping records, reports unknown ones, and takes titles', () => {
    const d = only([
      JSON.stringify({ type: 'summary', summary: 'Old summary', leafUuid: 'x' }),
      JSON.stringify({ type: 'file-history-snapshot', messageId: 'm', snapshot: {}, isSnapshotUpdate: false }),
      JSON.stringify({ type: 'queue-operation', operation: 'enqueue', sessionId: SID }),
      JSON.stringify(base({ type: 'progress', data: { type: 'hook_progress' } })),
      JSON.stringify(base({ type: 'system', subtype: 'turn_duration', durationMs: 5 })),
      JSON.stringify(base({ type: 'system', subtype: 'brand_new_subtype' })),
      JSON.stringify(base({ type: 'attachment', attachment: { type: 'hook_success' } })),
      JSON.stringify({ type: 'permission-mode', permissionMode: 'bypassPermissions', sessionId: SID }),
      JSON.stringify({ type: 'ai-title', aiTitle: 'AI title', sessionId: SID }),
      JSON.stringify({ type: 'pr-link', prNumber: 1, sessionId: SID }),
      JSON.stringify({ type: 'worktree-state', sessionId: SID }),
      JSON.stringify({ type: 'last-prompt', lastPrompt: 'x', sessionId: SID }),
      JSON.stringify({ type: 'agent-name', agentName: 'Helper', sessionId: SID }),
      JSON.stringify({ type: 'mode', mode: 'normal', sessionId: SID }),
      JSON.stringify({ type: 'bridge-session', sessionId: SID }),
      JSON.stringify({ type: 'hologram', sessionId: SID }),
      JSON.stringify({ type: 'hologram', sessionId: SID }),
      JSON.stringify({ silly: 'this' }),
    ]);
    assert.deepEqual(gapKinds(d), ['unknown-record:(no type)', 'unknown-record:hologram']);
    assert.equal(d.gaps.find((g) => g.detail === 'hologram')?.count, 2);
    assert.equal(d.gaps.find((g) => g.detail === 'hologram')?.line, 16);
    assert.equal(d.title, 'AI title');
    assert.equal(d.meta.permissionMode, 'bypassPermissions');
    assert.equal(d.meta.agentName, 'Helper');
    const custom = only([JSON.stringify({ type: 'custom-title', customTitle: 'Mine', sessionId: SID }), JSON.stringify({ type: 'ai-title', aiTitle: 'AI', sessionId: SID })]);
    assert.equal(custom.title, 'Mine');
    assert.equal(only([JSON.stringify({ type: 'summary', summary: 'Only summary', leafUuid: 'x' })]).title, 'Only summary');
  });

  it('ends on an API error only when nothing follows it', () => {
    const apiError = JSON.stringify(base({ type: 'system', subtype: 'api_error', error: { status: 529, message: 'Overloaded' }, retryAttempt: 1 }));
    const ended = only([prompt('go'), apiError, JSON.stringify(base({ type: 'system', subtype: 'turn_duration' }))]);
    assert.equal(ended.end.error, 'API error 529: Overloaded');
    const recovered = only([prompt('go'), apiError, assistant([text('Done.')])]);
    assert.equal(recovered.end.error, undefined);
    const synthetic = only([
      prompt('go'),
      assistant([text('API Error: 500 {"type":"error"}\nmore')], { isApiErrorMessage: true }, { model: '<synthetic>' }),
    ]);
    assert.equal(synthetic.end.error, 'API Error: 500 {"type":"error"}');
    assert.deepEqual(synthetic.models, []);
  });

  it('clears an interruption when the agent carries on afterwards', () => {
    const d = only([prompt('a'), prompt('[Request interrupted by user]'), prompt('continue'), assistant([text('Sure.')])]);
    assert.equal(d.end.interrupted, undefined);
  });
});

describe('claude-code robustness', () => {
  it('reports malformed, non-object and drifted records without losing the rest', () => {
    const d = only([
      '{not json',
      '"a string"',
      '[1,2]',
      JSON.stringify(base({ type: 'user', message: 'error' })),
      JSON.stringify(base({ type: 'user', message: { role: 'user', content: ['bare string'] } })),
      JSON.stringify(base({ type: 'assistant', message: { content: 42 } })),
      assistant([toolUse('ok', 'Read', { file_path: 'a' })]),
      result('ok', 'fine'),
    ]);
    assert.deepEqual(gapKinds(d), [
      'malformed-line:not JSON',
      'malformed-line:not a JSON object',
      'schema-drift:assistant content is not a list',
      'schema-drift:user content item is not an object',
      'schema-drift:user message is not an object',
    ]);
    assert.equal(d.gaps.find((g) => g.detail === 'not a JSON object')?.count, 2);
    assert.equal(call(d, 'ok').status, 'succeeded');
  });

  it('reports a cut last line as partial, with or without its newline', () => {
    const lines = [prompt('hello'), '{"type":"user","message":{"content":"mo'];
    const noNewline = parseLines(claudeCodeFormat, lines.join('\n'), '/p/x.jsonl')[0];
    assert.deepEqual(gapKinds(noNewline), ['partial-line:last line cut after 39 characters']);
    const withNewline = parseLines(claudeCodeFormat, lines.join('\n') + '\n', '/p/x.jsonl')[0];
    assert.deepEqual(gapKinds(withNewline), ['partial-line:last line cut after 39 characters']);
    // Once more lines follow, the same line is malformed.
    const later = parseLines(claudeCodeFormat, [...lines, prompt('again')].join('\n') + '\n', '/p/x.jsonl')[0];
    assert.deepEqual(gapKinds(later), ['malformed-line:not JSON']);
  });

  it('flags timestamps without a zone', () => {
    const d = only([prompt('x', { timestamp: '2025-06-14T10:00:00' })]);
    assert.deepEqual(gapKinds(d), ['guessed-timezone:timestamp without zone']);
  });

  it('never throws on odd values in any field', () => {
    const odd: unknown[] = [null, 0, 'x', [], {}, [null], { type: 7 }, [{ type: 'tool_use' }], [{ type: 'tool_result', content: { a: 1 } }]];
    const lines: string[] = [];
    for (const v of odd) {
      for (const type of ['user', 'assistant', 'system', 'progress', 'summary', 'custom-title', 'ai-title', 'permission-mode', 'agent-name', 'attachment']) {
        lines.push(JSON.stringify({ type, message: v, content: v, data: v, subtype: v, error: v, toolUseResult: v, isSidechain: v, parentUuid: v, summary: v, sessionId: v, timestamp: v, cwd: v }));
        lines.push(JSON.stringify({ type, message: { content: v, model: v, id: v }, isSidechain: true, agentId: v, uuid: v }));
      }
    }
    assert.doesNotThrow(() => parse(lines));
    const drafts = parse(lines);
    assert.ok(drafts.length >= 1);
  });

  it('gives repeatable, independent snapshots while lines keep arriving', () => {
    const parser = claudeCodeFormat.open({ source: `/p/${SID}.jsonl` });
    parser.line(assistant([toolUse('t', 'Edit', { file_path: 'a.ts' })]), 1);
    const first = parser.snapshot();
    assert.equal(first[0].toolCalls[0].status, 'pending');
    first[0].toolCalls[0].status = 'failed';
    first[0].gaps.length = 0;
    first[0].touches.push({ path: 'zzz', access: 'delete', evidence: 'parsed' });
    const again = parser.snapshot();
    assert.equal(again[0].toolCalls[0].status, 'pending');
    assert.deepEqual(gapKinds(again[0]), ['missing-result:Edit']);
    assert.deepEqual(again[0].touches.map((t) => t.path), ['a.ts']);
    parser.line(result('t', 'ok', { toolUseResult: { structuredPatch: [{ newStart: 5, newLines: 2 }] } }), 2);
    const later = parser.snapshot();
    assert.equal(later[0].toolCalls[0].status, 'succeeded');
    assert.deepEqual(later[0].gaps, []);
    assert.deepEqual(later[0].touches[0].lines, { start: 5, end: 6 });
    assert.deepEqual(parser.snapshot(), later);
  });

  it('returns nothing for an empty file', () => {
    assert.deepEqual(parseLines(claudeCodeFormat, '', '/p/x.jsonl'), []);
  });
});

describe('claude-code .meta.json sidecar', () => {
  it('detects the sidecar, yields no session of its own, and applies to a draft without changing it', () => {
    const doc = { agentType: 'general-purpose', spawnDepth: 1 };
    assert.equal(claudeCodeMetaFormat.detect(doc, 'agent-a0ad4f44468bdf20d.meta.json'), true);
    assert.equal(claudeCodeMetaFormat.detect(doc, 'x.json'), true);
    assert.equal(claudeCodeMetaFormat.detect({ info: {}, messages: [] }, 'x.json'), false);
    assert.equal(claudeCodeMetaFormat.detect({ agentType: 'x', messages: [{}] }, 'x.json'), false);
    assert.equal(claudeCodeMetaFormat.detect(null, 'x.meta.json'), false);
    assert.deepEqual(claudeCodeMetaFormat.parse(doc, 'x.meta.json'), []);
    assert.equal(claudeCodeMetaFormat.id, 'claude-meta');
    const draft = only([prompt('x', { isSidechain: true })], '/p/s/subagents/agent-a0ad4f44468bdf20d.jsonl');
    const applied = applySubagentMeta(draft, doc);
    assert.equal(applied.agentType, 'general-purpose');
    assert.equal(applied.meta.spawnDepth, 1);
    assert.equal(draft.agentType, undefined);
    assert.equal(draft.meta.spawnDepth, undefined);
    assert.equal(applySubagentMeta(draft, 'garbage'), draft);
  });
});

describe('claude-code corpus', { skip: corpusSkip }, () => {
  const one = (rel: string): SessionDraft => {
    const { format, sessions } = parseCorpusFile(`claude-code/${rel}`);
    assert.equal(format, 'claude-code');
    assert.equal(sessions.length, 1);
    return sessions[0];
  };

  it('spotter short (2.1.38): a Bash and a Glob call, both rejected by the user, then an interruption', () => {
    const s = one('spotter__short.jsonl');
    assert.equal(s.id, '55604662-cf2a-4331-851a-ec234028f8ca');
    assert.deepEqual(toolCounts(s), { Bash: 1, Glob: 1 });
    assert.deepEqual(s.toolCalls.map((c) => c.status), ['denied', 'denied']);
    assert.equal(s.toolCalls[0].command, 'mix phx.server 2>&1 | head -80');
    assert.equal(s.toolCalls[0].why, 'Let me check the project structure and try running the server to see the error.');
    assert.equal(s.end.interrupted, true);
    assert.equal(s.cwd, '/home/marco/projects/spotter');
    assert.deepEqual(s.models, ['claude-opus-4-6']);
    assert.deepEqual(s.touches, []);
    assert.deepEqual(s.gaps, []);
  });

  it('spotter tool_heavy: six calls over web, shell and files, all answered', () => {
    const s = one('spotter__tool_heavy.jsonl');
    assert.deepEqual(toolCounts(s), { Bash: 2, WebSearch: 1, Glob: 1, Read: 1, WebFetch: 1 });
    assert.ok(s.toolCalls.every((c) => c.status === 'succeeded'));
    assert.equal(s.toolCalls.find((c) => c.tool === 'WebFetch')?.url, 'https://github.com/xtermjs/xterm.js/issues/1343');
    assert.deepEqual(s.touches.map((t) => [t.path, t.access]), [['/home/marco/projects/spotter/assets/js/app.js', 'read']]);
    assert.equal(s.end.interrupted, true, 'the log ends on "[Request interrupted by user]"');
    assert.deepEqual(s.gaps, []);
  });

  it('spotter subagent: a Task linked to agent-afb92ff, whose own calls (in progress lines) stay out', () => {
    const s = one('spotter__subagent.jsonl');
    assert.deepEqual(toolCounts(s), { WebFetch: 1, WebSearch: 5, Glob: 1, Read: 1, AskUserQuestion: 1, Task: 1, Write: 1, ExitPlanMode: 1, Bash: 4 });
    const task = s.toolCalls.find((c) => c.tool === 'Task');
    assert.equal(task?.childSessionId, 'agent-afb92ff');
    assert.equal(task?.args, 'Plan: Draft beads for linting setup');
    assert.equal(s.toolCalls.find((c) => c.tool === 'AskUserQuestion')?.kind, 'ask');
    assert.equal(s.toolCalls.find((c) => c.tool === 'ExitPlanMode')?.kind, 'plan');
    assert.ok(s.toolCalls.every((c) => c.status === 'succeeded'));
    assert.deepEqual(
      s.touches.map((t) => [t.path, t.access]),
      [
        ['/home/marco/projects/spotter/mix.exs', 'read'],
        ['/home/marco/projects/spotter/plan.md', 'create'],
      ],
    );
    assert.equal(s.end.interrupted, undefined, 'work went on after the interruption');
    assert.equal(s.meta.permissionMode, 'default');
  });

  it('spotter 2.1.39 subagent file: its own session under the parent', () => {
    const s = one('spotter__258c7280__subagents__agent-a881341.jsonl');
    assert.equal(s.id, 'agent-a881341');
    assert.equal(s.parentId, '258c7280-ae70-4798-800f-63464d01a85d');
    assert.deepEqual(toolCounts(s), { WebFetch: 2 });
    assert.deepEqual(s.toolCalls.map((c) => c.url), ['https://code.claude.com/docs/en/claude_code_docs_map.md', 'https://code.claude.com/docs/en/hooks.md']);
    assert.deepEqual(s.models, ['claude-sonnet-4-5-20250929']);
    assert.equal(s.replay, undefined);
  });

  it('spotter compaction summariser: a replay with no actions', () => {
    const s = one('spotter__258c7280__subagents__agent-acompact-fffbd0.jsonl');
    assert.equal(s.id, 'agent-acompact-fffbd0');
    assert.equal(s.replay, true);
    assert.equal(s.parentId, '258c7280-ae70-4798-800f-63464d01a85d');
    assert.deepEqual(s.toolCalls, []);
  });

  it('fasthooks 2.0.76 agent file: the Warmup subagent of session c45af7b1', () => {
    const s = one('fasthooks__sample_agent_sidechain.jsonl');
    assert.equal(s.id, 'agent-af1ff21');
    assert.equal(s.parentId, 'c45af7b1-cb7c-4e51-93db-8cbb250a877a');
    assert.equal(s.meta.warmup, true);
    assert.deepEqual(s.models, ['claude-haiku-4-5-20251001']);
    assert.equal(s.cwd, '/workspace');
  });

  it('agentlogs crud (2.0.14): create, read, edit (lines 1-9) and rm of JOKE.md', () => {
    const s = one('agentlogs__crud.jsonl');
    assert.deepEqual(toolCounts(s), { TodoWrite: 5, Write: 1, Read: 1, Edit: 1, Bash: 1 });
    const joke = '/Users/philipp/dev/vibeinsights/fixtures/claudecode/JOKE.md';
    assert.deepEqual(
      s.touches.map((t) => [t.path, t.access, t.lines]),
      [
        [joke, 'create', undefined],
        [joke, 'read', undefined],
        [joke, 'write', { start: 1, end: 9 }],
      ],
    );
    assert.equal(s.toolCalls.find((c) => c.tool === 'Bash')?.command, `rm ${joke}`);
    assert.equal(s.meta.cliVersion, '2.0.14');
  });

  it('agentlogs subagent (2.0.13): the inline sidechain becomes a child session of the Task', () => {
    const { sessions } = parseCorpusFile('claude-code/agentlogs__subagent.jsonl');
    assert.equal(sessions.length, 2);
    const [main, side] = sessions;
    assert.equal(main.id, '609efeca-2f51-4118-b077-e91c9fe63f73');
    assert.deepEqual(toolCounts(main), { Task: 1 });
    assert.equal(main.title, 'Tailwind Studio: Component Catalog Architecture Design');
    assert.equal(main.toolCalls[0].childSessionId, side.id);
    assert.equal(side.id, '609efeca-2f51-4118-b077-e91c9fe63f73:sidechain-1');
    assert.equal(side.parentId, main.id);
    assert.equal(side.parentToolCallId, 'toolu_01BuNFczVnbvyf3hBd7oYaqy');
    assert.equal(side.agentType, 'general-purpose');
    assert.deepEqual([side.sources[0].firstLine, side.sources[0].lastLine], [7, 8]);
  });

  it('agentlogs compact and todos: no calls across a compaction; five TodoWrites', () => {
    const compact = one('agentlogs__compact.jsonl');
    assert.deepEqual(compact.toolCalls, []);
    assert.deepEqual(compact.gaps, []);
    assert.equal(compact.cwd, '/Users/philipp/dev/studio');
    const todos = one('agentlogs__todos.jsonl');
    assert.deepEqual(toolCounts(todos), { TodoWrite: 5 });
    assert.ok(todos.toolCalls.every((c) => c.kind === 'plan' && c.status === 'succeeded'));
  });

  it('claude-code-log edge cases: failing unknown tool, broken lines, unanswered calls', () => {
    const s = one('claude-code-log__edge_cases.jsonl');
    assert.deepEqual(toolCounts(s), { FailingTool: 1, MultiEdit: 1, TodoWrite: 1 });
    const failing = s.toolCalls.find((c) => c.tool === 'FailingTool');
    assert.equal(failing?.status, 'failed');
    assert.equal(failing?.unmapped, true);
    assert.equal(failing?.error, 'Error: Tool execution failed with error: Command not found');
    // The MultiEdit's result line misspells `content`: the call stays unanswered.
    assert.equal(s.toolCalls.find((c) => c.tool === 'MultiEdit')?.status, 'pending');
    const gaps = Object.fromEntries(s.gaps.map((g) => [`${g.kind}:${g.detail}`, g.count]));
    assert.equal(gaps['malformed-line:not a JSON object'], 3);
    assert.equal(gaps['unknown-tool:FailingTool'], 1);
    assert.equal(gaps['missing-result:MultiEdit'], 1);
    assert.equal(gaps['unknown-record:(no type)'], 1);
    assert.equal(gaps['schema-drift:user message is not an object'], 1);
    assert.equal(s.meta.sessionIds, 'edge_cases,todowrite_session');
    assert.match(s.title ?? '', /^Tested various edge cases/);
  });

  it('claude-code-log representative and todowrite fixtures', () => {
    const s = one('claude-code-log__representative_messages.jsonl');
    assert.equal(s.id, 'test_session');
    assert.deepEqual(toolCounts(s), { Edit: 1, Bash: 1 });
    assert.deepEqual(s.touches.map((t) => [t.path, t.access]), [['/tmp/decorator_example.py', 'create']]);
    assert.equal(s.toolCalls[1].command, 'python /tmp/decorator_example.py');
    assert.deepEqual(toolCounts(one('claude-code-log__todowrite_examples.jsonl')), { TodoWrite: 3 });
  });

  it('agent-sessions shape catalog and schema drift: every record type read without surprises', () => {
    const { sessions } = parseCorpusFile('claude-code/agent-sessions__claude_small_shape_catalog.jsonl');
    const main = sessions[0];
    assert.equal(main.title, 'Stage0 small fixture', 'custom-title wins over ai-title and summary');
    assert.equal(main.gaps.filter((g) => g.kind === 'unknown-record').length, 0);
    assert.equal(main.toolCalls.find((c) => c.id === 'toolu_stage0_1')?.status, 'succeeded');
    const drift = one('agent-sessions__claude_schema_drift.jsonl');
    assert.deepEqual(
      drift.gaps.map((g) => `${g.kind}:${g.detail}`),
      ['unknown-record:tool_use', 'unknown-record:tool_result'],
    );
    assert.equal(drift.meta.permissionMode, 'bypassPermissions');
  });

  it('agentsview synthetic: a pending last call, and a cut last line', () => {
    const pending = one('agentsview__tool_call_pending_SYNTHETIC.jsonl');
    assert.equal(pending.toolCalls[0].status, 'pending');
    assert.deepEqual(pending.gaps.map((g) => `${g.kind}:${g.detail}`), ['missing-result:Read']);
    assert.deepEqual(pending.touches.map((t) => t.path), ['src/auth.ts']);
    const truncated = one('agentsview__truncated_SYNTHETIC.jsonl');
    assert.deepEqual(truncated.gaps.map((g) => [g.kind, g.line]), [['partial-line', 3]]);
    assert.equal(truncated.endedAt, '2024-01-01T10:00:05.000Z');
  });

  it('leaves the hook log alone, and reads the .meta.json sidecar', () => {
    assert.equal(parseCorpusFile('claude-code/fasthooks__sample_hook_logs.NOT_TRANSCRIPT.jsonl').format, 'unrecognized');
    const name = 'agent-sessions__subagent_agent-a0ad4f44468bdf20d.meta.json';
    const doc: unknown = JSON.parse(fs.readFileSync(corpusPath(`claude-code/${name}`), 'utf8'));
    assert.equal(claudeCodeMetaFormat.detect(doc, name), true);
    const sub = one('spotter__258c7280__subagents__agent-a881341.jsonl');
    assert.equal(applySubagentMeta(sub, doc).agentType, 'general-purpose');
  });
});
