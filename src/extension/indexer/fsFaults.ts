/**
 * What can go wrong with a log on disk, told in one line: deleted, truncated, replaced, unreadable,
 * not a regular file, a symlink loop, binary. The indexer keeps working through all of them; these
 * are the messages the output channel shows.
 *
 * No `vscode` here.
 */
import * as fs from 'node:fs';
import { errorText } from '../../node/scan';

export type FaultKind =
  /** The file was deleted; what was read is kept (the sessions show "source gone"). */
  | 'gone'
  /** A deleted or unreadable file is back and was read again. */
  | 'returned'
  /** Same file, shorter or with a different start: read again from the start. */
  | 'rewritten'
  /** A new file at the same path (rotation, temp file renamed over it): read again. */
  | 'replaced'
  | 'permission-denied'
  | 'symlink-loop'
  /** A FIFO, socket or device: never opened. */
  | 'not-a-file'
  | 'binary'
  /** Any other error. */
  | 'unreadable';

export interface FileFault {
  file: string;
  kind: FaultKind;
  /** One human line, without the file name. */
  message: string;
}

/** Faults that last while the file stays as it is; the others are one-off events. */
const CONDITIONS: ReadonlySet<FaultKind> = new Set(['gone', 'permission-denied', 'symlink-loop', 'not-a-file', 'binary', 'unreadable']);

export function isCondition(kind: FaultKind): boolean {
  return CONDITIONS.has(kind);
}

/** The line the output channel shows. */
export function faultLine(f: FileFault): string {
  return `${f.file}: ${f.message}`;
}

/** Error code of an open that found something other than a regular file. */
export const NOT_REGULAR = 'ENOTREGULAR';

/** The fault behind a failed stat/open/read. */
export function faultFromError(file: string, e: unknown): FileFault {
  const code = e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { file, kind: 'gone', message: 'deleted' };
  if (code === 'EACCES' || code === 'EPERM') return { file, kind: 'permission-denied', message: 'permission denied' };
  if (code === 'ELOOP') return { file, kind: 'symlink-loop', message: 'symlink loop; skipped' };
  if (code === NOT_REGULAR) return { file, kind: 'not-a-file', message: 'not a regular file; skipped' };
  return { file, kind: 'unreadable', message: `unreadable: ${errorText(e)}` };
}

/** What a non-regular file is, in words ("a FIFO"), or undefined for a regular file. */
export function specialFileKind(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** Text logs never hold NUL bytes; binary files almost always do within their first few KB. */
export function looksBinary(head: Buffer): boolean {
  return head.includes(0);
}

/**
 * Remembers the last thing said about each file, so a fault that persists (a file that stays
 * unreadable, a Gemini file replaced on every save) is reported once, and again only after
 * something else was said about that file.
 */
export class FaultLog {
  private readonly last = new Map<string, string>();

  /** The line to write, or undefined when it was the last thing said about this file. */
  note(file: string, message: string): string | undefined {
    if (this.last.get(file) === message) return undefined;
    this.last.set(file, message);
    return `${file}: ${message}`;
  }

  /** Files something was said about. */
  files(): string[] {
    return [...this.last.keys()];
  }
}
