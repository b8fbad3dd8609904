/**
 * The host's side of the index worker: starts it, sends requests, and keeps the sessions it
 * receives (only what changed crosses the thread boundary). Everything here is cheap: the
 * reading, parsing and auditing happen in the worker.
 *
 * No `vscode` here.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Gap, Session } from '../../core/model';
import { CacheUnusable, indexCacheKey, readCachedSessions } from './indexCache';
import type { IndexPolicy } from './indexPolicy';
import type { HostMessage, IndexConfig, LoadResult, OverviewData, SessionEntry, UpdateSource, WorkerMessage } from './indexProtocol';
import type { FileFault } from './fsFaults';
import type { FileProblem, IndexScope } from './sessionIndex';
import { decodeSession } from './sessionRecord';

export interface IndexUpdate {
  source: UpdateSource;
  /** Keys of sessions added or changed, and of sessions gone. */
  changed: string[];
  removed: string[];
  problems: FileProblem[];
  /** What happened to files on disk (deleted, replaced, unreadable, ...), one entry per change of state. */
  faults: FileFault[];
}

export interface IndexProgress {
  done: number;
  total: number;
  /** Files restored from the cache (checked, not read, unless they changed). */
  restored: number;
}

export interface IndexClientOptions {
  /** The worker script: the bundle (dist/indexWorker.js), or its TypeScript source run through tsx (tests). */
  workerFile: string;
  onLog?(level: 'debug' | 'info' | 'warn' | 'error', text: string): void;
  /** The worker failed (crashed, could not start): pending requests are rejected too. */
  onError?(error: Error): void;
  /** How long dispose() waits for the worker to write the index. */
  shutdownTimeoutMs?: number;
}

