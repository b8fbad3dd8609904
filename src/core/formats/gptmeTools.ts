/**
 * gptme tool uses inside an assistant message (markdown fences, `<tool-use>` XML, `@tool(id): {json}`)
 * and the system messages that answer them.
 */
import type { Access, Evidence, ToolKind } from '../model';
import { clip, isoTime, isNaiveTimestamp, isRecord, oneLine, str, type Rec } from './util';

/** A fenced code block. Line numbers are 0-based indexes into the scanned lines. */
export interface Fence {
  lang: string;
  content: string;
  startLine: number;
  endLine: number;
  /** False when the text ended before the block's closing fence (generation cut off). */
  closed: boolean;
}

const FENCE = /^(`{3,})(.*)$/;

/**
 * Scans fenced blocks the way gptme reads them. A block opened by N > 3 backticks closes at the
 * first bare run of at least N. In a block opened by three, a fence with an info string opens a
 * nested block, and a bare fence closes the innermost nested block, or opens one when text follows
 * it (gptme's rule) or when it comes right after a `**Label:**` line (an example the label introduces).
 */
export function scanFences(lines: readonly string[]): Fence[] {
  const out: Fence[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = FENCE.exec(lines[i]);
    if (!open) {
      i++;
      continue;
    }
    const runLength = open[1].length;
    const start = i;
    const body: string[] = [];
    let depth = 1;
    let closed = false;
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      const f = FENCE.exec(line);
      if (!f || f[1].length < runLength) {
        body.push(line);
        continue;
      }
      const bare = f[2].trim() === '';
      // A longer opener is explicit nesting: only a bare run as long closes it (CommonMark).
      const role = runLength > 3 ? (bare ? 'close' : 'content') : bare ? bareFenceRole(lines, i, depth, body[body.length - 1] ?? '') : 'open';
      if (role === 'close') {
        depth--;
        if (depth === 0) {
          closed = true;
          break;
        }
      } else if (role === 'open') {
        depth++;
      }
      body.push(line);
    }
    out.push({ lang: open[2].trim(), content: body.join('\n'), startLine: start, endLine: closed ? i : lines.length - 1, closed });
    i++;
  }
  return out;
}

function bareFenceRole(lines: readonly string[], i: number, depth: number, previous: string): 'open' | 'close' | 'content' {
  if (depth > 1) return 'close';
  const next = i + 1 < lines.length ? lines[i + 1] : undefined;
  if (next !== undefined && next.trim() !== '' && !next.startsWith('```')) {
    if (!isHeaderLike(previous)) return 'open';
    // After a heading, a bare fence with no closing fence close below is literal text.
    for (let j = i + 1; j < Math.min(i + 7, lines.length); j++) if (lines[j].trim() === '```') return 'open';
    return 'content';
  }
  return isBoldLabel(previous) ? 'open' : 'close';
}

function isBoldLabel(line: string): boolean {
  const t = line.trim();
  return t.startsWith('**') && t.endsWith(':**');
}

function isHeaderLike(line: string): boolean {
  return isBoldLabel(line) || line.trim().startsWith('#');
}

/** Tools gptme runs from a fence whose language tag is the tool's block type. */
const FENCE_TOOLS = new Set(['save', 'append', 'patch', 'shell', 'ipython', 'tmux', 'browser', 'gh', 'read', 'morph', 'complete']);

/** Every gptme tool name we know, with what it does. */
const TOOL_KINDS: Record<string, ToolKind> = {
  save: 'write',
  append: 'write',
  patch: 'edit',
  morph: 'edit',
  read: 'read',
  shell: 'shell',
  ipython: 'shell',
  python: 'shell',
  tmux: 'shell',
  browser: 'web',
  gh: 'web',
  youtube: 'web',
  rag: 'search',
  chats: 'search',
  subagent: 'spawn',
  todo: 'plan',
  todoread: 'plan',
  todowrite: 'plan',
  choice: 'ask',
  elicit: 'ask',
  form: 'ask',
  vision: 'read',
  screenshot: 'other',
  computer: 'other',
  complete: 'other',
  precommit: 'other',
  restart: 'other',
  tts: 'other',
};

