import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { piFormat } from '../../../src/core/formats/pi';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { CORPUS, corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';
import { callById } from '../../helpers/drafts';

type Obj = Record<string, unknown>;
const SOURCE = '/home/u/.pi/agent/sessions/--repo--/2026-02-03T22-02-17_s1.jsonl';
let n = 0;

function header(extra: Obj = {}): string {
  return JSON.stringify({ type: 'session', version: 3, id: 'sess-1', timestamp: '2026-02-03T22:00:00.000Z', cwd: '/repo', ...extra });
}
function entry(type: string, extra: Obj, parentId: string | null = null): string {
  n++;
  return JSON.stringify({ type, id: `e${n}`, parentId, timestamp: `2026-02-03T22:01:${String(n % 60).padStart(2, '0')}.000Z`, ...extra });
}
function assistant(content: unknown[], extra: Obj = {}, parentId: string | null = null): string {
  return entry('message', { message: { role: 'assistant', content, model: 'claude-opus-4-5', provider: 'anthropic', stopReason: 'toolUse', ...extra } }, parentId);
}
function toolCall(id: string, name: string, args: Obj): Obj {
  return { type: 'toolCall', id, name, arguments: args };
}
function result(id: string, name: string, text: string, isError = false, extra: Obj = {}): string {
  return entry('message', { message: { role: 'toolResult', toolCallId: id, toolName: name, content: [{ type: 'text', text }], isError, ...extra } });
}
function parse(lines: string[]): SessionDraft {
  const drafts = parseLines(piFormat, lines.join('\n') + '\n', SOURCE);
  assert.equal(drafts.length, 1);
  return drafts[0];
}
const call = callById;

describe('pi: session files', () => {
  it('reads the header, settings entries, calls and their results', () => {
    const d = parse([
      header(),
      entry('model_change', { provider: 'anthropic', modelId: 'claude-opus-4-5' }),
      entry('thinking_level_change', { thinkingLevel: 'high' }),
      entry('session_info', { name: 'Refactor auth' }),
      entry('message', { message: { role: 'user', content: [{ type: 'text', text: 'go' }], timestamp: 1 } }),
      assistant([{ type: 'thinking', thinking: 'hmm' }, { type: 'text', text: 'Reading first.' }, toolCall('c1', 'read', { path: 'src/a.ts' })]),
      result('c1', 'read', 'contents'),
      assistant([toolCall('c2', 'bash', { command: 'npm test\n# twice' }), toolCall('c3', 'edit', { path: 'src/a.ts', oldText: 'a', newText: 'b' })]),
      result('c2', 'bash', 'FAIL\n\nCommand exited with code 1', true),
      result('c3', 'edit', 'Successfully replaced text in src/a.ts.', false, {
        details: { diff: '    ...\n  3 x\n- 4 old\n+ 4 new\n+ 5 more\n  6 y', firstChangedLine: 4 },
      }),
      assistant([toolCall('c4', 'write', { path: 'notes.md', content: 'x' }), toolCall('c5', 'grep', { pattern: 'TODO', path: 'src' })]),
      result('c4', 'write', 'Successfully wrote 1 bytes to notes.md'),
      result('c5', 'grep', 'src/a.ts:1: TODO'),
    ]);
    assert.equal(d.id, 'sess-1');
    assert.equal(d.agent, 'pi');
    assert.equal(d.cwd, '/repo');
    assert.equal(d.title, 'Refactor auth');
    assert.deepEqual(d.models, ['claude-opus-4-5']);
    assert.deepEqual(d.meta, { version: 3, provider: 'anthropic', thinkingLevel: 'high' });
    assert.equal(d.startedAt, '2026-02-03T22:00:00.000Z');
    assert.deepEqual(d.sources, [{ path: SOURCE, firstLine: 1, lastLine: 13 }]);
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.kind, c.status]),
      [
        ['c1', 'read', 'succeeded'],
        ['c2', 'shell', 'failed'],
        ['c3', 'edit', 'succeeded'],
        ['c4', 'write', 'succeeded'],
        ['c5', 'search', 'succeeded'],
      ],
    );
    assert.equal(call(d, 'c1').why, 'Reading first.');
    assert.deepEqual(call(d, 'c1').source, { file: SOURCE, line: 6 });
    assert.equal(call(d, 'c2').command, 'npm test\n# twice');
    assert.equal(call(d, 'c2').exitCode, 1);
    assert.equal(call(d, 'c2').error, 'FAIL');
    assert.equal(call(d, 'c5').query, 'TODO');
    assert.deepEqual(
      d.touches.map((t) => [t.path, t.access, t.evidence, t.toolCallId, t.lines]),
      [
        ['src/a.ts', 'read', 'observed', 'c1', undefined],
        ['src/a.ts', 'write', 'observed', 'c3', { start: 4, end: 5 }],
        ['notes.md', 'write', 'observed', 'c4', undefined],
      ],
    );
    assert.deepEqual(d.gaps, []);
  });

  it('keeps every branch: edited turns leave their actions in the file', () => {
    const msg = (id: string, parentId: string | null, message: Obj): string =>
      JSON.stringify({ type: 'message', id, parentId, timestamp: '2026-02-03T22:05:00.000Z', message });
    const d = parse([
      header(),
      msg('u1', null, { role: 'user', content: 'first' }),
      msg('a1', 'u1', { role: 'assistant', content: [toolCall('b1', 'write', { path: 'one.txt', content: '' })], stopReason: 'toolUse' }),
      msg('r1', 'a1', { role: 'toolResult', toolCallId: 'b1', toolName: 'write', content: [], isError: false }),
      // The user went back to the first prompt and asked for something else: a second child of the root.
      msg('u2', null, { role: 'user', content: 'instead' }),
      msg('a2', 'u2', { role: 'assistant', content: [toolCall('b2', 'write', { path: 'two.txt', content: '' })], stopReason: 'toolUse' }),
      msg('r2', 'a2', { role: 'toolResult', toolCallId: 'b2', toolName: 'write', content: [], isError: false }),
      msg('u3', 'a1', { role: 'user', content: 'and again from a1' }),
    ]);
    assert.deepEqual(
      d.touches.map((t) => t.path),
      ['one.txt', 'two.txt'],
    );
    assert.ok(d.toolCalls.every((c) => c.status === 'succeeded'));
    // a1 has two children (r1, u3): one branch point.
    assert.equal(d.meta.branchPoints, 1);
  });

  it("the user's own !commands count as shell calls", () => {
    const d = parse([
      header(),
      entry('message', { message: { role: 'bashExecution', command: 'rm -f a b', output: '', exitCode: 0, cancelled: false, truncated: false, timestamp: 5 } }),
      entry('message', { message: { role: 'bashExecution', command: 'make', output: '', exitCode: 2, cancelled: false } }),
      entry('message', { message: { role: 'bashExecution', command: 'sleep 9', output: '', cancelled: true } }),
    ]);
    assert.deepEqual(
      d.toolCalls.map((c) => [c.tool, c.kind, c.command, c.status, c.exitCode]),
      [
        ['bashExecution', 'shell', 'rm -f a b', 'succeeded', 0],
        ['bashExecution', 'shell', 'make', 'failed', 2],
        ['bashExecution', 'shell', 'sleep 9', 'interrupted', undefined],
      ],
    );
  });

  it('aborted turns interrupt their calls; error turns end the session with the error', () => {
    const d = parse([
      header(),
      assistant([toolCall('x1', 'bash', { command: 'long' })], { stopReason: 'aborted' }),
      assistant([], { stopReason: 'error', errorMessage: 'overloaded_error: Overloaded\nretry' }),
    ]);
    assert.equal(call(d, 'x1').status, 'interrupted');
    assert.equal(d.end.interrupted, true);
    assert.equal(d.end.error, 'overloaded_error: Overloaded');
    assert.deepEqual(d.gaps, []);
  });

  it('gaps: malformed lines, unknown entries and tools, calls without results', () => {
    const d = parse([
      header(),
      '{not json',
      '[1,2]',
      entry('quantum_entry', {}),
      entry('message', { message: { role: 'oracle', content: [] } }),
      assistant([toolCall('g1', 'subagent', { task: 'x' }), toolCall('g2', 'read', { path: 'a' })]),
      result('g1', 'subagent', 'done'),
    ]);
    assert.equal(call(d, 'g1').unmapped, true);
    assert.equal(call(d, 'g2').status, 'pending');
    const gaps = Object.fromEntries(d.gaps.map((g) => [`${g.kind}:${g.detail}`, [g.count, g.line]]));
    assert.deepEqual(gaps, {
      'malformed-line:not a JSON object': [2, 2],
      'unknown-record:quantum_entry': [1, 4],
      'unknown-record:message oracle': [1, 5],
      'unknown-tool:subagent': [1, 6],
      'missing-result:read': [1, 6],
    });
  });

  it('snapshots are repeatable and do not freeze the session while it grows', () => {
    const parser = piFormat.open({ source: SOURCE });
    const lines = [header(), assistant([toolCall('s1', 'bash', { command: 'ls' })])];
    lines.forEach((l, i) => parser.line(l, i + 1));
    const first = parser.snapshot();
    assert.equal(first[0].toolCalls[0].status, 'pending');
    first[0].toolCalls[0].status = 'denied';
    assert.deepEqual(parser.snapshot()[0].toolCalls[0].status, 'pending');
    parser.line(result('s1', 'bash', 'a b'), 3);
    const later = parser.snapshot()[0];
    assert.equal(later.toolCalls[0].status, 'succeeded');
    assert.equal(later.toolCalls[0].exitCode, 0);
    assert.deepEqual(later.gaps, []);
  });

  it('detects Pi headers only', () => {
    assert.equal(piFormat.detect(fileHead([header()]), 'x.jsonl'), true);
    assert.equal(piFormat.detect(fileHead([JSON.stringify({ type: 'session_meta', payload: {} })]), 'x.jsonl'), false);
    assert.equal(piFormat.detect(fileHead([JSON.stringify({ type: 'session', id: 'x' })]), 'x.jsonl'), false);
    assert.equal(piFormat.detect(fileHead(['not json']), 'x.jsonl'), false);
  });

  it('never throws on odd lines', () => {
    const parser = piFormat.open({ source: SOURCE });
    const odd = ['null', '"s"', '{"type":"message"}', '{"type":"message","message":{"role":"assistant","content":[null,{"type":"toolCall"}]}}', '{"type":"message","message":{"role":"toolResult"}}', '{"type":7}'];
    assert.doesNotThrow(() => odd.forEach((l, i) => parser.line(l, i + 1)));
    assert.doesNotThrow(() => parser.snapshot());
  });
});

