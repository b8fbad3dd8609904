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
import type { Evidence, GapKind, SessionDraft, ToolCall, ToolKind, ToolStatus } from '../model';
import {
  byExitCode,
  changedFiles,
  childFromOutput,
  errorLine,
  firstLine,
  itemStatus,
  judgeOutput,
  mcpVerdict,
  outputText,
} from './codexOutputs';
import {
  BARE_ITEMS,
  ENVELOPES,
  QUIET_EVENTS,
  QUIET_ITEMS,
  contentText,
  fileSessionId,
  injectedCwd,
  isInjected,
  policyName,
  summaryText,
} from './codexRecords';
import {
  describe,
  describeImageGeneration,
  describeLocalShell,
  describeToolSearch,
  describeWebSearch,
  joinArgv,
  jsonText,
  patchEdit,
  qualifiedToolName,
  shellCommand,
  strings,
  type Described,
} from './codexTools';
import { parsePatch, type PatchFile } from './patch';
import type { FileHead, LineFormat, LineParser } from './types';
import {
  addModel,
  clip,
  cloneDrafts,
  emptyDraft,
  isNaiveTimestamp,
  isoTime,
  isRecord,
  keepOutput,
  num,
  oneLine,
  parseRecord,
  type Rec,
  seeTime,
  str,
  touch,
} from './util';

export { joinArgv } from './codexTools';

/** Kinds whose paths and commands depend on the folder they run in. */
const FOLDER_KINDS = new Set<ToolKind>(['shell', 'edit', 'read', 'write', 'search']);