/** Tools whose argument is a file path, and how they touch it. */
const PATH_TOOLS: Record<string, { access: Access; evidence: Evidence }> = {
  save: { access: 'write', evidence: 'observed' },
  append: { access: 'write', evidence: 'observed' },
  patch: { access: 'write', evidence: 'parsed' },
  morph: { access: 'write', evidence: 'observed' },
  read: { access: 'read', evidence: 'observed' },
  vision: { access: 'read', evidence: 'observed' },
};

export interface TouchIntent {
  path: string;
  access: Access;
  evidence: Evidence;
}

/** One tool use found in an assistant message. */
export interface GptmeToolUse {
  tool: string;
  kind: ToolKind;
  known: boolean;
  args: string;
  path?: string;
  command?: string;
  url?: string;
  callId?: string;
  why?: string;
  /** 0-based line inside the message text where the tool use starts. */
  line: number;
  /** False for a fence the message never closed. */
  closed: boolean;
  touch?: TouchIntent;
}

interface RawUse {
  tool: string;
  /** Words after the tool name (fence tag) or attribute values (XML). */
  argText: string;
  content: string;
  kwargs?: Rec;
  callId?: string;
  line: number;
  /** 0-based line where the tool use ends. */
  endLine: number;
  closed: boolean;
}

/** All tool uses of an assistant message, in order. */
export function toolUsesIn(content: string): GptmeToolUse[] {
  const lines = content.split('\n');
  const { fences, skipped } = fencesOutsideThinking(lines);
  const uses: RawUse[] = [];
  for (const f of fences) {
    const word = f.lang.split(' ')[0];
    if (!FENCE_TOOLS.has(word)) continue;
    uses.push({
      tool: word,
      argText: f.lang.slice(word.length).trim(),
      content: f.content,
      line: f.startLine + skipped,
      endLine: f.endLine + skipped,
      closed: f.closed,
    });
  }
  const fenced = new Uint8Array(lines.length);
  for (const f of scanFences(lines)) fenced.fill(1, f.startLine, f.endLine + 1);
  const lineOf = lineIndex(content);
  for (const u of [...xmlUses(content, lineOf), ...toolCallUses(content, lineOf)]) if (!fenced[u.line]) uses.push(u);
  uses.sort((a, b) => a.line - b.line);

  let previousEnd = 0;
  return uses.map((u) => {
    const use = describe(u);
    const before = lines.slice(previousEnd, u.line).join('\n').replace(/<think>[\s\S]*?(<\/think>|$)/g, '');
    const why = clip(before);
    if (why) use.why = why;
    previousEnd = u.endLine + 1;
    return use;
  });
}

/** gptme ignores fences inside `<think>`: everything up to `</think>`, or the whole text if it never closes. */
function fencesOutsideThinking(lines: readonly string[]): { fences: Fence[]; skipped: number } {
  let thinkEnd = -1;
  let thinkOpen = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes('</think>')) thinkEnd = i;
    if (lines[i].includes('<think>')) thinkOpen = true;
  }
  if (thinkEnd < 0) return { fences: thinkOpen ? [] : scanFences(lines), skipped: 0 };
  const rest = [lines[thinkEnd].slice(lines[thinkEnd].indexOf('</think>') + 8), ...lines.slice(thinkEnd + 1)];
  return { fences: scanFences(rest), skipped: thinkEnd };
}

