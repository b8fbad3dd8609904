/**
 * Inputs for the property-based robustness tests: a small valid log of every format (hand-written,
 * so the tests run without the corpus), real record shapes read from the corpus at test time, and
 * fast-check arbitraries for hostile variants of both (wrong types, junk, invalid UTF-8, deep nesting).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectDocumentFormat, detectLineFormat } from '../../src/core/formats';
import { fileHead, type FormatId } from '../../src/core/formats/types';
import type { SessionDraft } from '../../src/core/model';
import { CORPUS, hasCorpus } from './corpus';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PathStep = string | number;

// ---------------------------------------------------------------------------------------------
// Hand-written valid logs, one per format
// ---------------------------------------------------------------------------------------------

export interface LineSample {
  kind: 'lines';
  /** File name the format is detected under (some formats need a particular name). */
  file: string;
  /** The records of a JSONL format (one a line), or the text lines of a text format. */
  records?: Json[];
  text?: string;
}

export interface DocumentSample {
  kind: 'document';
  file: string;
  doc: Json;
}

export type Sample = LineSample | DocumentSample;

const CLAUDE_SID = '11111111-2222-4333-8444-555555555555';
const claudeBase = (n: number, type: string, message: Json, extra: Record<string, Json> = {}): Json => ({
  parentUuid: n > 1 ? `u-${n - 1}` : null,
  isSidechain: false,
  userType: 'external',
  cwd: '/repo',
  sessionId: CLAUDE_SID,
  version: '2.1.38',
  gitBranch: 'main',
  type,
  uuid: `u-${n}`,
  timestamp: `2026-02-10T10:00:0${n}.000Z`,
  message,
  ...extra,
});

const codexRec = (n: number, type: string, payload: Json): Json => ({ timestamp: `2026-01-02T03:04:0${n}.000Z`, type, payload });

const FENCE = '```';

