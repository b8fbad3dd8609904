/**
 * One generated Claude Code 2.1.x transcript, shaped like the real ones: prompts, assistant
 * messages split one content block a line (sharing one `message.usage`, as Claude writes them),
 * tool_use / tool_result pairs with `toolUseResult`, `progress` lines (hook, bash, agent),
 * `file-history-snapshot` and `system` records; subagent files are sidechains with `agentId`.
 * Turns are added until the file reaches its target size.
 */
import type { Rng } from './random';
import type { TextPool } from './text';
import { LANG_EXT } from './text';
import { JsonlWriter } from './jsonl';

export interface SubagentSpawn {
  agentId: string;
  agentType: string;
  description: string;
  prompt: string;
}

export interface ClaudeSessionPlan {
  file: string;
  sessionId: string;
  cwd: string;
  gitBranch: string;
  startMs: number;
  targetBytes: number;
  model: string;
  /** Subagents this (main) session starts with Task calls; each has its own file. */
  spawns: SubagentSpawn[];
  /** Set when this file is a subagent's transcript. */
  asSubagent?: SubagentSpawn;
}

export interface WrittenSession {
  bytes: number;
  lines: number;
  endMs: number;
  /** Tool calls written, by tool name. */
  tools: Record<string, number>;
}

const VERSION = '2.1.39';
const TOOL_WEIGHTS = { Read: 25, Bash: 22, Edit: 15, Grep: 8, Glob: 5, Write: 5, TodoWrite: 4, WebFetch: 3, WebSearch: 2, MultiEdit: 1 } as const;
type ToolName = keyof typeof TOOL_WEIGHTS | 'Task';
/** Claude Code cuts Bash output at 30,000 characters. */
const BASH_OUTPUT_CAP = 30000;

interface ToolRun {
  input: Record<string, unknown>;
  content: string | Record<string, unknown>[];
  result: unknown;
  isError?: boolean;
}

export function writeClaudeSession(plan: ClaudeSessionPlan, rng: Rng, text: TextPool): WrittenSession {
  const w = new JsonlWriter(plan.file);
  try {
    return new ClaudeSessionWriter(plan, rng, text, w).run();
  } finally {
    w.close();
  }
}

class ClaudeSessionWriter {
  private t: number;
  private parent: string | null = null;
  private readonly tools: Record<string, number> = {};
  private readonly files: string[];
  private readonly edited = new Set<string>();
  private cacheRead = 12000;
  private readonly slug: string;

  constructor(
    private readonly plan: ClaudeSessionPlan,
    private readonly rng: Rng,
    private readonly text: TextPool,
    private readonly w: JsonlWriter,
  ) {
    this.t = plan.startMs;
    this.files = Array.from({ length: rng.int(8, 60) }, () => `${plan.cwd}/${rng.pick(['src', 'src', 'lib', 'test', 'docs', 'scripts'])}/${text.ident()}/${text.ident()}.${rng.pick(LANG_EXT)}`);
    this.slug = `${text.words(1)}-${text.words(1)}-${text.words(1)}`.replace(/ /g, '');
  }

  run(): WrittenSession {
    const { plan } = this;
    if (plan.asSubagent) {
      this.record({ type: 'user', message: { role: 'user', content: plan.asSubagent.prompt } });
    } else {
      this.w.write({ type: 'file-history-snapshot', messageId: this.rng.uuid(), snapshot: { messageId: this.rng.uuid(), trackedFileBackups: {}, timestamp: this.iso() }, isSnapshotUpdate: false });
      this.progress({ type: 'hook_progress', hookEvent: 'SessionStart', hookName: 'SessionStart:startup', command: '~/.claude/hooks/session-start.sh' }, this.rng.uuid());
    }
    const pendingSpawns = [...plan.spawns];
    let first = true;
    while (first || pendingSpawns.length || !this.full()) {
      this.turn(first, pendingSpawns);
      first = false;
    }
    return { bytes: this.w.bytes, lines: this.w.lines, endMs: this.t, tools: this.tools };
  }

