import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openhandsEventsFormat, openhandsFormat } from '../../../src/core/formats/openhands';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { CORPUS, corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';
import { callById } from '../../helpers/drafts';

type Obj = Record<string, unknown>;

function gapsOf(d: SessionDraft): Record<string, number> {
  return Object.fromEntries(d.gaps.map((g) => [`${g.kind}:${g.detail}`, g.count]));
}
const call = callById;

// ---- V0 trajectories ----

const FUNCTIONS: Record<string, string> = { run: 'execute_bash', finish: 'finish', browse: 'browser' };
let t = 0;
function ev(extra: Obj): Obj {
  t++;
  return { id: t, timestamp: `2025-01-27T22:45:${String(t).padStart(2, '0')}.123456`, ...extra };
}
function act(action: string, args: Obj, callId?: string, extra: Obj = {}): Obj {
  const meta = callId
    ? { tool_call_metadata: { function_name: FUNCTIONS[action] ?? 'str_replace_editor', tool_call_id: callId, model_response: { model: 'claude-3-5-sonnet-20241022', choices: [] } } }
    : {};
  return ev({ source: 'agent', action, args, ...meta, ...extra });
}
function obs(observation: string, cause: number, content: string, extras: Obj = {}): Obj {
  return ev({ source: 'agent', observation, cause, content, extras });
}
function trajectory(events: Obj[]): SessionDraft {
  assert.equal(openhandsFormat.detect(events, 'traj.json'), true);
  const drafts = openhandsFormat.parse(events, '/runs/task-7.json');
  assert.equal(drafts.length, 1);
  return drafts[0];
}

describe('openhands V0: trajectories', () => {
  it('actions paired with their observations by cause', () => {
    t = 0;
    const events = [
      ev({ source: 'user', action: 'message', args: { content: 'fix it' } }),
      act('run', { command: 'pytest -x\n', thought: 'Run the tests first.' }, 'c-run'),
      obs('run', 2, 'FAILED', { command: 'pytest -x', metadata: { exit_code: 1, working_dir: '/workspace' } }),
      act('edit', { path: '/workspace/a.py', command: 'str_replace', old_str: 'a', new_str: 'b', thought: '' }, 'c-edit'),
      obs('edit', 4, '--- /workspace/a.py\n+++ /workspace/a.py\n@@ -12,3 +12,4 @@\n x\n-a\n+b\n+c\n y\n', { path: '/workspace/a.py', prev_exist: true }),
      act('edit', { path: '/workspace/new.py', command: 'create', file_text: 'x' }, 'c-new'),
      obs('edit', 6, 'File created', { path: '/workspace/new.py', prev_exist: false }),
      act('read', { path: '/workspace/missing.txt' }, 'c-read'),
      obs('error', 8, 'ERROR:\nInvalid `path` parameter: /workspace/missing.txt does not exist.'),
      act('browse', { url: 'https://docs.python.org' }),
      obs('browse', 10, 'page', { url: 'https://docs.python.org' }),
      act('run', { command: 'rm -rf /', confirmation_state: 'rejected' }, 'c-bad'),
      act('run', { command: 'git push' }, 'c-push'),
      obs('user_rejected', 13, 'Action has been rejected by the user! Reason: no'),
      act('run_ipython', { code: 'import os\nos.listdir()' }),
      obs('run_ipython', 15, "['a.py']"),
      act('finish', { outputs: {}, thought: 'All done.' }, 'c-fin'),
    ];
    const d = trajectory(events);
    assert.equal(d.id, 'task-7');
    assert.equal(d.agent, 'openhands');
    assert.deepEqual(d.models, ['claude-3-5-sonnet-20241022']);
    assert.equal(d.cwd, '/workspace');
    assert.equal(d.startedAt, '2025-01-27T22:45:01.123Z');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.tool, c.kind, c.status]),
      [
        ['c-run', 'execute_bash', 'shell', 'failed'],
        ['c-edit', 'str_replace_editor', 'edit', 'succeeded'],
        ['c-new', 'str_replace_editor', 'edit', 'succeeded'],
        ['c-read', 'str_replace_editor', 'read', 'failed'],
        ['event-10', 'browse', 'web', 'succeeded'],
        ['c-bad', 'execute_bash', 'shell', 'denied'],
        ['c-push', 'execute_bash', 'shell', 'denied'],
        ['event-15', 'run_ipython', 'shell', 'succeeded'],
        ['c-fin', 'finish', 'other', 'succeeded'],
      ],
    );
    const run = call(d, 'c-run');
    assert.equal(run.command, 'pytest -x\n');
    assert.equal(run.args, 'pytest -x');
    assert.equal(run.exitCode, 1);
    assert.equal(run.cwd, '/workspace');
    assert.equal(run.why, 'Run the tests first.');
    assert.equal(run.endedAt, '2025-01-27T22:45:03.123Z');
    assert.equal(call(d, 'c-read').error, 'ERROR:');
    assert.equal(call(d, 'event-10').url, 'https://docs.python.org');
    assert.equal(call(d, 'event-15').command, undefined);
    assert.equal(call(d, 'c-push').error, 'Action has been rejected by the user! Reason: no');
    assert.deepEqual(
      d.touches.map((x) => [x.path, x.access, x.evidence, x.toolCallId, x.lines]),
      [
        ['/workspace/a.py', 'write', 'observed', 'c-edit', { start: 12, end: 15 }],
        ['/workspace/new.py', 'create', 'observed', 'c-new', undefined],
        ['/workspace/missing.txt', 'read', 'observed', 'c-read', undefined],
      ],
    );
    assert.equal(d.end.completed, true);
    assert.deepEqual(gapsOf(d), { 'guessed-timezone:event times have no zone; read as UTC': events.length });
  });

  it('gaps: unknown actions and observations, actions never answered; agent errors end the session', () => {
    t = 0;
    const d = trajectory([
      act('teleport', { where: 'mars' }),
      obs('telepathy', 1, '?'),
      act('run', { command: 'make' }, 'c-open'),
      ev({ source: 'environment', observation: 'agent_state_changed', content: '', extras: { agent_state: 'error', reason: 'LLM quota exceeded\nupgrade' } }),
    ]);
    assert.equal(call(d, 'c-open').status, 'pending');
    assert.equal(d.end.error, 'LLM quota exceeded');
    const gaps = gapsOf(d);
    assert.equal(gaps['unknown-record:action teleport'], 1);
    assert.equal(gaps['unknown-record:observation telepathy'], 1);
    assert.equal(gaps['missing-result:execute_bash'], 1);
  });

  it('base_state.json is a sidecar; other arrays are not trajectories', () => {
    const base = { id: 'x', agent: { llm: { model: 'gpt-4o-mini' }, kind: 'Agent' }, workspace: { working_dir: '/w' }, execution_status: 'idle' };
    assert.equal(openhandsFormat.detect(base, 'base_state.json'), true);
    assert.deepEqual(openhandsFormat.parse(base, '/c/base_state.json'), []);
    assert.equal(openhandsFormat.detect([{ role: 'user', content: 'x' }], 'x.json'), false);
    assert.equal(openhandsFormat.detect({ info: {}, messages: [] }, 'x.json'), false);
  });

  it('never throws on odd input', () => {
    for (const odd of [null, 1, [], {}, [null, 2, { action: 5 }, { observation: 'run', cause: 'x', extras: 1 }], [{ id: 1, source: 'agent', action: 'edit', args: null, tool_call_metadata: 'x' }]]) {
      assert.doesNotThrow(() => openhandsFormat.parse(odd, '/x.json'));
    }
  });
});

