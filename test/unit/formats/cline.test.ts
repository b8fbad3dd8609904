import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clineFormat, environmentTime } from '../../../src/core/formats/cline';
import type { SessionDraft } from '../../../src/core/model';
import { CORPUS, corpusSkip, parseCorpusFile, toolCounts } from '../../helpers/corpus';
import { callById } from '../../helpers/drafts';

type Obj = Record<string, unknown>;
const TASK = '/home/u/.cline/data/tasks/1770913324799/api_conversation_history.json';

function env(time: string, cwd?: string): Obj {
  const files = cwd ? `\n\n# Current Working Directory (${cwd}) Files\nREADME.md\n` : '';
  return { type: 'text', text: `<environment_details>\n# Current Time\n${time}${files}\n\n# Current Mode\nACT MODE\n</environment_details>` };
}
function text(t: string): Obj {
  return { type: 'text', text: t };
}
function user(...content: Obj[]): Obj {
  return { role: 'user', content };
}
function assistant(content: Obj[], model = 'claude-opus-4-6'): Obj {
  return { role: 'assistant', content, modelInfo: { modelId: model, providerId: 'anthropic', mode: 'act' } };
}
/** Older Cline wrote assistant messages without modelInfo. */
function legacy(content: Obj[]): Obj {
  return { role: 'assistant', content };
}
function toolUse(id: string, name: string, input: Obj): Obj {
  return { type: 'tool_use', id, name, input };
}
function parse(doc: unknown[], source = TASK): SessionDraft {
  assert.equal(clineFormat.detect(doc, path.basename(source)), true);
  const drafts = clineFormat.parse(doc, source);
  assert.equal(drafts.length, 1);
  return drafts[0];
}
const call = callById;

describe('cline: native tool_use era', () => {
  const doc = [
    user(text('<task>\nfix the build\n</task>'), env('2/12/2026, 8:22:08 AM (America/Los_Angeles, UTC-8:00)', '/work/app')),
    assistant([
      text('Let me look at the sources first.'),
      toolUse('t1', 'read_file', { path: 'src/a.ts' }),
      toolUse('t2', 'execute_command', { command: 'npm run build\n--verbose', requires_approval: false }),
      toolUse('t3', 'write_to_file', { path: 'src/b.ts', content: 'x' }),
      toolUse('t4', 'use_mcp_tool', { server_name: 'github', tool_name: 'create_issue', arguments: '{}' }),
    ]),
    user(
      text("[read_file for 'src/a.ts'] Result:\nexport const a = 1;"),
      text("[execute_command for 'npm run build\n--verbose'] Result:\nCommand failed with exit code 2.\nOutput:\nerror TS2322"),
      text("[write_to_file for 'src/b.ts'] Result:\nThe user denied this operation."),
      text("[use_mcp_tool for 'github'] Result:\nThe tool execution failed with the following error:\n<error>\nboom: bad token\n</error>"),
      env('2/12/2026, 8:23:10 AM (America/Los_Angeles, UTC-8:00)'),
    ),
    assistant([toolUse('t5', 'attempt_completion', { result: 'Build fixed.' })]),
    user(text('[attempt_completion] Result: Done')),
  ];

  it('reads calls, results in order, cwd, model and the stated times', () => {
    const d = parse(doc);
    assert.equal(d.id, '1770913324799');
    assert.equal(d.agent, 'cline');
    assert.equal(d.cwd, '/work/app');
    assert.deepEqual(d.models, ['claude-opus-4-6']);
    // The task folder is named after the task's start (epoch ms); the environment details carry times with their offset.
    assert.equal(d.startedAt, '2026-02-12T16:22:04.799Z');
    assert.equal(d.endedAt, '2026-02-12T16:23:10.000Z');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.tool, c.kind, c.status]),
      [
        ['t1', 'read_file', 'read', 'succeeded'],
        ['t2', 'execute_command', 'shell', 'failed'],
        ['t3', 'write_to_file', 'write', 'denied'],
        ['t4', 'use_mcp_tool', 'mcp', 'failed'],
        ['t5', 'attempt_completion', 'other', 'succeeded'],
      ],
    );
    assert.equal(call(d, 't1').why, 'Let me look at the sources first.');
    assert.equal(call(d, 't1').endedAt, '2026-02-12T16:23:10.000Z');
    assert.equal(call(d, 't2').command, 'npm run build\n--verbose');
    assert.equal(call(d, 't2').exitCode, 2);
    assert.equal(call(d, 't3').error, 'The user denied this operation.');
    assert.equal(call(d, 't4').mcpServer, 'github');
    assert.equal(call(d, 't4').error, 'boom: bad token');
    assert.deepEqual(
      d.touches.map((t) => [t.path, t.access, t.evidence, t.toolCallId]),
      [
        ['src/a.ts', 'read', 'observed', 't1'],
        ['src/b.ts', 'write', 'observed', 't3'],
      ],
    );
    assert.equal(d.end.completed, true);
    assert.deepEqual(d.gaps, []);
  });
});