export const SAMPLES: Record<FormatId, Sample> = {
  'claude-code': {
    kind: 'lines',
    file: `${CLAUDE_SID}.jsonl`,
    records: [
      claudeBase(1, 'user', { role: 'user', content: 'fix the café bug ✓' }),
      claudeBase(2, 'assistant', {
        model: 'claude-opus-4-6',
        id: 'msg_1',
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading the file — then the tests.' },
          { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/repo/a.ts' } },
          { type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'npm test', description: 'run tests' } },
          { type: 'tool_use', id: 't3', name: 'Edit', input: { file_path: '/repo/a.ts', old_string: 'a', new_string: 'b' } },
        ],
      }),
      claudeBase(3, 'user', {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'export const a = 1;' },
          { type: 'tool_result', tool_use_id: 't2', content: 'FAIL', is_error: true },
        ],
      }),
      claudeBase(4, 'user', { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't3', content: 'ok' }] }, { toolUseResult: { filePath: '/repo/a.ts', structuredPatch: [{ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1, lines: ['-a', '+b'] }] } }),
      claudeBase(5, 'assistant', { model: 'claude-opus-4-6', id: 'msg_2', role: 'assistant', content: [{ type: 'text', text: 'Done 👍' }] }),
    ],
  },
  codex: {
    kind: 'lines',
    file: 'rollout-2026-01-02T03-04-05-0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee.jsonl',
    records: [
      codexRec(0, 'session_meta', { id: '0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee', timestamp: '2026-01-02T03:04:00.000Z', cwd: '/work/repo', originator: 'codex_cli_rs', cli_version: '0.50.0' }),
      codexRec(1, 'turn_context', { cwd: '/work/repo', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write', network_access: false }, model: 'gpt-5-codex' }),
      codexRec(2, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list the files, s’il vous plaît' }] }),
      codexRec(3, 'response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', 'ls -la'], workdir: '/work/repo' }), call_id: 'c1' }),
      codexRec(4, 'response_item', { type: 'function_call_output', call_id: 'c1', output: JSON.stringify({ output: 'a.txt\n', metadata: { exit_code: 0 } }) }),
      codexRec(5, 'response_item', { type: 'custom_tool_call', name: 'apply_patch', call_id: 'c2', input: '*** Begin Patch\n*** Add File: b.txt\n+héllo\n*** End Patch' }),
      codexRec(6, 'response_item', { type: 'custom_tool_call_output', call_id: 'c2', output: 'Success. Updated the following files:\nA b.txt' }),
      codexRec(7, 'event_msg', { type: 'task_complete', last_agent_message: 'done' }),
    ],
  },
  'gemini-jsonl': {
    kind: 'lines',
    file: 'session-2026-05-01T10-00-3c9e1d2a.jsonl',
    records: [
      { sessionId: '3c9e1d2a-7777-4b4b-9999-000000000001', projectHash: 'abc', startTime: '2026-05-01T10:00:00.000Z', lastUpdated: '2026-05-01T10:00:00.000Z', kind: 'main', directories: ['/home/u/app'] },
      { id: 'u1', timestamp: '2026-05-01T10:00:01.000Z', type: 'user', content: [{ text: 'Réparer la config' }] },
      {
        id: 'g1',
        timestamp: '2026-05-01T10:00:05.000Z',
        type: 'gemini',
        content: 'I will read the config first.',
        model: 'gemini-2.5-pro',
        toolCalls: [
          { id: 'c1', name: 'read_file', args: { file_path: '/home/u/app/config.json' }, status: 'success', result: [{ functionResponse: { id: 'c1', name: 'read_file', response: { output: '{}' } } }] },
          { id: 'c2', name: 'run_shell_command', args: { command: 'npm test' }, status: 'error', result: [{ functionResponse: { id: 'c2', name: 'run_shell_command', response: { error: 'boom' } } }] },
        ],
      },
      { $set: { lastUpdated: '2026-05-01T10:00:30.000Z', summary: 'Config fix' } },
    ],
  },
  'aep-jsonl': {
    kind: 'lines',
    file: 'records.jsonl',
    records: [1, 2].map((i): Json => ({
      schema_version: 'aep/v0.4',
      run_id: `run-${i}`,
      created_at_ms: 1760000010000 + i,
      model_id: 'gpt-5',
      policy_bundle_digest: 'd1',
      capability_decisions: [{ capability: 'fs:write', subject: 'agent', resource: '/tmp/ö.txt', decision: 'allow' }],
      actions: [
        { action_id: 'a0', tool_name: 'bash', state_changing: false, timestamp_ms: 1760000000000, exit_code: 0 },
        { action_id: 'a1', tool_name: 'write_file', state_changing: true, timestamp_ms: 1760000001000, permission_gate: { decision: 'denied', gate: 'human', reason: 'not now' } },
      ],
    })),
  },
  'gptme-records': {
    kind: 'lines',
    file: 'session-records.jsonl',
    records: [
      { session_id: 'a1b2c3d4', timestamp: '2026-03-02T10:31:12+00:00', start_time: '2026-03-02T10:01:00+00:00', harness: 'claude-code', model: 'claude-sonnet-4-6', outcome: 'productive', exit_code: 0, deliverables: ['3f9c2a1'], project: '/home/agent/app' },
      { session_id: 'e5f6a7b8', timestamp: '2026-03-02T11:00:00', harness: 'gptme', model: 'glm-5', outcome: 'violated_policy', exit_code: 124, error: 'timeout — 600s' },
      { session_id: 'e5f6a7b8', dirty_paths_sample: ['state/queue.md', '~/.bashrc'], dirty_paths_count: 2 },
    ],
  },
  'gptme-conversation': {
    kind: 'lines',
    file: 'conversation.jsonl',
    records: [
      { role: 'system', content: 'You are gptme.', timestamp: '2025-03-01T10:00:00.123456' },
      { role: 'user', content: 'Write hello.py — and run it', timestamp: '2025-03-01T10:00:01.123456' },
      { role: 'assistant', content: `I'll write it.\n${FENCE}save hello.py\nprint("hi ✓")\n${FENCE}`, timestamp: '2025-03-01T10:00:02.123456', metadata: { model: 'anthropic/claude-sonnet-4-6' } },
      { role: 'system', content: 'Saved to `hello.py`', timestamp: '2025-03-01T10:00:03.123456' },
      { role: 'assistant', content: `Run it:\n${FENCE}shell\npython hello.py\n${FENCE}`, timestamp: '2025-03-01T10:00:04.123456' },
      { role: 'system', content: 'Ran command: `python hello.py`\n\nReturn code: 1', timestamp: '2025-03-01T10:00:05.123456' },
    ],
  },
  pi: {
    kind: 'lines',
    file: '2026-02-03T22-02-17_s1.jsonl',
    records: [
      { type: 'session', version: 3, id: 'sess-1', timestamp: '2026-02-03T22:00:00.000Z', cwd: '/repo' },
      { type: 'model_change', id: 'e1', parentId: null, timestamp: '2026-02-03T22:01:01.000Z', provider: 'anthropic', modelId: 'claude-opus-4-5' },
      { type: 'message', id: 'e2', parentId: 'e1', timestamp: '2026-02-03T22:01:02.000Z', message: { role: 'user', content: [{ type: 'text', text: 'go — vite' }], timestamp: 1 } },
      {
        type: 'message',
        id: 'e3',
        parentId: 'e2',
        timestamp: '2026-02-03T22:01:03.000Z',
        message: { role: 'assistant', content: [{ type: 'text', text: 'Reading first.' }, { type: 'toolCall', id: 'c1', name: 'read', arguments: { path: 'src/a.ts' } }, { type: 'toolCall', id: 'c2', name: 'bash', arguments: { command: 'npm test' } }], model: 'claude-opus-4-5', provider: 'anthropic', stopReason: 'toolUse' },
      },
      { type: 'message', id: 'e4', parentId: 'e3', timestamp: '2026-02-03T22:01:04.000Z', message: { role: 'toolResult', toolCallId: 'c1', toolName: 'read', content: [{ type: 'text', text: 'contents' }], isError: false } },
      { type: 'message', id: 'e5', parentId: 'e4', timestamp: '2026-02-03T22:01:05.000Z', message: { role: 'toolResult', toolCallId: 'c2', toolName: 'bash', content: [{ type: 'text', text: 'FAIL\n\nCommand exited with code 1' }], isError: true } },
    ],
  },
  'openhands-events': {
    kind: 'lines',
    file: 'events.jsonl',
    records: [
      { id: 'ev-1', timestamp: '2026-06-16T05:40:01.5', source: 'environment', kind: 'ConversationStateUpdateEvent', key: 'execution_status', value: 'running' },
      { id: 'ev-2', timestamp: '2026-06-16T05:40:02.5', source: 'agent', kind: 'MessageEvent', llm_message: { role: 'assistant', content: [{ type: 'text', text: 'Starting — build.' }] } },
      { id: 'ev-3', timestamp: '2026-06-16T05:40:03.5', source: 'agent', kind: 'ActionEvent', tool_name: 'terminal', tool_call_id: 't1', action: { kind: 'TerminalAction', command: 'make build' }, thought: [], summary: 'build' },
      { id: 'ev-4', timestamp: '2026-06-16T05:40:04.5', source: 'environment', kind: 'ObservationEvent', action_id: 'ev-3', tool_call_id: 't1', tool_name: 'terminal', observation: { kind: 'TerminalObservation', is_error: false, exit_code: 0, content: [{ type: 'text', text: 'ok' }] } },
      { id: 'ev-5', timestamp: '2026-06-16T05:40:05.5', source: 'agent', kind: 'ActionEvent', tool_name: 'file_editor', tool_call_id: 't2', action: { kind: 'FileEditorAction', command: 'create', path: '/w/n.py', file_text: 'x' }, thought: [] },
    ],
  },
  aider: {
    kind: 'lines',
    file: '.aider.chat.history.md',
    text: [
      '# aider chat started at 2025-03-01 09:15:42',
      '',
      '> Aider v0.82.0  ',
      '> Main model: anthropic/claude-3-7-sonnet-20250219 with diff edit format  ',
      '',
      '#### add retries to the client — vite  ',
      '',
      "I'll wrap the request.",
      '',
      'src/app.py',
      `${FENCE}python`,
      '<<<<<<< SEARCH',
      'def fetch():',
      '=======',
      'def fetch():  # é',
      '>>>>>>> REPLACE',
      FENCE,
      '',
      '> Applied edit to src/app.py  ',
      '',
      '#### /run ls -la  ',
      '',
    ].join('\n'),
  },
  'gptme-message': {
    kind: 'lines',
    file: 'msg.txt',
    text: `Checking the site — ✓.\n${FENCE}shell\ncurl -s https://example.com\n${FENCE}\nThen save:\n${FENCE}save notes.md\nhéllo\n${FENCE}\n`,
  },
  'claude-meta': { kind: 'document', file: 'agent-a0ad4f44.meta.json', doc: { agentType: 'general-purpose' } },
  'gemini-json': {
    kind: 'document',
    file: 'session-2025-12-16T23-47-abcd.json',
    doc: {
      sessionId: 'g-1',
      projectHash: 'p',
      startTime: '2025-12-16T23:47:00.000Z',
      lastUpdated: '2025-12-16T23:48:00.000Z',
      messages: [
        { id: 'm1', timestamp: '2025-12-16T23:47:01.000Z', type: 'user', content: 'hi — ok' },
        {
          id: 'm2',
          timestamp: '2025-12-16T23:47:02.000Z',
          type: 'gemini',
          content: 'Listing.',
          model: 'gemini-2.5-pro',
          toolCalls: [{ id: 'c1', name: 'run_shell_command', args: { command: 'ls' }, status: 'success', result: [{ functionResponse: { id: 'c1', name: 'run_shell_command', response: { output: 'a' } } }] }],
        },
      ],
    },
  },
  'aep-json': {
    kind: 'document',
    file: 'run.aep.json',
    doc: {
      schema_version: 'aep/v0.2',
      run_id: 'run-1',
      model_id: 'claude-sonnet-4-6',
      created_at_ms: 1700100003000,
      policy_bundle_digest: 'e'.repeat(64),
      actions: [
        { action_id: 'action-0', tool_name: 'str_replace_editor', state_changing: true, timestamp_ms: 1700100000000, side_effect_class: 'mutate-local', arguments: { path: 'src/index.ts' } },
        { action_id: 'action-1', tool_name: 'bash', state_changing: false, timestamp_ms: 1700100001000, exit_code: 0 },
      ],
    },
  },
  opencode: {
    kind: 'document',
    file: 'ses_test1.json',
    doc: {
      info: { id: 'ses_test1', version: '1.1.30', directory: '/repo', title: 'Fixture — é', time: { created: 1769000000000, updated: 1769000100000 } },
      messages: [
        { info: { role: 'user', time: { created: 1769000000500 } }, parts: [{ type: 'text', text: 'make a file' }] },
        {
          info: { role: 'assistant', modelID: 'gpt-5.2-codex', time: { created: 1769000001000, completed: 1769000002000 } },
          parts: [
            { type: 'text', text: 'Creating it.' },
            { type: 'tool', callID: 'c1', tool: 'write', state: { status: 'completed', input: { filePath: '/repo/a.md', content: 'x' }, time: { start: 1769000001100, end: 1769000001200 } } },
            { type: 'tool', callID: 'c2', tool: 'bash', state: { status: 'error', input: { command: 'npm test' }, error: 'exit 1', time: { start: 1769000001300, end: 1769000001400 } } },
          ],
        },
      ],
    },
  },
  cline: {
    kind: 'document',
    file: 'api_conversation_history.json',
    doc: [
      { role: 'user', content: [{ type: 'text', text: '<task>\nfix the build\n</task>' }, { type: 'text', text: '<environment_details>\n# Current Time\n2/12/2026, 8:22:08 AM (America/Los_Angeles, UTC-8:00)\n\n# Current Working Directory (/work/app) Files\nREADME.md\n</environment_details>' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading — first.' },
          { type: 'tool_use', id: 't1', name: 'read_file', input: { path: 'src/a.ts' } },
          { type: 'tool_use', id: 't2', name: 'execute_command', input: { command: 'npm run build', requires_approval: false } },
        ],
        modelInfo: { modelId: 'claude-opus-4-6', providerId: 'anthropic', mode: 'act' },
      },
      { role: 'user', content: [{ type: 'text', text: "[read_file for 'src/a.ts'] Result:\nexport const a = 1;" }, { type: 'text', text: "[execute_command for 'npm run build'] Result:\nCommand failed with exit code 2." }] },
    ],
  },
  openhands: {
    kind: 'document',
    file: 'trajectory.json',
    doc: [
      { id: 1, timestamp: '2025-01-27T22:45:01.123456', source: 'user', action: 'message', args: { content: 'fix it — ✓' } },
      { id: 2, timestamp: '2025-01-27T22:45:02.123456', source: 'agent', action: 'run', args: { command: 'pytest -x\n', thought: 'Run the tests.' }, tool_call_metadata: { function_name: 'execute_bash', tool_call_id: 'c-run', model_response: { model: 'claude-3-5-sonnet-20241022', choices: [] } } },
      { id: 3, timestamp: '2025-01-27T22:45:03.123456', source: 'agent', observation: 'run', cause: 2, content: 'FAILED', extras: { command: 'pytest -x', metadata: { exit_code: 1, working_dir: '/workspace' } } },
      { id: 4, timestamp: '2025-01-27T22:45:04.123456', source: 'agent', action: 'edit', args: { path: '/workspace/a.py', command: 'create', file_text: 'x' }, tool_call_metadata: { function_name: 'str_replace_editor', tool_call_id: 'c-edit' } },
      { id: 5, timestamp: '2025-01-27T22:45:05.123456', source: 'agent', observation: 'edit', cause: 4, content: 'File created', extras: { path: '/workspace/a.py', prev_exist: false } },
    ],
  },
};

