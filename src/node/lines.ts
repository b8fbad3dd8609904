/**
 * Streams a file as lines without ever holding it as one string: chunks are split on '\n' as
 * bytes, and only one line at a time is decoded. A line longer than the record cap is skipped
 * (and reported), so a runaway record cannot exhaust memory.
 */
import * as fs from 'node:fs';
import { SKIM_LINE_BYTES, skimLine } from './skim';

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;

export interface LineSink {
  /** A complete line (newline and a trailing CR removed). `lineNo` is 1-based. */
  line(text: string, lineNo: number): void;
  /** A line over the cap, skipped. */
  oversized?(lineNo: number, bytes: number): void;
  /** Keys whose long string values the parser reads only the start of: long lines are skimmed (skim.ts). */
  bulkKeys?: ReadonlySet<string>;
}

export interface ReadLinesResult {
  /** Lines delivered or skipped. */
  lines: number;
  /** Bytes read up to and including the last newline (where a tailer resumes). */
  consumed: number;
  /** The text after the last newline, when the file does not end in one (possibly cut mid-record). */
  tail?: string;
  tailLineNo?: number;
}

export interface ReadLinesOptions {
  /** Byte offset to start at (a tailer resumes at its last `consumed`). */
  start?: number;
  /** 1-based number of the first line read (for resumed reads). */
  firstLineNo?: number;
  maxRecordBytes?: number;
  highWaterMark?: number;
}

/** Splits byte chunks into lines; shared by the one-shot reader and the tailer. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  private lineNo: number;
  private consumedBytes = 0;

  constructor(
    private readonly sink: LineSink,
    firstLineNo = 1,
    private readonly maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
  ) {
    this.lineNo = firstLineNo;
  }

  get nextLineNo(): number {
    return this.lineNo;
  }

  /** Bytes up to and including the last newline seen. */
  get consumed(): number {
    return this.consumedBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      this.emit(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
    this.consumedBytes += start;
  }

  /** The held-back text after the last newline, if any (does not clear it). */
  tail(): string | undefined {
    if (this.skipping || this.pendingBytes === 0) return undefined;
    return stripCr(Buffer.concat(this.pending, this.pendingBytes)).toString('utf8');
  }

  private text(buf: Buffer, start: number, end: number): string {
    const keys = this.sink.bulkKeys;
    return (keys && end - start > SKIM_LINE_BYTES && skimLine(buf, start, end, keys)) || buf.toString('utf8', start, end);
  }

  private hold(piece: Buffer): void {
    if (this.skipping) {
      this.pendingBytes += piece.length;
      return;
    }
    // Copy: the stream may reuse its buffer.
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
    if (this.pendingBytes > this.maxRecordBytes) {
      this.pending = [];
      this.skipping = true;
    }
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    const lineNo = this.lineNo++;
    const bytes = this.pendingBytes + (end - start);
    this.consumedBytes += this.pendingBytes;
    if (this.skipping || bytes > this.maxRecordBytes) {
      this.sink.oversized?.(lineNo, bytes);
    } else if (this.pendingBytes === 0) {
      this.sink.line(this.text(chunk, start, end > start && chunk[end - 1] === CR ? end - 1 : end), lineNo);
    } else {
      this.pending.push(chunk.subarray(start, end));
      const line = stripCr(Buffer.concat(this.pending, bytes));
      this.sink.line(this.text(line, 0, line.length), lineNo);
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }
}

function stripCr(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === CR ? b.subarray(0, b.length - 1) : b;
}

/** Reads a file's lines from `start` to its current end. */
export async function readLines(file: string, sink: LineSink, opts: ReadLinesOptions = {}): Promise<ReadLinesResult> {
  const firstLineNo = opts.firstLineNo ?? 1;
  const splitter = new LineSplitter(sink, firstLineNo, opts.maxRecordBytes);
  const stream = fs.createReadStream(file, { start: opts.start ?? 0, highWaterMark: opts.highWaterMark ?? 1 << 20 });
  for await (const chunk of stream) splitter.push(chunk as Buffer);
  const tail = splitter.tail();
  return {
    lines: splitter.nextLineNo - firstLineNo,
    consumed: (opts.start ?? 0) + splitter.consumed,
    ...(tail !== undefined ? { tail, tailLineNo: splitter.nextLineNo } : {}),
  };
}

/** How the head of a file is cut for format detection. */
export const HEAD_MAX_LINES = 50;
const HEAD_FIRST_BYTES = 64 * 1024;
const HEAD_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The first `maxLines` complete lines in `buf[0, length)`, or undefined while not even one line is
 * complete and more of the file could follow (`whole` says the file ends at `length`). Only the
 * lines returned are decoded.
 */
export function headLinesOf(buf: Buffer, length: number, whole: boolean, maxLines = HEAD_MAX_LINES): string[] | undefined {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < maxLines) {
    const nl = buf.indexOf(NEWLINE, start);
    if (nl < 0 || nl >= length) break;
    lines.push(decodeLine(buf, start, nl));
    start = nl + 1;
  }
  // The piece after the last newline may be cut by the byte limit; keep it only when the whole file was read.
  if (lines.length < maxLines && whole) lines.push(decodeLine(buf, start, length));
  return lines.length > 0 ? lines : undefined;
}

