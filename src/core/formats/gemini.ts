/**
 * Gemini CLI chat recordings: the legacy whole-file JSON (up to v0.38), the append-only JSONL
 * (v0.39+: header, message lines, `$set` and `$rewindTo` lines) and `{history: Content[]}` checkpoints.
 */
import type { Access, SessionDraft, ToolCall, ToolKind, Touch } from '../model';
import { GapList } from '../gaps';
import type { DocumentFormat, FileHead, LineFormat, LineParser } from './types';
import { addModel, arr, clip, emptyDraft, isoTime, isRecord, keepOutput, mcpServerOf, oneLine, parseRecord, seeTime, str, touch, type Rec } from './util';

const MESSAGE_TYPES = new Set(['user', 'gemini', 'info', 'error', 'warning']);

const TOOL_KINDS: Record<string, ToolKind> = {
  read_file: 'read',
  read_many_files: 'read',
  write_file: 'write',
  replace: 'edit',
  edit: 'edit',
  smart_edit: 'edit',
  run_shell_command: 'shell',
  list_directory: 'search',
  glob: 'search',
  grep_search: 'search',
  search_file_content: 'search',
  web_fetch: 'web',
  google_web_search: 'web',
  save_memory: 'other',
  write_todos: 'plan',
  enter_plan_mode: 'plan',
  exit_plan_mode: 'plan',
  ask_user: 'ask',
  activate_skill: 'other',
  codebase_investigator: 'spawn',
  delegate_to_agent: 'spawn',
  complete_task: 'other',
  get_internal_docs: 'read',
  list_mcp_resources: 'mcp',
  read_mcp_resource: 'mcp',
};

/** Session-level fields worth keeping from headers and `$set` lines. */
const META_KEYS = ['sessionId', 'projectHash', 'startTime', 'start_time', 'lastUpdated', 'kind', 'directories', 'summary', 'model', 'meta'] as const;

/** What we keep of a message: enough for the end signals and the "why" of its calls. */
interface MessageInfo {
  id: string;
  type: string;
  text: string;
}

interface CallEntry {
  call: ToolCall;
  touches: { path: string; access: Access }[];
}

/** A value as JSON text; one nested too deep for JSON.stringify (it throws RangeError) is named instead. */
function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '(value nested too deep to show)';
  }
}

function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

