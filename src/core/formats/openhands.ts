/**
 * OpenHands, two generations.
 * V0 trajectories: one JSON array of events `{id, timestamp (local, no zone), source, action|observation,
 * args, extras, cause, tool_call_metadata}`; an observation's `cause` is the id of its action.
 * V1 (software-agent-sdk) events, one per line: `ActionEvent{tool_name, action}` answered by
 * `ObservationEvent{action_id, observation{is_error, exit_code}}`, plus state updates.
 * `base_state.json` (V1 conversation settings) is a sidecar: recognised, no session of its own.
 */
import { GapList } from '../gaps';
import type { SessionDraft, ToolCall, ToolKind, ToolStatus, Touch } from '../model';
import { parsePatch } from './patch';
import type { DocumentFormat, LineFormat, LineParser } from './types';
import {
  addModel,
  arr,
  clip,
  cloneDrafts,
  emptyDraft,
  isNaiveTimestamp,
  isoTime,
  isRecord,
  num,
  oneLine,
  parseRecord,
  type Rec,
  seeTime,
  setWebTarget,
  str,
  touch,
} from './util';

// ---------------------------------------------------------------------------------------------
// V0 trajectories

const V0_ACTIONS: Record<string, ToolKind> = {
  run: 'shell',
  run_ipython: 'shell',
  read: 'read',
  write: 'write',
  edit: 'edit',
  browse: 'web',
  browse_interactive: 'web',
  call_tool_mcp: 'mcp',
  delegate: 'spawn',
  think: 'other',
  finish: 'other',
  reject: 'other',
  task_tracking: 'plan',
  push: 'other',
  send_pr: 'other',
};
/** Actions that are conversation or bookkeeping, not tool use. */
const V0_QUIET_ACTIONS = new Set([
  'message',
  'system',
  'recall',
  'change_agent_state',
  'condensation',
  'condensation_request',
  'null',
  'start',
  'pause',
  'resume',
  'stop',
  'loop_recovery',
]);
/** Actions that never get an observation back. */
const V0_NO_RESULT = new Set(['finish', 'reject']);
const V0_OBSERVATIONS = new Set([
  'read',
  'write',
  'edit',
  'browse',
  'run',
  'run_ipython',
  'chat',
  'delegate',
  'message',
  'error',
  'success',
  'null',
  'think',
  'agent_state_changed',
  'user_rejected',
  'condense',
  'recall',
  'mcp',
  'download',
  'task_tracking',
  'loop_detection',
]);

export const openhandsFormat: DocumentFormat = {
  id: 'openhands',
  agent: 'openhands',
  kind: 'document',
  detect(doc) {
    if (isRecord(doc)) return isBaseState(doc);
    if (!Array.isArray(doc) || doc.length === 0) return false;
    const first = doc[0];
    return (
      isRecord(first) &&
      typeof first.id === 'number' &&
      typeof first.source === 'string' &&
      (typeof first.action === 'string' || typeof first.observation === 'string')
    );
  },
  parse(doc, source) {
    return Array.isArray(doc) ? [parseTrajectory(doc, source)] : [];
  },
};

function isBaseState(doc: Rec): boolean {
  return isRecord(doc.agent) && isRecord(doc.agent.llm) && ('persistence_dir' in doc || 'execution_status' in doc || isRecord(doc.workspace));
}

interface V0Call {
  call: ToolCall;
  touches: Touch[];
  /** The edit action's command (create, str_replace, ...), when the log says. */
  editCommand?: string;
  done: boolean;
}

