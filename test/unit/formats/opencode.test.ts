import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { opencodeFormat } from '../../../src/core/formats/opencode';
import type { SessionDraft } from '../../../src/core/model';
import { CORPUS, corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';
import { callById } from '../../helpers/drafts';

type Obj = Record<string, unknown>;

function exportDoc(messages: unknown[], info: Obj = {}): Obj {
  return {
    info: { id: 'ses_test1', version: '1.1.30', directory: '/repo', title: 'Fixture', time: { created: 1769000000000, updated: 1769000100000 }, ...info },
    messages,
  };
}
function assistant(parts: unknown[], info: Obj = {}): Obj {
  return { info: { role: 'assistant', modelID: 'gpt-5.2-codex', time: { created: 1769000001000, completed: 1769000002000 }, ...info }, parts };
}
function user(text: string): Obj {
  return { info: { role: 'user', time: { created: 1769000000500 }, model: { providerID: 'openai', modelID: 'gpt-5.2-codex' } }, parts: [{ type: 'text', text }] };
}
function tool(callID: string, name: string, state: Obj): Obj {
  return { type: 'tool', callID, tool: name, state: { time: { start: 1769000001100, end: 1769000001200 }, ...state } };
}
function parse(doc: unknown): SessionDraft {
  const drafts = opencodeFormat.parse(doc, '/exports/ses_test1.json');
  assert.equal(drafts.length, 1);
  return drafts[0];
}
const call = callById;

describe('opencode: export shapes', () => {
  it('reads session facts, tool calls and structured touches', () => {
    const d = parse(
      exportDoc([
        user('make a file'),
        assistant([
          { type: 'text', text: 'I will create the file first.' },
          tool('c1', 'write', { status: 'completed', input: { filePath: '/repo/a.md', content: 'x' }, metadata: { exists: false } }),
          tool('c2', 'edit', {
            status: 'completed',
            input: { filePath: '/repo/b.ts', oldString: 'a', newString: 'b' },
            metadata: { diff: 'Index: /repo/b.ts\n===\n--- /repo/b.ts\n+++ /repo/b.ts\n@@ -10,3 +10,4 @@\n a\n-b\n+c\n+d\n e\n' },
          }),
          tool('c3', 'bash', { status: 'completed', input: { command: 'npm test\necho done', workdir: '/repo/pkg' }, metadata: { exit: 2 } }),
          tool('c4', 'read', { status: 'completed', input: { filePath: '/repo/README.md' } }),
          tool('c5', 'webfetch', { status: 'completed', input: { url: 'https://example.org/x' } }),
        ]),
      ]),
    );
    assert.equal(d.id, 'ses_test1');
    assert.equal(d.agent, 'opencode');
    assert.equal(d.cwd, '/repo');
    assert.equal(d.title, 'Fixture');
    assert.deepEqual(d.models, ['gpt-5.2-codex']);
    assert.equal(d.meta.version, '1.1.30');
    assert.equal(d.startedAt, '2026-01-21T12:53:20.000Z');
    assert.equal(call(d, 'c1').why, 'I will create the file first.');
    assert.equal(call(d, 'c1').startedAt, new Date(1769000001100).toISOString());
    const bash = call(d, 'c3');
    assert.equal(bash.kind, 'shell');
    assert.equal(bash.command, 'npm test\necho done');
    assert.equal(bash.args, 'npm test');
    assert.equal(bash.cwd, '/repo/pkg');
    assert.equal(bash.exitCode, 2);
    assert.equal(bash.status, 'failed');
    assert.equal(call(d, 'c5').url, 'https://example.org/x');
    assert.deepEqual(
      d.touches.map((t) => [t.path, t.access, t.evidence, t.toolCallId, t.lines]),
      [
        ['/repo/a.md', 'create', 'observed', 'c1', undefined],
        ['/repo/b.ts', 'write', 'observed', 'c2', { start: 10, end: 13 }],
        ['/repo/README.md', 'read', 'observed', 'c4', undefined],
      ],
    );
    assert.deepEqual(d.gaps, []);
  });

  it('maps error states: permission rejections are denied, aborts interrupted, the rest failed', () => {
    const d = parse(
      exportDoc([
        assistant([
          tool('r1', 'bash', { status: 'error', input: { command: 'rm -rf /' }, error: 'The user rejected permission to use this specific tool call.' }),
          tool('r2', 'edit', { status: 'error', input: { filePath: '/repo/x' }, error: 'The user has specified a rule which prevents you from using this specific tool call. Here are some of the relevant rules []' }),
          tool('r3', 'bash', { status: 'error', input: { command: 'sleep 100' }, error: 'Tool execution aborted', metadata: { interrupted: true } }),
          tool('r4', 'read', { status: 'error', input: { filePath: '/nope' }, error: 'File not found: /nope\nmore detail' }),
        ]),
      ]),
    );
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.status]),
      [
        ['r1', 'denied'],
        ['r2', 'denied'],
        ['r3', 'interrupted'],
        ['r4', 'failed'],
      ],
    );
    assert.equal(call(d, 'r4').error, 'File not found: /nope');
  });

  it('apply_patch touches come from the patch text; task links its subagent session', () => {
    const d = parse(
      exportDoc([
        assistant([
          tool('p1', 'apply_patch', {
            status: 'completed',
            input: { patchText: '*** Begin Patch\n*** Update File: src/a.ts\n@@ -4,2 +4,3 @@\n x\n+y\n*** Delete File: old.txt\n*** End Patch' },
          }),
          tool('t1', 'task', {
            status: 'completed',
            input: { description: 'Find things', prompt: 'look', subagent_type: 'explore' },
            output: 'done\n\n<task_metadata>\nsession_id: ses_child42\n</task_metadata>',
          }),
        ]),
      ]),
    );
    assert.deepEqual(
      d.touches.map((t) => [t.path, t.access, t.evidence, t.lines]),
      [
        ['src/a.ts', 'write', 'parsed', { start: 4, end: 6 }],
        ['old.txt', 'delete', 'parsed', undefined],
      ],
    );
    const task = call(d, 't1');
    assert.equal(task.kind, 'spawn');
    assert.equal(task.childSessionId, 'ses_child42');
    assert.equal(task.args, 'explore: Find things');
  });

  it('a subagent export names its parent; patch parts add what no tool input explains', () => {
    const d = parse(
      exportDoc(
        [
          assistant([
            tool('b1', 'bash', { status: 'completed', input: { command: 'touch made-by-shell.txt' }, metadata: { exit: 0 } }),
            tool('w1', 'write', { status: 'completed', input: { filePath: '/repo/w.txt', content: '' }, metadata: { exists: true } }),
            { type: 'patch', hash: 'abc', files: ['/repo/made-by-shell.txt', '/repo/w.txt'] },
          ]),
        ],
        { parentID: 'ses_parent' },
      ),
    );
    assert.equal(d.parentId, 'ses_parent');
    assert.deepEqual(
      d.touches.map((t) => [t.path, t.access, t.evidence]),
      [
        ['/repo/w.txt', 'write', 'observed'],
        ['/repo/made-by-shell.txt', 'write', 'inferred'],
      ],
    );
  });

  it('gaps: unknown tools, unknown part types, calls left running', () => {
    const d = parse(
      exportDoc([
        assistant([
          tool('u1', 'github_create_issue', { status: 'completed', input: { title: 't' } }),
          { type: 'hologram', text: '?' },
          tool('u2', 'bash', { status: 'running', input: { command: 'make' } }),
        ]),
      ]),
    );
    assert.equal(call(d, 'u1').unmapped, true);
    assert.equal(call(d, 'u1').kind, 'other');
    assert.equal(call(d, 'u2').status, 'pending');
    const gaps = Object.fromEntries(d.gaps.map((g) => [`${g.kind}:${g.detail}`, g.count]));
    assert.deepEqual(gaps, { 'unknown-tool:github_create_issue': 1, 'unknown-record:part hologram': 1, 'missing-result:bash': 1 });
  });

  it('message errors end the session: aborted is an interruption, others an error', () => {
    const aborted = parse(exportDoc([assistant([], { error: { name: 'MessageAbortedError', data: {} } })]));
    assert.equal(aborted.end.interrupted, true);
    const failed = parse(exportDoc([assistant([], { error: { name: 'APIError', data: { message: 'rate limited\nretry later' } } })]));
    assert.equal(failed.end.error, 'rate limited');
  });

  it('never throws on odd input and detects only exports', () => {
    for (const odd of [null, 1, 'x', [], {}, { info: 1, messages: 2 }, { info: {}, messages: [1, null, { info: 'x' }, { info: { role: 'assistant' }, parts: [null, { type: 'tool', state: 7 }] }] }]) {
      assert.doesNotThrow(() => opencodeFormat.parse(odd, '/x.json'));
    }
    assert.equal(opencodeFormat.detect({ info: { id: 'ses_1' }, messages: [] }, 'x.json'), true);
    assert.equal(opencodeFormat.detect({ info: { id: 'x' }, messages: [{ role: 'user', content: 'hi' }] }, 'x.json'), false);
    assert.equal(opencodeFormat.detect([{ info: {}, parts: [] }], 'x.json'), false);
  });
});

