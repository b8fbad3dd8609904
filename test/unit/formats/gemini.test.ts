import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { geminiJsonFormat, geminiJsonlFormat } from '../../../src/core/formats/gemini';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';

const jsonl = (records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const SRC = '/home/u/.gemini/tmp/4f2a/chats/session-2026-05-01T10-00-3c9e1d2a.jsonl';

function parse(records: unknown[], source = SRC): SessionDraft {
  const sessions = parseLines(geminiJsonlFormat, jsonl(records), source);
  assert.equal(sessions.length, 1);
  return sessions[0];
}

const ok = (id: string, name: string, output: string) => [{ functionResponse: { id, name, response: { output } } }];

describe('gemini corpus', { skip: corpusSkip }, () => {
  it('reads the v0.40 JSONL session: one successful shell call', () => {
    const { format, sessions } = parseCorpusFile('gemini/agent-sessions__gemini_jsonl_v040.jsonl');
    assert.equal(format, 'gemini-jsonl');
    assert.equal(sessions.length, 1);
    const s = sessions[0];
    assert.equal(s.id, 'gemini_stage0_jsonl');
    assert.equal(s.agent, 'gemini-cli');
    assert.deepEqual(s.models, ['gemini-3-flash-preview']);
    assert.deepEqual(toolCounts(s), { run_shell_command: 1 });
    const shell = s.toolCalls[0];
    assert.equal(shell.id, 'run_shell_command_stage0');
    assert.equal(shell.kind, 'shell');
    assert.equal(shell.command, 'ls -F');
    assert.equal(shell.status, 'succeeded');
    assert.equal(shell.startedAt, '2026-04-29T21:39:35.364Z');
    assert.equal(shell.why, 'List files in the current directory.');
    assert.equal(shell.source?.line, 4);
    assert.equal(s.title, 'Say hello and list files.');
    assert.equal(s.startedAt, '2026-04-29T21:39:22.319Z');
    assert.equal(s.endedAt, '2026-04-29T21:39:45.996Z');
    assert.equal(s.meta.kind, 'main');
    assert.equal(s.parentId, undefined);
    assert.deepEqual(s.gaps, []);
    assert.deepEqual(s.end, {});
  });

  it('reads the drifted legacy JSON: two messages, no tools, drift reported', () => {
    const { format, sessions } = parseCorpusFile('gemini/agent-sessions__gemini_schema_drift.json');
    assert.equal(format, 'gemini-json');
    const s = sessions[0];
    assert.equal(s.id, 'agent-sessions__gemini_schema_drift');
    assert.deepEqual(s.models, ['gmini-pro']);
    assert.equal(s.toolCalls.length, 0);
    assert.equal(s.title, 'Redacted session summary');
    assert.equal(s.startedAt, '2025-12-16T23:47:00.000Z');
    assert.equal(s.endedAt, '2025-12-16T23:48:00.000Z');
    const drift = s.gaps.filter((g) => g.kind === 'schema-drift').map((g) => g.detail);
    assert.ok(drift.includes('history[] in place of messages[]'));
    assert.ok(drift.includes('start_time in place of startTime'));
  });
});

describe('gemini JSONL', () => {
  const header = { sessionId: '3c9e1d2a-7777-4b4b-9999-000000000001', projectHash: 'abc', startTime: '2026-05-01T10:00:00.000Z', lastUpdated: '2026-05-01T10:00:00.000Z', kind: 'main', directories: ['/home/u/app'] };
  const g1Pending = {
    id: 'g1',
    timestamp: '2026-05-01T10:00:05.000Z',
    type: 'gemini',
    content: 'I will read the config first.',
    model: 'gemini-2.5-pro',
    toolCalls: [{ id: 'c1', name: 'read_file', args: { file_path: '/home/u/app/config.json' }, status: 'executing', timestamp: '2026-05-01T10:00:05.100Z' }],
  };
  const g1Done = { ...g1Pending, toolCalls: [{ ...g1Pending.toolCalls[0], status: 'success', result: ok('c1', 'read_file', '{}') }] };
  const records = [
    header,
    { id: 'u1', timestamp: '2026-05-01T10:00:01.000Z', type: 'user', content: [{ text: 'Fix the config and deploy' }] },
    g1Pending,
    g1Done,
    {
      id: 'g2',
      timestamp: '2026-05-01T10:00:10.000Z',
      type: 'gemini',
      content: '',
      model: 'gemini-2.5-flash',
      toolCalls: [
        { id: 'c2', name: 'write_file', args: { file_path: 'config.json', content: '{"a":1}' }, status: 'success', result: ok('c2', 'write_file', 'ok') },
        { id: 'c3', name: 'replace', args: { file_path: 'src/app.ts', old_string: 'a', new_string: 'b' }, status: 'error', result: [{ functionResponse: { id: 'c3', name: 'replace', response: { error: 'Failed to edit: 0 occurrences found\nmore' } } }] },
        { id: 'c4', name: 'run_shell_command', args: { command: 'git push --force', dir_path: '/home/u/app' }, status: 'cancelled' },
        { id: 'c5', name: 'run_shell_command', args: { command: 'npm test', description: 'Run the tests' }, status: 'success', result: ok('c5', 'run_shell_command', 'Output: 1 failing\nExit Code: 2') },
      ],
    },
    { $rewindTo: 'g2' },
    {
      id: 'g3',
      timestamp: '2026-05-01T10:00:20.000Z',
      type: 'gemini',
      content: 'Looking things up.',
      toolCalls: [
        { id: 'c6', name: 'google_web_search', args: { query: 'gemini cli rewind' }, status: 'success', result: ok('c6', 'google_web_search', 'results') },
        { id: 'c7', name: 'web_fetch', args: { prompt: 'Summarize https://example.com/docs please' }, status: 'success', result: ok('c7', 'web_fetch', 'text') },
        { id: 'c8', name: 'github__create_issue', args: { title: 'x' }, status: 'success', result: ok('c8', 'github__create_issue', 'ok') },
        { id: 'c9', name: 'teleport', args: { to: 'mars' }, status: 'success', result: ok('c9', 'teleport', 'ok') },
        { id: 'c10', name: 'read_many_files', args: { paths: ['README.md', 'docs/**/*.md'] }, status: 'success', result: ok('c10', 'read_many_files', '') },
        { id: 'c11', name: 'glob', args: { pattern: '**/*.ts' }, status: 'scheduled' },
      ],
    },
    { $set: { lastUpdated: '2026-05-01T10:00:30.000Z', summary: 'Config fix and deploy' } },
    { id: 'e1', timestamp: '2026-05-01T10:00:31.000Z', type: 'error', content: 'API Error: quota exceeded\ndetails' },
  ];

  it('reads the header: id, project directory, kind, times, title', () => {
    const s = parse(records);
    assert.equal(s.id, header.sessionId);
    assert.equal(s.cwd, '/home/u/app');
    assert.equal(s.meta.kind, 'main');
    assert.equal(s.startedAt, '2026-05-01T10:00:00.000Z');
    assert.equal(s.endedAt, '2026-05-01T10:00:31.000Z');
    assert.equal(s.title, 'Config fix and deploy');
    assert.deepEqual(s.models, ['gemini-2.5-pro', 'gemini-2.5-flash']);
  });

  it('keeps one call per id (the last version) and keeps calls of rewound messages', () => {
    const s = parse(records);
    assert.deepEqual(s.toolCalls.map((c) => c.id), ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11']);
    const c1 = s.toolCalls[0];
    assert.equal(c1.status, 'succeeded');
    assert.equal(c1.source?.line, 3, 'where the call was first written');
    assert.equal(c1.why, 'I will read the config first.');
  });

  it('maps statuses: error -> failed, cancelled -> denied, non-zero exit -> failed, unfinished -> pending', () => {
    const s = parse(records);
    const byId = new Map(s.toolCalls.map((c) => [c.id, c]));
    assert.equal(byId.get('c2')?.status, 'succeeded');
    assert.equal(byId.get('c3')?.status, 'failed');
    assert.equal(byId.get('c3')?.error, 'Failed to edit: 0 occurrences found');
    assert.equal(byId.get('c4')?.status, 'denied');
    assert.equal(byId.get('c4')?.cwd, '/home/u/app');
    assert.equal(byId.get('c4')?.command, 'git push --force');
    assert.equal(byId.get('c5')?.status, 'failed');
    assert.equal(byId.get('c5')?.exitCode, 2);
    assert.equal(byId.get('c5')?.why, 'Run the tests');
    assert.equal(byId.get('c11')?.status, 'pending');
    assert.deepEqual(
      s.gaps.filter((g) => g.kind === 'missing-result').map((g) => g.detail),
      ['glob'],
    );
  });

  it('maps web, MCP and unknown tools', () => {
    const s = parse(records);
    const byId = new Map(s.toolCalls.map((c) => [c.id, c]));
    assert.equal(byId.get('c6')?.kind, 'web');
    assert.equal(byId.get('c6')?.query, 'gemini cli rewind');
    assert.equal(byId.get('c7')?.url, 'https://example.com/docs');
    assert.equal(byId.get('c8')?.kind, 'mcp');
    assert.equal(byId.get('c8')?.mcpServer, 'github');
    assert.equal(byId.get('c9')?.unmapped, true);
    assert.equal(byId.get('c11')?.query, '**/*.ts');
    assert.ok(s.gaps.some((g) => g.kind === 'unknown-tool' && g.detail === 'teleport'));
  });

  it('touches files of structured inputs, not of failed or denied calls, not globs', () => {
    const s = parse(records);
    assert.deepEqual(
      s.touches.map((t) => [t.path, t.access, t.evidence, t.toolCallId]),
      [
        ['/home/u/app/config.json', 'read', 'observed', 'c1'],
        ['config.json', 'write', 'observed', 'c2'],
        ['README.md', 'read', 'observed', 'c10'],
      ],
    );
  });

  it('ends on the error message that closes the log', () => {
    assert.equal(parse(records).end.error, 'API Error: quota exceeded');
    assert.equal(parse(records.slice(0, -1)).end.error, undefined);
    assert.equal(parse([...records, { $rewindTo: 'e1' }]).end.error, undefined);
  });

  it('takes a full $set.messages list with its calls', () => {
    const s = parse([header, { $set: { messages: [{ id: 'm1', type: 'gemini', timestamp: '2026-05-01T10:01:00.000Z', content: 'x', toolCalls: [{ id: 'k1', name: 'list_directory', args: { dir_path: 'src' }, status: 'success' }] }] } }]);
    assert.deepEqual(
      s.toolCalls.map((c) => [c.id, c.kind, c.args, c.status]),
      [['k1', 'search', 'src', 'succeeded']],
    );
  });

  it('links a subagent file to its parent session', () => {
    const s = parse([{ ...header, sessionId: 'child-1', kind: 'subagent' }], '/home/u/.gemini/tmp/4f2a/chats/parent-uuid-1/child-1.jsonl');
    assert.equal(s.parentId, 'parent-uuid-1');
    assert.equal(s.agentType, 'subagent');
    assert.equal(parse([header]).parentId, undefined);
  });

  it('reports malformed and unknown lines', () => {
    const text = jsonl([header]) + '{oops\n' + JSON.stringify({ foo: 1 }) + '\n' + JSON.stringify({ id: 'x', type: 'thought' }) + '\n';
    const [s] = parseLines(geminiJsonlFormat, text, SRC);
    assert.deepEqual(
      s.gaps.map((g) => [g.kind, g.line]),
      [
        ['malformed-line', 2],
        ['unknown-record', 3],
        ['unknown-record', 4],
      ],
    );
  });

  it('snapshots repeatably while the log grows', () => {
    const p = geminiJsonlFormat.open({ source: SRC });
    p.line(JSON.stringify(header), 1);
    p.line(JSON.stringify(g1Pending), 2);
    const a = p.snapshot();
    assert.equal(a[0].toolCalls[0].status, 'pending');
    a[0].toolCalls.length = 0;
    assert.equal(p.snapshot()[0].toolCalls.length, 1);
    p.line(JSON.stringify(g1Done), 3);
    assert.equal(p.snapshot()[0].toolCalls[0].status, 'succeeded');
  });

  it('detects Gemini JSONL by its header or update lines only', () => {
    const head = (records: unknown[]) => fileHead(records.map((r) => JSON.stringify(r)));
    assert.equal(geminiJsonlFormat.detect(head([header]), 'x.jsonl'), true);
    assert.equal(geminiJsonlFormat.detect(head([{ $rewindTo: 'a' }]), 'x.jsonl'), true);
    assert.equal(geminiJsonlFormat.detect(head([{ type: 'user', sessionId: 's', uuid: 'u', message: {} }]), 'x.jsonl'), false);
    assert.equal(geminiJsonlFormat.detect(head([{ role: 'user', content: 'hi' }]), 'x.jsonl'), false);
  });
});

describe('gemini legacy JSON and checkpoints', () => {
  const legacy = {
    sessionId: 'legacy-1',
    projectHash: 'p',
    startTime: '2025-08-01T09:00:00.000Z',
    lastUpdated: '2025-08-01T09:05:00.000Z',
    messages: [
      { id: 'a', timestamp: '2025-08-01T09:00:01.000Z', type: 'user', content: 'delete the build folder' },
      { id: 'b', timestamp: '2025-08-01T09:00:02.000Z', type: 'gemini', content: 'Removing it.', model: 'gemini-2.5-pro', toolCalls: [{ id: 't1', name: 'run_shell_command', args: { command: 'rm -rf build' }, status: 'success', result: ok('t1', 'run_shell_command', 'Output: (empty)') }] },
    ],
  };

  it('reads a legacy session file', () => {
    assert.equal(geminiJsonFormat.detect(legacy, 'session-2025-08-01T09-00-legacy1.json'), true);
    const [s] = geminiJsonFormat.parse(legacy, '/c/session.json');
    assert.equal(s.id, 'legacy-1');
    assert.deepEqual(
      s.toolCalls.map((c) => [c.tool, c.command, c.status, c.why]),
      [['run_shell_command', 'rm -rf build', 'succeeded', 'Removing it.']],
    );
    assert.equal(s.startedAt, '2025-08-01T09:00:00.000Z');
    assert.equal(s.endedAt, '2025-08-01T09:05:00.000Z');
  });

  it('reads a checkpoint history with functionCall / functionResponse parts', () => {
    const doc = {
      history: [
        { role: 'user', parts: [{ text: 'show the readme' }] },
        { role: 'model', parts: [{ text: 'Reading.' }, { functionCall: { name: 'read_file', args: { absolute_path: '/r/README.md' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { output: '# hi' } } }] },
        { role: 'model', parts: [{ functionCall: { id: 'w', name: 'write_file', args: { file_path: '/r/x' } } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'w', name: 'write_file', response: { error: 'permission denied' } } }] },
      ],
      authType: 'oauth-personal',
    };
    assert.equal(geminiJsonFormat.detect(doc, 'checkpoint-a.json'), true);
    const [s] = geminiJsonFormat.parse(doc, '/c/checkpoint-a.json');
    assert.equal(s.id, 'checkpoint-a');
    assert.deepEqual(
      s.toolCalls.map((c) => [c.tool, c.status, c.error]),
      [
        ['read_file', 'succeeded', undefined],
        ['write_file', 'failed', 'permission denied'],
      ],
    );
    assert.deepEqual(
      s.touches.map((t) => [t.path, t.access]),
      [['/r/README.md', 'read']],
    );
  });

  it('does not claim other JSON documents', () => {
    assert.equal(geminiJsonFormat.detect({ info: { id: 'x' }, messages: [{ info: {}, parts: [] }] }, 'opencode.json'), false);
    assert.equal(geminiJsonFormat.detect([{ role: 'user', content: 'hi' }], 'api_conversation_history.json'), false);
    assert.equal(geminiJsonFormat.detect({ $ref: '#/definitions/AEPRecord', definitions: {} }, 'schema.json'), false);
  });

  it('never throws on hostile input', () => {
    const junk: unknown[] = [null, 5, 'x', [], [null], { messages: 5, sessionId: 's' }, { sessionId: 's', messages: [null, 5, { toolCalls: 'x' }, { toolCalls: [null, { args: 5, result: 'r', status: 7 }] }] }, { history: [{ role: 'user', parts: [null, { functionCall: 5 }, { functionResponse: { response: 5 } }] }], lastUpdated: 'x' }];
    for (const doc of junk) {
      assert.doesNotThrow(() => geminiJsonFormat.detect(doc, 'x.json'));
      assert.doesNotThrow(() => geminiJsonFormat.parse(doc, 'x.json'));
    }
    const lines = ['null', '[]', '{"$set":5}', '{"$set":{"messages":[1,{"id":5}]}}', '{"$rewindTo":5}', '{"id":"a","type":"gemini","toolCalls":[{"id":{},"name":[],"result":[{"functionResponse":{"response":{"error":{"message":"m"}}}}],"status":"error"}]}', '{"sessionId":"s","projectHash":"p","startTime":99e99}'].join('\n');
    assert.doesNotThrow(() => parseLines(geminiJsonlFormat, lines, SRC));
  });
});