function decodeLine(buf: Buffer, start: number, end: number): string {
  return buf.toString('utf8', start, end > start && buf[end - 1] === CR ? end - 1 : end);
}

/**
 * The first `maxLines` complete lines of a file, for format detection. Reads 64 KiB and grows up
 * to 4 MiB only while not even one line is complete (some agents open with a huge record).
 */
export async function readHeadLines(file: string, maxLines = HEAD_MAX_LINES, maxBytes = HEAD_MAX_BYTES): Promise<string[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    for (let size = HEAD_FIRST_BYTES; ; size *= 4) {
      const buf = Buffer.alloc(Math.min(size, maxBytes));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      const whole = bytesRead < buf.length;
      const lines = headLinesOf(buf, bytesRead, whole, maxLines);
      if (lines || whole || buf.length >= maxBytes) return lines ?? [];
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads a whole file synchronously through one reused buffer, for worker threads where blocking
 * costs nothing and awaiting every chunk would: first the head for format detection (the same cut
 * as readHeadLines), then every line, without reading the head twice.
 */
export class SyncLineReader {
  private buf: Buffer;

  constructor(chunkBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(Math.max(chunkBytes, HEAD_FIRST_BYTES));
  }

  /** Opens `file`, calls `detect` with its head, and streams its lines into the sink it returns. */
  read(file: string, detect: (head: string[]) => { sink: LineSink; maxRecordBytes?: number } | undefined): ReadLinesResult | undefined {
    const fd = fs.openSync(file, 'r');
    try {
      let filled = 0;
      let ended = false;
      let head: string[] | undefined;
      // Fill the buffer until the head is known: 64 KiB suffices unless the first line is huge.
      for (let size = HEAD_FIRST_BYTES; ; size *= 4) {
        const want = Math.min(size, HEAD_MAX_BYTES);
        if (this.buf.length < want) this.buf = Buffer.concat([this.buf.subarray(0, filled)], want);
        while (filled < want && !ended) {
          const n = fs.readSync(fd, this.buf, filled, this.buf.length - filled, filled);
          if (n === 0) ended = true;
          filled += n;
        }
        const window = Math.min(filled, want);
        head = headLinesOf(this.buf, window, ended && window === filled);
        if (head || ended || want >= HEAD_MAX_BYTES) break;
      }
      const target = detect(head ?? []);
      if (!target) return undefined;
      const splitter = new LineSplitter(target.sink, 1, target.maxRecordBytes);
      let position = filled;
      for (;;) {
        splitter.push(this.buf.subarray(0, filled));
        if (ended) break;
        filled = fs.readSync(fd, this.buf, 0, this.buf.length, position);
        if (filled === 0) break;
        position += filled;
      }
      const tail = splitter.tail();
      return { lines: splitter.nextLineNo - 1, consumed: splitter.consumed, ...(tail !== undefined ? { tail, tailLineNo: splitter.nextLineNo } : {}) };
    } finally {
      fs.closeSync(fd);
    }
  }
}