function fileStem(p: string): string {
  const name = basename(p);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** `chats/<parentSessionId>/<sessionId>.jsonl` holds a subagent of that parent. */
function parentFromPath(p: string): string | undefined {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts.length >= 3 && parts[parts.length - 3] === 'chats' ? parts[parts.length - 2] : undefined;
}

/** Text of a message `content`: a string, a Part, or a Part list. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts = Array.isArray(content) ? content : [content];
  return parts
    .map((p) => (isRecord(p) ? (str(p.text) ?? '') : typeof p === 'string' ? p : ''))
    .filter(Boolean)
    .join('\n');
}

function firstUrl(text: string): string | undefined {
  return /https?:\/\/[^\s'"`)<>\]]+/.exec(text)?.[0];
}

function hasGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

/** The output and error a tool call's `result` (functionResponse parts) carries; kept short. */
function resultOf(tc: Rec): { output?: string; error?: string } {
  let output: string | undefined;
  let error: string | undefined;
  for (const part of arr(tc.result)) {
    const fr = isRecord(part) && isRecord(part.functionResponse) ? part.functionResponse : undefined;
    const response = fr && isRecord(fr.response) ? fr.response : undefined;
    if (!response) continue;
    const out = str(response.output);
    if (out !== undefined && output === undefined) output = out.slice(0, 20_000);
    const err = response.error;
    if (err !== undefined && error === undefined) error = typeof err === 'string' ? err : isRecord(err) ? (str(err.message) ?? jsonText(err)) : jsonText(err);
  }
  if (error === undefined && tc.status === 'error') error = str(tc.resultDisplay);
  return { output, error };
}

class GeminiSession {
  private readonly meta: Rec = {};
  private visible: MessageInfo[] = [];
  private readonly calls = new Map<string, CallEntry>();
  private readonly gaps = new GapList();
  private firstUser?: string;
  private startedAt?: string;
  private endedAt?: string;
  private firstLine?: number;
  private lastLine?: number;
  private readonly models: string[] = [];

  constructor(private readonly source: string) {}

  gap(kind: Parameters<GapList['add']>[0], detail: string, line?: number): void {
    this.gaps.add(kind, detail, { source: this.source, line });
  }

  seeLine(lineNo: number): void {
    this.firstLine ??= lineNo;
    this.lastLine = lineNo;
  }

  private see(t: string | undefined): void {
    if (!t) return;
    if (!this.startedAt || t < this.startedAt) this.startedAt = t;
    if (!this.endedAt || t > this.endedAt) this.endedAt = t;
  }

  setMeta(patch: Rec, line?: number): void {
    for (const k of META_KEYS) if (patch[k] !== undefined) this.meta[k] = patch[k];
    const messages = patch.messages;
    if (Array.isArray(messages)) {
      // A full message list replaces the visible history (resume, compression, rollback).
      this.visible = [];
      for (const m of messages) this.message(m, line);
    }
  }

  /** A message record: re-appending an id replaces it in place (Map semantics of the CLI). */
  message(raw: unknown, line?: number): void {
    if (!isRecord(raw)) {
      this.gap('schema-drift', 'message is not an object', line);
      return;
    }
    const id = str(raw.id) ?? `#${this.visible.length}`;
    const type = str(raw.type) ?? '';
    if (!MESSAGE_TYPES.has(type)) this.gap('unknown-record', `message type ${oneLine(type, 80) || '(none)'}`, line);
    const time = isoTime(raw.timestamp);
    this.see(time);
    if (type === 'gemini' && typeof raw.model === 'string' && !this.models.includes(raw.model)) this.models.push(raw.model);
    const text = textOf(raw.content);
    if (type === 'user' && this.firstUser === undefined && text.trim()) this.firstUser = oneLine(text, 120);
    const info: MessageInfo = { id, type, text: type === 'error' ? oneLine(text, 300) : clip(text) };
    const at = this.visible.findIndex((m) => m.id === id);
    if (at >= 0) this.visible[at] = info;
    else this.visible.push(info);
    const thoughts = arr(raw.thoughts).filter(isRecord);
    const lastThought = thoughts[thoughts.length - 1];
    const thought = lastThought ? clip([str(lastThought.subject), str(lastThought.description)].filter(Boolean).join(': ')) : '';
    arr(raw.toolCalls).forEach((tc, i) => this.toolCall(tc, `${id}#${i}`, time, info.text || thought, line));
  }

  rewindTo(target: string): void {
    // Hidden from the conversation, but their tool calls really ran: those stay.
    const at = this.visible.findIndex((m) => m.id === target);
    this.visible = at >= 0 ? this.visible.slice(0, at) : [];
  }

  private toolCall(raw: unknown, fallbackId: string, messageTime: string | undefined, why: string, line?: number): void {
    if (!isRecord(raw)) {
      this.gap('schema-drift', 'toolCalls entry is not an object', line);
      return;
    }
    const id = str(raw.id) ?? fallbackId;
    const name = str(raw.name) ?? '(unnamed)';
    const args = isRecord(raw.args) ? raw.args : {};
    const entry = describeCall(id, name, args);
    const call = entry.call;
    if (line !== undefined) call.source = { file: this.source, line };
    const time = isoTime(raw.timestamp) ?? messageTime;
    if (time) call.startedAt = time;
    this.see(time);
    const ownWords = why || clip(str(args.description) ?? '');
    if (ownWords) call.why = ownWords;
    if (call.unmapped) this.gap('unknown-tool', oneLine(name, 120), line);

    const { output, error } = resultOf(raw);
    keepOutput(call, output);
    const status = str(raw.status);
    if (status === 'success') {
      call.status = 'succeeded';
      const exit = output !== undefined ? /^Exit Code: (-?\d+)/m.exec(output) : null;
      if (exit) {
        call.exitCode = Number(exit[1]);
        if (call.exitCode !== 0) {
          call.status = 'failed';
          call.error = `Exit Code: ${call.exitCode}`;
        }
      }
    } else if (status === 'error') {
      call.status = 'failed';
      call.error = oneLine(error ?? 'error');
    } else if (status === 'cancelled') {
      call.status = 'denied';
      call.error = oneLine(error ?? 'cancelled');
    }
    // The same call is re-written as it progresses: the latest version wins, but it keeps where
    // it was first seen, and a later copy without a result does not undo a known result.
    const known = this.calls.get(id);
    if (known) {
      if (call.status === 'pending' && known.call.status !== 'pending') return;
      if (known.call.source) call.source = known.call.source;
      if (known.call.startedAt) call.startedAt = known.call.startedAt;
    }
    this.calls.set(id, entry);
  }

  /** A `{history: Content[]}` checkpoint: functionCall / functionResponse parts. */
  content(raw: unknown, index: number): void {
    if (!isRecord(raw)) return;
    const role = str(raw.role) ?? '';
    const time = isoTime(raw.ts ?? raw.timestamp);
    this.see(time);
    const parts = arr(raw.parts);
    const text = textOf(parts);
    if (role === 'user' && this.firstUser === undefined && text.trim()) this.firstUser = oneLine(text, 120);
    this.visible.push({ id: `#${index}`, type: role === 'model' ? 'gemini' : role, text: clip(text) });
    parts.forEach((p, i) => {
      if (!isRecord(p)) return;
      if (isRecord(p.functionCall)) {
        const fc = p.functionCall;
        const id = str(fc.id) ?? `#${index}.${i}`;
        const entry = describeCall(id, str(fc.name) ?? '(unnamed)', isRecord(fc.args) ? fc.args : {});
        if (time) entry.call.startedAt = time;
        if (text.trim()) entry.call.why = clip(text);
        if (entry.call.unmapped) this.gap('unknown-tool', oneLine(entry.call.tool, 120));
        this.calls.set(id, entry);
      } else if (isRecord(p.functionResponse)) {
        const fr = p.functionResponse;
        const frId = str(fr.id);
        const target =
          (frId !== undefined ? this.calls.get(frId) : undefined) ??
          [...this.calls.values()].find((c) => c.call.status === 'pending' && c.call.tool === str(fr.name));
        if (!target) return;
        const response = isRecord(fr.response) ? fr.response : {};
        keepOutput(target.call, str(response.output));
        if (response.error !== undefined) {
          target.call.status = 'failed';
          target.call.error = oneLine(typeof response.error === 'string' ? response.error : jsonText(response.error));
        } else target.call.status = 'succeeded';
        if (time) target.call.endedAt = time;
      }
    });
  }

  draft(fallbackId: string): SessionDraft {
    const m = this.meta;
    const d = emptyDraft(str(m.sessionId) ?? fallbackId, 'gemini-cli', this.source);
    if (this.firstLine !== undefined) d.sources = [{ path: this.source, firstLine: this.firstLine, lastLine: this.lastLine }];
    for (const model of this.models) addModel(d, model);
    const metaObj = isRecord(m.meta) ? m.meta : {};
    addModel(d, metaObj.model);
    addModel(d, m.model);
    const dirs = arr(m.directories).filter((x): x is string => typeof x === 'string');
    if (dirs[0]) d.cwd = dirs[0];
    const title = str(m.summary) ?? this.firstUser;
    if (title) d.title = oneLine(title, 120);

    seeTime(d, this.startedAt);
    seeTime(d, this.endedAt);
    const declaredStart = isoTime(m.startTime) ?? isoTime(m.start_time);
    seeTime(d, isoTime(m.lastUpdated));
    // The header's start time wins over message times (which drift, or are missing).
    if (declaredStart) {
      d.startedAt = declaredStart;
      if (!d.endedAt || d.endedAt < declaredStart) d.endedAt = declaredStart;
    }

    const kind = str(m.kind);
    if (kind) d.meta.kind = kind;
    const projectHash = str(m.projectHash);
    if (projectHash) d.meta.projectHash = projectHash;
    const parent = parentFromPath(this.source);
    if (parent && parent !== d.id) d.parentId = parent;
    if (kind === 'subagent' || d.parentId) d.agentType = 'subagent';

    const gaps = new GapList();
    gaps.addAll(this.gaps.toArray());
    const touches: Touch[] = [];
    for (const { call, touches: paths } of this.calls.values()) {
      const c = structuredClone(call);
      d.toolCalls.push(c);
      if (c.status === 'pending') gaps.add('missing-result', c.tool, { source: this.source, line: c.source?.line });
      if (c.status === 'pending' || c.status === 'succeeded') for (const p of paths) touches.push(touch(p.path, p.access, 'observed', c.id));
    }
    d.touches = touches;
    d.gaps = gaps.toArray();
    const last = this.visible[this.visible.length - 1];
    if (last?.type === 'error') d.end.error = last.text || 'error';
    return d;
  }
}

/** Tool name, kind, arguments and touched paths of one Gemini tool call. */
function describeCall(id: string, name: string, args: Rec): CallEntry {
  const server = mcpServerOf(name) ?? (/^([^_].*?)__\w/.exec(name)?.[1] as string | undefined);
  const known = name in TOOL_KINDS;
  const kind: ToolKind = known ? TOOL_KINDS[name] : server ? 'mcp' : 'other';
  const call: ToolCall = { id, tool: name, kind, status: 'pending', args: '' };
  const touches: { path: string; access: Access }[] = [];
  const path = str(args.file_path) ?? str(args.absolute_path) ?? str(args.path) ?? str(args.dir_path) ?? str(args.directory);
  switch (name) {
    case 'read_file':
    case 'write_file':
    case 'replace':
    case 'edit':
    case 'smart_edit':
      call.args = path ?? '';
      if (path) touches.push({ path, access: name === 'read_file' ? 'read' : 'write' });
      break;
    case 'run_shell_command': {
      const command = str(args.command);
      if (command) call.command = command;
      const cwd = str(args.dir_path) ?? str(args.directory);
      if (cwd) call.cwd = cwd;
      call.args = oneLine(command ?? '');
      break;
    }
    case 'glob':
    case 'grep_search':
    case 'search_file_content': {
      const pattern = str(args.pattern);
      if (pattern) call.query = pattern;
      call.args = oneLine([pattern, path].filter(Boolean).join(' in '));
      break;
    }
    case 'read_many_files': {
      const paths = [...arr(args.paths), ...arr(args.include)].filter((x): x is string => typeof x === 'string');
      for (const p of paths) if (!hasGlob(p)) touches.push({ path: p, access: 'read' });
      call.args = oneLine(paths.join(' '));
      break;
    }
    case 'web_fetch': {
      const text = str(args.url) ?? str(args.prompt) ?? '';
      const url = firstUrl(text);
      if (url) call.url = url;
      call.args = oneLine(text);
      break;
    }
    case 'google_web_search': {
      const query = str(args.query);
      if (query) call.query = query;
      call.args = oneLine(query ?? '');
      break;
    }
    default:
      call.args = path ?? oneLine(str(args.fact) ?? str(args.query) ?? str(args.prompt) ?? (Object.keys(args).length ? jsonText(args) : ''));
  }
  if (kind === 'mcp' && server) call.mcpServer = server;
  if (!known && !server) call.unmapped = true;
  return { call, touches };
}

// ---------------------------------------------------------------------------------------------
// JSONL (v0.39+)

class GeminiJsonlParser implements LineParser {
  private readonly session: GeminiSession;

  constructor(private readonly source: string) {
    this.session = new GeminiSession(source);
  }

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const rec = parseRecord(text);
    if (!rec) {
      this.session.gap('malformed-line', 'not a JSON object', lineNo);
      return;
    }
    this.session.seeLine(lineNo);
    if (typeof rec.$rewindTo === 'string') this.session.rewindTo(rec.$rewindTo);
    else if (typeof rec.id === 'string') this.session.message(rec, lineNo);
    else if (isRecord(rec.$set)) this.session.setMeta(rec.$set, lineNo);
    else if (typeof rec.sessionId === 'string') this.session.setMeta(rec, lineNo);
    else this.session.gap('unknown-record', Object.keys(rec).slice(0, 3).join(',') || '{}', lineNo);
  }

  snapshot(): SessionDraft[] {
    return [this.session.draft(fileStem(this.source))];
  }
}

