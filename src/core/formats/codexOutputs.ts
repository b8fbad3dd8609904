/**
 * Codex tool outputs and end events, read for how a call went: denied, interrupted, exit code,
 * the first line of an error. Only short facts are kept, never the output itself.
 */
import type { ToolStatus } from '../model';
import { jsonText } from './codexTools';
import { diffLineRange, type PatchFile } from './patch';
import { isRecord, oneLine, parseRecord, str, type Rec } from './util';

export interface Verdict {
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
export function outputText(v: unknown, depth = 0): string {
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

/** The first non-blank line of a text, cut to one display line. */
export function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  for (const line of text.split('\n', 40)) if (line.trim() !== '') return oneLine(line);
  return undefined;
}

/** An error message for the end signals or a call, never empty. */
export function errorLine(text: string | undefined): string {
  return oneLine(text ?? 'error') || 'error';
}

/** An output that is a JSON object: exec's `{output, metadata: {exit_code}}` wrapper, spawn_agent's answer. */
function jsonOutput(text: string): Rec | undefined {
  return text.startsWith('{') ? parseRecord(text) : undefined;
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
  const wrapper = jsonOutput(text);
  if (wrapper) return firstLine(str(wrapper.output));
  // With an exec header, the header itself is no error message.
  return body !== undefined ? firstLine(body) : firstLine(text);
}

/** How a command went by its exit code; `errorText` is read only when it failed. */
export function byExitCode(exitCode: number, errorText: () => string | undefined): Verdict {
  if (exitCode === 0) return { status: 'succeeded', exitCode, certain: true };
  return { status: 'failed', exitCode, error: errorText() ?? `exit code ${exitCode}`, certain: true };
}

/** How a call went, by the text of its output item. */
export function judgeOutput(text: string): Verdict {
  const head = text.slice(0, 600);
  if (DENIED.test(head)) return { status: 'denied', error: firstLine(head), certain: true };
  const trimmed = head.trim();
  if (trimmed.length < 60 && ABORTED.test(trimmed)) return { status: 'interrupted', error: trimmed, certain: true };
  const { header, body } = outputHeader(text);
  const exitCode = exitCodeOf(text, header);
  if (exitCode !== undefined) return byExitCode(exitCode, () => failureLine(text, body));
  if (FAILED.test(trimmed)) return { status: 'failed', error: firstLine(trimmed), certain: true };
  return { status: 'succeeded', certain: false };
}

/** An `mcp_tool_call_end` result (`{Ok: ...}`, `{Err: ...}` or the bare result); undefined when absent. */
export function mcpVerdict(result: unknown): Verdict | undefined {
  if (!isRecord(result)) return undefined;
  if (result.Err !== undefined) {
    const err = result.Err;
    return { status: 'failed', error: errorLine(typeof err === 'string' ? err : jsonText(err)), certain: true };
  }
  const ok = isRecord(result.Ok) ? result.Ok : result;
  if (ok.isError === true) return { status: 'failed', error: firstLine(outputText(ok.content)) ?? 'error', certain: true };
  return { status: 'succeeded', certain: true };
}

/** `patch_apply_end`'s `changes` map (`{path: {type|add|update|delete: ...}}`) as the files it touched. */
export function changedFiles(changes: unknown): PatchFile[] {
  if (!isRecord(changes)) return [];
  const files: PatchFile[] = [];
  for (const [path, change] of Object.entries(changes)) {
    if (!isRecord(change)) continue;
    const kind = str(change.type) ?? Object.keys(change)[0];
    const detail = isRecord(change[kind]) ? (change[kind] as Rec) : change;
    const access = kind === 'add' ? 'create' : kind === 'delete' ? 'delete' : 'write';
    const file: PatchFile = { path, access };
    if (access === 'write') file.lines = diffLineRange(str(detail.unified_diff));
    const moved = str(detail.move_path);
    if (moved) file.moveTo = moved;
    files.push(file);
  }
  return files;
}

/** Status words of items that carry their own (web_search_call, image_generation_call, ...). */
export function itemStatus(v: unknown): ToolStatus {
  const s = str(v);
  if (s === undefined || s === 'completed') return 'succeeded';
  if (s === 'failed' || s === 'incomplete') return 'failed';
  if (s === 'in_progress' || s === 'searching' || s === 'generating') return 'pending';
  return 'succeeded';
}

/** spawn_agent answers with the new agent's id. */
export function childFromOutput(text: string): string | undefined {
  if (text.length > 10_000) return undefined;
  const doc = jsonOutput(text);
  return doc && (str(doc.agent_id) ?? str(doc.thread_id) ?? str(doc.id));
}