/** Maps character offsets of a text to 0-based line numbers. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

/** The spans between `open` and `close` tags, scanned once (unclosed openers end the scan). */
function* tagBlocks(content: string, open: string, close: string): Generator<{ body: string; at: number }> {
  let from = 0;
  for (;;) {
    const start = content.indexOf(open, from);
    if (start < 0) return;
    const end = content.indexOf(close, start + open.length);
    if (end < 0) return;
    yield { body: content.slice(start + open.length, end), at: start + open.length };
    from = end + close.length;
  }
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function attributeValues(attrs: string): string[] {
  return [...attrs.matchAll(/[\w-]+\s*=\s*("([^"]*)"|'([^']*)')/g)].map((m) => unescapeXml(m[2] ?? m[3] ?? ''));
}

function* xmlUses(content: string, lineOf: (offset: number) => number): Generator<RawUse> {
  for (const block of tagBlocks(content, '<tool-use>', '</tool-use>')) {
    for (const child of block.body.matchAll(/<([A-Za-z_][\w.-]*)((?:\s+[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*>([\s\S]*?)<\/\1\s*>/g)) {
      const at = block.at + (child.index ?? 0);
      yield {
        tool: child[1],
        argText: attributeValues(child[2]).join(' '),
        content: unescapeXml(child[3].trim()),
        line: lineOf(at),
        endLine: lineOf(at + child[0].length),
        closed: true,
      };
    }
  }
  for (const block of tagBlocks(content, '<function_calls>', '</function_calls>')) {
    for (const inv of block.body.matchAll(/<invoke\s+name\s*=\s*"([^"]+)"([^>]*)>([\s\S]*?)<\/invoke>/g)) {
      const at = block.at + (inv.index ?? 0);
      yield {
        tool: inv[1],
        argText: attributeValues(inv[2]).join(' '),
        content: unescapeXml(inv[3].trim()),
        line: lineOf(at),
        endLine: lineOf(at + inv[0].length),
        closed: true,
      };
    }
  }
}

/** Bounds for `@tool` calls, so a pathological message stays linear. */
const MAX_TOOL_CALLS = 1000;
const MAX_JSON_CHARS = 1_000_000;

/** `@save(call_id): {"path": ...}` (gptme's "tool" format). */
function* toolCallUses(content: string, lineOf: (offset: number) => number): Generator<RawUse> {
  let count = 0;
  for (const m of content.matchAll(/^@(\w+)\(([\w\-:.]+)\):\s*(?=\{)/gm)) {
    if (++count > MAX_TOOL_CALLS) return;
    const jsonStart = (m.index ?? 0) + m[0].length;
    const end = jsonEnd(content, jsonStart, jsonStart + MAX_JSON_CHARS);
    const raw = content.slice(jsonStart, end ?? content.length);
    let kwargs: Rec | undefined;
    try {
      const v: unknown = JSON.parse(raw);
      if (isRecord(v)) kwargs = v;
    } catch {
      kwargs = undefined;
    }
    yield {
      tool: m[1],
      argText: '',
      content: kwargs ? '' : raw,
      kwargs: kwargs ?? {},
      callId: m[2],
      line: lineOf(m.index ?? 0),
      endLine: lineOf(end ?? content.length),
      closed: end !== undefined,
    };
  }
}

function jsonEnd(s: string, start: number, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < Math.min(s.length, limit); i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return undefined;
}

/** Keyword arguments as JSON text; ones nested too deep for JSON.stringify (it throws RangeError) give ''. */
function kwargsText(kw: Rec): string {
  try {
    return JSON.stringify(kw);
  } catch {
    return '';
  }
}

function describe(u: RawUse): GptmeToolUse {
  const kw = u.kwargs ?? {};
  const known = u.tool in TOOL_KINDS;
  const use: GptmeToolUse = { tool: u.tool, kind: known ? TOOL_KINDS[u.tool] : 'other', known, args: '', line: u.line, closed: u.closed };
  if (u.callId !== undefined) use.callId = u.callId;
  const text = str(kw.content) ?? str(kw.code) ?? str(kw.command) ?? u.content;
  const pathRule = PATH_TOOLS[u.tool];
  if (pathRule) {
    const path = str(kw.path) ?? u.argText;
    if (path) {
      use.path = path;
      use.touch = { path, ...pathRule };
    }
    use.args = path || oneLine(text);
  } else if (u.tool === 'shell') {
    const command = (str(kw.command) ?? u.content).trim();
    if (command) use.command = command;
    use.args = oneLine(command);
  } else if (u.tool === 'tmux') {
    const command = tmuxCommand(text);
    if (command) use.command = command;
    use.args = oneLine(text || u.argText);
  } else {
    use.args = oneLine([u.argText, text].filter(Boolean).join(' ') || kwargsText(kw));
  }
  if (use.kind === 'web') {
    const url = /https?:\/\/[^\s'"`)<>]+/.exec(`${u.argText} ${text} ${kwargsText(kw)}`);
    if (url) use.url = url[0];
  }
  return use;
}

/** `new_session 'npm run dev'` / `send_keys <id> 'make test' Enter`: the shell text tmux is asked to run. */
function tmuxCommand(text: string): string | undefined {
  const m = /^\s*(?:new_session|send_keys\s+\S+)\s+(?:'([^']*)'|"([^"]*)")/m.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** What a system message says about the tool call it answers. */
export type GptmeResult =
  | { kind: 'saved'; path: string; overwritten: boolean }
  | { kind: 'appended'; path: string }
  | { kind: 'patched'; path: string }
  | { kind: 'ran'; exitCode?: number }
  | { kind: 'executed' }
  | { kind: 'denied'; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'interrupted'; error: string }
  | { kind: 'other' };

const stripTicks = (s: string): string => s.trim().replace(/^`|`$/g, '');

export function classifyResult(content: string): GptmeResult {
  const text = content.trimStart();
  const first = oneLine(text, 300);
  let m = /^Saved to (.+?)( \(overwritten\))?( \(created missing folder\))?$/.exec(first);
  if (m) return { kind: 'saved', path: stripTicks(m[1]), overwritten: Boolean(m[2]) };
  if ((m = /^Appended to (.+)$/.exec(first))) return { kind: 'appended', path: stripTicks(m[1]) };
  if ((m = /^Patch successfully applied to (.+)$/.exec(first))) return { kind: 'patched', path: stripTicks(m[1]) };
  if (/^Ran (?:allowlisted )?command/.test(first)) {
    const codes = [...text.matchAll(/^Return code: (-?\d+)/gm)];
    const last = codes[codes.length - 1];
    return last ? { kind: 'ran', exitCode: Number(last[1]) } : { kind: 'ran' };
  }
  if (/^Executed code block/.test(first)) return { kind: 'executed' };
  if (/aborted: user|^Operation aborted|not confirmed; execution aborted/i.test(first)) return { kind: 'denied', error: first };
  if (/^Interrupted\b|interrupted by user/i.test(first)) return { kind: 'interrupted', error: first };
  if (/^(Error|Patch failed|Save aborted|Append aborted|Cannot (save|append)|No (content|path|patch) provided|Tool '.*' is not available)/i.test(first)) {
    return { kind: 'failed', error: first.replace(/^Error during execution:\s*/, '') || first };
  }
  return { kind: 'other' };
}

/** The tool a specific success message answers (undefined: any tool's plain output). */
export function resultTool(r: GptmeResult): readonly string[] | undefined {
  switch (r.kind) {
    case 'saved':
      return ['save'];
    case 'appended':
      return ['append'];
    case 'patched':
      return ['patch'];
    case 'ran':
      return ['shell'];
    case 'executed':
      return ['ipython', 'python'];
    default:
      return undefined;
  }
}

/** Tools that always answer with one of the specific messages above. */
export const TOOLS_WITH_KNOWN_RESULTS = new Set(['save', 'append', 'patch', 'shell', 'ipython', 'python']);

/**
 * A timestamp as ISO. gptme wrote local time without a zone in most versions; such times are read
 * as UTC (deterministic) and reported through `onNaive`.
 */
export function timestampOf(v: unknown, onNaive: () => void): string | undefined {
  if (typeof v === 'string' && isNaiveTimestamp(v)) {
    onNaive();
    return isoTime(`${v.trim()}Z`);
  }
  return isoTime(v);
}

/** Last path segment, for either separator. */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

/** Name of the folder holding a file. */
export function parentName(p: string): string | undefined {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

export function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