/** The text of a line sample, with the given line ending, ending in one. */
export function sampleText(sample: LineSample, eol = '\n'): string {
  const lines = sample.records ? sample.records.map((r) => JSON.stringify(r)) : (sample.text ?? '').replace(/\n$/, '').split('\n');
  return lines.map((l) => l + eol).join('');
}

export function sampleLines(sample: LineSample): string[] {
  return sampleText(sample).replace(/\n$/, '').split('\n');
}


// ---------------------------------------------------------------------------------------------
// Real record shapes from the corpus (read at test time, never copied)
// ---------------------------------------------------------------------------------------------

/** A log of some format: its file name and its lines (line formats) or document. */
export interface CorpusLog {
  rel: string;
  lines?: string[];
  doc?: unknown;
}

const MAX_CORPUS_LINES = 40;
const MAX_CORPUS_LINE_CHARS = 64 * 1024;
const MAX_CORPUS_DOC_BYTES = 512 * 1024;

let corpusCache: Map<FormatId, CorpusLog[]> | undefined;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith('_') ? [] : walk(p);
    return e.isFile() && /\.(jsonl|json|txt|md)$/.test(e.name) && e.name !== 'SOURCES.md' ? [p] : [];
  });
}

/**
 * The corpus logs of each format, detected by content like the scanner does: the first lines of
 * line logs (long ones left out), and whole small documents. Empty when there is no corpus.
 */