function parseTrajectory(events: unknown[], source: string): SessionDraft {
  const draft = emptyDraft(fileStem(source), 'openhands', source);
  const gaps = new GapList();
  const where = { source };
  const byEventId = new Map<number, V0Call>();
  const byToolCallId = new Map<string, V0Call>();
  const calls: V0Call[] = [];
  let lastAgentText: string | undefined;

  for (const event of events) {
    if (!isRecord(event)) {
      gaps.add('schema-drift', 'event is not an object', where);
      continue;
    }
    const at = eventTime(event.timestamp, gaps, source);
    seeTime(draft, at);
    const meta = isRecord(event.tool_call_metadata) ? event.tool_call_metadata : undefined;
    if (meta && isRecord(meta.model_response)) addModel(draft, meta.model_response.model);
    const args = isRecord(event.args) ? event.args : {};
    const action = str(event.action);
    const observation = str(event.observation);

    if (action !== undefined) {
      if (action === 'message' && event.source === 'agent') lastAgentText = clip(str(args.content) ?? '') || lastAgentText;
      if ((action === 'stop' || action === 'pause') && event.source === 'user') draft.end.interrupted = true;
      if (action === 'finish') draft.end.completed = true;
      if (V0_QUIET_ACTIONS.has(action)) continue;
      const kind = V0_ACTIONS[action];
      if (!kind) {
        gaps.add('unknown-record', `action ${action}`, where);
        continue;
      }
      const entry = v0Call(event, action, kind, args, meta, at);
      const thought = clip(str(args.thought) ?? '');
      const why = thought || lastAgentText;
      if (why) entry.call.why = why;
      if (V0_NO_RESULT.has(action)) entry.done = true;
      if (args.confirmation_state === 'rejected') {
        entry.call.status = 'denied';
        entry.done = true;
      }
      calls.push(entry);
      const id = num(event.id);
      if (id !== undefined) byEventId.set(id, entry);
      const toolCallId = str(meta?.tool_call_id);
      if (toolCallId) byToolCallId.set(toolCallId, entry);
    } else if (observation !== undefined) {
      const extras = isRecord(event.extras) ? event.extras : {};
      if (observation === 'agent_state_changed') {
        agentState(draft, extras);
        continue;
      }
      if (!V0_OBSERVATIONS.has(observation)) {
        gaps.add('unknown-record', `observation ${observation}`, where);
        continue;
      }
      const cause = num(event.cause);
      const target = (cause !== undefined ? byEventId.get(cause) : undefined) ?? byToolCallId.get(str(meta?.tool_call_id) ?? '');
      if (!target || target.done) continue;
      v0Observe(target, observation, str(event.content) ?? '', extras, at, draft);
    } else {
      gaps.add('schema-drift', 'event with neither action nor observation', where);
    }
  }

  for (const entry of calls) {
    if (!entry.done) {
      entry.call.status = 'pending';
      gaps.add('missing-result', entry.call.tool, where);
    }
    draft.toolCalls.push(entry.call);
    draft.touches.push(...entry.touches);
  }
  draft.gaps = gaps.toArray();
  return draft;
}

function v0Call(event: Rec, action: string, kind: ToolKind, args: Rec, meta: Rec | undefined, at: string | undefined): V0Call {
  const id = str(meta?.tool_call_id) ?? `event-${str(event.id) ?? num(event.id) ?? '?'}`; // not String(): deep arrays overflow
  const tool = str(meta?.function_name) ?? action;
  const call: ToolCall = { id, tool, kind, status: 'succeeded', args: '' };
  if (at) call.startedAt = at;
  const entry: V0Call = { call, touches: [], done: false };
  const path = str(args.path);
  switch (action) {
    case 'run': {
      const command = str(args.command) ?? '';
      call.command = command;
      call.args = oneLine(command);
      break;
    }
    case 'run_ipython':
      // Python run in the sandbox's Jupyter kernel: not a shell command line, so no `command`.
      call.args = oneLine(str(args.code) ?? '');
      break;
    case 'read':
      call.args = path ?? '';
      if (path) entry.touches.push(touch(path, 'read', 'observed', id));
      break;
    case 'write':
      call.args = path ?? '';
      if (path) entry.touches.push(touch(path, 'write', 'observed', id));
      break;
    case 'edit': {
      call.args = path ?? '';
      entry.editCommand = str(args.command) ?? editorCommand(meta);
      if (path) entry.touches.push(touch(path, entry.editCommand === 'create' ? 'create' : 'write', 'observed', id));
      break;
    }
    case 'browse': {
      setWebTarget(call, 'url', args.url);
      break;
    }
    case 'browse_interactive':
      call.args = oneLine(str(args.browser_actions) ?? '');
      break;
    case 'call_tool_mcp':
      call.args = str(args.name) ?? '';
      break;
    case 'delegate':
      call.args = str(args.agent) ?? '';
      break;
    case 'push':
    case 'send_pr':
      call.capabilities = ['vcs-write', 'net-egress'];
      call.args = oneLine(str(args.branch) ?? str(args.title) ?? '');
      break;
    default:
      call.args = oneLine(str(args.thought) ?? str(args.final_thought) ?? '');
  }
  return entry;
}

