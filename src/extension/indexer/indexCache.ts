/**
 * The persisted index: what every followed log held when the index was last written, so a restart
 * shows the sessions at once and reads again only the files that changed since.
 *
 * Layout: a short JSON header line (format version, what the index was made for, section sizes),
 * then three sections: the sessions' heads, v8-serialized in small chunks (what the host decodes to
 * show the tree, one chunk at a time between other work); the sessions' bodies, one after the other
 * (decoded when first read, see sessionRecord.ts); and the per-file entries (drafts, secret scans:
 * what the worker needs to follow the files, which the host never reads). Anything unexpected (old
 * version, other settings, corrupt bytes) makes the whole cache unusable: the caller reads the logs
 * as if there were no cache.
 *
 * No `vscode` here.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { DEFAULT_LIVE_WINDOW_MS } from '../../core/finalize';
import type { Gap, Session, SessionDraft } from '../../core/model';
import type { SecretScan } from '../../core/secrets';
import type { IndexConfig } from './indexProtocol';
import { encodeSession, type HeadEntry, type SessionRecord } from './sessionRecord';

/** Bump when the cached data's shape or meaning changes (drafts, sessions, entries). */
export const CACHE_FORMAT = 3;
const MAGIC = 'agent-audit-index';
/** Bytes at the start of a file whose hash tells a rewritten file from an appended one. */
export const HEAD_HASH_BYTES = 4096;
/** The header line is at most this long (it lists the sizes of the head chunks). */
const MAX_HEADER_BYTES = 1 << 20;
/** Heads per chunk: decoding one takes the host a few milliseconds. */
export const HEADS_PER_CHUNK = 100;

export interface CachedFile {
  path: string;
  explicit: boolean;
  /** Size and modification time when the file was read. */
  size: number;
  mtimeMs: number;
  /** sha1 of the first `headBytes` bytes; empty: the file changed while being cached (read it again). */
  headHash: string;
  headBytes: number;
  /** Bytes read from the file (its size when it was read through). */
  readBytes: number;
  format?: string;
  drafts: SessionDraft[];
  /** Sessions the file no longer holds (deleted, or rewritten without them): shown as source gone. */
  goneDrafts: SessionDraft[];
  /** The file was deleted. */
  gone: boolean;
  /** Secret scans of `drafts` then `goneDrafts` (undefined: scanned again on restore). */
  scans: (SecretScan | undefined)[];
  gaps: Gap[];
}

export interface CacheHeader {
  magic: string;
  format: number;
  /** What the index was made for (extension version, roots, rules): another key means another index. */
  key: string;
  /** Tells one writing of the cache from another (the worker checks it reads the file the host read). */
  id: string;
  writtenAt: string;
  /** The policy the sessions were judged by (policyKey in indexPolicy.ts; '' when none). */
  policyKey: string;
  /** Byte lengths of the head chunks (each a v8-serialized HeadEntry[]), of the bodies and of the file entries. */
  headChunks: number[];
  bodiesBytes: number;
  filesBytes: number;
}

/** The sessions of a cache file: the header checked, the heads and bodies read (not decoded). */
export interface CachedSessions {
  header: CacheHeader;
  /** The header line as written: the worker compares it with the file it opens. */
  headerText: string;
  /** The head chunks then the bodies, in memory shared with the worker (handed over without a copy). */
  bytes: Uint8Array;
  chunkCount: number;
  /** A chunk's heads; their `body` ranges are within `bodies`. */
  heads(chunk: number): HeadEntry[];
  bodies: Uint8Array;
  /** Resolves once `bodies` holds the bytes (read while the heads are decoded); CacheUnusable if they could not be. */
  bodiesRead: Promise<void>;
}

export class CacheUnusable extends Error {}

/**
 * Reads a cache's header, checks it against the key of the index wanted (CacheUnusable when it does
 * not fit), then its sessions (heads and bodies) into shared memory; undefined when there is none.
 * The file entries, the bulk of the file, are left to the worker (readCachedFiles).
 */
export async function readCachedSessions(file: string, key: string): Promise<CachedSessions | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CacheUnusable(`cannot read ${file}: ${errorText(e)}`);
  }
  const unusable = (e: unknown): CacheUnusable => (e instanceof CacheUnusable ? e : new CacheUnusable(`cannot read ${file}: ${errorText(e)}`));
  let bodiesRead: Promise<void> | undefined;
  try {
    const { size } = await handle.stat();
    const { header, headerText, start } = await readHeader(handle, size, key);
    const headsBytes = header.headChunks.reduce((n, c) => n + c, 0);
    const bytes = new Uint8Array(new SharedArrayBuffer(headsBytes + header.bodiesBytes));
    await readFully(handle, bytes.subarray(0, headsBytes), start);
    // The bodies are read on another thread while this one decodes the heads.
    const reading = readFully(handle, bytes.subarray(headsBytes), start + headsBytes);
    bodiesRead = reading.finally(() => handle.close()).catch((e: unknown) => Promise.reject(unusable(e)));
    // Handled here too: a caller that gave up on the heads never awaits it.
    bodiesRead.catch(() => undefined);
    return { ...openSessions(header, headerText, bytes), bodiesRead };
  } catch (e) {
    if (!bodiesRead) await handle.close();
    throw unusable(e);
  }
}

