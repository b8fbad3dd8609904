/**
 * Cline / Roo Code task folders. `api_conversation_history.json` is the conversation sent to the model:
 * Anthropic-style messages where tools are either native `tool_use` blocks (newer) or XML-ish tags in the
 * assistant's text (`<read_file><path>..</path></read_file>`, older). Results come back as user text
 * `[tool for 'x'] Result:` in call order (or as `tool_result` blocks in Roo Code). The folder's
 * `task_metadata.json` and `ui_messages.json` are sidecars: recognised, but they hold no session of their own.
 */
import { GapList } from '../gaps';
import type { SessionDraft, ToolCall, ToolKind, Touch } from '../model';
import type { DocumentFormat } from './types';
import { addModel, arr, clip, isoTime, isRecord, num, oneLine, parseRecord, type Rec, seeTime, setWebTarget, str, touch } from './util';

const TOOL_KINDS: Record<string, ToolKind> = {
  read_file: 'read',
  write_to_file: 'write',
  replace_in_file: 'edit',
  apply_diff: 'edit',
  insert_content: 'edit',
  search_and_replace: 'edit',
  new_rule: 'write',
  execute_command: 'shell',
  list_files: 'search',
  search_files: 'search',
  list_code_definition_names: 'search',
  codebase_search: 'search',
  browser_action: 'web',
  web_fetch: 'web',
  web_search: 'web',
  use_mcp_tool: 'mcp',
  access_mcp_resource: 'mcp',
  load_mcp_documentation: 'other',
  ask_followup_question: 'ask',
  attempt_completion: 'other',
  plan_mode_respond: 'plan',
  plan_mode_response: 'plan',
  update_todo_list: 'plan',
  focus_chain: 'plan',
  new_task: 'spawn',
  switch_mode: 'other',
  fetch_instructions: 'other',
  condense: 'other',
  summarize_task: 'other',
  report_bug: 'other',
  run_slash_command: 'other',
  generate_image: 'other',
};

/** XML-era tool tags inside assistant text: only these names are taken for calls, never arbitrary tags. */
const XML_TOOL = new RegExp(`<(${Object.keys(TOOL_KINDS).join('|')})>([\\s\\S]*?)</\\1>`, 'g');
const RESULT_HEADER = /^\[(\w+)(?: for '([\s\S]*?)')?\] Result:/;
const SKIPPED = /^Skipping tool \[(\w+)/;
const NOT_EXECUTED = /^Tool \[(\w+)[^\]]*\] was not executed/;
const INTERRUPTED = /^Tool \[(\w+)[^\]]*\] was interrupted/;
const DENIED = /^(The user denied this operation|Access to .* is blocked by the \.\w+ignore file)/;
const FAILED = /^(The tool execution failed with the following error|\[ERROR\]|Missing value for required parameter|Error\b)/;

export const clineFormat: DocumentFormat = {
  id: 'cline',
  agent: 'cline',
  kind: 'document',
  detect(doc) {
    if (isRecord(doc)) return Array.isArray(doc.files_in_context);
    if (!Array.isArray(doc) || doc.length === 0) return false;
    return isUiMessages(doc) || isConversation(doc);
  },
  parse(doc, source) {
    if (!Array.isArray(doc) || !isConversation(doc)) return [];
    return [parseConversation(doc, source)];
  },
};

function isConversation(doc: unknown[]): boolean {
  const head = doc.slice(0, 6);
  if (!head.every((m) => isRecord(m) && (m.role === 'user' || m.role === 'assistant'))) return false;
  return head.some((m) => isRecord(m) && (isRecord(m.modelInfo) || textsOf(m.content).some(hasClineMarker)));
}

function hasClineMarker(text: string): boolean {
  return /<task>|<environment_details>|<feedback>|^\[\w+(?: for '[\s\S]*?')?\] Result:/.test(text);
}

function isUiMessages(doc: unknown[]): boolean {
  const first = doc[0];
  return isRecord(first) && typeof first.ts === 'number' && (first.type === 'say' || first.type === 'ask');
}