/** The editor command from the model's own function arguments, when the action leaves it out. */
function editorCommand(meta: Rec | undefined): string | undefined {
  const response = isRecord(meta?.model_response) ? meta.model_response : undefined;
  for (const choice of arr(response?.choices)) {
    if (!isRecord(choice) || !isRecord(choice.message)) continue;
    for (const tc of arr(choice.message.tool_calls)) {
      if (!isRecord(tc) || str(tc.id) !== str(meta?.tool_call_id) || !isRecord(tc.function)) continue;
      const head = (str(tc.function.arguments) ?? '').slice(0, 200);
      const m = /"command"\s*:\s*"(\w+)"/.exec(head);
      if (m) return m[1];
    }
  }
  return undefined;
}

function v0Observe(target: V0Call, observation: string, content: string, extras: Rec, at: string | undefined, draft: SessionDraft): void {
  const call = target.call;
  target.done = true;
  if (at) call.endedAt = at;
  if (observation === 'error') {
    call.status = 'failed';
    call.error = oneLine(content || 'error');
    return;
  }
  if (observation === 'user_rejected') {
    call.status = 'denied';
    call.error = oneLine(content || 'rejected by the user');
    return;
  }
  if (observation === 'run') {
    const metadata = isRecord(extras.metadata) ? extras.metadata : {};
    const workdir = str(metadata.working_dir);
    if (workdir) {
      call.cwd = workdir;
      if (!draft.cwd) draft.cwd = workdir;
    }
    setExit(call, num(metadata.exit_code) ?? num(extras.exit_code));
    return;
  }
  if (observation === 'edit') {
    const t = target.touches[0];
    if (t && extras.prev_exist === false) t.access = 'create';
    if (t && t.access !== 'create') {
      const lines = parsePatch(content).find((f) => f.lines)?.lines;
      if (lines) t.lines = lines;
    }
  }
}

/** A real exit status (-1 means the command had not exited when output was collected). */
function setExit(call: ToolCall, exit: number | undefined): void {
  if (exit === undefined || exit === -1) return;
  call.exitCode = exit;
  if (exit !== 0 && call.status === 'succeeded') call.status = 'failed';
}

function agentState(draft: SessionDraft, extras: Rec): void {
  const state = str(extras.agent_state);
  if (state === 'error') draft.end.error = oneLine(str(extras.reason) || 'agent error');
  else if (state === 'stopped') draft.end.interrupted = true;
  else if (state === 'finished') draft.end.completed = true;
  else if (state === 'rejected') draft.end.declaredOutcome = 'rejected';
}

// ---------------------------------------------------------------------------------------------
// V1 events