type Listener<T> = (value: T) => void;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class IndexClient {
  private workerValue?: Worker;
  private readonly entries = new Map<string, SessionEntry>();
  private allMemo?: Session[];
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly updateListeners = new Set<Listener<IndexUpdate>>();
  private readonly progressListeners = new Set<Listener<IndexProgress>>();
  private pendingChanged = new Set<string>();
  private stopped = false;
  private disposing?: Promise<void>;
  /** Log files followed by the worker. */
  fileCount = 0;
  /** Watcher batches the worker has read. */
  batchesRead = 0;
  /** File-level problems (unreadable files, files in no known format). */
  scanGaps: Gap[] = [];
  /** Why the worker stopped working, if it did. */
  failure?: Error;

  constructor(private readonly opts: IndexClientOptions) {}

  /**
   * Started with the first request: on a warm start the cached sessions are decoded first, without
   * the worker's start-up competing for the CPU.
   */
  private get worker(): Worker {
    if (this.workerValue) return this.workerValue;
    const worker = startWorker(this.opts.workerFile);
    worker.on('message', (m: WorkerMessage) => this.receive(m));
    worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('messageerror', (e) => this.fail(new Error(`index worker sent an unreadable message: ${String(e)}`)));
    worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`index worker exited unexpectedly (code ${code})`));
    });
    this.workerValue = worker;
    return worker;
  }

  /**
   * (Re)starts following the logs. `useCache`: first shows the persisted index's sessions, their
   * heads decoded here one small chunk at a time (no wait for the worker to start); the worker then
   * checks every cached file and sends what differs. `forgetGone`: deleted logs' sessions are
   * dropped (Refresh).
   */
  async load(config: IndexConfig, useCache: boolean, forgetGone = false): Promise<LoadResult> {
    const started = performance.now();
    let cache: { headerText: string; bytes: Uint8Array } | undefined;
    let cacheShownMs: number | undefined;
    if (useCache && config.cacheFile) {
      try {
        const opened = await readCachedSessions(config.cacheFile, indexCacheKey(config));
        if (opened) {
          const entries: SessionEntry[] = [];
          for (let i = 0; i < opened.chunkCount; i++) {
            for (const e of opened.heads(i)) {
              const session = decodeSession({ head: e.head, body: opened.bodies.subarray(e.body[0], e.body[0] + e.body[1]) });
              entries.push({ key: e.key, explicit: e.explicit, session });
            }
            await yieldToEventLoop();
          }
          await opened.bodiesRead;
          this.entries.clear();
          for (const e of entries) this.entries.set(e.key, e);
          this.allMemo = undefined;
          cache = { headerText: opened.headerText, bytes: opened.bytes };
          cacheShownMs = performance.now() - started;
          const update: IndexUpdate = { source: 'cache', changed: entries.map((e) => e.key), removed: [], problems: [], faults: [] };
          for (const l of this.updateListeners) l(update);
        }
      } catch (e) {
        const why = e instanceof CacheUnusable ? e.message : e instanceof Error ? e.message : String(e);
        this.opts.onLog?.('info', `index cache not used (${why}): reading every log`);
      }
    }
    const result = await this.request<LoadResult>((id) => ({ type: 'load', id, config, ...(cache ? { cache } : {}), ...(forgetGone ? { forgetGone } : {}) }));
    return cacheShownMs !== undefined ? { ...result, cacheShownMs } : result;
  }

  /** Judges every session by this policy from now on; resolves once the sessions it changed are here. */
  async setPolicy(policy: IndexPolicy): Promise<void> {
    // Before the first load there is nothing to judge: the load brings its policy along.
    if (!this.workerValue) return;
    await this.request<void>((id) => ({ type: 'policy', id, policy }));
  }

  /** Reads every log again from the start. */
  refresh(): Promise<LoadResult> {
    return this.request<LoadResult>((id) => ({ type: 'refresh', id }));
  }

  /** The overview of the sessions in `scope` this side has, worked out in the worker. */
  overview(scope: IndexScope): Promise<OverviewData> {
    return this.request<OverviewData>((id) => ({ type: 'overview', id, scope }));
  }

  /** Resolves once every change seen so far has been read and its sessions received. */
  whenIdle(): Promise<void> {
    return this.request<void>((id) => ({ type: 'idle', id }));
  }

  persist(): Promise<void> {
    return this.request<void>((id) => ({ type: 'persist', id }));
  }

  /** Stops a long read early. */
  cancel(): void {
    if (!this.failure && !this.stopped) this.workerValue?.postMessage({ type: 'cancel' } satisfies HostMessage);
  }

  onDidUpdate(listener: Listener<IndexUpdate>): { dispose(): void } {
    this.updateListeners.add(listener);
    return { dispose: () => this.updateListeners.delete(listener) };
  }

  onProgress(listener: Listener<IndexProgress>): { dispose(): void } {
    this.progressListeners.add(listener);
    return { dispose: () => this.progressListeners.delete(listener) };
  }

  /** Every audited session, subagents and replays included, in every project. */
  allSessions(): Session[] {
    this.allMemo ??= [...this.entries.values()].map((e) => e.session);
    return this.allMemo;
  }

  byKey(key: string): Session | undefined {
    return this.entries.get(key)?.session;
  }

  /** True for sessions read from logs the user pointed at (shown whatever their cwd). */
  isExplicit(key: string): boolean {
    return this.entries.get(key)?.explicit === true;
  }

  /** Lets the worker write the index, then stops it (terminated after a timeout either way). */
  dispose(): Promise<void> {
    this.disposing ??= this.stop();
    return this.disposing;
  }

  private async stop(): Promise<void> {
    if (!this.failure && this.workerValue) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.opts.shutdownTimeoutMs ?? 4000).unref());
      await Promise.race([this.request<void>((id) => ({ type: 'shutdown', id })).catch(() => undefined), timeout]);
    }
    this.stopped = true;
    for (const w of this.waiting.values()) w.reject(new Error('index worker stopped'));
    this.waiting.clear();
    await this.workerValue?.terminate();
  }

  private request<T>(make: (id: number) => HostMessage): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.stopped) return Promise.reject(new Error('index worker stopped'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.worker.postMessage(make(id));
      } catch (e) {
        // Not plain data (DataCloneError): a bug on this side, reported to the caller.
        this.waiting.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  private receive(m: WorkerMessage): void {
    switch (m.type) {
      case 'sessions': {
        for (const e of m.upserts) {
          const entry = { key: e.key, explicit: e.explicit, session: decodeSession({ head: e.head, body: m.bodies.subarray(e.body[0], e.body[0] + e.body[1]) }) };
          this.entries.set(e.key, entry);
          this.pendingChanged.add(e.key);
        }
        for (const key of m.removed) this.entries.delete(key);
        if (m.upserts.length > 0 || m.removed.length > 0) this.allMemo = undefined;
        if (m.source !== 'cache') this.fileCount = m.files;
        this.batchesRead = m.batches;
        if (m.scanGaps) this.scanGaps = m.scanGaps;
        if (!m.final) {
          this.workerValue?.postMessage({ type: 'ack' } satisfies HostMessage);
          return;
        }
        const update: IndexUpdate = { source: m.source, changed: [...this.pendingChanged], removed: m.removed, problems: m.problems, faults: m.faults };
        this.pendingChanged = new Set();
        for (const l of this.updateListeners) l(update);
        return;
      }
      case 'progress':
        for (const l of this.progressListeners) l({ done: m.done, total: m.total, restored: m.restored });
        return;
      case 'log':
        this.opts.onLog?.(m.level, m.text);
        return;
      case 'reply': {
        const w = this.waiting.get(m.id);
        if (!w) return;
        this.waiting.delete(m.id);
        if (m.error !== undefined) w.reject(new Error(m.error));
        else w.resolve(m.result);
        return;
      }
      default:
        this.opts.onLog?.('error', `index worker sent an unknown message: ${JSON.stringify(m).slice(0, 200)}`);
    }
  }

  private fail(error: Error): void {
    // A failing worker also exits: one report, the first cause.
    if (this.stopped || this.failure) return;
    this.failure = error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
    this.opts.onError?.(error);
  }
}

/** The bundled worker runs as is; the TypeScript source (tests, benchmarks under tsx) through tsx's require hook. */
function startWorker(file: string): Worker {
  if (path.extname(file) !== '.ts') return new Worker(file);
  const tsx = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});`, { eval: true });
}