interface OpenCall {
  call: ToolCall;
  resolved: boolean;
}

function parseConversation(messages: unknown[], source: string): SessionDraft {
  const id = taskId(source);
  const draft: SessionDraft = {
    id,
    agent: 'cline',
    models: [],
    sources: [{ path: source }],
    toolCalls: [],
    touches: [],
    gaps: [],
    end: {},
    meta: {},
  };
  const gaps = new GapList();
  if (/^\d{12,14}$/.test(id)) seeTime(draft, isoTime(Number(id)));

  let open: OpenCall[] = [];
  messages.forEach((message, index) => {
    if (!isRecord(message)) {
      gaps.add('schema-drift', 'message is not an object', { source });
      return;
    }
    const at = isoTime(message.ts);
    seeTime(draft, at);
    if (message.role === 'assistant') {
      if (isRecord(message.modelInfo)) {
        addModel(draft, message.modelInfo.modelId);
        const provider = str(message.modelInfo.providerId);
        if (provider) draft.meta.provider = provider;
      }
      // Calls the previous assistant turn made and never got a result for: the conversation moved on.
      for (const o of open) if (!o.resolved) o.call.status = 'interrupted';
      open = assistantCalls(message.content, index, at, draft, gaps, source).map((call) => ({ call, resolved: false }));
    } else if (message.role === 'user') {
      const when = userResults(message.content, open, draft) ?? at;
      for (const o of open) {
        if (o.resolved && when && !o.call.endedAt) o.call.endedAt = when;
      }
    } else {
      gaps.add('unknown-record', `message role ${str(message.role) ?? typeof message.role}`, { source }); // not String(): deep arrays overflow
    }
  });
  for (const o of open) {
    if (o.resolved) continue;
    o.call.status = 'pending';
    gaps.add('missing-result', o.call.tool, { source });
  }
  const last = draft.toolCalls[draft.toolCalls.length - 1];
  if (last?.tool === 'attempt_completion' && last.status === 'succeeded') draft.end.completed = true;
  draft.gaps = gaps.toArray();
  return draft;
}

/** The calls in one assistant message, in order: native tool_use blocks and XML tags in text. */
function assistantCalls(content: unknown, index: number, at: string | undefined, draft: SessionDraft, gaps: GapList, source: string): ToolCall[] {
  const calls: ToolCall[] = [];
  let why: string | undefined;
  const add = (name: string, input: Rec, id: string): void => {
    const { call, touches } = buildCall(name, input, id);
    if (call.unmapped) gaps.add('unknown-tool', name, { source });
    if (why) call.why = why;
    if (at) call.startedAt = at;
    draft.toolCalls.push(call);
    draft.touches.push(...touches);
    calls.push(call);
  };
  const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : arr(content);
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === 'text') {
      const text = str(block.text) ?? '';
      if (/\[Response interrupted by (user|API Error)/.test(text)) draft.end.interrupted = true;
      let last = 0;
      for (const m of text.matchAll(XML_TOOL)) {
        const before = proseOf(text.slice(last, m.index));
        if (before) why = before;
        last = (m.index ?? 0) + m[0].length;
        add(m[1], xmlParams(m[2]), `${index}:${calls.length}`);
      }
      const after = proseOf(text.slice(last));
      if (after) why = after;
    } else if (block.type === 'tool_use') {
      const name = str(block.name) ?? '';
      add(name, isRecord(block.input) ? block.input : {}, str(block.id) ?? `${index}:${calls.length}`);
    }
  }
  return calls;
}

function proseOf(text: string): string | undefined {
  const t = clip(text.replace(/<\/?thinking>/g, ' '));
  return t === '' ? undefined : t;
}

/** The parameters of an XML-era call: `<path>x</path>` pairs, first occurrence of each name. */
function xmlParams(body: string): Rec {
  const out: Rec = {};
  for (const m of body.matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g)) {
    if (!(m[1] in out)) out[m[1]] = m[2].replace(/^\n/, '').replace(/\n$/, '');
  }
  return out;
}

