/**
 * Finds agent logs under the given files and folders, detects each one's format by content and
 * parses it by streaming. Nothing here is fatal: an unreadable path, an unknown file or a parser
 * hiccup becomes a gap, and every session that has at least one readable record is kept.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectDocumentFormat, detectLineFormat } from '../core/formats';
import { type DocumentFormat, feedTail, type FileHead, fileHead, type LineFormat, type LineParser, withGap } from '../core/formats/types';
import type { CachingClassifier, ClassifierAnswers } from '../core/classifierCache';
import type { SecretScan } from '../core/secrets/scan';
import { GapList } from '../core/gaps';
import type { Gap, SessionDraft } from '../core/model';
import { DEFAULT_MAX_RECORD_BYTES, type LineSink, type ReadLinesResult, readHeadLines, readLines, SyncLineReader } from './lines';
import { scanInWorkers, threadsFor } from './scanPool';
import { applySidecars } from './sidecars';

export interface ScanOptions {
  maxRecordBytes?: number;
  /** Whole-document formats (one JSON per file) above this size are not read. */
  maxDocumentBytes?: number;
  /** Called after each file, for progress displays. */
  onProgress?(done: number, total: number, file: string): void;
  /** The worker-thread script (scanPool); without it every file is read on this thread. */
  workerFile?: string;
  /** Threads to read on, this one and workers (default: one per core, fewer for little work). */
  threads?: number;
  /**
   * Workers also classify commands and paths with these user rules, and pass the answers to
   * `learn`; what this thread reads is classified with the classifier `here` gives (the same
   * rules, its shell parser loaded while the workers start), or else with one of its own.
   */
  classify?: { rules: unknown; learn(answers: ClassifierAnswers): void; here?: () => Promise<CachingClassifier> };
  /** Workers also scan each draft for secrets, and pass each draft's scan to `learn`. */
  secrets?: { learn(draft: SessionDraft, scan: SecretScan): void };
}

export interface ScannedFile {
  path: string;
  size: number;
  mtimeMs: number;
  format?: string;
}

export interface ScanResult {
  drafts: SessionDraft[];
  /** Scan-level problems: unreadable paths, files in no known format. */
  gaps: Gap[];
  files: ScannedFile[];
}

const DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** Folders that never hold agent logs but can be huge. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv']);

/** Which files a folder walk considers; explicit files are always read. */
export function isCandidateLog(name: string): boolean {
  return (
    name.endsWith('.jsonl') ||
    name.endsWith('.json') ||
    name.endsWith('.txt') ||
    name === '.aider.chat.history.md' ||
    name.endsWith('.aider.chat.history.md')
  );
}

export async function scanPaths(roots: readonly string[], opts: ScanOptions = {}): Promise<ScanResult> {
  const gaps = new GapList();
  const files = await collectFiles(roots, gaps);
  const threads = opts.workerFile ? (opts.threads ?? threadsFor(files)) : 1;
  let scans: FileScan[];
  if (opts.workerFile && threads > 1) {
    scans = await scanInWorkers(files, opts.workerFile, threads, opts);
  } else {
    scans = [];
    for (const file of files) {
      scans.push(await scanFile(file.path, opts));
      opts.onProgress?.(scans.length, files.length, file.path);
    }
  }
  const drafts: SessionDraft[] = [];
  const scanned: ScannedFile[] = [];
  files.forEach((file, i) => {
    const result = scans[i]!;
    for (const d of result.drafts) drafts.push(d);
    gaps.addAll(result.gaps);
    scanned.push({ ...file, ...(result.format ? { format: result.format } : {}) });
  });
  return { drafts, gaps: gaps.toArray(), files: scanned };
}

