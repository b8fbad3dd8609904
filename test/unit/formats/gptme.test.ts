import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gptmeConversationFormat, gptmeMessageFormat, gptmeRecordsFormat } from '../../../src/core/formats/gptme';
import { scanFences, toolUsesIn } from '../../../src/core/formats/gptmeTools';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';

const FENCE = '```';
const jsonl = (records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const CONV = '/logs/2025-03-01-happy-blue-fish/conversation.jsonl';

function conversation(records: unknown[], source = CONV): SessionDraft {
  const sessions = parseLines(gptmeConversationFormat, jsonl(records), source);
  assert.equal(sessions.length, 1);
  return sessions[0];
}

function call(s: SessionDraft, tool: string, n = 0) {
  const c = s.toolCalls.filter((x) => x.tool === tool)[n];
  assert.ok(c, `no ${tool} call #${n}`);
  return c;
}

describe('gptme corpus', { skip: corpusSkip }, () => {
  it('reads the interrupted message: one append that never closed', () => {
    const { format, sessions } = parseCorpusFile('gptme/gptme__example-interrupted.txt');
    assert.equal(format, 'gptme-message');
    assert.equal(sessions.length, 1);
    const s = sessions[0];
    assert.equal(s.agent, 'gptme');
    assert.deepEqual(toolCounts(s), { append: 1 });
    const append = s.toolCalls[0];
    assert.equal(append.args, 'journal/2025-10-01.md');
    assert.equal(append.kind, 'write');
    assert.equal(append.status, 'interrupted');
    assert.equal(append.source?.line, 7);
    assert.match(append.why ?? '', /Let me create a journal entry/);
    assert.doesNotMatch(append.why ?? '', /Perfect!/, 'text inside <think> is not the why');
    assert.equal(s.end.interrupted, true);
    assert.deepEqual(s.touches, [], 'an interrupted append wrote nothing');
  });

  it('reads the patch message: one patch with nested fences, still waiting for its result', () => {
    const { format, sessions } = parseCorpusFile('gptme/gptme__example-patch-codeblock.txt');
    assert.equal(format, 'gptme-message');
    const s = sessions[0];
    assert.deepEqual(toolCounts(s), { patch: 1 });
    const patch = s.toolCalls[0];
    const path = 'knowledge/meta/lessons-draft/tools/prefer-git-grep-over-raw-grep.md';
    assert.equal(patch.args, path);
    assert.equal(patch.kind, 'edit');
    assert.equal(patch.status, 'pending');
    assert.equal(patch.why, "Here's the patch:");
    assert.deepEqual(s.touches, [{ path, access: 'write', evidence: 'parsed', toolCallId: patch.id }]);
    assert.deepEqual(
      s.gaps.map((g) => [g.kind, g.detail]),
      [['missing-result', 'patch']],
    );
    assert.notEqual(s.end.interrupted, true);
  });
});

describe('fence scanning', () => {
  it('nests blocks with an info string and closes them with bare fences', () => {
    const text = ['```patch a.md', '<<<<<<< ORIGINAL', '```text', 'x', '```', '=======', '```text', 'y', '```', '>>>>>>> UPDATED', '```', ''];
    const fences = scanFences(text);
    assert.equal(fences.length, 1);
    assert.equal(fences[0].lang, 'patch a.md');
    assert.equal(fences[0].closed, true);
    assert.equal(fences[0].endLine, 10);
    assert.equal((fences[0].content.match(/```text/g) ?? []).length, 2);
  });

  it('closes a block only with a run at least as long as its opener', () => {
    const text = ['````save README.md', '# Usage', '```', 'npm test', '```', '````', 'after'];
    const fences = scanFences(text);
    assert.equal(fences.length, 1);
    assert.equal(fences[0].content, '# Usage\n```\nnpm test\n```');
    assert.equal(fences[0].closed, true);
  });

  it('reads a bare fence after a **Label:** as the start of an example, not a close', () => {
    const fences = scanFences(['```append notes.md', 'text', '**Output:**', '```', '']);
    assert.equal(fences[0].closed, false);
    const plain = scanFences(['```append notes.md', 'text', '```', '']);
    assert.equal(plain[0].closed, true);
  });

  it('ignores fences inside <think> and unknown languages', () => {
    const uses = toolUsesIn(['<think>', '```shell', 'rm -rf /', '```', '</think>', '```python', 'print(1)', '```', '```shell', 'ls', '```'].join('\n'));
    assert.deepEqual(
      uses.map((u) => [u.tool, u.command]),
      [['shell', 'ls']],
    );
  });
});

describe('gptme conversation.jsonl', () => {
  const t = (s: number): string => `2025-03-01T10:00:${String(s).padStart(2, '0')}.123456`;
  const records = [
    { role: 'system', content: 'You are gptme.', timestamp: t(0) },
    { role: 'user', content: 'Write hello.py and run it', timestamp: t(1), files: ['notes/spec.md'] },
    {
      role: 'assistant',
      content: `I'll write the script.\n\n${FENCE}save hello.py\nprint("hi")\n${FENCE}\n\nThen append a line.\n\n${FENCE}append log.txt\nran\n${FENCE}`,
      timestamp: t(2),
      metadata: { model: 'anthropic/claude-sonnet-4-6' },
    },
    { role: 'system', content: 'Saved to `hello.py`', timestamp: t(3) },
    { role: 'system', content: 'Appended to log.txt', timestamp: t(4) },
    { role: 'assistant', content: `Run it:\n${FENCE}shell\npython hello.py\n${FENCE}`, timestamp: t(5) },
    { role: 'system', content: 'Ran command: `python hello.py`\n\n```stderr\nboom\n```\n\nReturn code: 1', timestamp: t(6) },
    { role: 'assistant', content: `${FENCE}patch hello.py\n<<<<<<< ORIGINAL\nprint("hi")\n=======\nprint("hello")\n>>>>>>> UPDATED\n${FENCE}`, timestamp: t(7) },
    { role: 'system', content: 'Error during execution: Patch failed: original chunk not found', timestamp: t(8) },
    { role: 'assistant', content: `${FENCE}save hello.py\nprint("hello")\n${FENCE}\n${FENCE}shell\nsudo rm -rf /tmp/x\n${FENCE}`, timestamp: t(9) },
    { role: 'system', content: 'Saved to hello.py (overwritten)', timestamp: t(10) },
    { role: 'system', content: 'Operation aborted: user chose not to run.', timestamp: t(11) },
    { role: 'assistant', content: `${FENCE}read README.md\n${FENCE}\n${FENCE}ipython\nimport os\n${FENCE}`, timestamp: t(12) },
    { role: 'system', content: '# Project\nSome readme text', timestamp: t(13) },
    { role: 'system', content: 'Executed code block.', timestamp: t(14) },
    { role: 'assistant', content: `Now the tests:\n${FENCE}shell\nnpm test\n${FENCE}`, timestamp: t(15) },
  ];

  it('names the session after its conversation folder and reads model, title and times', () => {
    const s = conversation(records);
    assert.equal(s.id, '2025-03-01-happy-blue-fish');
    assert.equal(s.agent, 'gptme');
    assert.deepEqual(s.models, ['anthropic/claude-sonnet-4-6']);
    assert.equal(s.title, 'Write hello.py and run it');
    assert.equal(s.startedAt, '2025-03-01T10:00:00.123Z');
    assert.equal(s.endedAt, '2025-03-01T10:00:15.123Z');
    assert.deepEqual(s.sources, [{ path: CONV, firstLine: 1, lastLine: records.length }]);
  });

  it('pairs each tool fence with the system message that answers it', () => {
    const s = conversation(records);
    assert.deepEqual(toolCounts(s), { save: 2, append: 1, shell: 3, patch: 1, read: 1, ipython: 1 });
    assert.equal(call(s, 'save').status, 'succeeded');
    assert.equal(call(s, 'save').why, "I'll write the script.");
    assert.equal(call(s, 'append').status, 'succeeded');
    assert.equal(call(s, 'append').why, 'Then append a line.');
    const failedShell = call(s, 'shell');
    assert.equal(failedShell.command, 'python hello.py');
    assert.equal(failedShell.status, 'failed');
    assert.equal(failedShell.exitCode, 1);
    assert.equal(failedShell.endedAt, '2025-03-01T10:00:06.123Z');
    assert.equal(call(s, 'patch').status, 'failed');
    assert.match(call(s, 'patch').error ?? '', /^Patch failed/);
    assert.equal(call(s, 'save', 1).status, 'succeeded');
    const denied = call(s, 'shell', 1);
    assert.equal(denied.command, 'sudo rm -rf /tmp/x');
    assert.equal(denied.status, 'denied');
    assert.equal(call(s, 'read').status, 'succeeded');
    assert.equal(call(s, 'ipython').status, 'succeeded');
    assert.equal(call(s, 'ipython').kind, 'shell');
  });

  it('leaves the last call pending with a missing-result gap', () => {
    const s = conversation(records);
    const last = call(s, 'shell', 2);
    assert.equal(last.status, 'pending');
    assert.equal(last.source?.line, 16);
    const missing = s.gaps.filter((g) => g.kind === 'missing-result');
    assert.deepEqual(
      missing.map((g) => [g.detail, g.count, g.line]),
      [['shell', 1, 16]],
    );
  });

  it('records touches: create, overwrite, read, attached files; none for failed or denied writes', () => {
    const s = conversation(records);
    const touches = s.touches.map((x) => [x.path, x.access, x.evidence]);
    assert.deepEqual(touches, [
      ['notes/spec.md', 'read', 'observed'],
      ['hello.py', 'create', 'observed'],
      ['log.txt', 'write', 'observed'],
      ['hello.py', 'write', 'observed'],
      ['README.md', 'read', 'observed'],
    ]);
    assert.equal(s.touches[1].toolCallId, call(s, 'save').id);
  });

  it('reads zone-less timestamps as UTC and says so once', () => {
    const s = conversation(records);
    const tz = s.gaps.filter((g) => g.kind === 'guessed-timezone');
    assert.equal(tz.length, 1);
    assert.equal(tz[0].count, records.length);
    assert.equal(tz[0].line, 1);
    const zoned = conversation([{ role: 'user', content: 'hi', timestamp: '2025-03-01T10:00:00+02:00' }]);
    assert.equal(zoned.gaps.length, 0);
    assert.equal(zoned.startedAt, '2025-03-01T08:00:00.000Z');
  });

  it('pairs @tool(call_id) uses with results by call_id', () => {
    const s = conversation([
      { role: 'assistant', content: 'Saving.\n@save(toolu_01): {"path": "a.py", "content": "x = 1"}', timestamp: '2025-03-01T10:00:00Z' },
      { role: 'assistant', content: '@shell(toolu_02): {"command": "git push origin main"}', timestamp: '2025-03-01T10:00:01Z' },
      { role: 'system', content: 'Ran command: `git push origin main`', call_id: 'toolu_02', timestamp: '2025-03-01T10:00:02Z' },
      { role: 'system', content: 'Saved to a.py', call_id: 'toolu_01', timestamp: '2025-03-01T10:00:03Z' },
    ]);
    assert.deepEqual(
      s.toolCalls.map((c) => [c.id, c.tool, c.status, c.command ?? c.args]),
      [
        ['toolu_01', 'save', 'succeeded', 'a.py'],
        ['toolu_02', 'shell', 'succeeded', 'git push origin main'],
      ],
    );
    assert.equal(s.toolCalls[0].why, 'Saving.');
    assert.deepEqual(s.touches, [{ path: 'a.py', access: 'create', evidence: 'observed', toolCallId: 'toolu_01' }]);
  });

  it('reads <tool-use> XML and reports tools it does not know', () => {
    const s = conversation([
      {
        role: 'assistant',
        content: '<tool-use>\n<save args="out/report.md">\n# R &amp; D\n</save>\n</tool-use>\n<tool-use>\n<teleport args="mars">\nnow\n</teleport>\n</tool-use>',
        timestamp: '2025-03-01T10:00:00Z',
      },
      { role: 'system', content: 'Saved to out/report.md', timestamp: '2025-03-01T10:00:01Z' },
    ]);
    assert.deepEqual(toolCounts(s), { save: 1, teleport: 1 });
    assert.equal(call(s, 'save').status, 'succeeded');
    assert.equal(call(s, 'teleport').unmapped, true);
    assert.equal(call(s, 'teleport').kind, 'other');
    assert.ok(s.gaps.some((g) => g.kind === 'unknown-tool' && g.detail === 'teleport'));
  });

  it('does not take tool syntax inside a plain code block for a call', () => {
    const s = conversation([{ role: 'assistant', content: 'Example:\n```xml\n<tool-use>\n<shell>\nls\n</shell>\n</tool-use>\n```\n', timestamp: '2025-03-01T10:00:00Z' }]);
    assert.equal(s.toolCalls.length, 0);
  });

  it('marks an assistant message cut inside a tool block as interrupted', () => {
    const s = conversation([
      { role: 'user', content: 'go', timestamp: '2025-03-01T10:00:00Z' },
      { role: 'assistant', content: `${FENCE}save notes.md\n# Notes\n**Example:**\n${FENCE}`, timestamp: '2025-03-01T10:00:01Z' },
    ]);
    assert.equal(s.toolCalls[0].status, 'interrupted');
    assert.equal(s.end.interrupted, true);
    assert.deepEqual(s.touches, []);
    assert.equal(s.gaps.filter((g) => g.kind === 'missing-result').length, 0);
  });

  it('takes an interruption notice after the last call as the end of the session', () => {
    const s = conversation([
      { role: 'assistant', content: `${FENCE}shell\nsleep 100\n${FENCE}`, timestamp: '2025-03-01T10:00:00Z' },
      { role: 'system', content: 'Interrupted by user', timestamp: '2025-03-01T10:00:05Z' },
    ]);
    assert.equal(s.toolCalls[0].status, 'interrupted');
    assert.equal(s.end.interrupted, true);
  });

  it('reports malformed lines, unknown roles and non-text content', () => {
    const text = ['not json', JSON.stringify({ role: 'tool', content: 'x', timestamp: '2025-03-01T10:00:00Z' }), JSON.stringify({ role: 'assistant', content: 42 })].join('\n') + '\n';
    const [s] = parseLines(gptmeConversationFormat, text, CONV);
    const gaps = s.gaps.map((g) => [g.kind, g.detail, g.line]);
    assert.deepEqual(gaps, [
      ['malformed-line', 'not a JSON object', 1],
      ['unknown-record', 'role tool', 2],
      ['schema-drift', 'message content is not text', 3],
    ]);
  });

  it('takes its id from the file name outside a conversation folder', () => {
    const s = conversation([{ role: 'user', content: 'hi', timestamp: '2025-03-01T10:00:00Z' }], '/tmp/export-42.jsonl');
    assert.equal(s.id, 'export-42');
  });

  it('snapshots repeatably while the log grows', () => {
    const parser = gptmeConversationFormat.open({ source: CONV });
    parser.line(JSON.stringify({ role: 'assistant', content: `${FENCE}shell\nls\n${FENCE}`, timestamp: '2025-03-01T10:00:00Z' }), 1);
    const first = parser.snapshot();
    assert.equal(first[0].toolCalls[0].status, 'pending');
    first[0].toolCalls[0].status = 'failed';
    first[0].gaps.length = 0;
    const again = parser.snapshot();
    assert.equal(again[0].toolCalls[0].status, 'pending');
    assert.equal(again[0].gaps.length, 1);
    parser.line(JSON.stringify({ role: 'system', content: 'Ran command: `ls`\n\nNo output', timestamp: '2025-03-01T10:00:01Z' }), 2);
    const later = parser.snapshot();
    assert.equal(later[0].toolCalls[0].status, 'succeeded');
    assert.equal(later[0].gaps.length, 0);
  });

  it('detects conversations and leaves other JSONL alone', () => {
    const head = (records: unknown[]) => fileHead(records.map((r) => JSON.stringify(r)));
    assert.equal(gptmeConversationFormat.detect(head([{ role: 'system', content: 'x', timestamp: '2025-01-01T00:00:00' }]), 'conversation.jsonl'), true);
    assert.equal(gptmeConversationFormat.detect(head([{ role: 'user', content: 'x', timestamp: 't' }]), 'other.jsonl'), true);
    assert.equal(gptmeConversationFormat.detect(head([{ type: 'user', message: { role: 'user', content: 'x' }, sessionId: 's' }]), 'a.jsonl'), false);
    assert.equal(gptmeConversationFormat.detect(head([{ session_id: 's', harness: 'gptme', outcome: 'noop' }]), 'a.jsonl'), false);
  });
});

describe('gptme message files', () => {
  it('detects only non-JSON text with a gptme tool fence', () => {
    const detect = (text: string) => gptmeMessageFormat.detect(fileHead(text.split('\n')), 'm.txt');
    assert.equal(detect('Here:\n```shell\nls\n```\n'), true);
    assert.equal(detect('Here:\n```python\nprint(1)\n```\n'), false);
    assert.equal(detect('{"content": "```shell\\nls\\n```"}\n'), false);
    assert.equal(gptmeMessageFormat.jsonLines, false);
  });

  it('parses a message with a finished shell fence as one pending call', () => {
    const text = `Checking.\n${FENCE}shell\ncurl -s https://example.com\n${FENCE}\n`;
    const [s] = parseLines(gptmeMessageFormat, text, '/data/msg.txt');
    assert.equal(s.id, 'msg');
    assert.deepEqual(
      s.toolCalls.map((c) => [c.tool, c.status, c.command, c.source?.line]),
      [['shell', 'pending', 'curl -s https://example.com', 2]],
    );
    assert.notEqual(s.end.interrupted, true);
  });
});

describe('gptme session records', () => {
  const records = [
    {
      session_id: 'a1b2c3d4',
      timestamp: '2026-03-02T10:31:12+00:00',
      start_time: '2026-03-02T10:01:00+00:00',
      end_time: '2026-03-02T10:31:10+00:00',
      harness: 'claude-code',
      model: 'claude-sonnet-4-6',
      category: 'code',
      outcome: 'productive',
      exit_code: 0,
      duration_seconds: 1810,
      input_tokens: 120000,
      output_tokens: 8000,
      deliverables: ['3f9c2a1', 'https://github.com/acme/app/pull/12'],
      trajectory_path: '/home/agent/.claude/projects/-home-agent-app/5e1b.jsonl',
      project: '/home/agent/app',
      grades: { productivity: 0.8 },
    },
    {
      session_id: 'e5f6a7b8',
      timestamp: '2026-03-02T11:00:00',
      harness: 'gptme',
      model: 'openrouter/z-ai/glm-5',
      category: 'infrastructure',
      outcome: 'violated_policy',
      exit_code: 124,
      duration_seconds: 600,
      error: 'timeout after 600s\nstack...',
    },
    { session_id: 'e5f6a7b8', dirty_paths_sample: ['state/queue.md', '~/.bashrc', 'scripts/deploy.sh'], dirty_paths_count: 3 },
    { session_id: '9d8c7b6a', harness: 'copilot', outcome: 'noop', model: 'unknown', dirty_paths_sample: 'state/x.md', timestamp: '2026-03-02T12:00:00Z' },
  ];

  function parse(): SessionDraft[] {
    return parseLines(gptmeRecordsFormat, jsonl(records) + 'garbage\n', '/state/sessions/session-records.jsonl');
  }

  it('makes one session per record, agent from the harness', () => {
    const sessions = parse();
    assert.deepEqual(
      sessions.map((s) => [s.id, s.agent]),
      [
        ['a1b2c3d4', 'claude-code'],
        ['e5f6a7b8', 'gptme'],
        ['9d8c7b6a', 'gptme'],
      ],
    );
    assert.equal(sessions[2].meta.harness, 'copilot');
  });

  it('carries the declared outcome, category, model, project and times', () => {
    const [a, b] = parse();
    assert.deepEqual(a.end, { declaredOutcome: 'productive', declaredCategory: 'code' });
    assert.deepEqual(a.models, ['claude-sonnet-4-6']);
    assert.equal(a.cwd, '/home/agent/app');
    assert.equal(a.startedAt, '2026-03-02T10:01:00.000Z');
    assert.equal(a.endedAt, '2026-03-02T10:31:10.000Z');
    assert.equal(a.meta.deliverables, 2);
    assert.equal(a.meta.trajectoryPath, '/home/agent/.claude/projects/-home-agent-app/5e1b.jsonl');
    assert.equal(a.meta.inputTokens, 120000);
    assert.deepEqual(a.touches, []);
    assert.deepEqual(b.end, { declaredOutcome: 'violated_policy', declaredCategory: 'infrastructure', error: 'timeout after 600s' });
    assert.equal(b.meta.exitCode, 124);
    assert.equal(b.startedAt, '2026-03-02T10:50:00.000Z', 'start = end - duration');
    assert.equal(b.endedAt, '2026-03-02T11:00:00.000Z');
  });

  it('turns dirty_paths_sample into inferred writes, merged from a later result line', () => {
    const b = parse()[1];
    assert.deepEqual(
      b.touches.map((t) => [t.path, t.access, t.evidence]),
      [
        ['state/queue.md', 'write', 'inferred'],
        ['~/.bashrc', 'write', 'inferred'],
        ['scripts/deploy.sh', 'write', 'inferred'],
      ],
    );
    assert.deepEqual(b.sources, [{ path: '/state/sessions/session-records.jsonl', firstLine: 2, lastLine: 3 }]);
    assert.equal(b.meta.dirtyPathsCount, 3);
  });

  it('reports drifted fields, zone-less times and bad lines', () => {
    const [a, b, c] = parse();
    assert.ok(b.gaps.some((g) => g.kind === 'guessed-timezone' && g.line === 2));
    assert.ok(c.gaps.some((g) => g.kind === 'schema-drift' && g.detail === 'dirty_paths_sample is not a list'));
    assert.deepEqual(c.models, []);
    for (const s of [a, b, c]) assert.ok(s.gaps.some((g) => g.kind === 'malformed-line' && g.line === 5));
  });

  it('detects record files and not conversations', () => {
    const head = (records: unknown[]) => fileHead(records.map((r) => JSON.stringify(r)));
    assert.equal(gptmeRecordsFormat.detect(head([records[0]]), 'session-records.jsonl'), true);
    assert.equal(gptmeRecordsFormat.detect(head([{ session_id: 'x', dirty_paths_sample: [] }]), 'result.json'), true);
    assert.equal(gptmeRecordsFormat.detect(head([{ role: 'user', content: 'x' }]), 'conversation.jsonl'), false);
    assert.equal(gptmeRecordsFormat.detect(head([{ session_id: 'x', transcript_path: '/t', hook_event_name: 'Stop' }]), 'hooks.jsonl'), false);
  });
});

describe('gptme parsers on hostile input', () => {
  const junk = [
    'null',
    '[]',
    '42',
    '{"role":"assistant","content":"```save\\n```"}',
    '{"role":"assistant","content":"@save(x): {\\"path\\": 5"}',
    '{"role":"assistant","content":"<tool-use><save args=\\"a\\">","metadata":"x","files":"y","timestamp":{}}',
    '{"role":"system","content":null,"call_id":5}',
    '{"session_id":"s","outcome":5,"exit_code":"x","tokens":{"a":"b"},"duration_seconds":1e300,"timestamp":"2020-01-01T00:00:00Z","deliverables":"d"}',
    '"```shell"',
    '```shell',
    'x'.repeat(100_000),
  ].join('\n');

  it('never throws', () => {
    for (const format of [gptmeConversationFormat, gptmeMessageFormat, gptmeRecordsFormat]) {
      assert.doesNotThrow(() => parseLines(format, junk, '/x/conversation.jsonl'), format.id);
      assert.doesNotThrow(() => format.detect(fileHead(junk.split('\n')), 'conversation.jsonl'), format.id);
    }
  });
});