function buildCall(name: string, input: Rec, id: string): { call: ToolCall; touches: Touch[] } {
  const known = TOOL_KINDS[name];
  const call: ToolCall = { id, tool: name, kind: known ?? 'other', status: 'succeeded', args: '' };
  if (!known) call.unmapped = true;
  const touches: Touch[] = [];
  const path = str(input.path);
  switch (name) {
    case 'read_file':
      call.args = path ?? '';
      if (path) touches.push(touch(path, 'read', 'observed', id));
      break;
    case 'write_to_file':
    case 'new_rule':
    case 'replace_in_file':
    case 'apply_diff':
    case 'insert_content':
    case 'search_and_replace':
      call.args = path ?? '';
      if (path) touches.push(touch(path, 'write', 'observed', id));
      break;
    case 'execute_command': {
      const command = str(input.command) ?? '';
      call.command = command;
      call.args = oneLine(command);
      const cwd = str(input.cwd);
      if (cwd) call.cwd = cwd;
      break;
    }
    case 'list_files':
    case 'list_code_definition_names':
      call.args = path ?? '';
      break;
    case 'search_files':
    case 'codebase_search': {
      const query = str(input.regex) ?? str(input.query);
      if (query) call.query = query;
      call.args = [query, path].filter(Boolean).join(' in ');
      break;
    }
    case 'browser_action': {
      const url = str(input.url);
      if (url) call.url = url;
      call.args = [str(input.action), url].filter(Boolean).join(' ');
      break;
    }
    case 'web_fetch': {
      setWebTarget(call, 'url', input.url);
      break;
    }
    case 'web_search': {
      setWebTarget(call, 'query', input.query);
      break;
    }
    case 'use_mcp_tool':
    case 'access_mcp_resource': {
      const server = str(input.server_name);
      if (server) call.mcpServer = server;
      call.args = [server, str(input.tool_name) ?? str(input.uri)].filter(Boolean).join(' ');
      break;
    }
    case 'ask_followup_question':
      call.args = oneLine(str(input.question) ?? '');
      break;
    case 'attempt_completion':
      call.args = oneLine(str(input.result) ?? '');
      break;
    case 'new_task':
      call.args = oneLine(str(input.context) ?? str(input.message) ?? '');
      break;
    default:
      call.args = oneLine(path ?? str(input.command) ?? '');
  }
  return { call, touches };
}

/**
 * Applies the results in one user message to the open calls, in order. Returns the time the
 * message states in its environment details, when it does. Also picks up the working directory.
 */
function userResults(content: unknown, open: OpenCall[], draft: SessionDraft): string | undefined {
  const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : arr(content);
  let when: string | undefined;
  const take = (name: string | undefined): OpenCall | undefined =>
    open.find((o) => !o.resolved && o.call.tool === name) ?? open.find((o) => !o.resolved);
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isRecord(block)) continue;
    if (block.type === 'tool_result') {
      const target = open.find((o) => !o.resolved && o.call.id === str(block.tool_use_id));
      if (target) settle(target, textsOf(block.content).join('\n'), block.is_error === true);
      continue;
    }
    if (block.type !== 'text') continue;
    const text = str(block.text) ?? '';
    const header = RESULT_HEADER.exec(text);
    if (header) {
      const target = take(header[1]);
      let body = text.slice(header[0].length).trim();
      if (body === '') {
        const next = blocks[i + 1];
        const nextText = isRecord(next) && next.type === 'text' ? (str(next.text) ?? '') : '';
        if (!RESULT_HEADER.test(nextText) && !nextText.includes('<environment_details>')) body = nextText;
      }
      if (target) settle(target, body, false);
      continue;
    }
    const skipped = SKIPPED.exec(text) ?? NOT_EXECUTED.exec(text);
    if (skipped) {
      const target = take(skipped[1]);
      if (target) deny(target, text);
      continue;
    }
    const interrupted = INTERRUPTED.exec(text);
    if (interrupted) {
      const target = take(interrupted[1]);
      if (target) {
        target.resolved = true;
        target.call.status = 'interrupted';
      }
      continue;
    }
    if (text.startsWith('[TASK RESUMPTION]')) {
      for (const o of open) {
        if (o.resolved) continue;
        o.resolved = true;
        o.call.status = 'interrupted';
      }
      continue;
    }
    if (text.includes('<environment_details>')) {
      const cwd = /# Current Working Directory \((.+?)\) Files/.exec(text);
      if (cwd && !draft.cwd) draft.cwd = cwd[1];
      const t = environmentTime(text);
      if (t) {
        when = t;
        seeTime(draft, t);
      }
      const mode = /# Current Mode\n(\w+) MODE/.exec(text);
      if (mode) draft.meta.mode = mode[1].toLowerCase();
    }
  }
  return when;
}

