/**
 * gptme: conversation logs (`<conversation>/conversation.jsonl`), single assistant message bodies,
 * and the session records autonomous gptme agents keep (`session-records.jsonl`).
 */
import type { Agent, SessionDraft, ToolCall, Touch } from '../model';
import { GapList } from '../gaps';
import {
  baseName,
  classifyResult,
  parentName,
  resultTool,
  stripExtension,
  timestampOf,
  toolUsesIn,
  TOOLS_WITH_KNOWN_RESULTS,
  type GptmeResult,
  type GptmeToolUse,
  type TouchIntent,
} from './gptmeTools';
import type { FileHead, LineFormat, LineParser } from './types';
import { addModel, arr, cloneDrafts, emptyDraft, isRecord, num, oneLine, parseRecord, seeTime, str, touch, type Rec } from './util';

const ROLES = new Set(['system', 'user', 'assistant']);

/** `<id>/conversation.jsonl` is named by its folder; any other file by its own name. */
function conversationId(source: string): string {
  const name = baseName(source);
  if (name === 'conversation.jsonl') return parentName(source) ?? 'conversation';
  return stripExtension(name);
}

function objects(head: FileHead): Rec[] {
  return head.records.filter(isRecord);
}

// ---------------------------------------------------------------------------------------------
// conversation.jsonl

interface Awaiting {
  call: ToolCall;
  resolved: boolean;
}

class ConversationParser implements LineParser {
  private readonly draft: SessionDraft;
  private readonly gaps = new GapList();
  private readonly intents = new Map<ToolCall, TouchIntent>();
  private readonly attachedFiles = new Set<string>();
  private readonly callIds = new Map<string, ToolCall>();
  private awaiting: Awaiting[] = [];
  private lastTurn: ToolCall[] = [];
  private endedOnInterrupt = false;
  private completed = false;

  constructor(private readonly source: string) {
    this.draft = emptyDraft(conversationId(source), 'gptme', source);
  }

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const where = { source: this.source, line: lineNo };
    const rec = parseRecord(text);
    if (!rec) {
      this.gaps.add('malformed-line', 'not a JSON object', where);
      return;
    }
    const ref = this.draft.sources[0];
    ref.firstLine ??= lineNo;
    ref.lastLine = lineNo;

    const time = timestampOf(rec.timestamp, () => this.gaps.add('guessed-timezone', 'message timestamps without a zone, read as UTC', where));
    seeTime(this.draft, time);
    let content = str(rec.content);
    if (content === undefined) {
      if (rec.content !== undefined) this.gaps.add('schema-drift', 'message content is not text', where);
      content = '';
    }
    for (const f of arr(rec.files)) if (typeof f === 'string' && f) this.attachedFiles.add(f);

