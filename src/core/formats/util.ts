/** Small helpers shared by the format parsers: defensive field access and display text. */
import type { Access, Evidence, LineRange, SessionDraft, ToolCall, Touch } from '../model';
import { mayHoldSecret } from '../secrets/clues';

export { clip } from '../clip';

export type Rec = Record<string, unknown>;

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Parses a JSON line; undefined when it is not JSON or not an object. */
export function parseRecord(text: string): Rec | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** How much of a tool result a parser keeps: enough for the secret scan to see what was read or printed. */
export const OUTPUT_KEEP_CHARS = 2000;

/**
 * Keeps the start of a call's result (ToolCall.output) for the secret scan, when it holds a clue of
 * a secret at all: most results hold none, and a long session's results are most of its memory.
 */
export function keepOutput(call: ToolCall, text: string | undefined): void {
  if (!text || text.trim() === '') return;
  const kept = text.length > OUTPUT_KEEP_CHARS ? text.slice(0, OUTPUT_KEEP_CHARS) : text;
  if (mayHoldSecret(kept)) call.output = kept;
}

/** First line of a text, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max = 160): string {
  const nl = text.indexOf('\n');
  const first = (nl >= 0 ? text.slice(0, nl) : text).trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/** Epoch milliseconds or seconds, or an ISO string, to ISO; undefined when unusable. */
export function isoTime(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v < 1e12 ? v * 1000 : v;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (typeof v === 'string' && v.length >= 10) {
    if (isCanonicalIso(v)) return v;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

/**
 * Already what toISOString() would give back (most agents write exactly that): skips a Date round
 * trip per record. Days past the 28th go the slow way, where Date decides about month lengths.
 * Checked a character at a time: it runs once per record of every log.
 */
function isCanonicalIso(v: string): boolean {
  if (v.length !== 24) return false;
  for (let i = 0; i < 24; i++) {
    const c = v.charCodeAt(i);
    const wanted = ISO_SHAPE.charCodeAt(i);
    if (wanted === DIGIT ? c < 48 || c > 57 : c !== wanted) return false;
  }
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 28 && twoDigits(v, 11) < 24 && twoDigits(v, 14) < 60 && twoDigits(v, 17) < 60;
}

/** `d` stands for a digit; every other character is itself. */
const ISO_SHAPE = 'dddd-dd-ddTdd:dd:dd.dddZ';
const DIGIT = 'd'.charCodeAt(0);

function twoDigits(v: string, at: number): number {
  return (v.charCodeAt(at) - 48) * 10 + v.charCodeAt(at + 1) - 48;
}

/** True when an ISO-like timestamp string carries no zone (so it was local time, guessed as such). */
export function isNaiveTimestamp(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v.trim());
}

/** `mcp__github__create_issue` -> `github`; undefined for non-MCP names. */
export function mcpServerOf(tool: string): string | undefined {
  const m = /^mcp__(.+?)__/.exec(tool);
  return m ? m[1] : undefined;
}

export function touch(path: string, access: Access, evidence: Evidence, toolCallId?: string, lines?: LineRange): Touch {
  const t: Touch = { path, access, evidence };
  if (toolCallId !== undefined) t.toolCallId = toolCallId;
  if (lines) t.lines = lines;
  return t;
}

/** A new, empty draft: every parser starts from this so no field is forgotten. */
export function emptyDraft(id: string, agent: SessionDraft['agent'], source: string): SessionDraft {
  return { id, agent, models: [], sources: [{ path: source }], toolCalls: [], touches: [], gaps: [], end: {}, meta: {} };
}

/** Adds a model name once, skipping placeholders such as Claude's `<synthetic>`. */
export function addModel(draft: SessionDraft, model: unknown): void {
  if (typeof model !== 'string' || model === '' || model.startsWith('<')) return;
  if (!draft.models.includes(model)) draft.models.push(model);
}

/** Earliest/latest ISO timestamps seen, kept on the draft. */
export function seeTime(draft: SessionDraft, iso: string | undefined): void {
  if (!iso) return;
  if (!draft.startedAt || iso < draft.startedAt) draft.startedAt = iso;
  if (!draft.endedAt || iso > draft.endedAt) draft.endedAt = iso;
}

/** Deep copy of plain data, for non-destructive snapshots. */
export function cloneDrafts(drafts: readonly SessionDraft[]): SessionDraft[] {
  return structuredClone(drafts) as SessionDraft[];
}

/** A web call's URL or search query: kept on the call and shown as its arguments. */
export function setWebTarget(call: ToolCall, field: 'url' | 'query', value: unknown): void {
  const text = str(value);
  if (text) call[field] = text;
  call.args = text ?? '';
}