/** The id a call item gives its call (`call_id`; `id` in logs without one). */
function callIdOf(item: Rec): string | undefined {
  return str(item.call_id) ?? str(item.id);
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
  /** The user's latest message: the request behind the next calls. */
  private request?: string;
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
    this.gap('unknown-record', typeof type === 'string' ? type : `type ${jsonText(type)}`);
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
        const cwd = injectedCwd(text);
        if (cwd !== undefined) this.draft.cwd = cwd;
      }
      return;
    }
    tally.users++;
    tally.firstUser ??= oneLine(text);
    this.request = clip(text);
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
      // Not JSON when redacted or free-form.
      const parsed = parseRecord(v);
      if (parsed) return { input: parsed, raw: v };
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
    const tool = qualifiedToolName(str(p.namespace), name);
    const { input, raw } = this.readArguments(tool, p.arguments);
    this.addCall(callIdOf(p), tool, describe(tool, input, raw), raw);
  }

  private customToolCall(p: Rec): void {
    const tool = this.toolName(p, 'custom_tool_call');
    if (tool === undefined) return;
    const raw = str(p.input) ?? '';
    const id = callIdOf(p);
    if (tool === 'apply_patch') {
      // Freeform tool: the input is the patch itself.
      this.addCall(id, tool, patchEdit(raw), raw);
      return;
    }
    const { input } = this.readArguments(tool, raw);
    this.addCall(id, tool, describe(tool, input, raw), raw);
  }

  private localShellCall(p: Rec): void {
    this.addCall(callIdOf(p), 'local_shell', describeLocalShell(isRecord(p.action) ? p.action : {}));
  }

  /** Items that are a whole call with its status (web search, tool search, image generation). */
  private itemCall(id: string | undefined, tool: string, d: Described, status: unknown): void {
    this.settle(this.addCall(id, tool, d), itemStatus(status));
  }

  private webSearch(p: Rec): void {
    this.itemCall(str(p.id) ?? str(p.call_id), 'web_search', describeWebSearch(isRecord(p.action) ? p.action : {}), p.status);
  }

  private toolSearch(p: Rec): void {
    const args = isRecord(p.arguments) ? p.arguments : {};
    this.itemCall(callIdOf(p), 'tool_search', describeToolSearch(str(args.query)), p.status);
  }

  private imageGeneration(p: Rec): void {
    this.itemCall(str(p.id) ?? str(p.call_id), 'image_generation', describeImageGeneration(p), p.status);
  }

  private settle(call: ToolCall, status: ToolStatus): void {
    call.status = status;
    if (status !== 'pending') this.ended(call);
  }

  /** The call's end is the current record's time, when it has one. */
  private ended(call: ToolCall): void {
    if (this.at) call.endedAt = this.at;
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
    if (this.request) call.request = this.request;
    this.draft.toolCalls.push(call);

    let touched = false;
    if (d.patch !== undefined) {
      const files = parsePatch(d.patch);
      if (files.length === 0) this.gap('schema-drift', `${tool}: patch text not readable`);
      this.touchFiles(files, 'parsed', call.id);
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
    this.ended(call);
    const text = outputText(output);
    keepOutput(call, text);
    const verdict = judgeOutput(text);
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
        this.draft.end.error = errorLine(str(p.message));
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
    if (isRecord(p.error)) this.draft.end.error = errorLine(str(p.error.message));
    // Codex closes a failed turn too: only a turn without an error completed.
    if (this.draft.end.error === undefined) this.draft.end.completed = true;
  }

  private turnAborted(): void {
    for (const call of this.draft.toolCalls) {
      if (call.status !== 'pending') continue;
      call.status = 'interrupted';
      this.ended(call);
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
      this.addCall(str(p.call_id), 'user_shell', shellCommand(joinArgv(argv), str(p.cwd)), '', true);
      open = this.open(p.call_id);
      if (!open) return;
    }
    const call = open.call;
    this.ended(call);
    if (exitCode !== undefined) call.exitCode = exitCode;
    if (str(p.status) === 'declined') call.status = 'denied';
    else if (exitCode !== undefined) {
      const verdict = byExitCode(exitCode, () => firstLine(str(p.stderr)) ?? firstLine(str(p.aggregated_output)));
      call.status = verdict.status;
      if (verdict.error !== undefined) call.error ??= verdict.error;
    }
    const cwd = str(p.cwd);
    if (!call.cwd && cwd && cwd !== this.draft.cwd) call.cwd = cwd;
    if (call.kind === 'shell' && call.command === undefined && argv.length > 0) call.command = joinArgv(argv);
  }

  private patchEnd(p: Rec): void {
    const open = this.open(p.call_id, ['edit']);
    if (open) {
      this.ended(open.call);
      if (typeof p.success === 'boolean') {
        open.call.status = p.success ? 'succeeded' : 'failed';
        if (!p.success) open.call.error ??= firstLine(str(p.stderr)) ?? 'patch failed';
      }
      if (open.touched) return;
      open.touched = true;
    }
    // The patch text was not readable (or its call is not in this file): the event lists the files.
    this.touchFiles(changedFiles(p.changes), 'observed', open?.call.id);
  }

  /** A patch's files as touches; a moved file is also created under its new name. */
  private touchFiles(files: readonly PatchFile[], evidence: Evidence, callId: string | undefined): void {
    for (const f of files) {
      this.draft.touches.push(touch(f.path, f.access, evidence, callId, f.lines));
      if (f.moveTo) this.draft.touches.push(touch(f.moveTo, 'create', evidence, callId));
    }
  }

  private mcpEnd(p: Rec): void {
    const open = this.open(p.call_id, ['mcp', 'other']);
    if (!open) return;
    const call = open.call;
    this.ended(call);
    const invocation = isRecord(p.invocation) ? p.invocation : {};
    if (call.kind === 'mcp') call.mcpServer ??= str(invocation.server);
    const verdict = mcpVerdict(p.result);
    if (!verdict) return;
    call.status = verdict.status;
    if (verdict.error !== undefined) call.error = verdict.error;
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
  // Message and reasoning text, instructions and exec end events' output: only their start is read.
  // Not `output` or `arguments`: a call's output and arguments are JSON strings read in full.
  bulkKeys: new Set([
    'text',
    'message',
    'encrypted_content',
    'aggregated_output',
    'formatted_output',
    'stdout',
    'stderr',
    'instructions',
    'base_instructions',
    'user_instructions',
    'developer_instructions',
  ]),
  detect: (head) => detect(head),
  open: (ctx) => new CodexParser(ctx.source),
};
