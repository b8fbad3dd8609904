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
import { errorText, scanFile } from '../../node/scan';
import { applySidecars } from '../../node/sidecars';

/** Bytes at the start of a file remembered to notice a file rewritten in place. */
const HEAD_PRINT_BYTES = 512;
const READ_CHUNK = 1 << 20;

export type TailChange = 'unchanged' | 'appended' | 'reread' | 'gone';

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
  private problems: Gap[] = [];
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

  /** The sessions this file holds as of the last read. */
  get drafts(): readonly SessionDraft[] {
    return this.current;
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

  /** Brings the file up to date. Never throws. */
  async update(): Promise<TailChange> {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(this.file);
    } catch (e) {
      const had = this.current.length > 0;
      // A file that stays missing or unreadable is reported once.
      if (!had && this.version > 0 && this.problems[0]?.kind === 'unreadable') return 'unchanged';
      this.live = undefined;
      this.current = [];
      this.problems = [{ kind: 'unreadable', detail: `${this.file}: ${errorText(e)}`, count: 1, source: this.file }];
      this.version++;
      return had ? 'gone' : 'reread';
    }
    if (!st.isFile()) return 'unchanged';
    const live = this.live;
    if (live && st.dev === live.dev && st.ino === live.ino && st.size >= live.readBytes && (await this.headUnchanged(live))) {
      if (st.size === live.readBytes) return 'unchanged';
      return (await this.append(live, st)) ? 'appended' : 'reread';
    }
    if (!live && this.version > 0 && st.size === this.size && st.mtimeMs === this.mtimeMs) return 'unchanged';
    await this.readAll(st);
    return 'reread';
  }

  private async headUnchanged(live: LiveState): Promise<boolean> {
    if (live.head.length === 0) return true;
    try {
      const handle = await fs.promises.open(this.file, 'r');
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

  /** Reads from the last position to the end. False when the file has to be read again from the start. */
  private async append(live: LiveState, st: fs.Stats): Promise<boolean> {
    try {
      live.readBytes += await this.readRange(live, live.readBytes);
    } catch {
      await this.readAll(st);
      return false;
    }
    await this.publish(live, st);
    return true;
  }

  private async readAll(st: fs.Stats): Promise<void> {
    this.live = undefined;
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
          splitter: this.splitterFor(parser, gaps, 1),
          readBytes: 0,
          dev: st.dev,
          ino: st.ino,
          head: Buffer.alloc(0),
        };
        live.readBytes = await this.readRange(live, 0);
        live.head = await this.readHead(Math.min(HEAD_PRINT_BYTES, live.readBytes));
        this.live = live;
        this.format = format.id;
        await this.publish(live, st);
        return;
      }
      // Not a line format: a whole JSON document (or nothing we read), parsed again on every change.
      const scan = await scanFile(this.file, { maxRecordBytes: this.maxRecordBytes });
      this.format = scan.format;
      this.current = scan.drafts;
      this.problems = scan.gaps;
    } catch (e) {
      this.current = [];
      this.problems = [{ kind: 'unreadable', detail: `${this.file}: ${errorText(e)}`, count: 1, source: this.file }];
    }
    this.size = st.size;
    this.mtimeMs = st.mtimeMs;
    this.version++;
  }

  private splitterFor(parser: LineParser, gaps: GapList, firstLine: number): LineSplitter {
    const file = this.file;
    const max = this.maxRecordBytes;
    return new LineSplitter(
      {
        line(text, lineNo) {
          try {
            parser.line(text, lineNo);
          } catch (e) {
            // One odd record must not cost the rest of the session.
            gaps.add('malformed-line', `could not interpret record: ${errorText(e)}`, { source: file, line: lineNo });
          }
        },
        oversized(lineNo, bytes) {
          gaps.add('oversized-record', `record of ${bytes} bytes over the ${max}-byte cap skipped`, { source: file, line: lineNo });
        },
      },
      firstLine,
      max,
    );
  }

  /** Pushes the bytes from `start` to the current end into the splitter; returns how many were read. */
  private async readRange(live: LiveState, start: number): Promise<number> {
    const handle = await fs.promises.open(this.file, 'r');
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
    const handle = await fs.promises.open(this.file, 'r');
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
      this.problems = [...gaps, ...scan.gaps];
      this.size = Math.max(st.size, live.readBytes);
      this.mtimeMs = st.mtimeMs;
      this.version++;
      return;
    }
    for (const g of gaps) withGap(drafts, g);
    this.current = await applySidecars(drafts, this.file);
    this.problems = gaps;
    this.size = Math.max(st.size, live.readBytes);
    this.mtimeMs = st.mtimeMs;
    this.version++;
  }
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