// ---- V1 events ----

let k = 0;
function event(kind: string, extra: Obj): string {
  k++;
  return JSON.stringify({ id: `ev-${k}`, timestamp: `2026-06-16T05:40:${String(k).padStart(2, '0')}.5`, source: 'agent', kind, ...extra });
}
function action(toolCallId: string, tool: string, act: Obj, extra: Obj = {}): string {
  return event('ActionEvent', { tool_name: tool, tool_call_id: toolCallId, action: act, thought: [], summary: `do ${tool}`, ...extra });
}
function observation(actionId: string, toolCallId: string, tool: string, o: Obj): string {
  return event('ObservationEvent', { source: 'environment', action_id: actionId, tool_call_id: toolCallId, tool_name: tool, observation: o });
}
function events(lines: string[]): SessionDraft {
  assert.equal(openhandsEventsFormat.detect(fileHead(lines.slice(0, 50)), 'events.jsonl'), true);
  const drafts = parseLines(openhandsEventsFormat, lines.join('\n') + '\n', '/conv/events.jsonl');
  assert.equal(drafts.length, 1);
  return drafts[0];
}

describe('openhands V1: events', () => {
  it('actions, observations, rejections and errors', () => {
    k = 0;
    const d = events([
      event('ConversationStateUpdateEvent', { source: 'environment', key: 'execution_status', value: 'running' }),
      event('MessageEvent', { source: 'agent', llm_message: { role: 'assistant', content: [{ type: 'text', text: 'Starting with the build.' }] } }),
      action('t1', 'terminal', { kind: 'TerminalAction', command: 'make build', is_input: false }, { summary: '' }),
      observation('ev-3', 't1', 'terminal', { kind: 'TerminalObservation', is_error: false, exit_code: 0, content: [{ type: 'text', text: 'ok' }], metadata: { exit_code: 0, working_dir: '/workspace/repo' } }),
      action('t2', 'file_editor', { kind: 'FileEditorAction', command: 'create', path: '/workspace/repo/n.py', file_text: 'x' }, { thought: [{ type: 'text', text: '<think>hidden</think>Create the module.' }] }),
      observation('ev-5', 't2', 'file_editor', { kind: 'FileEditorObservation', is_error: false, command: 'create', path: '/workspace/repo/n.py', prev_exist: false }),
      action('t3', 'file_editor', { kind: 'FileEditorAction', command: 'view', path: '/workspace/repo' }),
      observation('ev-7', 't3', 'file_editor', { kind: 'FileEditorObservation', is_error: false }),
      action('t4', 'terminal', { kind: 'TerminalAction', command: 'rm -rf build' }),
      event('UserRejectObservation', { source: 'user', action_id: 'ev-9', tool_call_id: 't4', tool_name: 'terminal', rejection_reason: 'too risky' }),
      action('t5', 'browser_navigate', { kind: 'BrowserNavigateAction', url: 'https://pypi.org' }),
      event('AgentErrorEvent', { tool_call_id: 't5', tool_name: 'browser_navigate', error: 'Browser crashed\ntrace' }),
      action('t6', 'terminal', { kind: 'TerminalAction', command: 'false' }),
      observation('ev-13', 't6', 'terminal', { kind: 'TerminalObservation', is_error: false, exit_code: 1, content: [] }),
      action('t7', 'finish', { kind: 'FinishAction', message: 'Done.' }),
      event('ConversationStateUpdateEvent', { source: 'environment', key: 'stats', value: { usage_to_metrics: { default: { model_name: 'litellm_proxy/claude-sonnet-4', accumulated_token_usage: { prompt_tokens: 10 } }, condenser: { model_name: 'gpt-4o-mini', accumulated_token_usage: { prompt_tokens: 0 } } } } }),
      event('ConversationStateUpdateEvent', { source: 'environment', key: 'execution_status', value: 'finished' }),
    ]);
    assert.equal(d.id, 'events');
    assert.deepEqual(d.models, ['litellm_proxy/claude-sonnet-4']);
    assert.equal(d.cwd, '/workspace/repo');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.kind, c.status]),
      [
        ['t1', 'shell', 'succeeded'],
        ['t2', 'edit', 'succeeded'],
        ['t3', 'read', 'succeeded'],
        ['t4', 'shell', 'denied'],
        ['t5', 'web', 'failed'],
        ['t6', 'shell', 'failed'],
        ['t7', 'other', 'succeeded'],
      ],
    );
    assert.equal(call(d, 't1').why, 'Starting with the build.');
    assert.equal(call(d, 't1').exitCode, 0);
    assert.equal(call(d, 't1').startedAt, '2026-06-16T05:40:03.500Z');
    assert.equal(call(d, 't1').endedAt, '2026-06-16T05:40:04.500Z');
    assert.equal(call(d, 't2').why, 'Create the module.');
    assert.equal(call(d, 't3').why, 'do file_editor');
    assert.equal(call(d, 't4').error, 'too risky');
    assert.equal(call(d, 't5').url, 'https://pypi.org');
    assert.equal(call(d, 't5').error, 'Browser crashed');
    assert.equal(call(d, 't6').exitCode, 1);
    assert.deepEqual(
      d.touches.map((x) => [x.path, x.access, x.toolCallId]),
      [
        ['/workspace/repo/n.py', 'create', 't2'],
        ['/workspace/repo', 'read', 't3'],
      ],
    );
    assert.equal(d.end.completed, true);
    assert.deepEqual(gapsOf(d), { 'guessed-timezone:event times have no zone; read as UTC': 17 });
  });

  it('gaps: malformed lines, unknown kinds and tools, actions still waiting', () => {
    k = 0;
    const parser = openhandsEventsFormat.open({ source: '/conv/events.jsonl' });
    const lines = [
      action('w1', 'terminal', { kind: 'TerminalAction', command: 'sleep 60' }),
      '{broken',
      event('HologramEvent', {}),
      action('w2', 'slack_post', { kind: 'MCPToolAction', data: {} }),
      action('w3', 'quantum', { kind: 'QuantumAction' }),
    ];
    lines.forEach((l, i) => parser.line(l, i + 1));
    const d = parser.snapshot()[0];
    assert.equal(call(d, 'w1').status, 'pending');
    assert.equal(call(d, 'w2').kind, 'mcp');
    assert.equal(call(d, 'w3').unmapped, true);
    const gaps = gapsOf(d);
    assert.equal(gaps['malformed-line:not a JSON object'], 1);
    assert.equal(gaps['unknown-record:HologramEvent'], 1);
    assert.equal(gaps['unknown-tool:quantum'], 1);
    assert.equal(gaps['unknown-tool:slack_post'], undefined);
    assert.equal(gaps['missing-result:terminal'], 1);
    // Tailing: the answer arrives later; earlier snapshots are not affected.
    d.toolCalls.length = 0;
    parser.line(observation('ev-1', 'w1', 'terminal', { kind: 'TerminalObservation', is_error: false, exit_code: 0 }), 6);
    const later = parser.snapshot()[0];
    assert.equal(call(later, 'w1').status, 'succeeded');
    assert.equal(gapsOf(later)['missing-result:terminal'], undefined);
  });

  it('an observation whose action is not in the log still records the call', () => {
    k = 0;
    const d = events([
      observation('ev-gone', 'tc-gone', 'terminal', { kind: 'TerminalObservation', is_error: true, command: 'a\nb', exit_code: null, metadata: { exit_code: -1 }, content: [{ type: 'text', text: 'Cannot execute multiple commands at once.' }] }),
    ]);
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.tool, c.status, c.command, c.exitCode, c.error]),
      [['tc-gone', 'terminal', 'failed', 'a\nb', undefined, 'Cannot execute multiple commands at once.']],
    );
  });

  it('detects V1 events only', () => {
    assert.equal(openhandsEventsFormat.detect(fileHead([JSON.stringify({ id: 'a', source: 'agent', kind: 'ActionEvent' })]), 'x.jsonl'), true);
    assert.equal(openhandsEventsFormat.detect(fileHead([JSON.stringify({ id: 1, source: 'agent', action: 'run' })]), 'x.jsonl'), false);
    assert.equal(openhandsEventsFormat.detect(fileHead([JSON.stringify({ type: 'session', id: 'x', cwd: '/' })]), 'x.jsonl'), false);
  });
});

