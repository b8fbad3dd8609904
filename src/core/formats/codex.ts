/**
 * OpenAI Codex CLI / Codex Desktop rollouts (`rollout-<time>-<uuid>.jsonl`).
 *
 * Two layouts: `{timestamp, type, payload}` envelopes (session_meta, turn_context, response_item,
 * event_msg, compacted, world_state, ...), and the earlier bare one (a `{id, timestamp}` header, then
 * response items as they are and `{record_type: "state"}` markers). Tool calls are response items
 * paired with their outputs by call_id; event_msg records repeat the conversation and add facts the
 * items lack (exit codes, patch results, MCP errors, aborted turns).
 */
import { GapList } from '../gaps';
import type { GapKind, SessionDraft, ToolCall, ToolKind, ToolStatus } from '../model';
import { diffLineRange, parsePatch } from './patch';
import type { FileHead, LineFormat, LineParser } from './types';
import {
  addModel,
  arr,
  clip,
  cloneDrafts,
  emptyDraft,
  isNaiveTimestamp,
  isoTime,
  isRecord,
  mcpServerOf,
  num,
  oneLine,
  parseRecord,
  type Rec,
  seeTime,
  str,
  touch,
} from './util';

/** Top-level `type` of the envelope layout. */
const ENVELOPES = new Set([
  'session_meta',
  'turn_context',
  'response_item',
  'event_msg',
  'compacted',
  'world_state',
  'inter_agent_communication_metadata',
]);

/** Response items the bare layout writes as whole lines. */
const BARE_ITEMS = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
]);

/** Response items that say nothing about what the session touched. */
const QUIET_ITEMS = new Set(['ghost_snapshot', 'compaction', 'compaction_summary', 'agent_message', 'other']);

/** Events that only repeat or decorate what other records say. */
const QUIET_EVENTS = new Set([
  'token_count',
  'agent_reasoning_raw_content',
  'agent_reasoning_section_break',
  'agent_reasoning_delta',
  'agent_message_delta',
  'exec_command_begin',
  'exec_command_output_delta',
  'terminal_interaction',
  'patch_apply_begin',
  'mcp_tool_call_begin',
  'web_search_begin',
  'image_generation_begin',
  'stream_error',
  'warning',
  'background_event',
  'entered_review_mode',
  'exited_review_mode',
  'context_compacted',
  'thread_goal_updated',
  'sub_agent_activity',
  'guardian_assessment',
  'dynamic_tool_call_request',
  'dynamic_tool_call_response',
  'item_started',
  'item_completed',
  'undo_started',
  'undo_completed',
  'plan_update',
  'turn_diff',
  'session_configured',
  'shutdown_complete',
  'deprecation_notice',
  'exec_approval_request',
  'apply_patch_approval_request',
  'request_user_input',
  'elicitation_request',
  'get_history_entry_response',
  'mcp_list_tools_response',
  'mcp_startup_update',
  'mcp_startup_complete',
  'list_custom_prompts_response',
  'list_skills_response',
  'raw_response_item',
  'model_reroute',
  'conversation_path',
]);

const NET_EGRESS = ['net-egress'];

/** Kinds whose paths and commands depend on the folder they run in. */
const FOLDER_KINDS = new Set<ToolKind>(['shell', 'edit', 'read', 'write', 'search']);

// ---------------------------------------------------------------------------------------------
// Tool inputs -> what a call does

/** What a call's input says, before it becomes a ToolCall. */
interface Described {
  kind: ToolKind;
  args: string;
  command?: string;
  cwd?: string;
  url?: string;
  query?: string;
  mcpServer?: string;
  capabilities?: string[];
  unmapped?: boolean;
  /** apply_patch text: parsed into touches. */
  patch?: string;
  /** Paths a structured input reads. */
  reads?: string[];
}

const SAFE_WORD = /^[\w@%+=:,./-]+$/;