describe('pi: real sessions', { skip: corpusSkip }, () => {
  it('crud.jsonl: write, read, edit, then rm through bash', () => {
    const r = parseCorpusFile('pi/agentlogs__crud.jsonl');
    assert.equal(r.format, 'pi');
    assert.equal(r.sessions.length, 1);
    const s = r.sessions[0];
    assert.equal(s.id, '1fa031b8-444e-429d-bbaa-1db4cda65b5f');
    assert.equal(s.cwd, '/Users/philipp/dev/agentlogs/fixtures/pi');
    assert.deepEqual(s.models, ['claude-opus-4-5']);
    assert.equal(s.meta.thinkingLevel, 'high');
    assert.deepEqual(toolCounts(s), { write: 1, read: 1, edit: 1, bash: 1 });
    assert.ok(s.toolCalls.every((c) => c.status === 'succeeded'));
    assert.equal(s.toolCalls.find((c) => c.tool === 'bash')?.command, 'rm JOKE.md && echo "File deleted successfully"');
    assert.deepEqual(
      s.touches.map((t) => [t.path, t.access, t.lines]),
      [
        ['JOKE.md', 'write', undefined],
        ['JOKE.md', 'read', undefined],
        // The edit added four lines (7-10) before the footer.
        ['JOKE.md', 'write', { start: 7, end: 10 }],
      ],
    );
    assert.deepEqual(s.gaps, []);
  });

  it('branched.jsonl: both branches write their files, then the user removes them with !rm', () => {
    const s = parseCorpusFile('pi/agentlogs__branched.jsonl').sessions[0];
    assert.equal(s.id, 'a9642bdf-2c10-4503-abb2-081990e56318');
    assert.deepEqual(toolCounts(s), { write: 3, bashExecution: 1 });
    assert.deepEqual(
      s.touches.map((t) => t.path),
      ['haiku1.txt', 'haiku2.txt', 'limerick.txt'],
    );
    // Entry 5b978642 (the first reply) has two children: the haiku2 prompt and the limerick prompt.
    assert.equal(s.meta.branchPoints, 1);
    const user = s.toolCalls.find((c) => c.tool === 'bashExecution');
    assert.equal(user?.command, 'rm -f haiku1.txt haiku2.txt limerick.txt');
    assert.equal(user?.exitCode, 0);
    assert.deepEqual(s.gaps, []);
  });

  it('claims no other agent’s file', () => {
    const walk = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(CORPUS)) {
      const rel = path.relative(CORPUS, file);
      if (rel.startsWith('pi/') || rel.startsWith('_reference')) continue;
      const head = fileHead(fs.readFileSync(file, 'utf8').split('\n').slice(0, 50));
      assert.equal(piFormat.detect(head, path.basename(rel)), false, rel);
    }
  });
});