const V1_TOOLS: Record<string, ToolKind> = {
  terminal: 'shell',
  execute_bash: 'shell',
  bash: 'shell',
  file_editor: 'edit',
  str_replace_editor: 'edit',
  planning_file_editor: 'edit',
  apply_patch: 'edit',
  glob: 'search',
  grep: 'search',
  task_tracker: 'plan',
  finish: 'other',
  think: 'other',
  delegate: 'spawn',
  task: 'spawn',
  browser_navigate: 'web',
  browser_click: 'web',
  browser_type: 'web',
  browser_get_state: 'web',
  browser_get_content: 'web',
  browser_scroll: 'web',
  browser_go_back: 'web',
  browser_list_tabs: 'web',
  browser_switch_tab: 'web',
  browser_close_tab: 'web',
};
const V1_KINDS = new Set([
  'ActionEvent',
  'ObservationEvent',
  'UserRejectObservation',
  'AgentErrorEvent',
  'MessageEvent',
  'SystemPromptEvent',
  'ConversationStateUpdateEvent',
  'PauseEvent',
  'Condensation',
  'CondensationRequest',
  'CondensationSummaryEvent',
  'TokenEvent',
  'ConversationErrorEvent',
  'HookExecutionEvent',
  'LLMCompletionLogEvent',
]);

export const openhandsEventsFormat: LineFormat = {
  id: 'openhands-events',
  agent: 'openhands',
  kind: 'lines',
  jsonLines: true,
  detect(head) {
    const first = head.records.find((r) => r !== undefined);
    return isRecord(first) && typeof first.kind === 'string' && V1_KINDS.has(first.kind) && typeof first.source === 'string' && typeof first.id === 'string';
  },
  open: (ctx) => new EventsParser(ctx.source),
};

class EventsParser implements LineParser {
  private readonly draft: SessionDraft;
  private readonly gaps = new GapList();
  /** Calls waiting for an observation, by action event id and by tool call id. */
  private readonly openByAction = new Map<string, ToolCall>();
  private readonly openByToolCall = new Map<string, ToolCall>();
  private executionStatus?: string;
  private lastAgentText?: string;
  /** The time of the event being read. */
  private at?: string;