describe('openhands: real logs', { skip: corpusSkip }, () => {
  it('basic.json: the agent creates game_2048.py, then finishes', () => {
    const r = parseCorpusFile('openhands/OpenHands__basic.json');
    assert.equal(r.format, 'openhands');
    const s = r.sessions[0];
    assert.deepEqual(toolCounts(s), { str_replace_editor: 1, finish: 1 });
    assert.deepEqual(
      s.touches.map((x) => [x.path, x.access]),
      [['/workspace/game_2048.py', 'create']],
    );
    assert.deepEqual(s.models, ['claude-3-5-sonnet-20241022']);
    assert.equal(s.end.completed, true);
    assert.equal(s.startedAt, '2025-01-27T22:44:56.900Z');
    assert.deepEqual(
      s.gaps.map((g) => [g.kind, g.count]),
      [['guessed-timezone', 4]],
    );
  });

  it('wrong_initial_state.json: two views of /workspace and an mv', () => {
    const s = parseCorpusFile('openhands/OpenHands__wrong_initial_state.json').sessions[0];
    assert.deepEqual(toolCounts(s), { str_replace_editor: 2, execute_bash: 1, finish: 1 });
    const mv = s.toolCalls.find((c) => c.tool === 'execute_bash');
    assert.equal(mv?.command, 'mv /workspace/game_2048.py /workspace/2048.py');
    assert.equal(mv?.exitCode, 0);
    assert.equal(mv?.status, 'succeeded');
    assert.equal(s.cwd, '/workspace');
    assert.deepEqual(
      s.touches.map((x) => [x.path, x.access]),
      [
        ['/workspace', 'read'],
        ['/workspace', 'read'],
      ],
    );
    assert.ok(s.toolCalls.every((c) => c.status === 'succeeded'));
  });

  it('basic_interactions.json: a chat that ends with finish and no tools', () => {
    const s = parseCorpusFile('openhands/OpenHands__basic_interactions.json').sessions[0];
    assert.deepEqual(toolCounts(s), { finish: 1 });
    assert.deepEqual(s.models, ['gpt-4o-2024-08-06']);
    assert.deepEqual(s.touches, []);
  });

  it('goal-events.jsonl: three terminal calls, all failed, one without its action', () => {
    const r = parseCorpusFile('openhands/software-agent-sdk__goal-events.jsonl');
    assert.equal(r.format, 'openhands-events');
    const s = r.sessions[0];
    assert.deepEqual(toolCounts(s), { terminal: 3 });
    assert.deepEqual(
      s.toolCalls.map((c) => [c.id, c.status, c.exitCode]),
      [
        ['chatcmpl-tool-9d0341c7a033ae28', 'failed', undefined],
        ['chatcmpl-tool-9051d3d10f914188', 'failed', undefined],
        ['chatcmpl-tool-9fa678118a57807d', 'failed', 1],
      ],
    );
    assert.equal(s.toolCalls[0].error, 'Cannot execute multiple commands at once.');
    assert.match(s.toolCalls[2].command ?? '', /^SESSION_URL=.* && echo "REPO=\$\{REPO\}"$/);
    assert.deepEqual(s.models, ['litellm_proxy/minimax-m2.7']);
    assert.equal(s.end.completed, undefined);
    assert.deepEqual(
      s.gaps.map((g) => [g.kind, g.count]),
      [['guessed-timezone', 10]],
    );
  });

  it('base_state.json is a sidecar', () => {
    const r = parseCorpusFile('openhands/software-agent-sdk__v1_11_5_cli_default__base_state.json');
    assert.equal(r.format, 'openhands');
    assert.deepEqual(r.sessions, []);
  });

  it('claims no other agent’s file', () => {
    const walk = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(CORPUS)) {
      const rel = path.relative(CORPUS, file);
      if (rel.startsWith('openhands/') || rel.startsWith('_reference')) continue;
      const text = fs.readFileSync(file, 'utf8');
      assert.equal(openhandsEventsFormat.detect(fileHead(text.split('\n').slice(0, 50)), path.basename(rel)), false, rel);
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        continue;
      }
      assert.equal(openhandsFormat.detect(doc, path.basename(rel)), false, rel);
    }
  });
});
