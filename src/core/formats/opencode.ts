/**
 * OpenCode session exports (`opencode export <id>`): one JSON document
 * `{info{id, directory, title, time, parentID?}, messages[{info{role, modelID, time, error?}, parts[]}]}`.
 * Tool calls are `tool` parts whose `state` carries status, input, output, metadata and error.
 */
import { GapList } from '../gaps';
import type { LineRange, SessionDraft, ToolCall, ToolKind, ToolStatus, Touch } from '../model';
import { parsePatch } from './patch';
import type { DocumentFormat } from './types';
import { addModel, arr, clip, isoTime, isRecord, keepOutput, num, oneLine, type Rec, seeTime, setWebTarget, str, touch } from './util';

const TOOL_KINDS: Record<string, ToolKind> = {
  bash: 'shell',
  read: 'read',
  write: 'write',
  edit: 'edit',
  multiedit: 'edit',
  patch: 'edit',
  apply_patch: 'edit',
  glob: 'search',
  grep: 'search',
  list: 'search',
  ls: 'search',
  codesearch: 'web',
  lsp: 'search',
  lsp_diagnostics: 'search',
  lsp_hover: 'search',
  webfetch: 'web',
  websearch: 'web',
  task: 'spawn',
  todowrite: 'plan',
  todoread: 'plan',
  plan_enter: 'plan',
  plan_exit: 'plan',
  question: 'ask',
  skill: 'other',
  batch: 'other',
  execute: 'other',
  invalid: 'other',
};

/** Part types OpenCode writes that carry no action of their own. */
const QUIET_PARTS = new Set([
  'text',
  'reasoning',
  'step-start',
  'step-finish',
  'patch',
  'file',
  'snapshot',
  'agent',
  'subtask',
  'compaction',
  'retry',
]);

const REJECTED = /^The user (rejected permission to use this specific tool call|has specified a rule which prevents you from using this specific tool call)/;
const DENIED_BY_AGENT_RULE = /^This agent is not allowed to use this tool/;
const ABORTED = /^Tool execution (aborted|was interrupted)/;

export const opencodeFormat: DocumentFormat = {
  id: 'opencode',
  agent: 'opencode',
  kind: 'document',
  detect(doc) {
    if (!isRecord(doc) || !isRecord(doc.info) || !Array.isArray(doc.messages)) return false;
    if (doc.messages.length === 0) return str(doc.info.id)?.startsWith('ses_') === true;
    return doc.messages.some((m) => isRecord(m) && isRecord(m.info) && Array.isArray(m.parts));
  },
  parse: parseExport,
};