  constructor(private readonly source: string) {
    this.draft = emptyDraft(fileStem(source), 'openhands', source);
  }

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const where = { source: this.source, line: lineNo };
    const rec = parseRecord(text);
    if (!rec) {
      this.gaps.add('malformed-line', 'not a JSON object', where);
      return;
    }
    const src = this.draft.sources[0];
    if (src.firstLine === undefined) src.firstLine = lineNo;
    src.lastLine = lineNo;
    this.at = eventTime(rec.timestamp, this.gaps, this.source, lineNo);
    seeTime(this.draft, this.at);
    const kind = str(rec.kind) ?? '';
    switch (kind) {
      case 'ActionEvent':
        this.action(rec, lineNo);
        break;
      case 'ObservationEvent':
        this.observation(rec, lineNo);
        break;
      case 'UserRejectObservation':
        this.settle(rec, lineNo, 'denied', str(rec.rejection_reason) ?? 'rejected by the user');
        break;
      case 'AgentErrorEvent':
        this.settle(rec, lineNo, 'failed', str(rec.error) ?? 'agent error');
        break;
      case 'ConversationStateUpdateEvent':
        this.stateUpdate(rec);
        break;
      case 'MessageEvent':
        if (rec.source === 'agent' && isRecord(rec.llm_message)) {
          const said = clip(textOf(rec.llm_message.content));
          if (said) this.lastAgentText = said;
        }
        break;
      case 'PauseEvent':
        this.draft.end.interrupted = true;
        break;
      case 'ConversationErrorEvent':
        this.draft.end.error = oneLine(str(rec.detail) ?? str(rec.code) ?? 'conversation error');
        break;
      default:
        if (!V1_KINDS.has(kind)) this.gaps.add('unknown-record', kind || '(no kind)', where);
    }
  }

  snapshot(): SessionDraft[] {
    const [draft] = cloneDrafts([this.draft]);
    const gaps = new GapList();
    gaps.addAll(this.gaps.toArray());
    const waiting = new Set([...this.openByAction.values()].map((c) => c.id));
    for (const call of draft.toolCalls) {
      if (!waiting.has(call.id)) continue;
      call.status = 'pending';
      gaps.add('missing-result', call.tool, call.source ? { source: call.source.file, line: call.source.line } : undefined);
    }
    if (this.executionStatus === 'finished') draft.end.completed = true;
    else if (this.executionStatus === 'error' || this.executionStatus === 'stuck') draft.end.error ??= this.executionStatus;
    else if (this.executionStatus === 'paused') draft.end.interrupted = true;
    draft.gaps = gaps.toArray();
    return [draft];
  }

  private action(rec: Rec, lineNo: number): void {
    const tool = str(rec.tool_name) ?? '';
    const action = isRecord(rec.action) ? rec.action : {};
    const id = str(rec.tool_call_id) ?? str(rec.id) ?? `L${lineNo}`;
    const known = V1_TOOLS[tool] ?? (str(action.kind) === 'MCPToolAction' ? 'mcp' : undefined);
    const call: ToolCall = { id, tool, kind: known ?? 'other', status: 'succeeded', args: '', source: { file: this.source, line: lineNo } };
    if (!known) {
      call.unmapped = true;
      this.gaps.add('unknown-tool', tool || '(no name)', { source: this.source, line: lineNo });
    }
    if (this.at) call.startedAt = this.at;
    const why = clip(textOf(rec.thought).replace(/<think>[\s\S]*?<\/think>/g, '')) || clip(str(rec.summary) ?? '') || this.lastAgentText;
    if (why) call.why = why;
    this.describe(call, action);
    this.draft.toolCalls.push(call);
    this.openByAction.set(str(rec.id) ?? id, call);
    this.openByToolCall.set(id, call);
    if (tool === 'finish') {
      this.draft.end.completed = true;
      this.close(call);
    }
  }

  /** Fills args, command, url and touches from an action (or, for orphans, an observation). */
  private describe(call: ToolCall, fields: Rec): void {
    const path = str(fields.path);
    if (call.kind === 'shell') {
      const command = str(fields.command) ?? '';
      call.command = command;
      call.args = oneLine(command);
    } else if (call.kind === 'edit' && call.tool !== 'apply_patch') {
      const command = str(fields.command);
      call.args = [command, path].filter(Boolean).join(' ');
      if (path) {
        const access = command === 'view' ? 'read' : command === 'create' ? 'create' : 'write';
        if (command === 'view') call.kind = 'read';
        this.draft.touches.push(touch(path, access, 'observed', call.id));
      }
    } else if (call.tool === 'apply_patch') {
      for (const p of parsePatch(str(fields.patch) ?? str(fields.input) ?? '')) {
        this.draft.touches.push(touch(p.path, p.access, 'parsed', call.id, p.lines));
        if (p.moveTo) this.draft.touches.push(touch(p.moveTo, 'create', 'parsed', call.id));
      }
      call.args = this.draft.touches.filter((t) => t.toolCallId === call.id).map((t) => t.path).join(', ');
    } else if (call.kind === 'search') {
      const pattern = str(fields.pattern);
      if (pattern) call.query = pattern;
      call.args = [pattern, path].filter(Boolean).join(' in ');
    } else if (call.kind === 'web') {
      const url = str(fields.url);
      if (url) call.url = url;
      call.args = url ?? call.tool;
    } else if (call.tool === 'finish') {
      call.args = oneLine(str(fields.message) ?? '');
    } else {
      call.args = oneLine(path ?? str(fields.command) ?? str(fields.thought) ?? '');
    }
  }

  private observation(rec: Rec, lineNo: number): void {
    const obs = isRecord(rec.observation) ? rec.observation : {};
    let call = this.find(rec);
    if (!call) {
      // The action is not in this log (the events before it were not kept): its result still shows it ran.
      call = {
        id: str(rec.tool_call_id) ?? `L${lineNo}`,
        tool: str(rec.tool_name) ?? '',
        kind: V1_TOOLS[str(rec.tool_name) ?? ''] ?? 'other',
        status: 'succeeded',
        args: '',
        source: { file: this.source, line: lineNo },
      };
      if (!V1_TOOLS[call.tool]) {
        call.unmapped = true;
        this.gaps.add('unknown-tool', call.tool || '(no name)', { source: this.source, line: lineNo });
      }
      this.describe(call, obs);
      this.draft.toolCalls.push(call);
    }
    this.close(call);
    if (this.at) call.endedAt = this.at;
    const metadata = isRecord(obs.metadata) ? obs.metadata : {};
    const workdir = str(metadata.working_dir);
    if (workdir) {
      call.cwd = workdir;
      if (!this.draft.cwd) this.draft.cwd = workdir;
    }
    if (obs.is_error === true) {
      call.status = 'failed';
      call.error = oneLine(textOf(obs.content) || str(obs.error) || 'error');
    }
    if (call.kind === 'shell') setExit(call, num(obs.exit_code) ?? num(metadata.exit_code));
    if (obs.prev_exist === false) {
      const t = this.draft.touches.find((x) => x.toolCallId === call.id);
      if (t && t.access === 'write') t.access = 'create';
    }
  }

  private settle(rec: Rec, lineNo: number, status: ToolStatus, error: string): void {
    const call = this.find(rec);
    if (!call) {
      this.gaps.add('schema-drift', `${String(rec.kind)} for an unknown action`, { source: this.source, line: lineNo });
      return;
    }
    this.close(call);
    call.status = status;
    call.error = oneLine(error);
    if (this.at) call.endedAt = this.at;
  }

  private find(rec: Rec): ToolCall | undefined {
    return this.openByAction.get(str(rec.action_id) ?? '') ?? this.openByToolCall.get(str(rec.tool_call_id) ?? '');
  }

  private close(call: ToolCall): void {
    for (const [k, v] of this.openByAction) if (v === call) this.openByAction.delete(k);
    for (const [k, v] of this.openByToolCall) if (v === call) this.openByToolCall.delete(k);
  }

  private stateUpdate(rec: Rec): void {
    const key = str(rec.key);
    const value = rec.value;
    if (key === 'execution_status' && typeof value === 'string') this.executionStatus = value;
    else if (key === 'stats' && isRecord(value)) this.models(value);
    else if (key === 'full_state' && isRecord(value)) {
      if (typeof value.execution_status === 'string') this.executionStatus = value.execution_status;
      if (isRecord(value.agent) && isRecord(value.agent.llm)) addModel(this.draft, value.agent.llm.model);
      if (isRecord(value.workspace) && str(value.workspace.working_dir) && !this.draft.cwd) this.draft.cwd = str(value.workspace.working_dir);
      if (isRecord(value.stats)) this.models(value.stats);
    }
  }

  /** Models from the usage counters: the agent's own, and any other that was actually called. */
  private models(stats: Rec): void {
    if (!isRecord(stats.usage_to_metrics)) return;
    for (const [usage, metrics] of Object.entries(stats.usage_to_metrics)) {
      if (!isRecord(metrics)) continue;
      const tokens = isRecord(metrics.accumulated_token_usage) ? (num(metrics.accumulated_token_usage.prompt_tokens) ?? 0) : 0;
      if (usage === 'default' || tokens > 0) addModel(this.draft, metrics.model_name);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// shared

/** OpenHands writes local time without a zone: read as UTC, and say so once. */
function eventTime(v: unknown, gaps: GapList, source: string, line?: number): string | undefined {
  const s = str(v);
  if (s === undefined) return isoTime(v);
  if (!isNaiveTimestamp(s)) return isoTime(s);
  gaps.add('guessed-timezone', 'event times have no zone; read as UTC', { source, line });
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  const t = new Date(`${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}.${(m[3] ?? '0').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((b) => (isRecord(b) ? (str(b.text) ?? '') : ''))
    .join('\n');
}

function fileStem(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.(jsonl|json)$/i, '');
}