function corpusLogs(): Map<FormatId, CorpusLog[]> {
  if (corpusCache) return corpusCache;
  corpusCache = new Map();
  if (!hasCorpus) return corpusCache;
  for (const file of walk(CORPUS).sort()) {
    const rel = path.relative(CORPUS, file);
    const name = path.basename(file);
    const text = fs.readFileSync(file, 'utf8');
    const all = text.split('\n').map((l) => l.replace(/\r$/, ''));
    const lineFormat = detectLineFormat(fileHead(all.slice(0, 50)), name);
    let entry: CorpusLog | undefined;
    let id: FormatId | undefined;
    if (lineFormat) {
      id = lineFormat.id;
      const lines = all.filter((l) => l.length <= MAX_CORPUS_LINE_CHARS).slice(0, MAX_CORPUS_LINES);
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      entry = { rel, lines };
    } else if (text.length <= MAX_CORPUS_DOC_BYTES) {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        continue;
      }
      const docFormat = detectDocumentFormat(doc, name);
      if (docFormat) {
        id = docFormat.id;
        entry = { rel, doc };
      }
    }
    if (id && entry) corpusCache.set(id, [...(corpusCache.get(id) ?? []), entry]);
  }
  return corpusCache;
}

/** Every log of a format to build variants from: the hand-written sample first, then the corpus ones. */
export function logsOf(id: FormatId): CorpusLog[] {
  const sample = SAMPLES[id];
  const own: CorpusLog = sample.kind === 'lines' ? { rel: `sample:${id}`, lines: sampleLines(sample) } : { rel: `sample:${id}`, doc: sample.doc };
  return [own, ...(corpusLogs().get(id) ?? [])];
}