function shellQuote(word: string): string {
  if (word === '') return "''";
  return SAFE_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv as the shell line that runs it, so `["bash","-lc",s]` reads `bash -lc '<s>'`. */
export function joinArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

function joinPath(base: string | undefined, rel: string): string {
  if (rel.startsWith('/') || !base) return rel;
  return `${base.replace(/\/+$/, '')}/${rel}`;
}

function unquote(word: string): string {
  return /^(['"]).*\1$/.test(word) ? word.slice(1, -1) : word;
}

interface ScriptPatch {
  text: string;
  /** `cd <dir> && apply_patch ...`: the folder the patch's paths are relative to. */
  cd?: string;
}

/** A shell script that only feeds a patch to apply_patch (heredoc form); Codex runs it as an edit. */
function patchInScript(script: string): ScriptPatch | undefined {
  const m = /^\s*(?:cd\s+(\S+)\s*&&\s*)?(?:apply_patch|applypatch)\b/.exec(script);
  const begin = script.indexOf('*** Begin Patch');
  if (!m || begin < 0) return undefined;
  return { text: script.slice(begin), cd: m[1] ? unquote(m[1]) : undefined };
}

function patchInArgv(argv: readonly string[]): ScriptPatch | undefined {
  const program = argv.length > 0 ? basename(argv[0]) : '';
  if ((program === 'apply_patch' || program === 'applypatch') && argv.length >= 2) return { text: argv[1] };
  if (argv.length === 3 && /^(ba|z|da)?sh$/.test(program) && (argv[1] === '-lc' || argv[1] === '-c')) {
    return patchInScript(argv[2]);
  }
  return undefined;
}

function asPatch(patch: ScriptPatch, workdir: string | undefined): Described {
  return { kind: 'edit', args: '', patch: patch.text, cwd: patch.cd ? joinPath(workdir, patch.cd) : workdir };
}

function shellArgv(argv: readonly string[], workdir: string | undefined): Described {
  const patch = patchInArgv(argv);
  if (patch) return asPatch(patch, workdir);
  if (argv.length === 0) return { kind: 'shell', args: '', cwd: workdir };
  const command = joinArgv(argv);
  return { kind: 'shell', args: oneLine(command), command, cwd: workdir };
}

function shellText(command: string | undefined, workdir: string | undefined): Described {
  if (command === undefined) return { kind: 'shell', args: '', cwd: workdir };
  const patch = patchInScript(command);
  if (patch) return asPatch(patch, workdir);
  return { kind: 'shell', args: oneLine(command), command, cwd: workdir };
}

function literal(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function stdinArgs(input: Rec): string {
  const session = str(input.session_id) ?? num(input.session_id)?.toString();
  const chars = str(input.chars) ?? '';
  const head = session === undefined ? 'session ?' : `session ${session}`;
  return chars ? `${head}: ${literal(chars)}` : `${head} (poll)`;
}

function planArgs(input: Rec): string {
  const steps = arr(input.plan).filter(isRecord);
  const current = steps.find((s) => s.status === 'in_progress') ?? steps[0];
  const step = current ? str(current.step) : undefined;
  const head = `${steps.length} step${steps.length === 1 ? '' : 's'}`;
  return step ? `${head}: ${oneLine(step, 120)}` : oneLine(str(input.explanation) ?? head);
}

function firstQuestion(input: Rec): string {
  const q = arr(input.questions).find(isRecord);
  return oneLine((q && (str(q.question) ?? str(q.header))) ?? str(input.question) ?? '');
}

/** Old MCP names were `server__tool`, before the `mcp__` prefix; Codex's own tools never hold `__`. */
function unprefixedServer(tool: string): string | undefined {
  const i = tool.indexOf('__');
  if (i <= 0 || i >= tool.length - 2) return undefined;
  const server = tool.slice(0, i);
  return /^[\w.-]+$/.test(server) ? server : undefined;
}

function summarize(input: Rec | undefined, raw: string): string {
  if (input && Object.keys(input).length > 0) return oneLine(JSON.stringify(input));
  return oneLine(raw);
}

type Describer = (input: Rec) => Described;

const execCommand: Describer = (i) => {
  const cmd = i.cmd ?? i.command;
  const workdir = str(i.workdir);
  return Array.isArray(cmd) ? shellArgv(strings(cmd), workdir) : shellText(str(cmd), workdir);
};

const collab: Describer = (i) => ({
  kind: 'other',
  args: oneLine(str(i.id) ?? str(i.agent_id) ?? str(i.target) ?? strings(i.ids).join(', ')),
});

const goal: Describer = (i) => ({ kind: 'plan', args: oneLine(str(i.objective) ?? str(i.status) ?? '') });

const mcpResource: Describer = (i) => {
  const server = str(i.server);
  const uri = str(i.uri);
  return { kind: 'mcp', args: [server, uri].filter(Boolean).join(' '), mcpServer: server };
};

/** Every tool name Codex has shipped, by era. */
const TOOLS: Record<string, Describer> = {
  shell: (i) => shellArgv(strings(i.command), str(i.workdir)),
  'container.exec': (i) => shellArgv(strings(i.command), str(i.workdir)),
  local_shell: (i) => shellArgv(strings(i.command), str(i.workdir) ?? str(i.working_directory)),
  shell_command: (i) => shellText(str(i.command), str(i.workdir)),
  exec_command: execCommand,
  unified_exec: (i) =>
    i.session_id !== undefined ? { kind: 'shell', args: stdinArgs(i) } : shellArgv(strings(i.input), str(i.workdir)),
  write_stdin: (i) => ({ kind: 'shell', args: stdinArgs(i) }),
  apply_patch: (i) => ({ kind: 'edit', args: '', patch: str(i.input) ?? str(i.patch) }),
  update_plan: (i) => ({ kind: 'plan', args: planArgs(i) }),
  view_image: (i) => {
    const path = str(i.path);
    return { kind: 'read', args: path ?? '', reads: path ? [path] : undefined };
  },
  read_file: (i) => {
    const path = str(i.file_path) ?? str(i.path);
    return { kind: 'read', args: path ?? '', reads: path ? [path] : undefined };
  },
  list_dir: (i) => ({ kind: 'search', args: str(i.dir_path) ?? str(i.path) ?? '' }),
  grep_files: (i) => ({
    kind: 'search',
    args: oneLine([str(i.pattern), str(i.path)].filter(Boolean).join(' in ')),
    query: str(i.pattern),
  }),
  web_search: (i) => ({ kind: 'web', args: oneLine(str(i.query) ?? ''), query: str(i.query), capabilities: NET_EGRESS }),
  tool_search: (i) => ({ kind: 'other', args: oneLine(str(i.query) ?? ''), query: str(i.query) }),
  spawn_agent: (i) => {
    const task = str(i.message) ?? str(i.task) ?? str(i.prompt) ?? '';
    const type = str(i.agent_type) ?? str(i.role);
    return { kind: 'spawn', args: oneLine(type ? `[${type}] ${task}` : task) };
  },
  send_input: collab,
  send_message: collab,
  followup_task: collab,
  wait: collab,
  wait_agent: collab,
  close_agent: collab,
  resume_agent: collab,
  list_agents: collab,
  request_user_input: (i) => ({ kind: 'ask', args: firstQuestion(i) }),
  request_permissions: (i) => ({ kind: 'ask', args: oneLine(str(i.reason) ?? str(i.justification) ?? '') }),
  list_mcp_resources: mcpResource,
  list_mcp_resource_templates: mcpResource,
  read_mcp_resource: mcpResource,
  get_goal: goal,
  set_goal: goal,
  create_goal: goal,
  update_goal: goal,
};

/** What a named call with this input does. `input` is undefined when the arguments could not be read. */
function describe(tool: string, input: Rec | undefined, raw: string): Described {
  const known = Object.prototype.hasOwnProperty.call(TOOLS, tool) ? TOOLS[tool] : undefined;
  if (known) {
    const d = known(input ?? {});
    if (!d.args && !d.patch) d.args = summarize(input, raw);
    return d;
  }
  const server = mcpServerOf(tool) ?? unprefixedServer(tool);
  if (server) return { kind: 'mcp', args: summarize(input, raw), mcpServer: server };
  return { kind: 'other', args: summarize(input, raw), unmapped: true };
}

// ---------------------------------------------------------------------------------------------
// Outputs -> status

interface Verdict {
  status: ToolStatus;
  exitCode?: number;
  error?: string;
  /** False when nothing in the output says how it went (it came back, so it ran). */
  certain: boolean;
}

const DENIED = /rejected by (?:the )?user|rejected due to unacceptable risk/i;
const ABORTED = /^(?:command )?(?:aborted|interrupted)(?: by (?:the )?user)?\.?$/i;
const FAILED =
  /^(?:failed to parse function arguments|unsupported call|apply_patch verification failed|execution error|error:|failed to |invalid patch|patch failed)/i;

/** The text of an output: a string, `{content|output|text}`, or a list of content items. */
function outputText(v: unknown, depth = 0): string {
  if (typeof v === 'string') return v;
  if (depth > 3) return '';
  if (Array.isArray(v)) {
    return v
      .slice(0, 8)
      .map((x) => outputText(x, depth + 1))
      .filter((t) => t !== '')
      .join('\n');
  }
  if (isRecord(v)) {
    const direct = str(v.text) ?? str(v.content) ?? str(v.output);
    if (direct !== undefined) return direct;
    if (Array.isArray(v.content)) return outputText(v.content, depth + 1);
  }
  return '';
}

function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  for (const line of text.split('\n', 40)) if (line.trim() !== '') return oneLine(line);
  return undefined;
}

/** The part of an exec output before its `Output:` body (exit code, wall time, chunk id). */
function outputHeader(text: string): { header: string; body?: string } {
  const at = text.indexOf('\nOutput:');
  if (at >= 0 && at < 1000) return { header: text.slice(0, at), body: text.slice(at + 8) };
  return { header: text.slice(0, 400) };
}

function exitCodeOf(text: string, header: string): number | undefined {
  const m = /^Exit code: (-?\d+)/m.exec(header) ?? /Process exited with code (-?\d+)/.exec(header);
  if (m) return Number(m[1]);
  if (text.startsWith('{')) {
    const j = /"exit_code"\s*:\s*(-?\d+)/.exec(text.slice(-400));
    if (j) return Number(j[1]);
  }
  return undefined;
}

/** The first line worth showing from a failed output: its body, not the exec header. */
function failureLine(text: string, body: string | undefined): string | undefined {
  if (text.startsWith('{')) {
    try {
      const doc: unknown = JSON.parse(text);
      if (isRecord(doc)) return firstLine(str(doc.output));
    } catch {
      // not the JSON wrapper after all
    }
  }
  // With an exec header, the header itself is no error message.
  return body !== undefined ? firstLine(body) : firstLine(text);
}

function judge(text: string): Verdict {
  const head = text.slice(0, 600);
  if (DENIED.test(head)) return { status: 'denied', error: firstLine(head), certain: true };
  const trimmed = head.trim();
  if (trimmed.length < 60 && ABORTED.test(trimmed)) return { status: 'interrupted', error: trimmed, certain: true };
  const { header, body } = outputHeader(text);
  const exitCode = exitCodeOf(text, header);
  if (exitCode !== undefined) {
    if (exitCode === 0) return { status: 'succeeded', exitCode, certain: true };
    return { status: 'failed', exitCode, error: failureLine(text, body) ?? `exit code ${exitCode}`, certain: true };
  }
  if (FAILED.test(trimmed)) return { status: 'failed', error: firstLine(trimmed), certain: true };
  return { status: 'succeeded', certain: false };
}

/** Status words of items that carry their own (web_search_call, image_generation_call, ...). */
function itemStatus(v: unknown): ToolStatus {
  const s = str(v);
  if (s === undefined || s === 'completed') return 'succeeded';
  if (s === 'failed' || s === 'incomplete') return 'failed';
  if (s === 'in_progress' || s === 'searching' || s === 'generating') return 'pending';
  return 'succeeded';
}

// ---------------------------------------------------------------------------------------------
// Records -> session

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  for (const item of arr(content).slice(0, 16)) {
    if (isRecord(item)) {
      const text = str(item.text);
      if (text) parts.push(text);
    }
  }
  return parts.join('\n');
}

function summaryText(summary: unknown): string {
  return arr(summary)
    .map((s) => (isRecord(s) ? (str(s.text) ?? '') : typeof s === 'string' ? s : ''))
    .filter((s) => s !== '')
    .join(' ');
}

/** Context Codex injects as user messages (environment, AGENTS.md, permissions, shell echoes). */
function isInjected(text: string): boolean {
  const t = text.trimStart();
  return /^<([a-z]+_[a-z_]+|[a-z]+ instructions)\b/i.test(t) || t.startsWith('# AGENTS.md instructions');
}

function fileSessionId(source: string): string {
  const base = basename(source).replace(/(\.jsonl?)?(\.zst)?$/i, '');
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(base);
  return m ? m[1] : base;
}

function policyName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v)) return Object.keys(v)[0];
  return undefined;
}

