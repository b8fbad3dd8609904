/**
 * Messages between the extension host and the index worker. Everything here crosses a
 * `worker_threads` boundary by structured clone: plain data only.
 *
 * No `vscode` here.
 */
import type { Gap, Session } from '../../core/model';
import type { FileFault } from './fsFaults';
import type { IndexPolicy } from './indexPolicy';
import type { RootSpec } from './roots';
import type { OverviewNumbers } from '../panels/snapshots';
import type { SessionRow } from '../../protocol/state';
import type { FileProblem, IndexScope } from './sessionIndex';
import type { HeadEntry } from './sessionRecord';

export interface IndexConfig {
  roots: RootSpec[];
  /** User capability rules (the command line's --rules JSON). */
  capabilityRules: unknown;
  /** Part of the cache key: another version of the extension starts from an empty index. */
  version: string;
  /** Where the index is persisted; none: it is not. */
  cacheFile?: string;
  usePolling?: boolean;
  /** Show detected secrets as they are; otherwise (the default) they are masked before sessions leave the worker. */
  revealSecrets?: boolean;
  /** Watcher batching (quiet time, and the longest a busy log waits). */
  debounceMs?: number;
  maxWaitMs?: number;
  liveWindowMs?: number;
  /** How often live sessions are re-checked (they stop being live when their log goes quiet). */
  tickMs?: number;
  /** Quiet time after a change before the index is written. */
  persistDelayMs?: number;
  /** What sessions are judged by (verdicts, findings, journal); none: they are not judged. */
  policy?: IndexPolicy;
}

/** One audited session and whether it came from a log the user pointed at (what the host keeps). */
export interface SessionEntry {
  key: string;
  session: Session;
  explicit: boolean;
}

/** What a (re)load of the logs found. */
export interface LoadResult {
  /** Log files followed. */
  files: number;
  /** Files whose cached sessions were kept (unchanged since the index was written). */
  fromCache: number;
  /** Cached files read again: grown, truncated, rewritten or gone. */
  changed: { grown: number; truncated: number; rewritten: number; gone: number };
  /** Files not in the cache (or no cache). */
  fresh: number;
  /** Sessions (all projects) after the load. */
  sessions: number;
  /** Milliseconds from the request to the cached sessions being shown (set by the client; undefined: nothing cached). */
  cacheShownMs?: number;
  cancelled: boolean;
}

export type HostMessage =
  /**
   * (Re)start following the logs with these settings; `cache`: the persisted index's sessions as
   * the host read them (header line and bytes: shared memory, not copied), which the host already
   * shows. Deleted logs' sessions (source gone) are kept unless `forgetGone`.
   */
  | { type: 'load'; id: number; config: IndexConfig; cache?: { headerText: string; bytes: Uint8Array }; forgetGone?: boolean }
  /** Judge every session by this policy from now on; replies once the sessions it changed were sent. */
  | { type: 'policy'; id: number; policy: IndexPolicy }
  /** The overview of the sessions in scope the host has (replies with an OverviewData). */
  | { type: 'overview'; id: number; scope: IndexScope }
  /** Read every log again from the start. */
  | { type: 'refresh'; id: number }
  /** Replies once every change seen so far has been read and sent. */
  | { type: 'idle'; id: number }
  /** Writes the index now. */
  | { type: 'persist'; id: number }
  /**
   * The host took a chunk of sessions that was not the last of its update: the next one may come.
   * (Chunks sent back to back would all be decoded in one turn of the host's event loop.)
   */
  | { type: 'ack' }
  /** Stops a long read early (the sessions read so far stay). */
  | { type: 'cancel' }
  /** Writes the index, stops watching and replies: the worker can then be terminated. */
  | { type: 'shutdown'; id: number };

/** The overview's numbers and its list of sessions, worked out in the worker (aggregating every session takes a while). */
export interface OverviewData {
  numbers: OverviewNumbers;
  rows: SessionRow[];
}

/** Where an update comes from: the persisted index (decoded by the client), a (re)load, the watcher, the clock, a new policy. */
export type UpdateSource = 'cache' | 'read' | 'watch' | 'tick' | 'policy';

export type WorkerMessage =
  /**
   * Sessions that changed since the last message, in chunks small enough to decode without
   * blocking the host; `final` ends one update. Each chunk but the final one waits for an `ack`.
   * A session is its head, its body a range of `bodies` (sessionRecord.ts; the buffer is transferred).
   */
  | {
      type: 'sessions';
      source: UpdateSource;
      upserts: HeadEntry[];
      bodies: Uint8Array;
      removed: string[];
      final: boolean;
      files: number;
      batches: number;
      /** File-level problems (unreadable, unrecognized), when they changed. */
      scanGaps?: Gap[];
      /** Files with problems after this update (sent with the final chunk). */
      problems: FileProblem[];
      /** What happened to files on disk since the last update (sent with the final chunk). */
      faults: FileFault[];
    }
  | { type: 'progress'; done: number; total: number; restored: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; text: string }
  | { type: 'reply'; id: number; result?: unknown; error?: string };
