/**
 * Streams a file as lines without ever holding it as one string: chunks are split on '\n' as
 * bytes, and only one line at a time is decoded. A line longer than the record cap is skipped
 * (and reported), so a runaway record cannot exhaust memory.
 */
import * as fs from 'node:fs';

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;

export interface LineSink {
  /** A complete line (newline and a trailing CR removed). `lineNo` is 1-based. */
  line(text: string, lineNo: number): void;
  /** A line over the cap, skipped. */
  oversized?(lineNo: number, bytes: number): void;
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
      const stop = end > start && chunk[end - 1] === CR ? end - 1 : end;
      this.sink.line(chunk.toString('utf8', start, stop), lineNo);
    } else {
      this.pending.push(chunk.subarray(start, end));
      this.sink.line(stripCr(Buffer.concat(this.pending, bytes)).toString('utf8'), lineNo);
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

/**
 * The first `maxLines` complete lines of a file, for format detection. Reads 64 KiB and grows up
 * to `maxBytes` only while not even one line is complete (some agents open with a huge record).
 */
export async function readHeadLines(file: string, maxLines = 50, maxBytes = 4 * 1024 * 1024): Promise<string[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    for (let size = 64 * 1024; ; size *= 4) {
      const buf = Buffer.alloc(Math.min(size, maxBytes));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      const whole = bytesRead < buf.length;
      const text = buf.toString('utf8', 0, bytesRead);
      const lines = text.split('\n');
      // The last piece may be cut by the byte limit; keep it only when the whole file was read.
      if (!whole) lines.pop();
      if (lines.length > 0 || whole || buf.length >= maxBytes) {
        return lines.slice(0, maxLines).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      }
    }
  } finally {
    await handle.close();
  }
}