/**
 * Codex writes every chat message twice, as a response item and as an event, in either order (and
 * redaction can make the twins differ). Each stream is tallied apart; events win when the log has them.
 */
type Stream = 'item' | 'event';
interface Tally {
  users: number;
  agents: number;
  firstUser?: string;
}

interface OpenCall {
  call: ToolCall;
  /** Touches already came from the call's own input. */
  touched: boolean;
}

class CodexParser implements LineParser {
  private readonly draft: SessionDraft;
  private readonly gaps = new GapList();
  private readonly calls = new Map<string, OpenCall>();
  private readonly ids = new Set<string>();
  private readonly tally: Record<Stream, Tally> = { item: { users: 0, agents: 0 }, event: { users: 0, agents: 0 } };
  private readonly approvals: string[] = [];
  private readonly sandboxes: string[] = [];
  private readonly roots: string[] = [];
  private records = 0;
  private metaSeen = false;
  private threadName?: string;
  private eventsSeen = false;
  private turnCwd?: string;
  /** The agent's last message and reasoning summary since its last tool result: the next call's "why". */
  private said?: string;
  private thought?: string;
  private lineNo = 0;
  private at?: string;

  constructor(private readonly source: string) {
    this.draft = emptyDraft(fileSessionId(source), 'codex', source);
  }

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const src = this.draft.sources[0];
    src.firstLine ??= lineNo;
    src.lastLine = lineNo;
    this.lineNo = lineNo;
    try {
      this.record(text);
    } catch {
      this.gap('schema-drift', 'record could not be read');
    }
  }

  snapshot(): SessionDraft[] {
    if (this.records === 0 && this.gaps.size === 0) return [];
    const [copy] = cloneDrafts([this.draft]);
    const gaps = new GapList();
    gaps.addAll(this.gaps.toArray());
    for (const c of copy.toolCalls) {
      if (c.status === 'pending') gaps.add('missing-result', c.tool, { source: c.source?.file, line: c.source?.line });
    }
    copy.gaps = gaps.toArray();
    const { item, event } = this.tally;
    const users = event.users > 0 ? event.users : item.users;
    const agents = event.agents > 0 ? event.agents : item.agents;
    if (users > 0) copy.meta.userMessages = users;
    if (agents > 0) copy.meta.agentMessages = agents;
    const title = this.threadName ?? event.firstUser ?? item.firstUser;
    if (title) copy.title = title;
    return [copy];
  }

  private gap(kind: GapKind, detail: string): void {
    this.gaps.add(kind, detail, { source: this.source, line: this.lineNo });
  }

  private setMeta(key: string, value: string | number | boolean | undefined): void {
    if (value !== undefined && value !== '') this.draft.meta[key] = value;
  }

  /** Keeps each distinct value once, in order: a policy that changed mid-session shows both. */
  private remember(list: string[], value: string | undefined, key: string): void {
    if (!value || list.includes(value)) return;
    list.push(value);
    this.draft.meta[key] = list.join(', ');
  }

  private record(text: string): void {
    const rec = parseRecord(text);
    if (!rec) {
      this.gap('malformed-line', 'not a JSON object');
      return;
    }
    const first = this.records === 0;
    this.records++;
    this.at = this.time(rec.timestamp);
    const type = rec.type;

    if (typeof type === 'string' && ENVELOPES.has(type)) {
      const payload = rec.payload;
      if (!isRecord(payload)) {
        this.gap('schema-drift', `${type}: payload is not an object`);
        return;
      }
      if (type === 'session_meta') this.sessionMeta(payload);
      else if (type === 'turn_context') this.turnContext(payload);
      else if (type === 'response_item') this.responseItem(payload);
      else if (type === 'event_msg') this.event(payload);
      else if (type === 'world_state' && isRecord(payload.state)) addModel(this.draft, payload.state.model);
      return;
    }
    if (type === undefined) {
      if (rec.record_type !== undefined) return; // bare layout's state marker
      if (first && str(rec.id) !== undefined && rec.timestamp !== undefined) {
        this.sessionMeta(rec);
        return;
      }
      this.gap('unknown-record', 'record without type');
      return;
    }
    if (typeof type === 'string' && BARE_ITEMS.has(type)) {
      this.responseItem(rec);
      return;
    }
    this.gap('unknown-record', typeof type === 'string' ? type : `type ${JSON.stringify(type)}`);
  }

  private time(v: unknown): string | undefined {
    if (typeof v === 'string' && isNaiveTimestamp(v)) this.gap('guessed-timezone', 'timestamp without zone');
    const iso = isoTime(v);
    seeTime(this.draft, iso);
    return iso;
  }

  private sessionMeta(p: Rec): void {
    // A fork copies its parent's history, header included: the file's first header names its session.
    if (this.metaSeen) return;
    this.metaSeen = true;
    const id = str(p.id) ?? str(p.session_id);
    if (id) this.draft.id = id;
    else if (p.id !== undefined) this.gap('schema-drift', 'session_meta: id is not a string');
    seeTime(this.draft, isoTime(p.timestamp));
    const cwd = str(p.cwd);
    if (cwd) this.draft.cwd = cwd;
    this.setMeta('originator', str(p.originator));
    this.setMeta('cliVersion', str(p.cli_version));
    this.setMeta('modelProvider', str(p.model_provider));
    if (isRecord(p.git)) {
      this.setMeta('gitBranch', str(p.git.branch));
      this.setMeta('gitCommit', str(p.git.commit_hash));
      this.setMeta('gitRepositoryUrl', str(p.git.repository_url));
    }

    const source = p.source;
    const subagent = isRecord(source) ? source.subagent : undefined;
    this.setMeta('source', str(source) ?? (subagent !== undefined ? 'subagent' : policyName(source)));
    let spawnedBy: string | undefined;
    if (typeof subagent === 'string') this.draft.agentType = subagent;
    else if (isRecord(subagent)) {
      const spawn = isRecord(subagent.thread_spawn) ? subagent.thread_spawn : undefined;
      if (spawn) {
        spawnedBy = str(spawn.parent_thread_id);
        this.draft.agentType = str(spawn.agent_role) ?? 'thread_spawn';
        this.setMeta('agentNickname', str(spawn.agent_nickname));
      } else {
        this.draft.agentType = str(subagent.other) ?? Object.keys(subagent)[0];
      }
    }
    this.draft.agentType ??= str(p.agent_role);
    this.setMeta('agentNickname', str(p.agent_nickname));
    const forkedFrom = str(p.forked_from_id);
    this.setMeta('forkedFromId', forkedFrom);
    const parent = str(p.parent_thread_id) ?? spawnedBy ?? forkedFrom;
    if (parent) this.draft.parentId = parent;
  }

  private turnContext(p: Rec): void {
    if (p.model !== undefined && typeof p.model !== 'string') this.gap('schema-drift', 'turn_context: model is not a string');
    addModel(this.draft, p.model);
    const cwd = str(p.cwd);
    if (cwd) {
      this.turnCwd = cwd;
      this.draft.cwd ??= cwd;
    }
    this.remember(this.approvals, policyName(p.approval_policy), 'approvalPolicy');
    const sandbox = p.sandbox_policy;
    if (isRecord(sandbox)) {
      this.remember(this.sandboxes, str(sandbox.type) ?? str(sandbox.mode), 'sandbox');
      if (typeof sandbox.network_access === 'boolean') {
        // Network allowed at any point is what an audit needs to know.
        this.draft.meta.sandboxNetworkAccess = this.draft.meta.sandboxNetworkAccess === true || sandbox.network_access;
      }
      for (const root of strings(sandbox.writable_roots)) this.remember(this.roots, root, 'sandboxWritableRoots');
    } else {
      this.remember(this.sandboxes, str(sandbox), 'sandbox');
    }
  }

  // --- response items -------------------------------------------------------------------------

  private responseItem(p: Rec): void {
    const type = str(p.type);
    switch (type) {
      case 'message':
        this.message(str(p.role), contentText(p.content), 'item');
        return;
      case 'reasoning':
        this.reasoning(summaryText(p.summary));
        return;
      case 'function_call':
        this.functionCall(p);
        return;
      case 'custom_tool_call':
        this.customToolCall(p);
        return;
      case 'local_shell_call':
        this.localShellCall(p);
        return;
      case 'function_call_output':
      case 'custom_tool_call_output':
        this.output(p.call_id, p.output);
        return;
      case 'tool_search_output':
        this.itemResult(p.call_id, itemStatus(p.status));
        return;
      case 'web_search_call':
        this.webSearch(p);
        return;
      case 'tool_search_call':
        this.toolSearch(p);
        return;
      case 'image_generation_call':
        this.imageGeneration(p);
        return;
      default:
        if (type && QUIET_ITEMS.has(type)) return;
        this.gap('unknown-record', `response_item/${type ?? '?'}`);
    }
  }

  private message(role: string | undefined, text: string | undefined, via: Stream): void {
    if (!text) return;
    const tally = this.tally[via];
    if (role === 'assistant') {
      this.said = clip(text);
      tally.agents++;
      return;
    }
    if (role !== 'user') return;
    if (isInjected(text)) {
      // The bare layout names the working folder only here.
      if (!this.draft.cwd) {
        const m = /<cwd>([^<]+)<\/cwd>/.exec(text);
        if (m) this.draft.cwd = m[1].trim();
      }
      return;
    }
    tally.users++;
    tally.firstUser ??= oneLine(text);
    // Logs without events (the bare layout) mark turns only by their user messages.
    if (via === 'event' || !this.eventsSeen) this.newTurn();
  }

  private reasoning(text: string | undefined): void {
    const t = text?.replace(/\*\*/g, '').trim();
    if (t) this.thought = clip(t);
  }

  /** A new user turn: the end signals describe how the latest turn ended. */
  private newTurn(): void {
    this.draft.end = {};
    this.said = this.thought = undefined;
  }

  private readArguments(tool: string, v: unknown): { input?: Rec; raw: string } {
    if (isRecord(v)) return { input: v, raw: '' };
    if (typeof v === 'string') {
      try {
        const parsed: unknown = JSON.parse(v);
        if (isRecord(parsed)) return { input: parsed, raw: v };
      } catch {
        // redacted or free-form: reported below
      }
      this.gap('schema-drift', `${tool}: arguments are not a JSON object`);
      return { raw: v };
    }
    this.gap('schema-drift', `${tool}: arguments missing`);
    return { raw: '' };
  }

  private toolName(p: Rec, record: string): string | undefined {
    const name = str(p.name);
    if (name !== undefined) return name;
    const fallback = isRecord(p.function) ? str(p.function.name) : undefined;
    this.gap('schema-drift', `${record}: name is not a string`);
    return fallback;
  }

  private functionCall(p: Rec): void {
    const name = this.toolName(p, 'function_call');
    if (name === undefined) return;
    // Newer Codex sends MCP tools as {namespace: "mcp__server__", name: "tool"}.
    const ns = str(p.namespace);
    const tool = ns?.startsWith('mcp__') ? (ns.endsWith('__') ? ns + name : `${ns}__${name}`) : name;
    const { input, raw } = this.readArguments(tool, p.arguments);
    this.addCall(str(p.call_id) ?? str(p.id), tool, describe(tool, input, raw), raw);
  }

  private customToolCall(p: Rec): void {
    const tool = this.toolName(p, 'custom_tool_call');
    if (tool === undefined) return;
    const raw = str(p.input) ?? '';
    const id = str(p.call_id) ?? str(p.id);
    if (tool === 'apply_patch') {
      // Freeform tool: the input is the patch itself.
      this.addCall(id, tool, { kind: 'edit', args: '', patch: raw }, raw);
      return;
    }
    const { input } = this.readArguments(tool, raw);
    this.addCall(id, tool, describe(tool, input, raw), raw);
  }

  private localShellCall(p: Rec): void {
    const action = isRecord(p.action) ? p.action : {};
    const workdir = str(action.working_directory) ?? str(action.workdir);
    this.addCall(str(p.call_id) ?? str(p.id), 'local_shell', shellArgv(strings(action.command), workdir), '');
  }

  private webSearch(p: Rec): void {
    const action = isRecord(p.action) ? p.action : {};
    const query = str(action.query) ?? strings(action.queries)[0];
    const url = str(action.url);
    const pattern = str(action.pattern);
    const args = pattern && url ? `find ${literal(pattern)} in ${url}` : (query ?? url ?? '');
    const call = this.addCall(str(p.id) ?? str(p.call_id), 'web_search', {
      kind: 'web',
      args: oneLine(args),
      query,
      url,
      capabilities: NET_EGRESS,
    });
    this.settle(call, itemStatus(p.status));
  }

  private toolSearch(p: Rec): void {
    const args = isRecord(p.arguments) ? p.arguments : {};
    const query = str(args.query);
    const call = this.addCall(str(p.call_id) ?? str(p.id), 'tool_search', { kind: 'other', args: oneLine(query ?? ''), query });
    this.settle(call, itemStatus(p.status));
  }

  private imageGeneration(p: Rec): void {
    const call = this.addCall(str(p.id) ?? str(p.call_id), 'image_generation', {
      kind: 'other',
      args: oneLine(str(p.revised_prompt) ?? ''),
    });
    this.settle(call, itemStatus(p.status));
  }

  private settle(call: ToolCall, status: ToolStatus): void {
    call.status = status;
    if (status !== 'pending' && this.at) call.endedAt = this.at;
  }

  private uniqueId(raw: string | undefined): string {
    let id = raw ?? `call@${this.lineNo}`;
    if (this.ids.has(id)) id = `${id}@${this.lineNo}`;
    for (let n = 2; this.ids.has(id); n++) id = `${raw ?? 'call'}@${this.lineNo}.${n}`;
    this.ids.add(id);
    return id;
  }

  private addCall(rawId: string | undefined, tool: string, d: Described, raw = '', byUser = false): ToolCall {
    const call: ToolCall = {
      id: this.uniqueId(rawId),
      tool,
      kind: d.kind,
      status: 'pending',
      args: d.args,
      source: { file: this.source, line: this.lineNo },
    };
    if (this.at) call.startedAt = this.at;
    if (d.command !== undefined) call.command = d.command;
    // A turn run from another folder than the session's: its file and shell calls ran there.
    const inTurnCwd = this.turnCwd !== this.draft.cwd && FOLDER_KINDS.has(d.kind);
    const cwd = d.cwd ?? (inTurnCwd ? this.turnCwd : undefined);
    if (cwd) call.cwd = cwd;
    if (d.url) call.url = d.url;
    if (d.query) call.query = d.query;
    if (d.mcpServer) call.mcpServer = d.mcpServer;
    if (d.capabilities) call.capabilities = [...d.capabilities];
    if (d.unmapped) {
      call.unmapped = true;
      this.gap('unknown-tool', tool);
    }
    const why = byUser ? undefined : (this.said ?? this.thought);
    if (why) call.why = why;
    this.draft.toolCalls.push(call);

    let touched = false;
    if (d.patch !== undefined) {
      const files = parsePatch(d.patch);
      if (files.length === 0) this.gap('schema-drift', `${tool}: patch text not readable`);
      for (const f of files) {
        this.draft.touches.push(touch(f.path, f.access, 'parsed', call.id, f.lines));
        if (f.moveTo) this.draft.touches.push(touch(f.moveTo, 'create', 'parsed', call.id));
      }
      touched = files.length > 0;
      const names = files.map((f) => (f.moveTo ? `${f.path} -> ${f.moveTo}` : f.path)).join(', ');
      call.args = oneLine(names) || oneLine(raw) || 'patch';
    }
    for (const path of d.reads ?? []) {
      this.draft.touches.push(touch(path, 'read', 'observed', call.id));
      touched = true;
    }
    if (rawId !== undefined) this.calls.set(rawId, { call, touched });
    return call;
  }

  /** The call an output or end event belongs to; `kinds` guards against an event meant for another call. */
  private open(callId: unknown, kinds?: readonly ToolKind[]): OpenCall | undefined {
    const id = str(callId);
    const open = id === undefined ? undefined : this.calls.get(id);
    return open && (!kinds || kinds.includes(open.call.kind)) ? open : undefined;
  }

  private output(callId: unknown, output: unknown): void {
    // What the agent says next belongs to its next call.
    this.said = this.thought = undefined;
    const open = this.open(callId);
    if (!open) return;
    const call = open.call;
    if (this.at) call.endedAt = this.at;
    const text = outputText(output);
    const verdict = judge(text);
    // An output that says nothing does not undo what an end event already said (MCP errors, exit codes).
    const settled = call.status !== 'pending' && call.status !== 'interrupted';
    if (verdict.certain || !settled) {
      call.status = verdict.status;
      if (verdict.exitCode !== undefined) call.exitCode = verdict.exitCode;
      if (verdict.error !== undefined) call.error = verdict.error;
      else if (verdict.status === 'succeeded') delete call.error;
    }
    if (call.kind === 'spawn' && !call.childSessionId) {
      const child = childFromOutput(text);
      if (child) call.childSessionId = child;
    }
  }

  private itemResult(callId: unknown, status: ToolStatus): void {
    const open = this.open(callId);
    if (open && open.call.status === 'pending') this.settle(open.call, status);
  }

  // --- events ---------------------------------------------------------------------------------

  private event(p: Rec): void {
    this.eventsSeen = true;
    const type = str(p.type);
    switch (type) {
      case 'user_message':
        this.message('user', str(p.message), 'event');
        return;
      case 'agent_message':
        this.message('assistant', str(p.message), 'event');
        return;
      case 'agent_reasoning':
        this.reasoning(str(p.text));
        return;
      case 'task_started':
      case 'turn_started':
        this.newTurn();
        return;
      case 'task_complete':
      case 'turn_complete':
        this.turnComplete(p);
        return;
      case 'turn_aborted':
        this.turnAborted();
        return;
      case 'error':
        this.draft.end.error = oneLine(str(p.message) ?? 'error') || 'error';
        delete this.draft.end.completed;
        return;
      case 'exec_command_end':
        this.execEnd(p);
        return;
      case 'patch_apply_end':
        this.patchEnd(p);
        return;
      case 'mcp_tool_call_end':
        this.mcpEnd(p);
        return;
      case 'web_search_end':
        this.webSearchEnd(p);
        return;
      case 'view_image_tool_call':
        this.viewImage(p);
        return;
      case 'image_generation_end':
        this.imageEnd(p);
        return;
      case 'collab_agent_spawn_end': {
        const open = this.open(p.call_id, ['spawn']);
        const child = str(p.new_thread_id);
        if (open && child) open.call.childSessionId = child;
        return;
      }
      case 'thread_name_updated': {
        const name = str(p.thread_name);
        if (name) this.threadName = oneLine(name);
        return;
      }
      case 'thread_settings_applied':
        if (isRecord(p.thread_settings)) {
          addModel(this.draft, p.thread_settings.model);
          this.remember(this.approvals, policyName(p.thread_settings.approval_policy), 'approvalPolicy');
        }
        return;
      default:
        if (type && (QUIET_EVENTS.has(type) || type.startsWith('collab_'))) return;
        this.gap('unknown-record', `event_msg/${type ?? '?'}`);
    }
  }

  private turnComplete(p: Rec): void {
    if (isRecord(p.error)) this.draft.end.error = oneLine(str(p.error.message) ?? 'error') || 'error';
    // Codex closes a failed turn too: only a turn without an error completed.
    if (this.draft.end.error === undefined) this.draft.end.completed = true;
  }

  private turnAborted(): void {
    for (const call of this.draft.toolCalls) {
      if (call.status !== 'pending') continue;
      call.status = 'interrupted';
      if (this.at) call.endedAt = this.at;
    }
    this.draft.end.interrupted = true;
    delete this.draft.end.completed;
  }

  private execEnd(p: Rec): void {
    const exitCode = num(p.exit_code);
    const argv = strings(p.command);
    let open = this.open(p.call_id, ['shell']);
    if (!open) {
      // Commands the user ran from the prompt (`!cmd`) have no call item of their own.
      if (str(p.source) !== 'user_shell' || argv.length === 0) return;
      const command = joinArgv(argv);
      this.addCall(str(p.call_id), 'user_shell', { kind: 'shell', args: oneLine(command), command, cwd: str(p.cwd) }, '', true);
      open = this.open(p.call_id);
      if (!open) return;
    }
    const call = open.call;
    if (this.at) call.endedAt = this.at;
    if (exitCode !== undefined) call.exitCode = exitCode;
    if (str(p.status) === 'declined') call.status = 'denied';
    else if (exitCode !== undefined) {
      call.status = exitCode === 0 ? 'succeeded' : 'failed';
      if (exitCode !== 0) call.error ??= firstLine(str(p.stderr)) ?? firstLine(str(p.aggregated_output)) ?? `exit code ${exitCode}`;
    }
    const cwd = str(p.cwd);
    if (!call.cwd && cwd && cwd !== this.draft.cwd) call.cwd = cwd;
    if (call.kind === 'shell' && call.command === undefined && argv.length > 0) call.command = joinArgv(argv);
  }

  private patchEnd(p: Rec): void {
    const open = this.open(p.call_id, ['edit']);
    if (open) {
      if (this.at) open.call.endedAt = this.at;
      if (typeof p.success === 'boolean') {
        open.call.status = p.success ? 'succeeded' : 'failed';
        if (!p.success) open.call.error ??= firstLine(str(p.stderr)) ?? 'patch failed';
      }
      if (open.touched) return;
      open.touched = true;
    }
    // The patch text was not readable (or its call is not in this file): the event lists the files.
    if (!isRecord(p.changes)) return;
    const id = open?.call.id;
    for (const [path, change] of Object.entries(p.changes)) {
      if (!isRecord(change)) continue;
      const kind = str(change.type) ?? Object.keys(change)[0];
      const detail = isRecord(change[kind]) ? (change[kind] as Rec) : change;
      const access = kind === 'add' ? 'create' : kind === 'delete' ? 'delete' : 'write';
      this.draft.touches.push(touch(path, access, 'observed', id, access === 'write' ? diffLineRange(str(detail.unified_diff)) : undefined));
      const moved = str(detail.move_path);
      if (moved) this.draft.touches.push(touch(moved, 'create', 'observed', id));
    }
  }

  private mcpEnd(p: Rec): void {
    const open = this.open(p.call_id, ['mcp', 'other']);
    if (!open) return;
    const call = open.call;
    if (this.at) call.endedAt = this.at;
    const invocation = isRecord(p.invocation) ? p.invocation : {};
    if (call.kind === 'mcp') call.mcpServer ??= str(invocation.server);
    const result = isRecord(p.result) ? p.result : undefined;
    if (!result) return;
    if (result.Err !== undefined) {
      call.status = 'failed';
      call.error = oneLine(typeof result.Err === 'string' ? result.Err : JSON.stringify(result.Err)) || 'error';
      return;
    }
    const ok = isRecord(result.Ok) ? result.Ok : result;
    if (ok.isError === true) {
      call.status = 'failed';
      call.error = firstLine(outputText(ok.content)) ?? 'error';
    } else {
      call.status = 'succeeded';
    }
  }

  private webSearchEnd(p: Rec): void {
    const open = this.open(p.call_id, ['web']);
    if (!open) return;
    const call = open.call;
    const action = isRecord(p.action) ? p.action : {};
    const query = str(p.query) ?? str(action.query);
    const url = str(action.url);
    if (query && !call.query) call.query = query;
    if (url && !call.url) call.url = url;
    if (!call.args) call.args = oneLine(query ?? url ?? '');
  }

  private viewImage(p: Rec): void {
    const open = this.open(p.call_id, ['read']);
    const path = str(p.path);
    if (!open || !path || open.touched) return;
    this.draft.touches.push(touch(path, 'read', 'observed', open.call.id));
    open.touched = true;
  }

  private imageEnd(p: Rec): void {
    const open = this.open(p.call_id, ['other']);
    if (open && open.call.status === 'pending') this.settle(open.call, itemStatus(p.status));
    const saved = str(p.saved_path);
    if (saved) this.draft.touches.push(touch(saved, 'create', 'observed', open?.call.id));
  }
}

