import type { Agent, Gap, SessionDraft } from '../model';

/**
 * A parser for a line-oriented log (JSONL or text). The node layer streams lines into it,
 * so no file is ever held as one string, and a tailer can keep feeding it as the log grows.
 */
export interface LineParser {
  /** One complete line, without its newline. `lineNo` is 1-based. */
  line(text: string, lineNo: number): void;
  /**
   * The sessions as far as the lines seen so far tell. Non-destructive: may be called
   * again after more lines arrive (tailing). Each call returns fresh objects.
   */
  snapshot(): SessionDraft[];
}

/** A parser for a log that is one JSON document (Gemini legacy, AEP record, OpenCode export). */
export type DocumentParser = (doc: unknown, source: string) => SessionDraft[];

export interface FormatContext {
  /** The log file's path (used for sources, gaps and ids derived from file names). */
  source: string;
}

/** The first lines of a file (at most ~50), each also JSON-parsed where it parses (else undefined). */
export interface FileHead {
  lines: readonly string[];
  records: readonly unknown[];
}

export interface LineFormat {
  id: FormatId;
  agent: Agent;
  kind: 'lines';
  /** JSONL formats: a last line without a newline that does not parse is a partial write. */
  jsonLines: boolean;
  /**
   * Keys whose long string values the parser reads only the start of (tool output, file contents,
   * thinking): a reader may cut such values short before parsing a long line.
   */
  bulkKeys?: ReadonlySet<string>;
  detect(head: FileHead, fileName: string): boolean;
  open(ctx: FormatContext): LineParser;
}

export interface DocumentFormat {
  id: FormatId;
  agent: Agent;
  kind: 'document';
  /** True when the parsed JSON document looks like this format. */
  detect(doc: unknown, fileName: string): boolean;
  parse: DocumentParser;
}

export type Format = LineFormat | DocumentFormat;

export type FormatId =
  | 'claude-code'
  | 'claude-meta'
  | 'codex'
  | 'gptme-conversation'
  | 'gptme-message'
  | 'gptme-records'
  | 'gemini-json'
  | 'gemini-jsonl'
  | 'aep-json'
  | 'aep-jsonl'
  | 'opencode'
  | 'cline'
  | 'pi'
  | 'aider'
  | 'openhands'
  | 'openhands-events';

/**
 * Feeds the last line of a file that has no newline after it. A JSONL line that does not parse is
 * a record still being written: it is not fed, and the gap to report is returned.
 */
export function feedTail(format: LineFormat, parser: LineParser, text: string, lineNo: number, source: string): Gap | undefined {
  if (format.jsonLines) {
    try {
      JSON.parse(text);
    } catch {
      return { kind: 'partial-line', detail: `last line cut after ${text.length} characters`, count: 1, source, line: lineNo };
    }
  }
  parser.line(text, lineNo);
  return undefined;
}

/** Adds a file-level gap to every session a file produced. */
export function withGap(sessions: SessionDraft[], gap: Gap | undefined): SessionDraft[] {
  if (gap) for (const s of sessions) s.gaps.push({ ...gap });
  return sessions;
}

/** Splits a whole text into lines and feeds a line parser: for tests and small in-memory inputs. */
export function parseLines(format: LineFormat, text: string, source: string): SessionDraft[] {
  const parser = format.open({ source });
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  lines.forEach((l, i) => parser.line(l.endsWith('\r') ? l.slice(0, -1) : l, i + 1));
  const gap = last === '' ? undefined : feedTail(format, parser, last, lines.length + 1, source);
  return withGap(parser.snapshot(), gap);
}

/** Parses the head of a file for detection. */
export function fileHead(lines: readonly string[]): FileHead {
  return { lines, records: lazyRecords(lines) };
}

/**
 * The head's lines as JSON, each parsed only when a detector looks at it: most detectors decide
 * on the first record or two, and the parser reads every line again anyway.
 */
function lazyRecords(lines: readonly string[]): readonly unknown[] {
  // Filled, not sparse: array methods skip holes without asking the proxy.
  const parsed: unknown[] = new Array<unknown>(lines.length).fill(undefined);
  const done = new Uint8Array(lines.length);
  return new Proxy(parsed, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        const i = key.length < 10 && key >= '0' && key <= '9' ? Number(key) : Number.NaN;
        if (Number.isInteger(i) && i >= 0 && i < lines.length) {
          if (!done[i]) {
            done[i] = 1;
            try {
              target[i] = JSON.parse(lines[i]!) as unknown;
            } catch {
              target[i] = undefined;
            }
          }
          return target[i];
        }
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

export type { Gap };
