/**
 * Pi coding agent sessions (`~/.pi/agent/sessions/--<cwd>--/<time>_<uuid>.jsonl`), format v1-v3:
 * a `{type:"session", version, id, cwd}` header, then entries linked by `id`/`parentId` into a tree.
 * Branches (edited or forked turns) stay in the file; every branch's actions really happened, so all count.
 */
import { GapList } from '../gaps';
import type { LineRange, SessionDraft, ToolCall, ToolKind, Touch } from '../model';
import type { LineFormat, LineParser } from './types';
import { addModel, arr, clip, cloneDrafts, emptyDraft, isoTime, isRecord, keepOutput, num, oneLine, parseRecord, type Rec, seeTime, str, touch } from './util';

const TOOL_KINDS: Record<string, ToolKind> = {
  read: 'read',
  write: 'write',
  edit: 'edit',
  bash: 'shell',
  grep: 'search',
  find: 'search',
  ls: 'search',
};

/** Entry types Pi writes that hold no action. */
const QUIET_ENTRIES = new Set(['compaction', 'branch_summary', 'custom', 'custom_message', 'label']);
const QUIET_ROLES = new Set(['user', 'custom', 'hookMessage', 'branchSummary', 'compactionSummary']);

export const piFormat: LineFormat = {
  id: 'pi',
  agent: 'pi',
  kind: 'lines',
  jsonLines: true,
  detect(head) {
    const first = head.records.find((r) => r !== undefined);
    if (!isRecord(first)) return false;
    if (first.type === 'session') return typeof first.id === 'string' && typeof first.cwd === 'string';
    return first.type === 'model_change' && 'parentId' in first && typeof first.modelId === 'string';
  },
  open: (ctx) => new PiParser(ctx.source),
};

interface SessionState {
  draft: SessionDraft;
  gaps: GapList;
  /** Calls waiting for their toolResult, by call id. */
  open: Map<string, ToolCall>;
  /** Calls made in an assistant message that stopped with `aborted`. */
  aborted: Set<string>;
  children: Map<string, number>;
}

class PiParser implements LineParser {
  private readonly sessions: SessionState[] = [];