  /** One user prompt and the agent's work on it. */
  private turn(first: boolean, pendingSpawns: SubagentSpawn[]): void {
    const { rng, text } = this;
    if (!first || !this.plan.asSubagent) {
      const promptId = rng.uuid();
      if (!this.plan.asSubagent) this.snapshot(promptId);
      const prompt = rng.chance(0.15) ? `<command-message>review</command-message>\n<command-name>/review</command-name>\n<command-args>${text.words(6)}</command-args>` : text.paragraph(rng.int(1, 4));
      this.record({ type: 'user', message: { role: 'user', content: prompt }, uuid: promptId, ...(first ? { thinkingMetadata: { maxThinkingTokens: 31999 }, todos: [] } : {}), permissionMode: 'default' });
    }
    const steps = rng.logInt(1, 14);
    for (let step = 0; step < steps; step++) {
      const spawn = pendingSpawns.shift();
      const calls = spawn ? 1 : rng.weighted({ 1: 70, 2: 20, 3: 10 });
      const names: ToolName[] = spawn ? ['Task'] : Array.from({ length: Number(calls) }, () => rng.weighted(TOOL_WEIGHTS));
      const ids = this.assistant(names, spawn);
      ids.forEach((id, i) => this.runTool(names[i]!, id, spawn));
      if (this.full() && !pendingSpawns.length) break;
    }
    this.assistant([], undefined);
    if (!this.plan.asSubagent && rng.chance(0.6)) {
      this.record({ type: 'system', subtype: 'stop_hook_summary', hookCount: 1, hookInfos: [{ command: '~/.claude/hooks/notify.sh stop' }], hookErrors: [], preventedContinuation: false, stopReason: '', hasOutput: false, level: 'suggestion', toolUseID: rng.uuid() });
      this.record({ type: 'system', subtype: 'turn_duration', durationMs: rng.int(2000, 600000), isMeta: false });
    }
    this.tick(20, 900);
  }

