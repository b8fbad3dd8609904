/**
 * Follows one log file as it grows: reads only the bytes appended since the last read, holds back a
 * partial last line until its newline arrives, and starts over when the file was truncated or
 * replaced. Whole-document formats (one JSON per file) are simply read again.
 *
 * No `vscode` here: the indexer can move into a worker thread as it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectLineFormat } from '../../core/formats';
import { fileHead, type LineFormat, type LineParser, withGap } from '../../core/formats/types';
import { GapList } from '../../core/gaps';
import type { Gap, SessionDraft } from '../../core/model';
import { DEFAULT_MAX_RECORD_BYTES, LineSplitter, readHeadLines } from '../../node/lines';
import { parserSink, scanFile } from '../../node/scan';
import { applySidecars } from '../../node/sidecars';
import { type FaultKind, type FileFault, faultFromError, looksBinary, NOT_REGULAR, specialFileKind } from './fsFaults';

/** Bytes at the start of a file remembered to notice a file rewritten in place. */
const HEAD_PRINT_BYTES = 512;
const READ_CHUNK = 1 << 20;

export type TailChange = 'unchanged' | 'appended' | 'reread' | 'gone';

/** Bytes looked at to tell a binary file from a text log. */
const BINARY_PROBE_BYTES = 8 * 1024;
/** Opening never blocks, even when a FIFO took the file's place since the last stat. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

interface LiveState {
  format: LineFormat;
  parser: LineParser;
  splitter: LineSplitter;
  gaps: GapList;
  /** Bytes read so far, including a held-back partial line. */
  readBytes: number;
  dev: number;
  ino: number;
  head: Buffer;
}

export class FileTail {
  private live?: LiveState;
  private current: SessionDraft[] = [];
  /** Sessions read earlier that the file no longer holds (deleted, or replaced by other content). */
  private kept: SessionDraft[] = [];
  private problems: Gap[] = [];
  /** A fault that lasts (deleted, unreadable, ...) until the file reads fine again. */
  private condition?: FaultKind;
  /** The last one-off event reported (replaced, rewritten): repeats of it are not reported again. */
  private lastEvent?: FaultKind;
  private pendingFaults: FileFault[] = [];
  /** Records (lines) read from the file as it is now. */
  private records = 0;
  private identity?: { dev: number; ino: number };
  /** Format id of the last read (undefined: not a log Agent Audit reads). */
  format?: string;
  size = 0;
  mtimeMs = 0;
  /** Bumped whenever the drafts change, so callers can tell versions apart. */
  version = 0;

  constructor(
    readonly file: string,
    /** Logs the user pointed at (workspace globs) are shown whatever their cwd. */
    readonly explicit: boolean,
    private readonly maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
  ) {}

  /**
   * A tail that starts from what an earlier run read (the index cache): the file is read again from
   * the start, and the sessions it no longer holds are kept as gone ones, as if this tail had read them.
   */
  static resume(file: string, explicit: boolean, earlier: { drafts: readonly SessionDraft[]; goneDrafts: readonly SessionDraft[]; gone: boolean }): FileTail {
    const tail = new FileTail(file, explicit);
    tail.current = [...earlier.drafts];
    tail.kept = [...earlier.goneDrafts];
    if (earlier.gone) tail.condition = 'gone';
    tail.version = 1;
    return tail;
  }

  /** The sessions this file holds as of the last read. */
  get drafts(): readonly SessionDraft[] {
    return this.current;
  }

  /**
   * Sessions read from this file earlier that it no longer holds: the file was deleted, or replaced
   * or rewritten without them. They are kept (shown as "source gone") rather than lost.
   */
  get goneDrafts(): readonly SessionDraft[] {
    return this.kept;
  }

  /** True when the file was deleted (its sessions, if any, are in `goneDrafts`). */
  get gone(): boolean {
    return this.condition === 'gone';
  }

  /** True while the file cannot be read (deleted, unreadable, not a regular file, binary). */
  get faulted(): boolean {
    return this.condition !== undefined;
  }

  /** File-level problems of the last read (unreadable, not a known format, cut records). */
  get gaps(): readonly Gap[] {
    return this.problems;
  }

  /** True while the parser is kept for appending (a cold file is read from the start on change). */
  get isLive(): boolean {
    return this.live !== undefined;
  }

  /** Drops the parser of a file that has gone quiet; its sessions stay. */
  freeze(): void {
    this.live = undefined;
  }

  /** What happened to the file since the last call, one entry per change of state. */
  takeFaults(): FileFault[] {
    const out = this.pendingFaults;
    this.pendingFaults = [];
    return out;
  }