  constructor(private readonly source: string) {}

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const rec = parseRecord(text);
    const where = { source: this.source, line: lineNo };
    if (!rec) {
      this.current(lineNo).gaps.add('malformed-line', 'not a JSON object', where);
      return;
    }
    if (rec.type === 'session') {
      this.startSession(rec, lineNo);
      return;
    }
    const s = this.current(lineNo);
    const src = s.draft.sources[0];
    src.lastLine = lineNo;
    seeTime(s.draft, isoTime(rec.timestamp));
    const parent = str(rec.parentId);
    if (parent) s.children.set(parent, (s.children.get(parent) ?? 0) + 1);
    switch (rec.type) {
      case 'message':
        this.message(s, rec, lineNo);
        break;
      case 'model_change':
        addModel(s.draft, rec.modelId);
        if (str(rec.provider)) s.draft.meta.provider = str(rec.provider) as string;
        break;
      case 'thinking_level_change':
        if (str(rec.thinkingLevel)) s.draft.meta.thinkingLevel = str(rec.thinkingLevel) as string;
        break;
      case 'session_info':
        if (str(rec.name)) s.draft.title = str(rec.name);
        break;
      default: {
        // Not String(rec.type): an array nested thousands deep overflows the stack when joined.
        const type = typeof rec.type === 'string' ? rec.type : rec.type == null ? '(no type)' : `(${Array.isArray(rec.type) ? 'array' : typeof rec.type} type)`;
        if (!QUIET_ENTRIES.has(type)) s.gaps.add('unknown-record', type, where);
      }
    }
  }

  snapshot(): SessionDraft[] {
    const out: SessionDraft[] = [];
    for (const s of this.sessions) {
      const gaps = new GapList();
      gaps.addAll(s.gaps.toArray());
      const draft = cloneDrafts([s.draft])[0];
      const byId = new Map(draft.toolCalls.map((c) => [c.id, c]));
      for (const id of s.open.keys()) {
        const call = byId.get(id);
        if (!call) continue;
        if (s.aborted.has(id)) {
          call.status = 'interrupted';
        } else {
          call.status = 'pending';
          gaps.add('missing-result', call.tool, call.source ? { source: call.source.file, line: call.source.line } : undefined);
        }
      }
      const branchPoints = [...s.children.values()].filter((n) => n > 1).length;
      if (branchPoints > 0) draft.meta.branchPoints = branchPoints;
      draft.gaps = gaps.toArray();
      out.push(draft);
    }
    return out;
  }

  private startSession(rec: Rec, lineNo: number): void {
    const id = str(rec.id) ?? `${fileStem(this.source)}#${this.sessions.length + 1}`;
    const draft = emptyDraft(id, 'pi', this.source);
    draft.sources[0].firstLine = lineNo;
    draft.sources[0].lastLine = lineNo;
    const cwd = str(rec.cwd);
    if (cwd) draft.cwd = cwd;
    const version = num(rec.version);
    draft.meta.version = version ?? 1;
    const parentSession = str(rec.parentSession);
    if (parentSession) draft.meta.forkedFrom = parentSession;
    seeTime(draft, isoTime(rec.timestamp));
    this.sessions.push({ draft, gaps: new GapList(), open: new Map(), aborted: new Set(), children: new Map() });
  }

  /** The session lines belong to; a file without a header still yields one, named after the file. */
  private current(lineNo: number): SessionState {
    if (this.sessions.length === 0) this.startSession({ id: fileStem(this.source) }, lineNo);
    return this.sessions[this.sessions.length - 1];
  }

  private message(s: SessionState, rec: Rec, lineNo: number): void {
    const where = { source: this.source, line: lineNo };
    const message = rec.message;
    if (!isRecord(message)) {
      s.gaps.add('schema-drift', 'message entry without message', where);
      return;
    }
    const role = str(message.role) ?? '';
    const at = isoTime(rec.timestamp) ?? isoTime(message.timestamp);
    if (role === 'assistant') this.assistant(s, message, at, lineNo);
    else if (role === 'toolResult') this.toolResult(s, message, at, where);
    else if (role === 'bashExecution') this.userCommand(s, message, rec, at, lineNo);
    else if (!QUIET_ROLES.has(role)) s.gaps.add('unknown-record', `message ${role || '(no role)'}`, where);
  }

  private assistant(s: SessionState, message: Rec, at: string | undefined, lineNo: number): void {
    addModel(s.draft, message.model);
    const stop = str(message.stopReason);
    if (stop === 'error') s.draft.end.error = oneLine(str(message.errorMessage) ?? 'error');
    if (stop === 'aborted') s.draft.end.interrupted = true;
    const content = arr(message.content);
    let why: string | undefined;
    const text = content.filter((b) => isRecord(b) && b.type === 'text').map((b) => str((b as Rec).text) ?? '').join(' ');
    const thinking = content.filter((b) => isRecord(b) && b.type === 'thinking').map((b) => str((b as Rec).thinking) ?? '').join(' ');
    if (clip(text)) why = clip(text);
    else if (clip(thinking)) why = clip(thinking);
    for (const block of content) {
      if (!isRecord(block) || block.type !== 'toolCall') continue;
      const name = str(block.name) ?? '';
      const id = str(block.id) ?? `${lineNo}:${s.draft.toolCalls.length}`;
      const input = isRecord(block.arguments) ? block.arguments : {};
      const { call, touches } = buildCall(name, input, id);
      if (call.unmapped) s.gaps.add('unknown-tool', name, { source: this.source, line: lineNo });
      if (why) call.why = why;
      if (at) call.startedAt = at;
      call.source = { file: this.source, line: lineNo };
      s.draft.toolCalls.push(call);
      s.draft.touches.push(...touches);
      s.open.set(id, call);
      if (stop === 'aborted') s.aborted.add(id);
    }
  }

  private toolResult(s: SessionState, message: Rec, at: string | undefined, where: { source: string; line: number }): void {
    const id = str(message.toolCallId) ?? '';
    const call = s.open.get(id);
    if (!call) {
      s.gaps.add('schema-drift', 'toolResult for an unknown call', where);
      return;
    }
    s.open.delete(id);
    s.aborted.delete(id);
    if (at) call.endedAt = at;
    const text = arr(message.content)
      .map((b) => (isRecord(b) ? (str(b.text) ?? '') : ''))
      .join('\n')
      .trim();
    keepOutput(call, text);
    const exit = /Command exited with code (-?\d+)/.exec(text);
    if (call.kind === 'shell') {
      if (exit) call.exitCode = Number(exit[1]);
      else if (message.isError !== true) call.exitCode = 0;
    }
    if (message.isError === true) {
      call.status = /^(Operation |Command |Tool )?(aborted|cancelled)\b/i.test(text) ? 'interrupted' : 'failed';
      call.error = oneLine(text || 'error');
    }
    if (call.tool === 'edit' && isRecord(message.details)) {
      const lines = editLines(message.details);
      const t = lines && s.draft.touches.find((x) => x.toolCallId === call.id);
      if (t && lines) t.lines = lines;
    }
  }

  /** A `!command` the user ran from Pi's prompt: it ran in the session's shell, so it counts. */
  private userCommand(s: SessionState, message: Rec, rec: Rec, at: string | undefined, lineNo: number): void {
    const command = str(message.command) ?? '';
    const exit = num(message.exitCode);
    const call: ToolCall = {
      id: str(rec.id) ?? `${lineNo}`,
      tool: 'bashExecution',
      kind: 'shell',
      status: message.cancelled === true ? 'interrupted' : exit !== undefined && exit !== 0 ? 'failed' : 'succeeded',
      args: oneLine(command),
      command,
      source: { file: this.source, line: lineNo },
    };
    if (exit !== undefined) call.exitCode = exit;
    if (at) call.startedAt = call.endedAt = at;
    s.draft.toolCalls.push(call);
  }
}