/** The sessions of a cache as read by readCachedSessions (the worker gets the same bytes from the host). */
export function openSessions(header: CacheHeader, headerText: string, bytes: Uint8Array): Omit<CachedSessions, 'bodiesRead'> {
  const offsets: number[] = [];
  let pos = 0;
  for (const n of header.headChunks) {
    offsets.push(pos);
    pos += n;
  }
  if (pos + header.bodiesBytes !== bytes.length) throw new CacheUnusable('truncated or padded');
  const bodies = bytes.subarray(pos);
  return {
    header,
    headerText,
    bytes,
    chunkCount: header.headChunks.length,
    bodies,
    heads: (i) => decode(bytes.subarray(offsets[i], offsets[i] + header.headChunks[i]), 'sessions', (v): v is HeadEntry[] => isHeadList(v, bodies.length)),
  };
}

/**
 * The file entries of the cache the host read (`headerText`): CacheUnusable when the file is
 * another writing of the cache by now, or does not hold them whole.
 */
export async function readCachedFiles(file: string, headerText: string): Promise<CachedFile[]> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    throw new CacheUnusable(`cannot read ${file}: ${errorText(e)}`);
  }
  try {
    const { size } = await handle.stat();
    const { header, headerText: now, start } = await readHeader(handle, size);
    if (now !== headerText) throw new CacheUnusable('written again since it was read');
    const bytes = Buffer.allocUnsafeSlow(header.filesBytes);
    await readFully(handle, bytes, start + header.headChunks.reduce((n, c) => n + c, 0) + header.bodiesBytes);
    return decode(bytes, 'file entries', isFileList);
  } catch (e) {
    if (e instanceof CacheUnusable) throw e;
    throw new CacheUnusable(`cannot read ${file}: ${errorText(e)}`);
  } finally {
    await handle.close();
  }
}

/** Reads and checks the header line (against `key` when given), and that the sections fill the rest of the file. */
async function readHeader(handle: fs.promises.FileHandle, size: number, key?: string): Promise<{ header: CacheHeader; headerText: string; start: number }> {
  const probe = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
  await readFully(handle, probe, 0);
  const newline = probe.indexOf(10);
  if (newline < 0) throw new CacheUnusable('not an index cache (no header)');
  const headerText = probe.toString('utf8', 0, newline);
  let header: CacheHeader;
  try {
    header = JSON.parse(headerText) as CacheHeader;
  } catch {
    throw new CacheUnusable('not an index cache (unreadable header)');
  }
  if (header?.magic !== MAGIC) throw new CacheUnusable('not an index cache');
  if (header.format !== CACHE_FORMAT) throw new CacheUnusable(`written in format ${header.format}, this version reads ${CACHE_FORMAT}`);
  if (key !== undefined && header.key !== key) throw new CacheUnusable('written for other settings or another version of the extension');
  const sizes = [...(Array.isArray(header.headChunks) ? header.headChunks : [NaN]), header.bodiesBytes, header.filesBytes];
  if (!sizes.every((n) => Number.isInteger(n) && n >= 0) || typeof header.policyKey !== 'string' || typeof header.id !== 'string') throw new CacheUnusable('corrupt header');
  const start = newline + 1;
  if (start + sizes.reduce((n, c) => n + c, 0) !== size) throw new CacheUnusable('truncated or padded');
  return { header, headerText, start };
}

async function readFully(handle: fs.promises.FileHandle, into: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new CacheUnusable('truncated');
    done += bytesRead;
  }
}

function decode<T>(bytes: Uint8Array, what: string, check: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    value = deserialize(bytes);
  } catch (e) {
    throw new CacheUnusable(`corrupt ${what}: ${errorText(e)}`);
  }
  if (!check(value)) throw new CacheUnusable(`corrupt ${what}`);
  return value;
}

/**
 * Drafts as the cache keeps them. A call's output is in a draft only for the secret scan: a
 * scanned draft is kept without it (a file that changes is read again from the start, so a
 * restored draft is never scanned again). `scans` are those of the file's drafts then gone drafts,
 * from `offset`. The drafts in use are not touched.
 */
export function cachedDrafts(drafts: readonly SessionDraft[], scans: readonly (SecretScan | undefined)[], offset = 0): SessionDraft[] {
  return drafts.map((d, i) => {
    if (!scans[offset + i] || !d.toolCalls.some((c) => c.output !== undefined)) return d;
    return { ...d, toolCalls: d.toolCalls.map(({ output: _, ...c }) => c) };
  });
}

/** A session to write, with whether it came from a log the user pointed at. */
export interface CacheSession {
  key: string;
  explicit: boolean;
  session: Session;
}