  /** One API message, written one content block a line; returns the tool_use ids. */
  private assistant(tools: ToolName[], spawn: SubagentSpawn | undefined): string[] {
    const { rng, text } = this;
    const msgId = `msg_01${rng.base62(22)}`;
    const requestId = `req_011C${rng.base62(20)}`;
    this.cacheRead += rng.int(200, 4000);
    const usage = {
      input_tokens: rng.int(1, 12),
      cache_creation_input_tokens: rng.int(100, 9000),
      cache_read_input_tokens: this.cacheRead,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: rng.int(100, 9000) },
      output_tokens: rng.int(8, 1800),
      service_tier: 'standard',
      inference_geo: 'not_available',
    };
    const blocks: Record<string, unknown>[] = [];
    if (rng.chance(0.4)) blocks.push({ type: 'thinking', thinking: text.paragraph(rng.int(1, 6)), signature: text.opaque(rng.int(300, 1200)) });
    if (!tools.length || rng.chance(0.5)) blocks.push({ type: 'text', text: tools.length ? text.paragraph(rng.int(1, 2)) : text.document(this.lines(1, 4, 2000)) });
    const ids: string[] = [];
    for (const name of tools) {
      const id = `toolu_01${rng.base62(22)}`;
      ids.push(id);
      blocks.push({ type: 'tool_use', id, name, input: this.inputFor(name, id, spawn), caller: { type: 'direct' } });
    }
    this.tick(1, 40);
    for (const block of blocks) {
      this.record({
        message: { model: this.plan.model, id: msgId, type: 'message', role: 'assistant', content: [block], stop_reason: null, stop_sequence: null, usage },
        requestId,
        type: 'assistant',
      });
      this.tick(0, 2);
    }
    return ids;
  }

  // Inputs are decided when the tool_use is written and remembered for the result.
  private readonly inputs = new Map<string, Record<string, unknown>>();

  private inputFor(name: ToolName, id: string, spawn: SubagentSpawn | undefined): Record<string, unknown> {
    const { rng, text } = this;
    const file = rng.pick(this.files);
    let input: Record<string, unknown>;
    switch (name) {
      case 'Read':
        input = { file_path: file };
        break;
      case 'Bash':
        input = { command: rng.pick(['npm test', 'npm run build', `git diff --stat`, `git log --oneline -20`, `ls -la ${this.plan.cwd}/src`, `rg -n "${text.ident()}" src`, `pytest -q tests/test_${text.ident()}.py`, `cat package.json`, `node scripts/${text.ident()}.mjs`, `curl -s http://localhost:3000/${text.ident()}`]), description: text.words(4) };
        break;
      case 'Edit':
        input = { file_path: file, old_string: text.codeLines(rng.int(1, 6)), new_string: text.codeLines(rng.int(1, 10)), replace_all: false };
        break;
      case 'MultiEdit':
        input = { file_path: file, edits: Array.from({ length: rng.int(2, 4) }, () => ({ old_string: text.codeLines(rng.int(1, 3)), new_string: text.codeLines(rng.int(1, 4)) })) };
        break;
      case 'Write':
        input = { file_path: file, content: text.codeLines(this.lines(10, 400, 45)) };
        break;
      case 'Grep':
        input = { pattern: `${text.ident()}${rng.chance(0.5) ? '\\(' : ''}`, path: this.plan.cwd, output_mode: 'content', '-n': true };
        break;
      case 'Glob':
        input = { pattern: `**/*.${rng.pick(LANG_EXT)}` };
        break;
      case 'TodoWrite':
        input = { todos: Array.from({ length: rng.int(2, 8) }, () => ({ content: text.words(rng.int(3, 8)), status: rng.pick(['pending', 'in_progress', 'completed']), activeForm: text.words(3) })) };
        break;
      case 'WebFetch':
        input = { url: `https://docs.example.dev/${text.ident()}/${text.ident()}`, prompt: text.paragraph(1) };
        break;
      case 'WebSearch':
        input = { query: text.words(rng.int(3, 7)) };
        break;
      case 'Task':
        input = { description: spawn!.description, prompt: spawn!.prompt, subagent_type: spawn!.agentType };
        break;
    }
    this.inputs.set(id, input);
    return input;
  }

  private runTool(name: ToolName, id: string, spawn: SubagentSpawn | undefined): void {
    const { rng } = this;
    this.tools[name] = (this.tools[name] ?? 0) + 1;
    const input = this.inputs.get(id)!;
    this.inputs.delete(id);
    if (rng.chance(0.3)) this.progress({ type: 'hook_progress', hookEvent: 'PreToolUse', hookName: `PreToolUse:${name}`, command: '~/.claude/hooks/guard.sh' }, id);
    const run = this.toolRun(name, input, id, spawn);
    this.tick(0, name === 'Bash' ? 90 : name === 'Task' ? 300 : 5);
    this.record({
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content: run.content, ...(run.isError ? { is_error: true } : {}) }] },
      toolUseResult: run.result,
    });
    if (rng.chance(0.3)) this.progress({ type: 'hook_progress', hookEvent: 'PostToolUse', hookName: `PostToolUse:${name}`, command: '~/.claude/hooks/format.sh' }, id);
  }

  private toolRun(name: ToolName, input: Record<string, unknown>, id: string, spawn: SubagentSpawn | undefined): ToolRun {
    const { rng, text } = this;
    const filePath = String(input.file_path ?? '');
    switch (name) {
      case 'Read': {
        const n = this.lines(20, 700, 90);
        const numbered = text.numberedCode(1, n);
        return { input, content: numbered, result: { type: 'text', file: { filePath, content: numbered.replace(/^ *\d+\t/gm, ''), numLines: n, startLine: 1, totalLines: n } } };
      }
      case 'Bash': {
        const full = text.logLines(this.lines(1, 500, 60)).slice(0, BASH_OUTPUT_CAP);
        if (rng.chance(0.25)) this.bashProgress(full, id);
        if (rng.chance(0.04)) {
          const stderr = text.logLines(rng.int(2, 20));
          return { input, content: `Exit code 1\n${stderr}`, isError: true, result: `Error: Exit code 1\n${stderr}` };
        }
        return { input, content: full, result: { stdout: full, stderr: '', interrupted: false, isImage: false, noOutputExpected: false } };
      }
      case 'Edit':
      case 'MultiEdit': {
        this.edited.add(filePath);
        const original = text.codeLines(this.lines(30, 1500, 45));
        const start = rng.int(1, 200);
        const hunkLines = text.codeLines(rng.int(4, 24)).split('\n').map((l, i) => (i % 5 === 2 ? `-${l}` : i % 5 === 3 ? `+${l}` : ` ${l}`));
        const edit = name === 'Edit' ? { oldString: input.old_string, newString: input.new_string, replaceAll: false } : { edits: input.edits };
        return {
          input,
          content: `The file ${filePath} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${text.numberedCode(start, rng.int(5, 20))}`,
          result: { filePath, ...edit, originalFile: original, structuredPatch: [{ oldStart: start, oldLines: hunkLines.length, newStart: start, newLines: hunkLines.length, lines: hunkLines }], userModified: false },
        };
      }
      case 'Write':
        this.edited.add(filePath);
        return { input, content: `File created successfully at: ${filePath}`, result: { type: 'create', filePath, content: input.content, structuredPatch: [] } };
      case 'Grep': {
        const n = this.lines(1, 250, 150);
        const content = Array.from({ length: n }, () => `${rng.pick(this.files)}:${rng.int(1, 900)}:${text.codeLines(1).trim()}`).join('\n');
        return { input, content, result: { mode: 'content', numFiles: rng.int(1, 30), filenames: [], content, numLines: n } };
      }
      case 'Glob': {
        const filenames = Array.from({ length: this.lines(1, 120, 100) }, () => rng.pick(this.files));
        return { input, content: filenames.join('\n'), result: { filenames, durationMs: rng.int(5, 400), numFiles: filenames.length, truncated: false } };
      }
      case 'TodoWrite':
        return { input, content: 'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress.', result: { oldTodos: [], newTodos: input.todos } };
      case 'WebFetch': {
        const body = text.document(Math.min(rng.int(2, 14), this.lines(2, 14, 1600)));
        return { input, content: body, result: { bytes: body.length * rng.int(5, 40), code: 200, codeText: 'OK', result: body, durationMs: rng.int(300, 9000), url: input.url } };
      }
      case 'WebSearch': {
        const results = Array.from({ length: 10 }, () => ({ title: text.words(rng.int(4, 9)), url: `https://${text.ident()}.example.org/${text.ident()}` }));
        const summary = text.document(rng.int(1, 4));
        return { input, content: `Web search results for query: "${input.query}"\n\nLinks: ${JSON.stringify(results)}\n\n${summary}`, result: { query: input.query, results: [{ tool_use_id: `srvtoolu_01${rng.base62(22)}`, content: results }, summary], durationSeconds: rng.next() * 10 } };
      }
      case 'Task': {
        this.agentProgress(spawn!, id);
        const answer = text.document(rng.int(2, 8));
        return {
          input,
          content: [{ type: 'text', text: answer }, { type: 'text', text: `agentId: ${spawn!.agentId} (for resuming to continue this agent's work if needed)` }],
          result: { status: 'completed', prompt: spawn!.prompt, agentId: spawn!.agentId, content: [{ type: 'text', text: answer }], totalDurationMs: rng.int(10000, 600000), totalTokens: rng.int(5000, 90000), totalToolUseCount: rng.int(1, 40) },
        };
      }
    }
  }

  /** Live output of a long command: every line carries the output so far (cut to Claude's cap). */
  private bashProgress(full: string, toolId: string): void {
    const lines = full.split('\n');
    const n = this.rng.int(1, 6);
    for (let i = 1; i <= n; i++) {
      const upTo = lines.slice(0, Math.ceil((lines.length * i) / (n + 1)));
      this.tick(1, 3);
      this.progress({ type: 'bash_progress', output: upTo.slice(-5).join('\n'), fullOutput: upTo.join('\n'), elapsedTimeSeconds: i * 2, totalLines: upTo.length }, toolId, `bash-progress-${i - 1}`);
    }
  }

  /** The parent's view of a running subagent: its messages relayed one `agent_progress` line each. */
  private agentProgress(spawn: SubagentSpawn, toolId: string): void {
    const { rng, text } = this;
    const n = rng.int(3, 20);
    for (let i = 0; i < n; i++) {
      const fromUser = i % 2 === 0;
      const toolUseId = `toolu_01${rng.base62(22)}`;
      const message = fromUser
        ? { type: 'user', message: { role: 'user', content: i === 0 ? [{ type: 'text', text: spawn.prompt }] : [{ tool_use_id: toolUseId, type: 'tool_result', content: text.logLines(rng.logInt(1, 40)) }] }, uuid: rng.uuid(), timestamp: this.iso() }
        : { type: 'assistant', message: { model: 'claude-haiku-4-5-20251001', id: `msg_01${rng.base62(22)}`, type: 'message', role: 'assistant', content: [{ type: 'tool_use', id: toolUseId, name: rng.pick(['Read', 'Grep', 'Glob', 'Bash']), input: { pattern: text.ident() } }], stop_reason: null, stop_sequence: null, usage: { input_tokens: rng.int(1, 9), output_tokens: rng.int(10, 400) } }, requestId: `req_011C${rng.base62(20)}`, uuid: rng.uuid(), timestamp: this.iso() };
      this.tick(1, 20);
      this.progress({ message, normalizedMessages: [], type: 'agent_progress', prompt: spawn.prompt, agentId: spawn.agentId }, toolId, `agent_msg_01${rng.base62(22)}`);
    }
  }

  /** Closing a turn (answer, hooks) adds about this much: stop adding steps that close to the target. */
  private full(): boolean {
    return this.w.bytes + 2500 >= this.plan.targetBytes;
  }

  /**
   * How many lines a tool's output gets: log-uniform in [min, max], but kept within what is left
   * of the file's size budget so small files are not overshot by one big result.
   */
  private lines(min: number, max: number, bytesPerLine: number): number {
    const left = this.plan.targetBytes - this.w.bytes;
    return Math.min(this.rng.logInt(min, max), Math.max(min, Math.floor(left / bytesPerLine)));
  }

  private snapshot(messageId: string): void {
    const backups: Record<string, unknown> = {};
    let i = 0;
    for (const f of this.edited) {
      if (i++ >= 12) break;
      backups[f] = { backupFileName: `${this.rng.hex(16)}@v${this.rng.int(1, 6)}`, version: this.rng.int(1, 6), backupTime: this.iso() };
    }
    this.w.write({ type: 'file-history-snapshot', messageId, snapshot: { messageId, trackedFileBackups: backups, timestamp: this.iso() }, isSnapshotUpdate: false });
  }

  private progress(data: Record<string, unknown>, parentToolUseID: string, toolUseID = parentToolUseID): void {
    this.record({ type: 'progress', data, parentToolUseID, toolUseID });
  }

  /** A record with the envelope every 2.1.x line carries; the order of keys follows Claude's. */
  private record(body: Record<string, unknown>): void {
    const uuid = typeof body.uuid === 'string' ? body.uuid : this.rng.uuid();
    const { plan } = this;
    this.w.write({
      parentUuid: this.parent,
      isSidechain: plan.asSubagent !== undefined,
      userType: 'external',
      cwd: plan.cwd,
      sessionId: plan.sessionId,
      version: VERSION,
      gitBranch: plan.gitBranch,
      ...(plan.asSubagent ? { agentId: plan.asSubagent.agentId } : {}),
      slug: this.slug,
      ...body,
      uuid,
      timestamp: this.iso(),
    });
    this.parent = uuid;
  }

  private tick(minSeconds: number, maxSeconds: number): void {
    this.t += Math.round((minSeconds + this.rng.next() * (maxSeconds - minSeconds)) * 1000);
  }

  private iso(): string {
    return new Date(this.t).toISOString();
  }
}
