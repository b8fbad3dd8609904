/**
 * The persisted index: what every followed log held when the index was last written, so a restart
 * shows the sessions at once and reads again only the files that changed since.
 *
 * Layout: a short JSON header line (format version, what the index was made for), then
 * v8-serialized blobs: the audited sessions first, in small chunks (enough to show the tree; the
 * host decodes them one at a time between other work), then the per-file entries (what the worker
 * needs to follow the files). Anything unexpected (old version, other settings, corrupt bytes)
 * makes the whole cache unusable: the caller reads the logs as if there were no cache.
 *
 * No `vscode` here.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { DEFAULT_LIVE_WINDOW_MS } from '../../core/finalize';
import type { Gap, Session, SessionDraft } from '../../core/model';
import type { SecretScan } from '../../core/secrets';
import type { IndexConfig, SessionEntry } from './indexProtocol';

/** Bump when the cached data's shape or meaning changes (drafts, sessions, entries). */
export const CACHE_FORMAT = 2;
const MAGIC = 'agent-audit-index';
/** Bytes at the start of a file whose hash tells a rewritten file from an appended one. */
export const HEAD_HASH_BYTES = 4096;

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
  writtenAt: string;
  /** Byte lengths of the session chunks (each a v8-serialized SessionEntry[]), then of the file entries. */
  sessionChunks: number[];
  filesBytes: number;
}

/** A cache file read as far as its header: the session chunks and the files are decoded on demand. */
export interface OpenedCache {
  header: CacheHeader;
  /** The bytes the cache was read from (shared: the host hands them to the worker without a copy). */
  bytes: Uint8Array;
  chunkCount: number;
  sessions(chunk: number): SessionEntry[];
  files(): CachedFile[];
}

export class CacheUnusable extends Error {}

/**
 * Reads a cache file into shared memory (so the worker can use the very bytes the host read);
 * undefined when there is none.
 */
export async function readCacheBytes(file: string): Promise<Uint8Array | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CacheUnusable(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const { size } = await handle.stat();
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let pos = 0;
    while (pos < size) {
      const { bytesRead } = await handle.read(bytes, pos, size - pos, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
    }
    return pos === size ? bytes : bytes.subarray(0, pos);
  } catch (e) {
    throw new CacheUnusable(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await handle.close();
  }
}

/** Checks a cache's header against the key of the index wanted; throws CacheUnusable when it does not fit. */
export function openCacheBytes(bytes: Uint8Array, key: string): OpenedCache {
  const newline = bytes.indexOf(10);
  let header: CacheHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, newline < 0 ? bytes.length : newline).toString('utf8')) as CacheHeader;
  } catch {
    throw new CacheUnusable('not an index cache (unreadable header)');
  }
  if (header?.magic !== MAGIC) throw new CacheUnusable('not an index cache');
  if (header.format !== CACHE_FORMAT) throw new CacheUnusable(`written in format ${header.format}, this version reads ${CACHE_FORMAT}`);
  if (header.key !== key) throw new CacheUnusable('written for other settings or another version of the extension');
  const chunks = header.sessionChunks;
  if (!Array.isArray(chunks) || !chunks.every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(header.filesBytes)) throw new CacheUnusable('corrupt header');
  const offsets: number[] = [];
  let pos = newline + 1;
  for (const n of chunks) {
    offsets.push(pos);
    pos += n;
  }
  if (pos + header.filesBytes !== bytes.length) throw new CacheUnusable('truncated or padded');
  const decode = <T>(from: number, length: number, what: string, check: (v: unknown) => v is T): T => {
    let value: unknown;
    try {
      value = deserialize(Buffer.from(bytes.buffer, bytes.byteOffset + from, length));
    } catch (e) {
      throw new CacheUnusable(`corrupt ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!check(value)) throw new CacheUnusable(`corrupt ${what}`);
    return value;
  };
  return {
    header,
    bytes,
    chunkCount: chunks.length,
    sessions: (i) => decode(offsets[i], chunks[i], 'sessions', isEntryList),
    files: () => decode(pos, header.filesBytes, 'file entries', isFileList),
  };
}

/** Reads and opens a cache file; undefined when there is none. */
export async function openCache(file: string, key: string): Promise<OpenedCache | undefined> {
  const bytes = await readCacheBytes(file);
  return bytes && openCacheBytes(bytes, key);
}

/** A chunk of sessions weighs at most this much (decoding one must not hold up the host's thread). */
export const CHUNK_WEIGHT = 1500;

/** Roughly what a session costs to copy or decode. */
export function sessionWeight(s: Session): number {
  return 4 + s.toolCalls.length + s.touches.length;
}

/** Splits sessions into chunks of about CHUNK_WEIGHT. */
export function chunkSessions<T extends { session: Session }>(entries: readonly T[]): T[][] {
  const out: T[][] = [];
  let chunk: T[] = [];
  let weight = 0;
  for (const e of entries) {
    chunk.push(e);
    weight += sessionWeight(e.session);
    if (weight >= CHUNK_WEIGHT) {
      out.push(chunk);
      chunk = [];
      weight = 0;
    }
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

/** Writes the cache atomically (a crash mid-write leaves the previous cache, never half a file). */
export async function writeCache(file: string, key: string, sessions: readonly SessionEntry[], files: readonly CachedFile[]): Promise<number> {
  const chunks = chunkSessions(sessions).map((c) => serialize(c));
  const f = serialize(files);
  const header: CacheHeader = { magic: MAGIC, format: CACHE_FORMAT, key, writtenAt: new Date().toISOString(), sessionChunks: chunks.map((c) => c.length), filesBytes: f.length };
  const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.promises.writeFile(tmp, Buffer.concat([head, ...chunks, f]));
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  return head.length + chunks.reduce((n, c) => n + c.length, 0) + f.length;
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

function isEntryList(v: unknown): v is SessionEntry[] {
  return (
    Array.isArray(v) &&
    v.every((e) => {
      const x = e as SessionEntry;
      return typeof x === 'object' && x !== null && typeof x.key === 'string' && typeof x.explicit === 'boolean' && typeof x.session?.id === 'string' && typeof x.session.agent === 'string';
    })
  );
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