// ---------------------------------------------------------------------------------------------
// Structure walking: every path inside a JSON value, and replacing what is at one
// ---------------------------------------------------------------------------------------------

/**
 * A path step into a string that holds JSON text (Codex's `arguments`, tool inputs sent as text):
 * the value there is parsed, changed and encoded again.
 */
const JSON_TEXT = '\u0000json-text';

/** The parsed value of a string holding a JSON object or array (small ones only), else undefined. */
function jsonInside(v: unknown): object | undefined {
  if (typeof v !== 'string' || v.length > 200_000 || !/^\s*[[{]/.test(v)) return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Paths to every value inside `v` (the root excluded), JSON text in strings included, at most `max`. */
export function allPaths(v: unknown, max = 4000): PathStep[][] {
  const out: PathStep[][] = [];
  const visit = (x: unknown, at: PathStep[]): void => {
    if (out.length >= max) return;
    const inner = jsonInside(x);
    if (inner) {
      visit(inner, [...at, JSON_TEXT]);
    } else if (Array.isArray(x)) {
      x.forEach((c, i) => {
        out.push([...at, i]);
        visit(c, [...at, i]);
      });
    } else if (x && typeof x === 'object') {
      for (const [k, c] of Object.entries(x)) {
        out.push([...at, k]);
        visit(c, [...at, k]);
      }
    }
  };
  visit(v, []);
  return out;
}

/** Marker for "remove the field" in a mutation. */
const REMOVE = Symbol('remove');

/** A copy of `v` with the value at `at` replaced (or removed). DEEP_MARK inside JSON text becomes deep JSON text. */
export function replaceAt(v: unknown, at: readonly PathStep[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  if (head === JSON_TEXT) {
    const inner = jsonInside(v);
    return inner ? stringifyWithDeep(replaceAt(inner, rest, value)) : v;
  }
  if (Array.isArray(v)) {
    const copy = [...v];
    if (value === REMOVE && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(copy[Number(head)], rest, value);
    return copy;
  }
  if (v && typeof v === 'object') {
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (value === REMOVE && rest.length === 0) delete copy[String(head)];
    else copy[String(head)] = replaceAt(copy[String(head)], rest, value);
    return copy;
  }
  return v;
}

export function valueAt(v: unknown, at: readonly PathStep[]): unknown {
  let cur = v;
  for (const step of at) {
    if (step === JSON_TEXT) {
      cur = jsonInside(cur);
      continue;
    }
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(step)];
  }
  return cur;
}

/** A path for messages: `message.content.1.input` (JSON text shown as `<json>`). */
export function showPath(at: readonly PathStep[]): string {
  return at.map((s) => (s === JSON_TEXT ? '<json>' : String(s))).join('.');
}

// ---------------------------------------------------------------------------------------------
// Deep nesting and huge values
// ---------------------------------------------------------------------------------------------

export const DEEP_DEPTH = 5000;

/** JSON text nested `depth` levels (arrays or objects), built as text: JSON.stringify cannot build it. */
export function deepJsonText(depth = DEEP_DEPTH, shape: 'array' | 'object' = 'array'): string {
  return shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A placeholder string swapped for deep JSON text after stringifying (see `withDeep`). */
export const DEEP_MARK = '\u0000deep\u0000';

/** JSON.stringify(v), with every DEEP_MARK string value replaced by deeply nested JSON. */
export function stringifyWithDeep(v: unknown, deep = deepJsonText()): string {
  return JSON.stringify(v).split(JSON.stringify(DEEP_MARK)).join(deep);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Strings that parsers like to misread: numbers, dates, JSON, control and separator characters. */
const trickyStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\r',
  '\n\n',
  'NaN',
  '-1',
  '1e309',
  'null',
  '{}',
  '[]',
  '{"',
  '2026-13-45T99:99:99',
  '1970-01-01',
  '__proto__',
  'constructor',
  'toString',
  '\u2028\u2029',
  '\ud800',
  '💥'.repeat(3),
  '```',
  '<<<<<<< SEARCH',
  '*** Begin Patch',
  'mcp__',
  '../../etc/passwd',
);

/** Any JSON value, biased to the odd ones. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 1e12, -1e12),
  trickyStrings,
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('type', 'id', 'name', 'text', 'content', 'role', '0', '__proto__'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant(DEEP_MARK),
  fc.constant('x'.repeat(70_000)),
);

/** A value of another JSON type than `original` (or one of the odd edge values, or removal). */
function wrongValueFor(original: unknown): fc.Arbitrary<unknown> {
  const other = oddValue.filter((v) => typeOf(v) !== typeOf(original) || v === DEEP_MARK);
  return fc.oneof({ weight: 8, arbitrary: other }, { weight: 1, arbitrary: fc.constant<unknown>(REMOVE) });
}

export interface Mutation {
  line: number;
  path: PathStep[];
  value: unknown;
}

/** How a mutation reads in a counterexample. */
function showMutation(m: Mutation): string {
  const v = m.value === REMOVE ? '(removed)' : m.value === DEEP_MARK ? `(nested ${DEEP_DEPTH} deep)` : typeof m.value === 'string' && m.value.length > 60 ? `"${m.value.slice(0, 20)}…" (${m.value.length} chars)` : JSON.stringify(m.value);
  return `line ${m.line + 1} ${showPath(m.path)} = ${v}`;
}

/** Gives a generated case a short description for fast-check's counterexample report. */
export function described<T extends object>(value: T, text: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => text, enumerable: false });
  return value;
}

function withSummary<T extends object>(value: T, summary: string): T & { summary: string } {
  return described({ ...value, summary }, summary);
}

/** Replaces every DEEP_MARK string (outside JSON text) with a deeply nested value: document parsers get values. */
export function materializeDeep(v: unknown): unknown {
  if (v === DEEP_MARK) return deepValue();
  if (Array.isArray(v)) return v.map(materializeDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, materializeDeep(c)]));
  return v;
}

/**
 * A variant of a JSON-lines log: 1 to 3 of its records get a field (at any depth, from the real
 * shape, JSON text in strings included) replaced by a value of the wrong type, or removed.
 * Lines that are not JSON stay as they are.
 */
export function mutatedLines(lines: readonly string[], name = 'log'): fc.Arbitrary<{ lines: string[]; mutations: Mutation[]; summary: string }> {
  const parsed = lines.map((l) => {
    try {
      return JSON.parse(l) as unknown;
    } catch {
      return undefined;
    }
  });
  const targets = parsed.flatMap((rec, line) => (rec !== null && typeof rec === 'object' ? [{ line, rec, paths: allPaths(rec, 2000) }] : []));
  if (targets.length === 0) return fc.constant(withSummary({ lines: [...lines], mutations: [] }, `${name} unchanged`));
  const oneMutation: fc.Arbitrary<Mutation> = fc.constantFrom(...targets).chain((t) =>
    (t.paths.length > 0 ? fc.constantFrom(...t.paths) : fc.constant<PathStep[]>([])).chain((p) =>
      wrongValueFor(valueAt(t.rec, p)).map((value) => ({ line: t.line, path: p, value })),
    ),
  );
  return fc.array(oneMutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const recs = [...parsed];
    for (const m of mutations) recs[m.line] = replaceAt(recs[m.line], m.path, m.value);
    const out = lines.map((l, i) => (recs[i] === parsed[i] ? l : stringifyWithDeep(recs[i] === REMOVE ? null : recs[i])));
    return withSummary({ lines: out, mutations }, `${name}: ${mutations.map(showMutation).join('; ')}`);
  });
}