  /** Brings the file up to date. Never throws. */
  async update(): Promise<TailChange> {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(this.file);
    } catch (e) {
      return this.fail(faultFromError(this.file, e));
    }
    const special = specialFileKind(st);
    if (special) return this.fail({ file: this.file, kind: 'not-a-file', message: `is ${special}; skipped` });
    const live = this.live;
    if (live && st.dev === live.dev && st.ino === live.ino && st.size >= live.readBytes && (await this.headUnchanged(live))) {
      if (st.size === live.readBytes) return 'unchanged';
      try {
        live.readBytes += await this.readRange(live, live.readBytes);
      } catch (e) {
        // Deleted or made unreadable between the stat and the read: what was read stays.
        return this.fail(faultFromError(this.file, e));
      }
      await this.publish(live, st);
      return 'appended';
    }
    const sameFile = this.identity?.dev === st.dev && this.identity.ino === st.ino;
    if (!live && !this.condition && this.version > 0 && sameFile && st.size === this.size && st.mtimeMs === this.mtimeMs) return 'unchanged';
    return this.readAll(st, this.rereadReason(live, st, sameFile));
  }

  /** Why a file read before is read again from the start, when that is worth a line. */
  private rereadReason(live: LiveState | undefined, st: fs.Stats, sameFile: boolean): FileFault | undefined {
    const file = this.file;
    if (this.condition === 'gone') return { file, kind: 'returned', message: 'back after being deleted; read again' };
    if (this.condition) return { file, kind: 'returned', message: 'readable again; read' };
    if (this.version === 0 || !this.identity) return undefined;
    if (!sameFile) return { file, kind: 'replaced', message: 'replaced by a new file (rotated, or renamed over); read again' };
    if (live) {
      const how = st.size < live.readBytes ? 'truncated and rewritten' : 'rewritten in place';
      return { file, kind: 'rewritten', message: `${how}; read again` };
    }
    return undefined;
  }

  /** Records a fault: what was read stays; a deleted file's sessions move to `goneDrafts`. */
  private fail(f: FileFault): TailChange {
    this.live = undefined;
    this.size = -1;
    this.mtimeMs = -1;
    if (this.condition === f.kind) return 'unchanged';
    const wasGone = this.condition === 'gone';
    this.condition = f.kind;
    this.lastEvent = undefined;
    const keeping = this.current.length > 0 ? `; keeping ${this.keptText()} already read` : '';
    this.version++;
    if (f.kind === 'gone') {
      this.problems = [];
      if (this.current.length === 0) return wasGone ? 'unchanged' : 'gone';
      this.kept = [...this.kept.filter((d) => !this.current.some((c) => sameSession(c, d))), ...this.current];
      this.current = [];
      this.records = 0;
      this.pendingFaults.push({ ...f, message: `deleted while reading${keeping}` });
      return 'gone';
    }
    this.problems = [{ kind: f.kind === 'binary' ? 'unrecognized-file' : 'unreadable', detail: `${this.file}: ${f.message}`, count: 1, source: this.file }];
    this.pendingFaults.push({ ...f, message: `${f.message}${keeping}` });
    return 'reread';
  }

  private keptText(): string {
    if (this.live || this.records > 0) return `${this.records} ${this.records === 1 ? 'record' : 'records'}`;
    return `${this.current.length} ${this.current.length === 1 ? 'session' : 'sessions'}`;
  }

  /** A read went through: a lasting fault is over, and an event worth a line is reported once. */
  private succeeded(st: fs.Stats, event: FileFault | undefined): void {
    this.condition = undefined;
    this.identity = { dev: st.dev, ino: st.ino };
    if (!event) return;
    if (event.kind === this.lastEvent) return;
    this.lastEvent = event.kind === 'returned' ? undefined : event.kind;
    this.pendingFaults.push(event);
  }

  private async headUnchanged(live: LiveState): Promise<boolean> {
    if (live.head.length === 0) return true;
    try {
      const handle = await openRegular(this.file);
      try {
        const buf = Buffer.alloc(live.head.length);
        const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
        return bytesRead === buf.length && buf.equals(live.head);
      } finally {
        await handle.close();
      }
    } catch {
      return false;
    }
  }

  private async readAll(st: fs.Stats, event: FileFault | undefined): Promise<TailChange> {
    this.live = undefined;
    const before = this.current;
    try {
      const head = await readHeadLines(this.file);
      const format = detectLineFormat(fileHead(head), path.basename(this.file));
      if (format) {
        const gaps = new GapList();
        const parser = format.open({ source: this.file });
        const live: LiveState = {
          format,
          parser,
          gaps,
          splitter: this.splitterFor(format, parser, gaps, 1),
          readBytes: 0,
          dev: st.dev,
          ino: st.ino,
          head: Buffer.alloc(0),
        };
        live.readBytes = await this.readRange(live, 0);
        live.head = await this.readHead(Math.min(HEAD_PRINT_BYTES, live.readBytes));
        this.live = live;
        this.format = format.id;
        this.keepMissing(before);
        await this.publish(live, st);
        this.succeeded(st, event);
        return 'reread';
      }
      // Not a line format: a whole JSON document (or nothing we read), parsed again on every change.
      const scan = await scanFile(this.file, { maxRecordBytes: this.maxRecordBytes });
      if (scan.drafts.length === 0 && scan.gaps.some((g) => g.kind === 'unrecognized-file') && looksBinary(await this.readHead(BINARY_PROBE_BYTES))) {
        // Not a log, and not even text: said as such (a stray NUL in a log it recognises is only a bad record).
        return this.fail({ file: this.file, kind: 'binary', message: 'not text (binary); skipped' });
      }
      const unreadable = scan.gaps.find((g) => g.kind === 'unreadable');
      if (unreadable && scan.drafts.length === 0) {
        // Gone or locked between the stat and the read: say which, keep what was read.
        return this.fail(await this.faultNow(unreadable.detail));
      }
      // A document caught half-written keeps its last good reading until the next write.
      const halfWritten = scan.drafts.length === 0 && before.length > 0 && scan.gaps.some((g) => g.kind === 'malformed-line');
      this.format = scan.format;
      this.records = 0;
      if (!halfWritten) {
        this.keepMissing(before);
        this.current = scan.drafts;
        this.dropReappeared();
      }
      this.problems = scan.gaps;
    } catch (e) {
      return this.fail(faultFromError(this.file, e));
    }
    this.size = st.size;
    this.mtimeMs = st.mtimeMs;
    this.version++;
    this.succeeded(st, event);
    return 'reread';
  }

  /** Sessions of the previous reading become kept ones; those the file still holds are dropped again on publish. */
  private keepMissing(before: readonly SessionDraft[]): void {
    if (before.length === 0) return;
    this.kept = [...this.kept.filter((d) => !before.some((b) => sameSession(b, d))), ...before];
  }

  private dropReappeared(): void {
    if (this.kept.length > 0) this.kept = this.kept.filter((d) => !this.current.some((c) => sameSession(c, d)));
  }

  /** Classifies a failure seen only as a gap's text, by looking at the file again. */
  private async faultNow(detail: string): Promise<FileFault> {
    try {
      await fs.promises.access(this.file, fs.constants.R_OK);
    } catch (e) {
      return faultFromError(this.file, e);
    }
    return { file: this.file, kind: 'unreadable', message: detail.startsWith(`${this.file}: `) ? detail.slice(this.file.length + 2) : detail };
  }

  private splitterFor(format: LineFormat, parser: LineParser, gaps: GapList, firstLine: number): LineSplitter {
    return new LineSplitter(parserSink(format, parser, gaps, this.file, this.maxRecordBytes), firstLine, this.maxRecordBytes);
  }


  /** Pushes the bytes from `start` to the current end into the splitter; returns how many were read. */
  private async readRange(live: LiveState, start: number): Promise<number> {
    const handle = await openRegular(this.file);
    try {
      let pos = start;
      const buf = Buffer.alloc(READ_CHUNK);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        live.splitter.push(buf.subarray(0, bytesRead));
        pos += bytesRead;
      }
      return pos - start;
    } finally {
      await handle.close();
    }
  }

  private async readHead(bytes: number): Promise<Buffer> {
    if (bytes === 0) return Buffer.alloc(0);
    const handle = await openRegular(this.file);
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  private async publish(live: LiveState, st: fs.Stats): Promise<void> {
    const gaps = live.gaps.toArray();
    let drafts: SessionDraft[];
    const tail = live.splitter.tail();
    if (tail === undefined || tail.trim() === '') {
      drafts = live.parser.snapshot();
    } else if (live.format.jsonLines && !parsesAsJson(tail)) {
      // A partial last line is held back until its newline arrives (it is still being written, or
      // it was cut); meanwhile the sessions show it as a gap.
      drafts = live.parser.snapshot();
      gaps.push({ kind: 'partial-line', detail: `last line not finished (${tail.length} characters so far)`, count: 1, source: this.file, line: live.splitter.nextLineNo });
    } else {
      // A complete last record without a newline (a finished log): shown as the one-shot reader
      // sees it, while the live parser still waits for the newline before it takes the line.
      const scan = await scanFile(this.file, { maxRecordBytes: this.maxRecordBytes });
      this.current = scan.drafts;
      this.dropReappeared();
      this.records = live.splitter.nextLineNo;
      this.problems = [...gaps, ...scan.gaps];
      this.size = Math.max(st.size, live.readBytes);
      this.mtimeMs = st.mtimeMs;
      this.version++;
      return;
    }
    for (const g of gaps) withGap(drafts, g);
    this.current = await applySidecars(drafts, this.file);
    this.dropReappeared();
    this.records = live.splitter.nextLineNo - 1;
    this.problems = gaps;
    this.size = Math.max(st.size, live.readBytes);
    this.mtimeMs = st.mtimeMs;
    this.version++;
  }
}

/** Opens for reading without blocking, and refuses anything but a regular file (a FIFO would block reads). */
async function openRegular(file: string): Promise<fs.promises.FileHandle> {
  const handle = await fs.promises.open(file, OPEN_FLAGS);
  try {
    if ((await handle.stat()).isFile()) return handle;
  } catch {
    // fall through: closed below
  }
  await handle.close();
  throw Object.assign(new Error(`${file}: not a regular file`), { code: NOT_REGULAR });
}

function sameSession(a: SessionDraft, b: SessionDraft): boolean {
  return a.agent === b.agent && a.id === b.id;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