    const role = str(rec.role);
    if (role === undefined || !ROLES.has(role)) {
      this.gaps.add('unknown-record', role === undefined ? 'message without role' : `role ${oneLine(role, 80)}`, where);
      return;
    }
    if (role === 'assistant') this.assistant(rec, content, lineNo, time);
    else if (role === 'system') this.system(rec, content, time);
    else if (this.draft.title === undefined && content.trim()) this.draft.title = oneLine(content, 120);
  }

  private assistant(rec: Rec, content: string, lineNo: number, time: string | undefined): void {
    const meta = isRecord(rec.metadata) ? rec.metadata : {};
    addModel(this.draft, meta.model);
    this.endedOnInterrupt = false;
    this.awaiting = [];
    this.lastTurn = [];
    toolUsesIn(content).forEach((use, i) => {
      const call = this.newCall(use, `${lineNo}.${i + 1}`, lineNo, time);
      this.lastTurn.push(call);
      this.awaiting.push({ call, resolved: false });
    });
  }

  private newCall(use: GptmeToolUse, fallbackId: string, lineNo: number, time: string | undefined): ToolCall {
    const id = use.callId && !this.callIds.has(use.callId) ? use.callId : fallbackId;
    const call: ToolCall = {
      id,
      tool: use.tool,
      kind: use.kind,
      status: use.closed ? 'pending' : 'interrupted',
      args: use.args,
      source: { file: this.source, line: lineNo },
    };
    if (time) call.startedAt = time;
    if (use.command !== undefined) call.command = use.command;
    if (use.url !== undefined) call.url = use.url;
    if (use.why !== undefined) call.why = use.why;
    if (!use.closed) call.error = 'the message ended inside the tool block';
    if (!use.known) {
      call.unmapped = true;
      this.gaps.add('unknown-tool', oneLine(use.tool, 120), { source: this.source, line: lineNo });
    }
    if (use.touch) this.intents.set(call, { ...use.touch });
    if (use.callId) this.callIds.set(use.callId, call);
    this.draft.toolCalls.push(call);
    return call;
  }

  private system(rec: Rec, content: string, time: string | undefined): void {
    const result = classifyResult(content);
    const callId = str(rec.call_id);
    const byId = callId !== undefined ? this.callIds.get(callId) : undefined;
    const target = byId ? this.awaiting.find((a) => a.call === byId) ?? { call: byId, resolved: false } : this.matchResult(result);
    if (target) {
      target.resolved = true;
      this.apply(target.call, result, time);
    } else if (result.kind === 'interrupted') {
      this.endedOnInterrupt = true;
    }
  }

  /** Tools run in order, each answered by system messages; a result belongs to the first unanswered call it fits. */
  private matchResult(result: GptmeResult): Awaiting | undefined {
    const open = this.awaiting.filter((a) => !a.resolved);
    const tools = resultTool(result);
    if (tools) {
      const path = 'path' in result ? result.path : undefined;
      const fitting = open.filter((a) => tools.includes(a.call.tool));
      return fitting.find((a) => path !== undefined && this.intents.get(a.call)?.path === path) ?? fitting[0];
    }
    if (result.kind === 'denied' || result.kind === 'failed' || result.kind === 'interrupted') return open[0];
    const first = open[0];
    return first && !TOOLS_WITH_KNOWN_RESULTS.has(first.call.tool) ? first : undefined;
  }

  private apply(call: ToolCall, result: GptmeResult, time: string | undefined): void {
    if (time) call.endedAt = time;
    delete call.error;
    switch (result.kind) {
      case 'denied':
      case 'failed':
      case 'interrupted':
        call.status = result.kind;
        call.error = result.error;
        return;
      case 'ran':
        if (result.exitCode !== undefined) call.exitCode = result.exitCode;
        if (result.exitCode) {
          call.status = 'failed';
          call.error = `Return code: ${result.exitCode}`;
          return;
        }
        break;
      case 'saved': {
        const intent = this.intents.get(call);
        if (intent && !result.overwritten) intent.access = 'create';
        break;
      }
      default:
        break;
    }
    call.status = 'succeeded';
    if (call.tool === 'complete') this.completed = true;
  }

  snapshot(): SessionDraft[] {
    const [d] = cloneDrafts([this.draft]);
    const gaps = new GapList();
    gaps.addAll(this.gaps.toArray());
    for (const c of d.toolCalls) if (c.status === 'pending') gaps.add('missing-result', c.tool, { source: this.source, line: c.source?.line });
    d.gaps = gaps.toArray();
    d.touches = [...[...this.attachedFiles].map((p) => touch(p, 'read', 'observed')), ...touchesOf(this.draft.toolCalls, this.intents)];
    if (this.endedOnInterrupt || this.lastTurn.some((c) => c.status === 'interrupted')) d.end.interrupted = true;
    if (this.completed) d.end.completed = true;
    return [d];
  }
}

/** Touches of calls that may have done their work: a denied, failed or interrupted write wrote nothing. */
function touchesOf(calls: readonly ToolCall[], intents: ReadonlyMap<ToolCall, TouchIntent>): Touch[] {
  const out: Touch[] = [];
  for (const c of calls) {
    const intent = intents.get(c);
    if (!intent || c.status === 'denied' || c.status === 'failed' || c.status === 'interrupted') continue;
    out.push(touch(intent.path, intent.access, intent.evidence, c.id));
  }
  return out;
}

function looksLikeMessage(r: Rec): boolean {
  return typeof r.role === 'string' && ROLES.has(r.role) && 'content' in r && !('type' in r);
}

export const gptmeConversationFormat: LineFormat = {
  id: 'gptme-conversation',
  agent: 'gptme',
  kind: 'lines',
  jsonLines: true,
  detect(head: FileHead, fileName: string): boolean {
    const recs = objects(head);
    if (recs.length === 0 || recs.some((r) => 'type' in r || 'sessionId' in r || 'session_id' in r)) return false;
    if (fileName === 'conversation.jsonl') return recs.some(looksLikeMessage);
    return recs.some((r) => looksLikeMessage(r) && 'timestamp' in r);
  },
  open: (ctx) => new ConversationParser(ctx.source),
};

// ---------------------------------------------------------------------------------------------
// A bare assistant message (markdown text)

/** Message files are small; beyond this the text is not kept (a misdetected big file). */
const MAX_MESSAGE_CHARS = 2_000_000;

class MessageParser implements LineParser {
  private readonly lines: string[] = [];
  private chars = 0;
  private cutAt?: number;

  constructor(private readonly source: string) {}

  line(text: string, lineNo: number): void {
    if (this.cutAt !== undefined) return;
    if (this.chars + text.length > MAX_MESSAGE_CHARS) {
      this.cutAt = lineNo;
      return;
    }
    this.chars += text.length + 1;
    this.lines.push(text);
  }