/** A variant of a document: 1 to 3 fields (at any depth) replaced by wrong-type values or removed. */
export function mutatedDocument(doc: unknown, name = 'document'): fc.Arbitrary<{ doc: unknown; mutations: Mutation[]; summary: string }> {
  const paths = allPaths(doc, 4000);
  if (paths.length === 0) return fc.constant(withSummary({ doc, mutations: [] }, `${name} unchanged`));
  const one: fc.Arbitrary<Mutation> = fc.constantFrom(...paths).chain((p) => wrongValueFor(valueAt(doc, p)).map((value) => ({ line: 0, path: p, value })));
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((mutations) => {
    let out = doc;
    for (const m of mutations) out = replaceAt(out, m.path, m.value);
    return withSummary({ doc: materializeDeep(out), mutations }, `${name}: ${mutations.map(showMutation).join('; ')}`);
  });
}

/** A deeply nested array value (a document parser receives values, not text). */
export function deepValue(depth = DEEP_DEPTH): unknown {
  return JSON.parse(deepJsonText(depth));
}

/** Fields that tell records (or array elements) of one kind from another. */
const DISCRIMINATORS = ['type', 'role', 'kind', 'action', 'observation', 'name', 'tool', 'tool_name'];

/**
 * What a path means in the shape of a record: array indices become `*` (the first one stays `0`: it is often special), with the kind of element
 * they point at (`content.*[tool_use].input.file_path`). Paths of one shape exercise the same code.
 */