function parseExport(doc: unknown, source: string): SessionDraft[] {
  if (!isRecord(doc) || !isRecord(doc.info)) return [];
  const info = doc.info;
  const gaps = new GapList();
  const where = { source };
  const draft: SessionDraft = {
    id: str(info.id) ?? fileStem(source),
    agent: 'opencode',
    models: [],
    sources: [{ path: source }],
    toolCalls: [],
    touches: [],
    gaps: [],
    end: {},
    meta: {},
  };
  const title = str(info.title);
  if (title) draft.title = title;
  const directory = str(info.directory);
  if (directory) draft.cwd = directory;
  const parentId = str(info.parentID);
  if (parentId) draft.parentId = parentId;
  const version = str(info.version);
  if (version) draft.meta.version = version;
  const slug = str(info.slug);
  if (slug) draft.meta.slug = slug;
  if (isRecord(info.time)) {
    seeTime(draft, isoTime(info.time.created));
    seeTime(draft, isoTime(info.time.updated));
  }

  let why: string | undefined;
  for (const message of arr(doc.messages)) {
    if (!isRecord(message) || !isRecord(message.info)) {
      gaps.add('schema-drift', 'message without info', where);
      continue;
    }
    const mi = message.info;
    const role = str(mi.role);
    if (isRecord(mi.time)) {
      seeTime(draft, isoTime(mi.time.created));
      seeTime(draft, isoTime(mi.time.completed));
    }
    if (role === 'user') {
      why = undefined;
      if (isRecord(mi.model) && draft.models.length === 0) addModel(draft, mi.model.modelID);
    } else if (role === 'assistant') {
      addModel(draft, mi.modelID);
      if (!draft.cwd && isRecord(mi.path)) draft.cwd = str(mi.path.cwd);
      noteMessageError(draft, mi.error);
    } else {
      gaps.add('unknown-record', `message role ${String(role)}`, where);
    }
    const parts = Array.isArray(message.parts) ? message.parts : [];
    const stepTouched = new Set<string>();
    const patchedFiles: string[] = [];
    for (const part of parts) {
      if (!isRecord(part)) continue;
      const type = str(part.type) ?? '';
      if (type === 'text' || type === 'reasoning') {
        const text = str(part.text)?.trim();
        if (role === 'assistant' && text) why = clip(text);
      } else if (type === 'tool') {
        const call = toolCall(part, why, draft, gaps, source);
        if (!call) continue;
        draft.toolCalls.push(call.call);
        for (const t of call.touches) {
          draft.touches.push(t);
          if (t.access !== 'read') stepTouched.add(absoluteIn(draft.cwd, t.path));
        }
      } else if (type === 'patch') {
        for (const f of arr(part.files)) if (typeof f === 'string') patchedFiles.push(f);
      } else if (!QUIET_PARTS.has(type)) {
        gaps.add('unknown-record', `part ${type || '(no type)'}`, where);
      }
    }
    // A patch part lists files the step changed on disk (snapshot diff), whatever changed them:
    // keep the ones no structured tool input already explains (e.g. a `rm` run through bash).
    for (const path of new Set(patchedFiles)) {
      if (!stepTouched.has(absoluteIn(draft.cwd, path))) draft.touches.push(touch(path, 'write', 'inferred'));
    }
  }
  draft.gaps = gaps.toArray();
  return [draft];
}

function noteMessageError(draft: SessionDraft, error: unknown): void {
  if (!isRecord(error)) return;
  const name = str(error.name) ?? '';
  if (name === 'MessageAbortedError') {
    draft.end.interrupted = true;
    return;
  }
  const data = isRecord(error.data) ? error.data : {};
  draft.end.error = oneLine(str(data.message) || name || 'error');
}

interface ParsedCall {
  call: ToolCall;
  touches: Touch[];
}

function toolCall(part: Rec, why: string | undefined, draft: SessionDraft, gaps: GapList, source: string): ParsedCall | undefined {
  const tool = str(part.tool);
  const state = part.state;
  if (!tool || !isRecord(state)) {
    gaps.add('schema-drift', 'tool part without tool name or state', { source });
    return undefined;
  }
  const id = str(part.callID) ?? str(part.id) ?? `${tool}-${draft.toolCalls.length + 1}`;
  const input = isRecord(state.input) ? state.input : {};
  const metadata = isRecord(state.metadata) ? state.metadata : {};
  const known = TOOL_KINDS[tool];
  const call: ToolCall = { id, tool, kind: known ?? 'other', status: statusOf(state), args: '' };
  if (!known) {
    call.unmapped = true;
    gaps.add('unknown-tool', tool, { source });
  }
  if (why) call.why = why;
  if (isRecord(state.time)) {
    const started = isoTime(state.time.start);
    const ended = isoTime(state.time.end);
    if (started) call.startedAt = started;
    if (ended) call.endedAt = ended;
  }
  const error = str(state.error);
  if (error) call.error = oneLine(error);
  keepOutput(call, str(state.output));
  if (call.status === 'pending') gaps.add('missing-result', tool, { source });

  const touches: Touch[] = [];
  const filePath = str(input.filePath) ?? str(input.path);
  switch (tool) {
    case 'bash': {
      const command = str(input.command) ?? '';
      call.command = command;
      call.args = oneLine(command);
      const workdir = str(input.workdir);
      if (workdir) call.cwd = workdir;
      const exit = num(metadata.exit) ?? num(metadata.exitCode);
      if (exit !== undefined) {
        call.exitCode = exit;
        if (exit !== 0 && call.status === 'succeeded') call.status = 'failed';
      }
      break;
    }
    case 'read':
      call.args = filePath ?? '';
      if (filePath) touches.push(touch(filePath, 'read', 'observed', id));
      break;
    case 'write':
      call.args = filePath ?? '';
      if (filePath) touches.push(touch(filePath, metadata.exists === false ? 'create' : 'write', 'observed', id));
      break;
    case 'edit':
    case 'multiedit': {
      call.args = filePath ?? '';
      const lines = diffLines(str(metadata.diff));
      if (filePath) touches.push(touch(filePath, 'write', 'observed', id, lines));
      break;
    }
    case 'patch':
    case 'apply_patch':
      touches.push(...patchTouches(input, metadata, id));
      call.args = touches.map((t) => t.path).join(', ') || oneLine(str(input.patchText) ?? '');
      break;
    case 'glob':
    case 'grep':
    case 'list':
    case 'ls': {
      const pattern = str(input.pattern);
      if (pattern) call.query = pattern;
      call.args = [pattern, str(input.path)].filter(Boolean).join(' in ');
      break;
    }
    case 'webfetch': {
      setWebTarget(call, 'url', input.url);
      break;
    }
    case 'websearch':
    case 'codesearch': {
      setWebTarget(call, 'query', input.query);
      break;
    }
    case 'task': {
      const child = str(metadata.sessionId) ?? taskSessionFromOutput(str(state.output));
      if (child) call.childSessionId = child;
      call.args = [str(input.subagent_type), str(input.description)].filter(Boolean).join(': ');
      break;
    }
    case 'skill':
      call.args = str(input.name) ?? '';
      break;
    case 'todowrite': {
      const todos = arr(input.todos);
      call.args = `${todos.length} item${todos.length === 1 ? '' : 's'}`;
      break;
    }
    case 'question': {
      const first = arr(input.questions).find(isRecord);
      call.args = oneLine(str(first?.question) ?? '');
      break;
    }
    default:
      call.args = oneLine(filePath ?? str(input.description) ?? str(state.title) ?? '');
  }
  return { call, touches };
}