  snapshot(): SessionDraft[] {
    const d = emptyDraft(stripExtension(baseName(this.source)), 'gptme', this.source);
    const gaps = new GapList();
    if (this.cutAt !== undefined) gaps.add('oversized-record', `message text cut at line ${this.cutAt}`, { source: this.source, line: this.cutAt });
    if (this.lines.length > 0) d.sources = [{ path: this.source, firstLine: 1, lastLine: this.lines.length }];
    const intents = new Map<ToolCall, TouchIntent>();
    toolUsesIn(this.lines.join('\n')).forEach((use, i) => {
      const line = use.line + 1;
      const call: ToolCall = { id: use.callId ?? `${line}.${i + 1}`, tool: use.tool, kind: use.kind, status: use.closed ? 'pending' : 'interrupted', args: use.args, source: { file: this.source, line } };
      if (use.command !== undefined) call.command = use.command;
      if (use.url !== undefined) call.url = use.url;
      if (use.why !== undefined) call.why = use.why;
      if (use.closed) gaps.add('missing-result', use.tool, { source: this.source, line });
      else {
        call.error = 'the message ended inside the tool block';
        d.end.interrupted = true;
      }
      if (!use.known) {
        call.unmapped = true;
        gaps.add('unknown-tool', use.tool, { source: this.source, line });
      }
      if (use.touch) intents.set(call, use.touch);
      d.toolCalls.push(call);
    });
    d.touches = touchesOf(d.toolCalls, intents);
    d.gaps = gaps.toArray();
    return [d];
  }
}