function shapeKey(root: unknown, at: readonly PathStep[]): string {
  let cur = root;
  const parts: string[] = [];
  for (const step of at) {
    cur = valueAt(cur, [step]);
    let part = typeof step === 'number' ? (step === 0 ? '0' : '*') : step === JSON_TEXT ? '<json>' : step;
    if (cur && typeof cur === 'object' && !Array.isArray(cur)) {
      const rec = cur as Record<string, unknown>;
      const tag = DISCRIMINATORS.map((k) => rec[k]).find((v) => typeof v === 'string');
      if (tag !== undefined) part += `[${tag as string}]`;
    }
    parts.push(part);
  }
  const top = root && typeof root === 'object' && !Array.isArray(root) ? DISCRIMINATORS.map((k) => (root as Record<string, unknown>)[k]).find((v) => typeof v === 'string') : undefined;
  return `${top ?? ''}:${parts.join('.')}`;
}

/**
 * Records of a log with one field (any depth, JSON text in strings included) made deeply nested:
 * every field, or with `seen`, one field of each shape not seen yet (see shapeKey).
 */
export function deepVariants(lines: readonly string[], seen?: Set<string>): { where: string; lines: string[] }[] {
  const out: { where: string; lines: string[] }[] = [];
  lines.forEach((l, i) => {
    let rec: unknown;
    try {
      rec = JSON.parse(l);
    } catch {
      return;
    }
    if (rec === null || typeof rec !== 'object') return;
    for (const p of allPaths(rec, 3000)) {
      if (seen) {
        const key = shapeKey(rec, p);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const copy = [...lines];
      copy[i] = stringifyWithDeep(replaceAt(rec, p, DEEP_MARK));
      out.push({ where: `line ${i + 1} ${showPath(p)}`, lines: copy });
    }
  });
  return out;
}


/** Keys that occur in the given logs' records: random objects built from them reach deeper code. */
export function vocabulary(logs: readonly CorpusLog[]): string[] {
  const keys = new Set<string>();
  const add = (v: unknown): void => {
    for (const p of allPaths(v, 3000)) {
      const last = p[p.length - 1];
      if (typeof last === 'string') keys.add(last);
    }
  };
  for (const log of logs) {
    if (log.doc !== undefined) add(log.doc);
    for (const l of log.lines ?? []) {
      try {
        add(JSON.parse(l));
      } catch {
        // a text line: no keys
      }
    }
  }
  return [...keys].sort().slice(0, 400);
}

/** Objects whose keys come from a format's vocabulary and whose values are anything JSON. */
export function vocabularyObject(keys: readonly string[]): fc.Arbitrary<unknown> {
  if (keys.length === 0) return fc.jsonValue({ maxDepth: 3 });
  const key = fc.constantFrom(...keys);
  return fc.letrec<{ obj: unknown; val: unknown }>((tie) => ({
    obj: fc.dictionary(key, tie('val'), { maxKeys: 6, depthIdentifier: 'voc' }),
    val: fc.oneof({ depthSize: 'small', depthIdentifier: 'voc' }, oddValue, fc.constantFrom(...keys), tie('obj'), fc.array(tie('val'), { maxLength: 3, depthIdentifier: 'voc' })),
  })).obj;
}

/** One line of junk: random text (any code unit), JSON fragments, or a JSON value. */
export const junkLine: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{', '}', '[', '"', '{"type":', 'null', '0', '""', '{}', '[]', '\r', '# aider chat started at 2025-01-01 00:00:00', '```shell', '```', '#### hi  '),
);

/** Byte sequences that are not valid UTF-8: lone continuation bytes, cut sequences, surrogates, overlongs. */
const badUtf8 = fc.constantFrom(
  [0x80],
  [0xbf],
  [0xc3],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x92],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0x00],
  [0x0d],
);