describe('cline: XML era (tools as tags in the reply text)', () => {
  it('parses tags, takes a split result header, and marks the second tool of a message as refused', () => {
    const d = parse(
      [
        user(text('<task>\nrename it\n</task>')),
        legacy([
          text(
            '<thinking>I need to read the file.</thinking>\n<read_file>\n<path>src/old.py</path>\n</read_file>\n\n<write_to_file>\n<path>src/new.py</path>\n<content>\n<path>not this</path>\n</content>\n</write_to_file>',
          ),
        ]),
        user(
          text("[read_file for 'src/old.py'] Result:"),
          text('print(1)'),
          text('Tool [write_to_file] was not executed because a tool has already been used in this message. Only one tool may be used per message.'),
        ),
        legacy([text('<execute_command>\n<command>git mv src/old.py src/new.py</command>\n<requires_approval>true</requires_approval>\n</execute_command>')]),
        user(text("[execute_command for 'git mv src/old.py src/new.py'] Result:"), text('Command executed.')),
      ],
      '/exports/task.json',
    );
    assert.equal(d.id, 'task');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.tool, c.status, c.args]),
      [
        ['read_file', 'succeeded', 'src/old.py'],
        ['write_to_file', 'denied', 'src/new.py'],
        ['execute_command', 'succeeded', 'git mv src/old.py src/new.py'],
      ],
    );
    assert.equal(d.toolCalls[0].why, 'I need to read the file.');
    assert.equal(d.toolCalls[2].command, 'git mv src/old.py src/new.py');
    assert.deepEqual(d.models, []);
  });

  it('leaves prose tags alone: only known tool names become calls', () => {
    const d = parse([user(text('<task>x</task>')), legacy([text('Use <b>bold</b> and <path>a</path> freely.')])], '/t.json');
    assert.deepEqual(d.toolCalls, []);
  });
});

describe('cline: Roo Code results, interruptions and gaps', () => {
  it('tool_result blocks with JSON statuses, message timestamps', () => {
    const d = parse([
      { role: 'user', ts: 1770000000000, content: [text('<task>go</task>')] },
      { role: 'assistant', ts: 1770000001000, content: [toolUse('r1', 'apply_diff', { path: 'a.ts' }), toolUse('r2', 'execute_command', { command: 'ls', cwd: '/srv' })] },
      {
        role: 'user',
        ts: 1770000002000,
        content: [
          { type: 'tool_result', tool_use_id: 'r1', content: [text('{"status":"denied","message":"The user denied this operation."}')] },
          { type: 'tool_result', tool_use_id: 'r2', content: '{"status":"error","message":"The tool execution failed","error":"spawn ENOENT"}' },
        ],
      },
    ]);
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.status, c.error]),
      [
        ['r1', 'denied', 'The user denied this operation.'],
        ['r2', 'failed', 'spawn ENOENT'],
      ],
    );
    assert.equal(call(d, 'r2').cwd, '/srv');
    assert.equal(call(d, 'r1').startedAt, '2026-02-02T02:40:01.000Z');
    assert.equal(call(d, 'r1').endedAt, '2026-02-02T02:40:02.000Z');
  });

  it('task resumption interrupts open calls; the last unanswered call is pending; unknown tools are gaps', () => {
    const d = parse([
      user(text('<task>go</task>')),
      assistant([toolUse('a1', 'execute_command', { command: 'sleep 999' })]),
      user(text('[TASK RESUMPTION] This task was interrupted 5 minutes ago.')),
      assistant([toolUse('a2', 'teleport', { where: 'mars' }), toolUse('a3', 'read_file', { path: 'x' })]),
    ]);
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.status]),
      [
        ['a1', 'interrupted'],
        ['a2', 'pending'],
        ['a3', 'pending'],
      ],
    );
    assert.equal(call(d, 'a2').unmapped, true);
    const gaps = Object.fromEntries(d.gaps.map((g) => [`${g.kind}:${g.detail}`, g.count]));
    assert.deepEqual(gaps, { 'unknown-tool:teleport': 1, 'missing-result:teleport': 1, 'missing-result:read_file': 1 });
    assert.equal(d.end.completed, undefined);
  });

  it('a later turn without results means the earlier calls never ran to the end', () => {
    const d = parse([user(text('<task>go</task>')), assistant([toolUse('b1', 'read_file', { path: 'x' })]), assistant([text('[Response interrupted by user]')])]);
    assert.equal(call(d, 'b1').status, 'interrupted');
    assert.equal(d.end.interrupted, true);
  });
});