describe('opencode: real exports', { skip: corpusSkip }, () => {
  it('crud.json: write, read, edit, then rm through bash', () => {
    const r = parseCorpusFile('opencode/agentlogs__crud.json');
    assert.equal(r.format, 'opencode');
    assert.equal(r.sessions.length, 1);
    const s = r.sessions[0];
    assert.equal(s.id, 'ses_450b70e67ffeoaXH496F8i0fVA');
    assert.equal(s.cwd, '/Users/philipp/dev/agentlogs');
    assert.deepEqual(s.models, ['gpt-5.2-codex']);
    assert.equal(s.meta.version, '1.1.13');
    assert.deepEqual(toolCounts(s), { write: 1, read: 1, edit: 1, bash: 1 });
    assert.ok(s.toolCalls.every((c) => c.status === 'succeeded'));
    const joke = '/Users/philipp/dev/agentlogs/JOKE.md';
    assert.deepEqual(
      s.touches.map((t) => [t.path, t.access, t.evidence, t.lines]),
      [
        [joke, 'create', 'observed', undefined],
        [joke, 'read', 'observed', undefined],
        [joke, 'write', 'observed', { start: 3, end: 7 }],
        // The last step's snapshot diff lists JOKE.md: the file the `rm` removed.
        [joke, 'write', 'inferred', undefined],
      ],
    );
    const bash = s.toolCalls.find((c) => c.tool === 'bash');
    assert.equal(bash?.command, `rm "${joke}"`);
    assert.equal(bash?.exitCode, 0);
    assert.equal(s.startedAt, '2026-01-11T22:59:11.896Z');
    assert.deepEqual(s.gaps, []);
  });

  it('all-tools.json: one call per built-in tool, execute failing, a task with its child session', () => {
    const s = parseCorpusFile('opencode/agentlogs__all-tools.json').sessions[0];
    assert.equal(s.title, 'Tools usage audit: undo all edits and writes');
    assert.deepEqual(toolCounts(s), {
      question: 1,
      glob: 1,
      grep: 1,
      read: 1,
      webfetch: 1,
      skill: 1,
      task: 1,
      todowrite: 1,
      todoread: 1,
      execute: 1,
      apply_patch: 2,
      bash: 1,
    });
    const failed = s.toolCalls.filter((c) => c.status !== 'succeeded');
    assert.deepEqual(
      failed.map((c) => [c.tool, c.status, c.error]),
      [['execute', 'failed', "TypeError: def.execute is not a function. (In 'def.execute(args2, ctx)', 'def.execute' is undefined)"]],
    );
    const task = s.toolCalls.find((c) => c.tool === 'task');
    assert.equal(task?.childSessionId, 'ses_4133f9119ffeHydORAuKxtmR3h');
    assert.equal(s.toolCalls.find((c) => c.tool === 'webfetch')?.url, 'https://example.com');
    assert.equal(s.toolCalls.find((c) => c.tool === 'bash')?.cwd, '/Users/philipp/dev/agentlogs');
    assert.deepEqual(
      s.touches.filter((t) => t.access !== 'read').map((t) => [t.path, t.access, t.evidence]),
      [
        ['temp-tool-usage.txt', 'create', 'parsed'],
        ['temp-tool-usage.txt', 'delete', 'parsed'],
      ],
    );
    assert.deepEqual(s.gaps, []);
  });

  it('claims no other agent’s file', () => {
    for (const rel of corpusFiles().filter((f) => !f.startsWith('opencode/'))) {
      const doc = jsonOf(rel);
      if (doc !== undefined) assert.equal(opencodeFormat.detect(doc, path.basename(rel)), false, rel);
    }
  });
});

function corpusFiles(): string[] {
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  return walk(CORPUS)
    .map((f) => path.relative(CORPUS, f))
    .filter((f) => !f.startsWith('_reference') && f !== 'SOURCES.md');
}
function jsonOf(rel: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.join(CORPUS, rel), 'utf8'));
  } catch {
    return undefined;
  }
}