/** Bytes: random ones, invalid UTF-8 pieces, newlines and pieces of JSON, mixed. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      badUtf8.map((b) => Uint8Array.from(b)),
      fc.constantFrom('\n', '\r\n', '{"', '":', '"}', '{}', '[', ']').map((s) => new TextEncoder().encode(s)),
    ),
    { maxLength: 40 },
  )
  .map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])));

/** Invalid UTF-8 pieces to splice into a valid file. */
export const badUtf8Bytes: fc.Arbitrary<Uint8Array> = fc.array(badUtf8, { minLength: 1, maxLength: 3 }).map((parts) => Uint8Array.from(parts.flat()));

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties
// ---------------------------------------------------------------------------------------------

/** Fails unless `drafts` is a list of well-formed session drafts. */
export function assertDraftShape(drafts: unknown): asserts drafts is SessionDraft[] {
  if (!Array.isArray(drafts)) throw new Error(`not an array: ${typeOf(drafts)}`);
  for (const d of drafts as SessionDraft[]) {
    if (typeof d.id !== 'string') throw new Error(`session id is ${typeOf(d.id)}`);
    for (const key of ['toolCalls', 'touches', 'gaps', 'models', 'sources'] as const) {
      if (!Array.isArray(d[key])) throw new Error(`session ${key} is ${typeOf(d[key])}`);
    }
    for (const g of d.gaps) if (typeof g.kind !== 'string' || typeof g.detail !== 'string') throw new Error(`bad gap ${JSON.stringify(g)}`);
  }
}

/** Run counts for fast-check: enough to find things, small enough for two cores. */
export const RUNS = { numRuns: 60, interruptAfterTimeLimit: 4000 } as const;