function statusOf(state: Rec): ToolStatus {
  const status = str(state.status);
  if (status === 'completed') return 'succeeded';
  if (status === 'error') {
    const error = str(state.error) ?? '';
    if (REJECTED.test(error) || DENIED_BY_AGENT_RULE.test(error)) return 'denied';
    if (ABORTED.test(error) || (isRecord(state.metadata) && state.metadata.interrupted === true)) return 'interrupted';
    return 'failed';
  }
  return 'pending';
}

/** apply_patch: the patch text, parsed; OpenCode's own per-file list when there is no text. */
function patchTouches(input: Rec, metadata: Rec, id: string): Touch[] {
  const text = str(input.patchText) ?? str(input.patch);
  if (text) {
    const parsed = parsePatch(text);
    if (parsed.length > 0) {
      const out: Touch[] = [];
      for (const p of parsed) {
        out.push(touch(p.path, p.access, 'parsed', id, p.lines));
        if (p.moveTo) out.push(touch(p.moveTo, 'create', 'parsed', id));
      }
      return out;
    }
  }
  const out: Touch[] = [];
  for (const f of arr(metadata.files)) {
    if (!isRecord(f)) continue;
    const path = str(f.filePath);
    if (!path) continue;
    const type = str(f.type);
    out.push(touch(path, type === 'add' ? 'create' : type === 'delete' ? 'delete' : 'write', 'observed', id));
    const moved = str(f.movePath);
    if (moved) out.push(touch(moved, 'create', 'observed', id));
  }
  return out;
}

/** Older exports carry the subagent's session only inside the task output. */
function taskSessionFromOutput(output: string | undefined): string | undefined {
  if (!output) return undefined;
  const m = /<task_metadata>\s*session_id:\s*(\S+)/.exec(output);
  return m ? m[1] : undefined;
}

/** The new-side lines a unified diff covers (OpenCode's edit metadata carries one per call). */
function diffLines(diff: string | undefined): LineRange | undefined {
  return diff ? parsePatch(diff).find((f) => f.lines)?.lines : undefined;
}

/** For comparing paths only: a relative path joined to the session's directory. */
function absoluteIn(cwd: string | undefined, path: string): string {
  if (!cwd || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return `${cwd.replace(/[\\/]+$/, '')}/${path.replace(/^\.\//, '')}`;
}

function fileStem(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.json$/i, '');
}