describe('cline: detection, sidecars, robustness', () => {
  it('task_metadata.json and ui_messages.json are recognised sidecars without sessions', () => {
    const meta = { files_in_context: [{ path: 'a', record_source: 'read_tool' }], model_usage: [] };
    assert.equal(clineFormat.detect(meta, 'task_metadata.json'), true);
    assert.deepEqual(clineFormat.parse(meta, '/t/task_metadata.json'), []);
    const ui = [{ ts: 1770000000000, type: 'say', say: 'text', text: 'hi' }];
    assert.equal(clineFormat.detect(ui, 'ui_messages.json'), true);
    assert.deepEqual(clineFormat.parse(ui, '/t/ui_messages.json'), []);
  });

  it('plain chat arrays without Cline markers are not claimed', () => {
    assert.equal(clineFormat.detect([{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'hi' }], 'chat.json'), false);
    assert.equal(clineFormat.detect([{ id: 0, source: 'user', action: 'message' }], 'traj.json'), false);
    assert.equal(clineFormat.detect({ info: {}, messages: [] }, 'x.json'), false);
  });

  it('never throws on odd input', () => {
    for (const odd of [null, 3, 'x', {}, [], [null], [{ role: 'user', content: [null, 5, { type: 'text' }] }, { role: 'assistant', content: 'plain' }, 7]]) {
      assert.doesNotThrow(() => clineFormat.parse(odd, '/x.json'));
    }
  });

  it('reads the environment time with its UTC offset, or not at all', () => {
    assert.equal(environmentTime('# Current Time\n2/12/2026, 8:22:08 PM (Europe/Berlin, UTC+1:00)'), '2026-02-12T19:22:08.000Z');
    assert.equal(environmentTime('# Current Time\n12/1/2025, 12:05:00 AM (Asia/Kolkata, UTC+5:30)'), '2025-11-30T18:35:00.000Z');
    assert.equal(environmentTime('# Current Time\n2026-02-12T16:22:08.000Z'), '2026-02-12T16:22:08.000Z');
    assert.equal(environmentTime('# Current Time\n12.2.2026, 20:22:08'), undefined);
  });
});

describe('cline: real task', { skip: corpusSkip }, () => {
  it('crud: 38 native calls, one failed cp, the last mkdir never answered', () => {
    const r = parseCorpusFile('cline/agentlogs__crud.api_conversation_history.json');
    assert.equal(r.format, 'cline');
    assert.equal(r.sessions.length, 1);
    const s = r.sessions[0];
    assert.equal(s.cwd, '/Users/bee/dev/agentlogs');
    assert.deepEqual(s.models, ['claude-opus-4-6']);
    assert.equal(s.startedAt, '2026-02-12T16:22:08.000Z');
    assert.equal(s.endedAt, '2026-02-12T16:29:13.000Z');
    assert.deepEqual(toolCounts(s), { read_file: 20, execute_command: 15, list_files: 2, attempt_completion: 1 });
    const commands = s.toolCalls.filter((c) => c.tool === 'execute_command');
    assert.equal(commands.filter((c) => c.status === 'succeeded' && c.exitCode === 0).length, 13);
    const failed = commands.filter((c) => c.status === 'failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].exitCode, 1);
    assert.match(failed[0].command ?? '', /^cp .*fixtures\/cline\/crud\.json$/);
    const last = s.toolCalls[s.toolCalls.length - 1];
    assert.equal(last.status, 'pending');
    assert.match(last.command ?? '', /^mkdir -p \/Users\/bee\/dev\/agentlogs\/fixtures\/cline && cp /);
    assert.deepEqual(
      s.gaps.map((g) => [g.kind, g.detail, g.count]),
      [['missing-result', 'execute_command', 1]],
    );
    const reads = s.touches.filter((t) => t.access === 'read');
    assert.equal(reads.length, 20);
    assert.equal(reads[0].path, 'README.md');
    assert.equal(s.touches.length, 20);
    assert.equal(s.end.completed, undefined);
  });

  it('task_metadata.json is a sidecar', () => {
    const r = parseCorpusFile('cline/agentlogs__crud_metadata.task_metadata.json');
    assert.equal(r.format, 'cline');
    assert.deepEqual(r.sessions, []);
  });

  it('claims no other agent’s file', () => {
    const walk = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(CORPUS)) {
      const rel = path.relative(CORPUS, file);
      if (rel.startsWith('cline/') || rel.startsWith('_reference')) continue;
      let doc: unknown;
      try {
        doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      assert.equal(clineFormat.detect(doc, path.basename(rel)), false, rel);
    }
  });
});