function buildCall(name: string, input: Rec, id: string): { call: ToolCall; touches: Touch[] } {
  const known = TOOL_KINDS[name];
  const call: ToolCall = { id, tool: name, kind: known ?? 'other', status: 'succeeded', args: '' };
  if (!known) call.unmapped = true;
  const touches: Touch[] = [];
  const path = str(input.path) ?? str(input.file_path);
  switch (name) {
    case 'read':
      call.args = path ?? '';
      if (path) touches.push(touch(path, 'read', 'observed', id));
      break;
    case 'write':
    case 'edit':
      call.args = path ?? '';
      if (path) touches.push(touch(path, 'write', 'observed', id));
      break;
    case 'bash': {
      const command = str(input.command) ?? '';
      call.command = command;
      call.args = oneLine(command);
      break;
    }
    case 'grep':
    case 'find': {
      const pattern = str(input.pattern);
      if (pattern) call.query = pattern;
      call.args = [pattern, path].filter(Boolean).join(' in ');
      break;
    }
    default:
      call.args = oneLine(path ?? str(input.command) ?? '');
  }
  return { call, touches };
}

/**
 * Pi's edit details: a numbered diff (`+ 7 text` for added lines, with new-file numbers) and
 * `firstChangedLine`. The range spans the added lines, or the first changed line for pure deletions.
 */
function editLines(details: Rec): LineRange | undefined {
  const diff = str(details.diff) ?? '';
  let start = Infinity;
  let end = -Infinity;
  for (const m of diff.matchAll(/^\+\s*(\d+)\s/gm)) {
    const n = Number(m[1]);
    start = Math.min(start, n);
    end = Math.max(end, n);
  }
  if (Number.isFinite(start)) return { start, end };
  const first = num(details.firstChangedLine);
  return first !== undefined && first >= 1 ? { start: first, end: first } : undefined;
}

function fileStem(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.jsonl$/i, '');
}