/**
 * Writes the cache atomically (a crash mid-write leaves the previous cache, never half a file).
 * Sessions restored from this cache, or sent to the host, are not encoded again.
 */
export async function writeCache(file: string, key: string, policyKey: string, sessions: readonly CacheSession[], files: readonly CachedFile[]): Promise<number> {
  const records: SessionRecord[] = sessions.map((s) => encodeSession(s.session));
  const chunks: Buffer[] = [];
  let bodiesBytes = 0;
  for (let i = 0; i < sessions.length; i += HEADS_PER_CHUNK) {
    const heads: HeadEntry[] = [];
    for (let j = i; j < Math.min(i + HEADS_PER_CHUNK, sessions.length); j++) {
      heads.push({ key: sessions[j].key, explicit: sessions[j].explicit, head: records[j].head, body: [bodiesBytes, records[j].body.length] });
      bodiesBytes += records[j].body.length;
    }
    chunks.push(serialize(heads));
  }
  const f = serialize(files);
  const header: CacheHeader = {
    magic: MAGIC,
    format: CACHE_FORMAT,
    key,
    id: randomUUID(),
    writtenAt: new Date().toISOString(),
    policyKey,
    headChunks: chunks.map((c) => c.length),
    bodiesBytes,
    filesBytes: f.length,
  };
  const parts: Uint8Array[] = [Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...chunks, ...records.map((r) => r.body), f];
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await fs.promises.open(tmp, 'w');
    try {
      // In batches: one write call per part would be thousands of calls, one buffer of all of them a copy of everything.
      for (let i = 0; i < parts.length; i += 256) await handle.writev(parts.slice(i, i + 256));
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  return parts.reduce((n, p) => n + p.length, 0);
}

/** The key of the index a configuration makes: a cache written under another key is not used. */
export function indexCacheKey(config: IndexConfig): string {
  return cacheKey({
    format: CACHE_FORMAT,
    version: config.version,
    roots: config.roots,
    rules: config.capabilityRules ?? {},
    liveWindowMs: config.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS,
    // The cached sessions are shown before the worker runs: masked ones only while secrets are masked.
    revealSecrets: config.revealSecrets,
  });
}

/** A stable key for what an index was made from (any change makes cached entries unusable). */
export function cacheKey(parts: unknown): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}

/** sha1 of the first `bytes` bytes of a file, or undefined when fewer could be read. */
export async function headHash(file: string, bytes: number): Promise<string | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    if (bytesRead !== bytes) return undefined;
    return createHash('sha1').update(buf).digest('hex');
  } finally {
    await handle.close();
  }
}

/** What became of a cached file on disk. */
export type FileVerdict = 'unchanged' | 'grown' | 'truncated' | 'rewritten' | 'gone';

/**
 * Compares a cached file with the file now: size and mtime decide, and the head hash catches a
 * file rewritten in place (same size and mtime kept, or grown from a different start).
 */
export async function checkFile(entry: CachedFile): Promise<FileVerdict> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(entry.path);
  } catch {
    return 'gone';
  }
  if (!st.isFile()) return 'gone';
  if (st.size < entry.size) return 'truncated';
  if (entry.headHash === '') return 'rewritten';
  let head: string | undefined;
  try {
    head = await headHash(entry.path, entry.headBytes);
  } catch {
    return 'gone';
  }
  if (head !== entry.headHash) return 'rewritten';
  if (st.size > entry.size) return 'grown';
  // Same size and start but touched since: something in the middle may differ.
  return st.mtimeMs === entry.mtimeMs ? 'unchanged' : 'rewritten';
}

function isHeadList(v: unknown, bodiesBytes: number): v is HeadEntry[] {
  return (
    Array.isArray(v) &&
    v.every((e) => {
      const x = e as HeadEntry;
      return (
        typeof x === 'object' &&
        x !== null &&
        typeof x.key === 'string' &&
        typeof x.explicit === 'boolean' &&
        typeof x.head?.id === 'string' &&
        typeof x.head.agent === 'string' &&
        Array.isArray(x.body) &&
        Number.isInteger(x.body[0]) &&
        Number.isInteger(x.body[1]) &&
        x.body[0] >= 0 &&
        x.body[1] > 0 &&
        x.body[0] + x.body[1] <= bodiesBytes
      );
    })
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isFileList(v: unknown): v is CachedFile[] {
  return (
    Array.isArray(v) &&
    v.every((f) => {
      const e = f as CachedFile;
      return (
        typeof e === 'object' &&
        e !== null &&
        typeof e.path === 'string' &&
        typeof e.size === 'number' &&
        typeof e.mtimeMs === 'number' &&
        typeof e.headHash === 'string' &&
        Array.isArray(e.drafts) &&
        Array.isArray(e.goneDrafts) &&
        typeof e.gone === 'boolean' &&
        Array.isArray(e.scans) &&
        Array.isArray(e.gaps)
      );
    })
  );
}