function isHeader(r: Rec): boolean {
  return typeof r.sessionId === 'string' && typeof r.projectHash === 'string';
}

export const geminiJsonlFormat: LineFormat = {
  id: 'gemini-jsonl',
  agent: 'gemini-cli',
  kind: 'lines',
  jsonLines: true,
  detect(head: FileHead): boolean {
    const recs = head.records.filter(isRecord);
    return recs.some((r) => isHeader(r) || typeof r.$rewindTo === 'string' || (isRecord(r.$set) && Object.keys(r).length === 1));
  },
  open: (ctx) => new GeminiJsonlParser(ctx.source),
};

// ---------------------------------------------------------------------------------------------
// Legacy JSON and checkpoints

function isContentList(v: unknown): v is Rec[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.slice(0, 5).every((c) => isRecord(c) && typeof c.role === 'string' && ['user', 'model', 'gemini'].includes(c.role) && Array.isArray(c.parts))
  );
}

function parseDocument(doc: unknown, source: string): SessionDraft[] {
  const s = new GeminiSession(source);
  if (Array.isArray(doc)) {
    doc.forEach((c, i) => s.content(c, i));
    return [s.draft(fileStem(source))];
  }
  if (!isRecord(doc)) return [];
  s.setMeta({ ...doc, messages: undefined });
  if (Array.isArray(doc.messages)) for (const m of doc.messages) s.message(m);
  else if (Array.isArray(doc.history)) {
    if (typeof doc.lastUpdated === 'string' || typeof doc.start_time === 'string') s.gap('schema-drift', 'history[] in place of messages[]');
    doc.history.forEach((c, i) => s.content(c, i));
  }
  if (doc.start_time !== undefined && doc.startTime === undefined) s.gap('schema-drift', 'start_time in place of startTime');
  if (isRecord(doc.meta) && doc.meta.model !== undefined) s.gap('schema-drift', 'meta.model in place of per-message model');
  return [s.draft(fileStem(source))];
}

export const geminiJsonFormat: DocumentFormat = {
  id: 'gemini-json',
  agent: 'gemini-cli',
  kind: 'document',
  detect(doc: unknown): boolean {
    if (isContentList(doc)) return true;
    if (!isRecord(doc)) return false;
    if (Array.isArray(doc.messages)) return typeof doc.sessionId === 'string' || typeof doc.projectHash === 'string';
    return isContentList(doc.history) && (typeof doc.lastUpdated === 'string' || typeof doc.start_time === 'string' || typeof doc.startTime === 'string' || 'authType' in doc);
  },
  parse: parseDocument,
};
