/**
 * The persisted index: what every followed log held when the index was last written, so a restart
 * shows the sessions at once and reads again only the files that changed since.
 *
 * Layout: a short JSON header line (format version, what the index was made for), then two
 * v8-serialized blobs: the audited sessions first (enough to show the tree), then the per-file
 * entries (what the index needs to follow the files). The sessions can be handed over before the
 * larger file part is decoded. Anything unexpected (old version, other settings, corrupt bytes)
 * makes the whole cache unusable: the caller reads the logs as if there were no cache.
 *
 * No `vscode` here.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Gap, Session, SessionDraft } from '../../core/model';

/** Bump when the cached data's shape or meaning changes (drafts, sessions, entries). */
export const CACHE_FORMAT = 1;
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
  gaps: Gap[];
}

/** The audited sessions as they were shown, and which of them came from logs the user pointed at. */
export interface CachedSessions {
  sessions: Session[];
  explicit: string[];
}

export interface CacheHeader {
  magic: string;
  format: number;
  /** What the index was made for (extension version, roots, rules): another key means another index. */
  key: string;
  writtenAt: string;
  sessionsBytes: number;
  filesBytes: number;
}

/** A cache file read as far as its header: the sessions and the files are decoded on demand. */
export interface OpenedCache {
  header: CacheHeader;
  sessions(): CachedSessions;
  files(): CachedFile[];
}

export class CacheUnusable extends Error {}

/** Reads a cache file; undefined when there is none, CacheUnusable when it cannot be used. */
export async function openCache(file: string, key: string): Promise<OpenedCache | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CacheUnusable(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const newline = bytes.indexOf(10);
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.subarray(0, newline < 0 ? bytes.length : newline).toString('utf8')) as CacheHeader;
  } catch {
    throw new CacheUnusable('not an index cache (unreadable header)');
  }
  if (header?.magic !== MAGIC) throw new CacheUnusable('not an index cache');
  if (header.format !== CACHE_FORMAT) throw new CacheUnusable(`written in format ${header.format}, this version reads ${CACHE_FORMAT}`);
  if (header.key !== key) throw new CacheUnusable('written for other settings or another version of the extension');
  const start = newline + 1;
  if (!Number.isInteger(header.sessionsBytes) || !Number.isInteger(header.filesBytes) || start + header.sessionsBytes + header.filesBytes !== bytes.length) {
    throw new CacheUnusable('truncated or padded');
  }
  const decode = <T>(from: number, length: number, what: string, check: (v: unknown) => v is T): T => {
    let value: unknown;
    try {
      value = deserialize(bytes.subarray(from, from + length));
    } catch (e) {
      throw new CacheUnusable(`corrupt ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!check(value)) throw new CacheUnusable(`corrupt ${what}`);
    return value;
  };
  return {
    header,
    sessions: () => decode(start, header.sessionsBytes, 'sessions', isCachedSessions),
    files: () => decode(start + header.sessionsBytes, header.filesBytes, 'file entries', isFileList),
  };
}

/** Writes the cache atomically (a crash mid-write leaves the previous cache, never half a file). */
export async function writeCache(file: string, key: string, sessions: CachedSessions, files: readonly CachedFile[]): Promise<number> {
  const s = serialize(sessions);
  const f = serialize(files);
  const header: CacheHeader = { magic: MAGIC, format: CACHE_FORMAT, key, writtenAt: new Date().toISOString(), sessionsBytes: s.length, filesBytes: f.length };
  const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.promises.writeFile(tmp, Buffer.concat([head, s, f]));
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  return head.length + s.length + f.length;
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

function isCachedSessions(v: unknown): v is CachedSessions {
  const c = v as CachedSessions;
  return typeof c === 'object' && c !== null && Array.isArray(c.explicit) && Array.isArray(c.sessions) && c.sessions.every((s) => typeof s === 'object' && s !== null && typeof (s as Session).id === 'string' && typeof (s as Session).agent === 'string');
}

function isFileList(v: unknown): v is CachedFile[] {
  return (
    Array.isArray(v) &&
    v.every((f) => {
      const e = f as CachedFile;
      return typeof e === 'object' && e !== null && typeof e.path === 'string' && typeof e.size === 'number' && typeof e.mtimeMs === 'number' && typeof e.headHash === 'string' && Array.isArray(e.drafts) && Array.isArray(e.gaps);
    })
  );
}