/** Every candidate log under the roots, each real file once, in a stable order. */
export async function collectFiles(roots: readonly string[], gaps: GapList): Promise<ScannedFile[]> {
  const out = new Map<string, ScannedFile>();
  const add = async (p: string): Promise<void> => {
    try {
      const real = await fs.promises.realpath(p);
      if (out.has(real)) return;
      const st = await fs.promises.stat(real);
      if (st.isFile()) out.set(real, { path: real, size: st.size, mtimeMs: st.mtimeMs });
      else if (!st.isDirectory()) notAFile(p, st);
    } catch (e) {
      gaps.add('unreadable', `${p}: ${errorText(e)}`, { source: p });
    }
  };
  // Opening a FIFO blocks until someone writes to it, and a device never ends: neither is read.
  const notAFile = (p: string, st: fs.Dirent | fs.Stats): void => {
    const what = st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';
    gaps.add('unreadable', `${p}: is ${what}; skipped`, { source: p });
  };
  const walk = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      gaps.add('unreadable', `${dir}: ${errorText(e)}`, { source: dir });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      // Symlinked folders are not followed (no loops); FIFOs and devices are never opened.
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && isCandidateLog(e.name)) {
        await add(p);
      } else if (!e.isFile() && isCandidateLog(e.name)) {
        notAFile(p, e);
      } else if (e.isFile() && e.name.endsWith('.jsonl.zst') && !entries.some((x) => x.name === e.name.slice(0, -4))) {
        gaps.add('unreadable', `${p}: compressed (.zst) logs are not read yet`, { source: p });
      }
    }
  };
  for (const root of roots) {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(root);
    } catch (e) {
      gaps.add('unreadable', `${root}: ${errorText(e)}`, { source: root });
      continue;
    }
    if (st.isDirectory()) await walk(root);
    else await add(root);
  }
  return [...out.values()];
}

export interface FileScan {
  drafts: SessionDraft[];
  gaps: Gap[];
  format?: string;
}