const MESSAGE_FENCE = /^```(save|append|patch|shell|ipython)(\s|$)/;

export const gptmeMessageFormat: LineFormat = {
  id: 'gptme-message',
  agent: 'gptme',
  kind: 'lines',
  jsonLines: false,
  detect(head: FileHead): boolean {
    if (head.records.some((r) => typeof r === 'object' && r !== null)) return false;
    const first = head.lines.find((l) => l.trim() !== '')?.trim() ?? '';
    if (first.startsWith('{') || first.startsWith('[')) return false;
    return head.lines.some((l) => MESSAGE_FENCE.test(l));
  },
  open: (ctx) => new MessageParser(ctx.source),
};

// ---------------------------------------------------------------------------------------------
// session-records.jsonl and run result files

const HARNESS_AGENTS: Record<string, Agent> = {
  gptme: 'gptme',
  'claude-code': 'claude-code',
  claude: 'claude-code',
  'claude-code-cli': 'claude-code',
  cc: 'claude-code',
  codex: 'codex',
  'codex-cli': 'codex',
  gemini: 'gemini-cli',
  'gemini-cli': 'gemini-cli',
  opencode: 'opencode',
  cline: 'cline',
  pi: 'pi',
  aider: 'aider',
  openhands: 'openhands',
};

/** Fields of a record worth keeping (records may carry big grading and lesson payloads). */
const RECORD_FIELDS = [
  'session_id',
  'session_name',
  'timestamp',
  'start_time',
  'end_time',
  'started_at',
  'ended_at',
  'project',
  'workspace',
  'cwd',
  'harness',
  'model',
  'category',
  'outcome',
  'exit_code',
  'failure_reason',
  'error',
  'duration_seconds',
  'tokens',
  'token_count',
  'input_tokens',
  'output_tokens',
  'deliverables',
  'trajectory_path',
  'journal_path',
  'trigger',
  'run_type',
  'dirty_paths_sample',
  'dirty_paths_count',
] as const;

interface RecordEntry {
  fields: Rec;
  paths: string[];
  firstLine: number;
  lastLine: number;
}

function isSessionRecord(r: Rec): boolean {
  return (
    typeof r.session_id === 'string' &&
    !('role' in r) &&
    ('harness' in r || 'outcome' in r || Array.isArray(r.dirty_paths_sample) || 'trajectory_path' in r)
  );
}

class RecordsParser implements LineParser {
  private readonly entries = new Map<string, RecordEntry>();
  private readonly fileGaps = new GapList();

  constructor(private readonly source: string) {}

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const where = { source: this.source, line: lineNo };
    const rec = parseRecord(text);
    if (!rec) {
      this.fileGaps.add('malformed-line', 'not a JSON object', where);
      return;
    }
    const id = str(rec.session_id);
    if (id === undefined || id === '') {
      this.fileGaps.add('unknown-record', 'record without session_id', where);
      return;
    }
    // A later record for the same session (a result written after the run record) completes it.
    const entry = this.entries.get(id) ?? { fields: {}, paths: [], firstLine: lineNo, lastLine: lineNo };
    for (const k of RECORD_FIELDS) if (rec[k] !== undefined && rec[k] !== null) entry.fields[k] = rec[k];
    for (const p of arr(rec.dirty_paths_sample)) if (typeof p === 'string' && p && !entry.paths.includes(p)) entry.paths.push(p);
    entry.lastLine = lineNo;
    this.entries.set(id, entry);
  }

  snapshot(): SessionDraft[] {
    const fileGaps = this.fileGaps.toArray();
    return [...this.entries.entries()].map(([id, e]) => {
      const d = recordSession(id, e, this.source);
      const gaps = new GapList();
      gaps.addAll(d.gaps);
      gaps.addAll(fileGaps);
      d.gaps = gaps.toArray();
      return d;
    });
  }
}

function recordSession(id: string, e: RecordEntry, source: string): SessionDraft {
  const f = e.fields;
  const where = { source, line: e.firstLine };
  const gaps = new GapList();
  const harness = str(f.harness);
  const d = emptyDraft(id, (harness && HARNESS_AGENTS[harness.toLowerCase()]) || 'gptme', source);
  d.sources = [{ path: source, firstLine: e.firstLine, lastLine: e.lastLine }];
  const drift = (field: string, expected: string): void => gaps.add('schema-drift', `${field} is not ${expected}`, where);

  if (str(f.model) !== 'unknown') addModel(d, f.model);
  const cwd = str(f.project) ?? str(f.workspace) ?? str(f.cwd);
  if (cwd) d.cwd = cwd;
  const title = str(f.session_name);
  if (title) d.title = title;

  const time = (v: unknown): string | undefined => timestampOf(v, () => gaps.add('guessed-timezone', 'record timestamps without a zone, read as UTC', where));
  const started = time(f.start_time) ?? time(f.started_at);
  const ended = time(f.end_time) ?? time(f.ended_at);
  const recorded = time(f.timestamp);
  const duration = num(f.duration_seconds);
  seeTime(d, started);
  seeTime(d, ended ?? recorded);
  if (!started && recorded && duration !== undefined) {
    // The record is written when the run ends: it started `duration_seconds` earlier.
    const start = new Date(Date.parse(recorded) - duration * 1000);
    if (!Number.isNaN(start.getTime())) seeTime(d, start.toISOString());
  }

  const outcome = str(f.outcome);
  if (outcome && outcome !== 'unknown') d.end.declaredOutcome = outcome;
  else if (f.outcome !== undefined && outcome === undefined) drift('outcome', 'text');
  const category = str(f.category);
  if (category) d.end.declaredCategory = category;
  const error = str(f.error);
  if (error) d.end.error = oneLine(error);

  if (harness) d.meta.harness = harness;
  const exitCode = num(f.exit_code);
  if (exitCode !== undefined) d.meta.exitCode = exitCode;
  else if (f.exit_code !== undefined) drift('exit_code', 'a number');
  if (duration !== undefined) d.meta.durationSeconds = duration;
  for (const [field, key] of [
    ['failure_reason', 'failureReason'],
    ['trajectory_path', 'trajectoryPath'],
    ['journal_path', 'journalPath'],
    ['trigger', 'trigger'],
    ['run_type', 'runType'],
  ] as const) {
    const v = str(f[field]);
    if (v) d.meta[key] = v;
  }
  for (const [field, key] of [
    ['token_count', 'tokens'],
    ['input_tokens', 'inputTokens'],
    ['output_tokens', 'outputTokens'],
    ['dirty_paths_count', 'dirtyPathsCount'],
  ] as const) {
    const v = num(f[field]);
    if (v !== undefined) d.meta[key] = v;
  }
  if (num(f.tokens) !== undefined) d.meta.tokens = num(f.tokens) as number;
  else if (isRecord(f.tokens)) for (const [k, v] of Object.entries(f.tokens)) if (num(v) !== undefined) d.meta[`tokens.${k}`] = v as number;
  if (f.deliverables !== undefined) {
    if (!Array.isArray(f.deliverables)) drift('deliverables', 'a list');
    const items = arr(f.deliverables).filter((x): x is string => typeof x === 'string');
    if (items.length > 0) {
      d.meta.deliverables = items.length;
      d.meta.deliverablesSample = oneLine(items.slice(0, 5).join(' '), 300);
    }
  }
  if (f.dirty_paths_sample !== undefined && !Array.isArray(f.dirty_paths_sample)) drift('dirty_paths_sample', 'a list');
  d.touches = e.paths.map((p) => touch(p, 'write', 'inferred'));
  d.gaps = gaps.toArray();
  return d;
}

export const gptmeRecordsFormat: LineFormat = {
  id: 'gptme-records',
  agent: 'gptme',
  kind: 'lines',
  jsonLines: true,
  detect(head: FileHead): boolean {
    return objects(head).some(isSessionRecord);
  },
  open: (ctx) => new RecordsParser(ctx.source),
};