function deny(o: OpenCall, text: string): void {
  o.resolved = true;
  o.call.status = 'denied';
  o.call.error = oneLine(text);
}

/** Reads a result body: denials, tool errors, and the exit status of commands. */
function settle(o: OpenCall, body: string, isError: boolean): void {
  o.resolved = true;
  const call = o.call;
  const trimmed = body.trim();
  const json = trimmed.startsWith('{') ? parseRecord(trimmed) : undefined;
  if (json && typeof json.status === 'string') {
    if (json.status === 'denied') {
      call.status = 'denied';
      call.error = oneLine(str(json.message) ?? str(json.feedback) ?? 'denied');
      return;
    }
    if (json.status === 'error') {
      call.status = 'failed';
      call.error = oneLine(str(json.error) ?? str(json.message) ?? 'error');
      return;
    }
  }
  if (DENIED.test(trimmed)) {
    call.status = 'denied';
    call.error = oneLine(trimmed);
    return;
  }
  if (FAILED.test(trimmed) || isError) {
    call.status = 'failed';
    const inner = /<error>\s*([\s\S]*?)\s*<\/error>/.exec(trimmed);
    call.error = oneLine(inner ? inner[1] : trimmed);
    return;
  }
  if (call.tool === 'execute_command') {
    const ok = /Command executed successfully \(exit code (-?\d+)\)/.exec(trimmed);
    const bad = /Command failed with exit code (-?\d+)/.exec(trimmed);
    const exit = ok ? Number(ok[1]) : bad ? Number(bad[1]) : undefined;
    if (exit !== undefined) {
      call.exitCode = exit;
      if (exit !== 0) {
        call.status = 'failed';
        call.error = oneLine(trimmed);
      }
    }
  }
}

/**
 * Cline writes the time into each message's environment details, e.g.
 * `2/12/2026, 8:22:08 AM (America/Los_Angeles, UTC-8:00)`: with the stated offset it is exact.
 */
export function environmentTime(text: string): string | undefined {
  const block = /# Current Time\s*\n([^\n]+)/.exec(text);
  if (!block) return undefined;
  const line = block[1].trim();
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(line)) return isoTime(line);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?.*UTC([+-])(\d{1,2})(?::?(\d{2}))?/.exec(line);
  if (!m) return undefined;
  let hour = Number(m[4]) % (m[7] ? 12 : 24);
  if (m[7] === 'PM') hour += 12;
  const offsetMinutes = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0));
  const utc = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6])) - offsetMinutes * 60_000;
  return num(utc) === undefined ? undefined : new Date(utc).toISOString();
}

function textsOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  const out: string[] = [];
  for (const b of arr(content)) if (isRecord(b) && typeof b.text === 'string') out.push(b.text);
  return out;
}

/** The task folder's name (Cline names it after the task's start, epoch ms); else the file's name. */
function taskId(source: string): string {
  const parts = source.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? source;
  if (base === 'api_conversation_history.json' && parts.length >= 2 && parts[parts.length - 2]) return parts[parts.length - 2];
  return base.replace(/\.json$/i, '');
}