/** Detects and parses one file. Never throws. */
export async function scanFile(file: string, opts: ScanOptions = {}): Promise<FileScan> {
  const name = path.basename(file);
  try {
    const head = fileHead(await readHeadLines(file));
    const lineFormat = detectLineFormat(head, name);
    if (lineFormat) {
      const lines = lineFileReader(lineFormat, file, opts);
      const result = await readLines(file, lines.sink, { maxRecordBytes: opts.maxRecordBytes });
      return { drafts: await applySidecars(lines.finish(result), file), gaps: [], format: lineFormat.id };
    }
    if (!isJsonDocument(head)) return { drafts: [], gaps: [unrecognized(file, head)] };
    const cap = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    const st = await fs.promises.stat(file);
    if (st.size > cap) return oversizedDocument(file, st.size, cap);
    return parseDocument(file, name, () => fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    return unreadable(file, e);
  }
}

/**
 * The same as scanFile, reading synchronously through `reader`'s buffer: for worker threads, where
 * the head is read once and no chunk waits on the event loop. Never throws.
 */
export async function scanFileSync(file: string, reader: SyncLineReader, opts: ScanOptions = {}): Promise<FileScan> {
  const name = path.basename(file);
  try {
    let lineFormat: LineFormat | undefined;
    let lines: LineFileReader | undefined;
    let head: FileHead | undefined;
    const result = reader.read(file, (headLines) => {
      head = fileHead(headLines);
      lineFormat = detectLineFormat(head, name);
      if (!lineFormat) return undefined;
      lines = lineFileReader(lineFormat, file, opts);
      return { sink: lines.sink, maxRecordBytes: opts.maxRecordBytes };
    });
    if (result && lines && lineFormat) {
      return { drafts: await applySidecars(lines.finish(result), file), gaps: [], format: lineFormat.id };
    }
    if (!head || !isJsonDocument(head)) return { drafts: [], gaps: [unrecognized(file, head)] };
    const cap = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    const size = fs.statSync(file).size;
    if (size > cap) return oversizedDocument(file, size, cap);
    return parseDocument(file, name, () => fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return unreadable(file, e);
  }
}

/** Several JSON records, one a line, that no line format claimed are JSONL of some other program. */
function isJsonDocument(head: FileHead): boolean {
  const first = head.lines.find((l) => l.trim() !== '')?.trimStart() ?? '';
  const jsonl = head.records.filter((r) => r !== undefined).length >= 2;
  return !jsonl && (first.startsWith('{') || first.startsWith('['));
}

/** Feeds a format's parser: a record it chokes on or one over the cap becomes a gap, never an error. */
export function parserSink(format: LineFormat, parser: LineParser, gaps: GapList, file: string, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): LineSink {
  return {
    ...(format.bulkKeys ? { bulkKeys: format.bulkKeys } : {}),
    line(text, lineNo) {
      try {
        parser.line(text, lineNo);
      } catch (e) {
        // A parser bug on one record must not cost the rest of the session.
        gaps.add('malformed-line', `could not interpret record: ${errorText(e)}`, { source: file, line: lineNo });
      }
    },
    oversized(lineNo, bytes) {
      gaps.add('oversized-record', `record of ${bytes} bytes over the ${maxRecordBytes}-byte cap skipped`, { source: file, line: lineNo });
    },
  };
}

interface LineFileReader {
  sink: LineSink;
  /** The file's sessions once every line was fed, with the read's problems attached. */
  finish(result: ReadLinesResult): SessionDraft[];
}

function lineFileReader(format: LineFormat, file: string, opts: ScanOptions): LineFileReader {
  const parser = format.open({ source: file });
  const gaps = new GapList();
  const sink = parserSink(format, parser, gaps, file, opts.maxRecordBytes);
  return {
    sink,
    finish(result) {
      if (result.tail !== undefined && result.tailLineNo !== undefined) {
        const gap = feedTail(format, parser, result.tail, result.tailLineNo, file);
        if (gap) gaps.add(gap.kind, gap.detail, gap);
      }
      const drafts = parser.snapshot();
      for (const g of gaps.toArray()) withGap(drafts, g);
      return drafts;
    },
  };
}

async function parseDocument(file: string, name: string, read: () => string | Promise<string>): Promise<FileScan> {
  let doc: unknown;
  try {
    doc = JSON.parse(await read());
  } catch (e) {
    // A document rewritten in place (Gemini's temp-file-and-rename) can be caught half-written.
    return { drafts: [], gaps: [{ kind: 'malformed-line', detail: `${file}: not valid JSON (${errorText(e)})`, count: 1, source: file }] };
  }
  const format: DocumentFormat | undefined = detectDocumentFormat(doc, name);
  if (!format) return { drafts: [], gaps: [unrecognized(file)] };
  return { drafts: format.parse(doc, file), gaps: [], format: format.id };
}

function oversizedDocument(file: string, size: number, cap: number): FileScan {
  return { drafts: [], gaps: [{ kind: 'oversized-record', detail: `${file}: JSON document of ${size} bytes over the ${cap}-byte cap`, count: 1, source: file }] };
}

function unreadable(file: string, e: unknown): FileScan {
  return { drafts: [], gaps: [{ kind: 'unreadable', detail: `${file}: ${errorText(e)}`, count: 1, source: file }] };
}

function unrecognized(file: string, head?: FileHead): Gap {
  // Text logs hold no NUL bytes (a stray one in a log it recognises costs only that record).
  const binary = head?.lines.some((l) => l.includes('\u0000')) === true;
  return { kind: 'unrecognized-file', detail: `${file}: ${binary ? 'not text (binary); skipped' : 'not a log format Agent Audit reads'}`, count: 1, source: file };
}

export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const { code, message } = e as { code: string; message?: string };
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'ENOENT') return 'no such file or folder';
    if (code === 'ELOOP') return 'symlink loop; skipped';
    return `${code}${message ? ` (${message})` : ''}`;
  }
  return e instanceof Error ? e.message : String(e);
}