/** spawn_agent answers with the new agent's id. */
function childFromOutput(text: string): string | undefined {
  if (!text.startsWith('{') || text.length > 10_000) return undefined;
  try {
    const doc: unknown = JSON.parse(text);
    if (isRecord(doc)) return str(doc.agent_id) ?? str(doc.thread_id) ?? str(doc.id);
  } catch {
    // not JSON
  }
  return undefined;
}

function detect(head: FileHead): boolean {
  const records = head.records;
  for (const r of records) {
    if (isRecord(r) && typeof r.type === 'string' && ENVELOPES.has(r.type) && isRecord(r.payload)) return true;
  }
  // The bare layout: an `{id, timestamp}` header, then response items or state markers.
  const first = records[0];
  if (!isRecord(first) || first.type !== undefined || str(first.id) === undefined || str(first.timestamp) === undefined) {
    return false;
  }
  return records
    .slice(1)
    .some(
      (r) =>
        isRecord(r) &&
        (r.record_type === 'state' ||
          (typeof r.type === 'string' && BARE_ITEMS.has(r.type) && ('role' in r || 'call_id' in r || 'summary' in r))),
    );
}

export const codexFormat: LineFormat = {
  id: 'codex',
  agent: 'codex',
  kind: 'lines',
  jsonLines: true,
  detect: (head) => detect(head),
  open: (ctx) => new CodexParser(ctx.source),
};
