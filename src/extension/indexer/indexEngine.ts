/**
 * The index as it runs inside the worker thread: finds and watches the logs, reads and audits
 * them (SessionIndex), persists the index and sends the host only the sessions that changed.
 * Requests are handled one at a time, in order; watcher batches queue behind them.
 *
 * No `vscode` here.
 */
import * as fs from 'node:fs';
import { compileRules } from '../../core/capabilities';
import { DEFAULT_LIVE_WINDOW_MS } from '../../core/finalize';
import { GapList } from '../../core/gaps';
import type { Classifier } from '../../core/finalize';
import type { Gap, Session } from '../../core/model';
import { createClassifier } from '../../node/audit';
import { collectFiles, errorText } from '../../node/scan';
import type { FileFault } from './fsFaults';
import { type CachedFile, cachedDrafts, type CacheHeader, CacheUnusable, HEAD_HASH_BYTES, HEADS_PER_CHUNK, headHash, indexCacheKey, openSessions, readCachedFiles, writeCache } from './indexCache';
import { type IndexPolicy, policyKey } from './indexPolicy';
import { overviewNumbers } from '../panels/snapshots';
import { sessionRows } from '../panels/sessionRows';
import type { HostMessage, IndexConfig, LoadResult, OverviewData, UpdateSource, WorkerMessage } from './indexProtocol';
import { type ChangeBatch, LogWatcher } from './logWatcher';
import { RestoredFile } from './restoredFile';
import { type LogRoot, rootFromSpec } from './roots';
import { type IndexScope, inScope, keyOf, SessionIndex, type UpdateResult } from './sessionIndex';
import { decodeSession, encodeSession, packBodies } from './sessionRecord';

const PROGRESS_EVERY_MS = 100;
const DEFAULT_TICK_MS = 30_000;
const DEFAULT_PERSIST_DELAY_MS = 5_000;
const PERSIST_MAX_WAIT_MS = 60_000;
/** Bodies per message at most (the host copies nothing: the buffer is transferred). */
const MESSAGE_BODY_BYTES = 8 << 20;

const placeholder: Classifier = { analyzeCommand: () => ({ capabilities: [], touches: [] }), pathCapabilities: () => [] };

export class IndexEngine {
  private classifier = placeholder;
  private index = new SessionIndex(placeholder);
  private watcher?: LogWatcher;
  private roots: LogRoot[] = [];
  private config?: IndexConfig;
  private key = '';
  private policyKey = '';
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private readonly published = new Map<string, { session: Session; explicit: boolean }>();
  private sentScanGaps = '[]';
  private cancelled = false;
  private batches = 0;
  /** Head hashes of files read in this run, by path, valid while size and mtime stay. */
  private readonly heads = new Map<string, { size: number; mtimeMs: number; hash: string; bytes: number }>();
  private dirty = false;
  private persistTimer?: NodeJS.Timeout;
  private persistPendingSince = 0;
  private tickTimer?: NodeJS.Timeout;
  private closed = false;
  /** Resolves the wait for the host to take a chunk of sessions. */
  private acked?: () => void;

  constructor(private readonly post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void) {}

  handle(m: HostMessage): void {
    switch (m.type) {
      case 'load':
        this.answer(m.id, this.enqueue(() => this.load(m.config, m.cache, m.forgetGone)));
        break;
      case 'refresh':
        this.answer(
          m.id,
          this.enqueue(() => {
            if (!this.config) throw new Error('refresh before load');
            return this.load(this.config, undefined, true);
          }),
        );
        break;
      case 'idle':
        this.answer(m.id, this.idle());
        break;
      case 'policy':
        this.answer(m.id, this.enqueue(() => this.setPolicy(m.policy)));
        break;
      case 'overview':
        this.answer(m.id, Promise.resolve().then(() => this.overview(m.scope)));
        break;
      case 'persist':
        this.answer(m.id, this.enqueue(() => this.persist()));
        break;
      case 'cancel':
        this.cancelled = true;
        break;
      case 'ack': {
        const next = this.acked;
        this.acked = undefined;
        next?.();
        break;
      }
      case 'shutdown':
        this.answer(m.id, this.shutdown());
        break;
      default:
        this.log('error', `unknown request ${JSON.stringify(m)}`);
    }
  }

  private answer(id: number, work: Promise<unknown>): void {
    work.then(
      (result) => this.post({ type: 'reply', id, result }),
      (e: unknown) => this.post({ type: 'reply', id, error: describe(e) }),
    );
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.queue.then(job, job);
    this.queue = run.then(
      () => this.pending--,
      () => this.pending--,
    );
    return run;
  }

  private async idle(): Promise<void> {
    this.watcher?.flush();
    while (this.pending > 0) await this.queue;
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', text: string): void {
    this.post({ type: 'log', level, text });
  }

  /**
   * (Re)starts following the logs. `cache`: the persisted index, whose sessions the host has
   * already shown; its files are kept while unchanged on disk, the others read again. Deleted
   * logs' sessions (source gone) stay while their folder is followed, unless `forgetGone` (Refresh).
   */
  private async load(config: IndexConfig, cache?: { headerText: string; bytes: Uint8Array }, forgetGone = false): Promise<LoadResult> {
    this.cancelled = false;
    this.config = config;
    const { rules, errors } = compileRules(config.capabilityRules ?? {});
    for (const e of errors) this.log('warn', `setting agentAudit.capabilityRules: ${e}`);
    const liveWindowMs = config.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS;
    this.key = indexCacheKey(config);
    this.policyKey = policyKey(config.policy);
    this.roots = config.roots.map(rootFromSpec);

    let cachedFiles: CachedFile[] = [];
    const cachedSessions: Session[] = [];
    let cachedPolicyKey: string | undefined;
    if (cache && config.cacheFile) {
      try {
        const header = JSON.parse(cache.headerText) as CacheHeader;
        const opened = openSessions(header, cache.headerText, cache.bytes);
        // What the host shows now (it decoded the very same bytes): the end of this load sends the difference.
        this.published.clear();
        for (let i = 0; i < opened.chunkCount; i++) {
          for (const e of opened.heads(i)) {
            const session = decodeSession({ head: e.head, body: opened.bodies.subarray(e.body[0], e.body[0] + e.body[1]) }, true);
            this.published.set(e.key, { session, explicit: e.explicit });
            cachedSessions.push(session);
          }
        }
        cachedPolicyKey = header.policyKey;
        // The bulk of the cache, which the host does not read: the drafts and secret scans of each file.
        cachedFiles = await readCachedFiles(config.cacheFile, cache.headerText);
      } catch (e) {
        cachedFiles = [];
        cachedSessions.length = 0;
        const why = e instanceof CacheUnusable ? e.message : describe(e);
        this.log('info', `index cache not used (${why}): reading every log`);
      }
    }

    const previous = this.index;
    this.classifier = await createClassifier(rules);
    this.index = new SessionIndex(this.classifier, Date.now, liveWindowMs);
    this.index.setRevealSecrets(config.revealSecrets === true);
    if (config.policy) this.index.setPolicy(config.policy);
    await this.watcher?.dispose();
    this.watcher = new LogWatcher((batch) => void this.enqueue(() => this.applyBatch(batch)).catch((e) => this.log('error', `watch: ${describe(e)}`)), {
      usePolling: config.usePolling,
      debounceMs: config.debounceMs,
      maxWaitMs: config.maxWaitMs,
      onError: (e) => this.log('warn', `watcher: ${errorText(e)}`),
      onFault: (f) => void this.enqueue(() => this.publish('watch', { problems: [], faults: [f] }, false)),
    });
    await this.watcher.start(this.roots.map((r) => ({ path: r.path, accepts: (f: string) => r.accepts(f) })));
    this.restartTimers(config);

    const faults: FileFault[] = [];
    const files = await this.collect(this.roots, faults);
    // Deleted logs' sessions stay (source gone) while their folder is still followed.
    const stillFollowed = (file: string): boolean => !forgetGone && this.roots.some((r) => r.accepts(file));
    for (const f of previous.followed()) if (f.gone && stillFollowed(f.file)) this.index.adopt(f, previous.scansOf(f));
    const restored: RestoredFile[] = [];
    for (const entry of cachedFiles) {
      const onDisk = files.get(entry.path);
      // A log deleted while the editor was closed: its tail notices and keeps its sessions as source gone.
      if (onDisk === entry.explicit || (onDisk === undefined && stillFollowed(entry.path))) {
        const r = new RestoredFile(entry);
        restored.push(r);
        this.index.adopt(r, entry.scans);
      }
    }
    for (const [file, explicit] of files) this.index.track(file, explicit);
    // Sessions judged by the policy in use are kept as they are; by another one, judged again (as
    // copies); without a policy now, audited again from their drafts.
    const judgedAlike = cachedPolicyKey === this.policyKey;
    if (cachedSessions.length > 0 && (judgedAlike || config.policy)) this.index.seed(cachedSessions);
    if (judgedAlike) this.index.markJudged(cachedSessions);

    let lastProgress = 0;
    const result = await this.index.update(undefined, {
      isCancelled: () => this.cancelled,
      onProgress: ({ done, total }) => {
        const now = performance.now();
        if (done === total || now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          this.post({ type: 'progress', done, total, restored: restored.length });
        }
      },
    });
    await this.publish('read', { problems: result.problems, faults: [...faults, ...result.faults] }, true);
    // Nothing to write when every cached file was found as it was (changed sessions set `dirty` when sent).
    const asCached = (r: RestoredFile): boolean => (r.verdict === 'unchanged' || (r.verdict === 'gone' && r.entry.gone)) && r.entry.scans.length === r.entry.drafts.length + r.entry.goneDrafts.length && r.entry.scans.every(Boolean);
    // Restored files include deleted logs kept as source gone: only those on disk count against `files`.
    const fresh = files.size - restored.filter((r) => files.has(r.file)).length;
    if (!cache || restored.length !== cachedFiles.length || fresh > 0 || !restored.every(asCached)) this.dirty = true;
    this.schedulePersist();

    const changed = { grown: 0, truncated: 0, rewritten: 0, gone: 0 };
    let fromCache = 0;
    for (const r of restored) {
      if (r.verdict === 'unchanged') fromCache++;
      else if (r.verdict) changed[r.verdict]++;
    }
    return {
      files: files.size,
      fromCache,
      changed,
      fresh,
      sessions: this.published.size,
      cancelled: this.cancelled,
    };
  }

  /** Every log file under the roots, with whether it came from the user's globs; what could not be looked at goes to `faults`. */
  private async collect(roots: readonly LogRoot[], faults: FileFault[]): Promise<Map<string, boolean>> {
    const gaps = new GapList();
    const out = new Map<string, boolean>();
    for (const root of roots) {
      // Default locations of agents that are not installed here simply do not exist.
      if (!fs.existsSync(root.path)) continue;
      for (const f of await collectFiles([root.path], gaps)) {
        if (!root.accepts(f.path)) continue;
        out.set(f.path, (out.get(f.path) ?? false) || root.explicit);
      }
    }
    for (const g of gaps.toArray()) {
      const file = g.source ?? '';
      faults.push({ file, kind: 'unreadable', message: file && g.detail.startsWith(`${file}: `) ? g.detail.slice(file.length + 2) : g.detail });
    }
    return out;
  }

  private async applyBatch(batch: ChangeBatch): Promise<void> {
    if (this.closed) return;
    this.batches++;
    const touched = new Set<string>();
    const faults: FileFault[] = [];
    if (batch.appearedRoots.length > 0) {
      const appeared = this.roots.filter((r) => batch.appearedRoots.includes(r.path));
      for (const [file, explicit] of await this.collect(appeared, faults)) {
        this.index.track(file, explicit);
        touched.add(file);
      }
    }
    for (const file of batch.changed) {
      if (!this.roots.some((r) => r.accepts(file))) continue;
      this.index.track(
        file,
        this.roots.some((r) => r.explicit && r.accepts(file)),
      );
      touched.add(file);
    }
    // A deleted log is read once more: its tail notices, keeps its sessions and marks them source gone.
    for (const file of batch.removed) if (this.index.has(file)) touched.add(file);
    const result = touched.size > 0 ? await this.index.update(touched) : { problems: [], faults: [] };
    await this.publish('watch', { problems: result.problems, faults: [...faults, ...result.faults] }, false);
  }

  /** Sends the sessions that differ from what the host has (by identity: unchanged ones are the same objects). */
  private async publish(source: UpdateSource, { problems, faults }: Pick<UpdateResult, 'problems' | 'faults'>, always: boolean): Promise<void> {
    const all = this.index.allSessions();
    const explicit = this.index.explicitKeys();
    const before = this.published.size;
    const seen = new Set<string>();
    const upserts: Session[] = [];
    for (const s of all) {
      const key = keyOf(s);
      seen.add(key);
      const known = this.published.get(key);
      if (!known || known.session !== s || known.explicit !== explicit.has(key)) upserts.push(s);
    }
    const removed = before === seen.size && upserts.length === 0 ? [] : [...this.published.keys()].filter((k) => !seen.has(k));
    for (const k of removed) this.published.delete(k);
    if (upserts.length > 0 || removed.length > 0) this.dirty = true;
    if (!always && upserts.length === 0 && removed.length === 0 && problems.length === 0 && faults.length === 0 && !this.scanGapsChanged()) return;
    await this.publishEntries(source, upserts, explicit, removed, { problems, faults });
    this.schedulePersist();
  }

  private scanGapsChanged(): boolean {
    return JSON.stringify(this.scanGaps()) !== this.sentScanGaps;
  }

  private scanGaps(): Gap[] {
    return this.index.fileGaps().filter((g) => g.kind === 'unreadable' || g.kind === 'unrecognized-file');
  }

  private async publishEntries(
    source: UpdateSource,
    sessions: readonly Session[],
    explicit: ReadonlySet<string>,
    removed: string[],
    { problems, faults }: Pick<UpdateResult, 'problems' | 'faults'>,
  ): Promise<void> {
    const gaps = this.scanGaps();
    const gapsText = JSON.stringify(gaps);
    const scanGaps = gapsText !== this.sentScanGaps ? gaps : undefined;
    this.sentScanGaps = gapsText;
    const entries = sessions.map((session) => {
      const key = keyOf(session);
      const entry = { key, explicit: explicit.has(key), record: encodeSession(session) };
      this.published.set(key, { session, explicit: entry.explicit });
      return entry;
    });
    // Messages of at most a chunk of heads: decoding one is a few milliseconds of the host's time.
    const chunks: (typeof entries)[] = [];
    let bytes = Infinity;
    for (const e of entries) {
      if (bytes + e.record.body.length > MESSAGE_BODY_BYTES || chunks[chunks.length - 1].length >= HEADS_PER_CHUNK) {
        chunks.push([]);
        bytes = 0;
      }
      chunks[chunks.length - 1].push(e);
      bytes += e.record.body.length;
    }
    if (chunks.length === 0) chunks.push([]);
    for (const [i, chunk] of chunks.entries()) {
      const final = i === chunks.length - 1;
      const taken = final ? undefined : new Promise<void>((resolve) => (this.acked = resolve));
      const { bytes: bodies, at } = packBodies(chunk.map((e) => e.record));
      const upserts = chunk.map((e, j) => ({ key: e.key, explicit: e.explicit, head: e.record.head, body: at[j] }));
      const message: WorkerMessage = {
        type: 'sessions',
        source,
        upserts,
        bodies,
        removed: final ? removed : [],
        final,
        files: this.index.fileCount,
        batches: this.batches,
        ...(final && scanGaps ? { scanGaps } : {}),
        problems: final ? problems : [],
        faults: final ? faults : [],
      };
      this.post(message, [bodies.buffer as ArrayBuffer]);
      await taken;
    }
  }

  private restartTimers(config: IndexConfig): void {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = setInterval(
      () =>
        void this.enqueue(async () => {
          this.index.tick();
          // Files that could not be read are looked at again (a chmod alone may bring no change event).
          const faulted = this.index.faultedFiles();
          const result = faulted.length > 0 ? await this.index.update(faulted) : { problems: [], faults: [] };
          await this.publish('tick', result, false);
        }),
      config.tickMs ?? DEFAULT_TICK_MS,
    );
    this.tickTimer.unref?.();
  }

  private schedulePersist(): void {
    if (!this.config?.cacheFile || this.closed) return;
    const now = Date.now();
    // A log written without pause still gets its index written now and then.
    if (this.persistTimer && now - this.persistPendingSince >= PERSIST_MAX_WAIT_MS) return;
    if (this.persistTimer) clearTimeout(this.persistTimer);
    else this.persistPendingSince = now;
    this.persistTimer = setTimeout(() => void this.enqueue(() => this.persist()).catch((e) => this.log('warn', `index cache not written: ${describe(e)}`)), this.config.persistDelayMs ?? DEFAULT_PERSIST_DELAY_MS);
    this.persistTimer.unref?.();
  }

  /** Writes the index (when something changed since it was last written). */
  private async persist(): Promise<void> {
    const file = this.config?.cacheFile;
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    if (!file || !this.dirty) return;
    const entries: CachedFile[] = [];
    for (const f of this.index.followed()) {
      if (f instanceof RestoredFile && f.restored) {
        entries.push({ ...f.entry, scans: this.index.scansOf(f) });
        continue;
      }
      const head = await this.headOf(f.file, f.size, f.mtimeMs);
      const scans = this.index.scansOf(f);
      entries.push({
        path: f.file,
        explicit: f.explicit,
        size: f.size,
        mtimeMs: f.mtimeMs,
        headHash: head?.hash ?? '',
        headBytes: head?.bytes ?? 0,
        readBytes: f.size,
        ...(f.format !== undefined ? { format: f.format } : {}),
        drafts: cachedDrafts(f.drafts, scans),
        goneDrafts: cachedDrafts(f.goneDrafts, scans, f.drafts.length),
        gone: f.gone,
        scans,
        gaps: [...f.gaps],
      });
    }
    const explicit = this.index.explicitKeys();
    const sessions = this.index.allSessions().map((session) => ({ key: keyOf(session), session, explicit: explicit.has(keyOf(session)) }));
    const bytes = await writeCache(file, this.key, this.policyKey, sessions, entries);
    this.dirty = false;
    this.log('debug', `index cache written: ${entries.length} file(s), ${(bytes / 1e6).toFixed(1)} MB`);
  }

  /** The head hash of a file as it was read; undefined when it changed since (it is then read again on restore). */
  private async headOf(file: string, size: number, mtimeMs: number): Promise<{ hash: string; bytes: number } | undefined> {
    const known = this.heads.get(file);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known;
    try {
      const st = await fs.promises.stat(file);
      if (st.size !== size || st.mtimeMs !== mtimeMs) return undefined;
      const bytes = Math.min(HEAD_HASH_BYTES, size);
      const hash = await headHash(file, bytes);
      const after = await fs.promises.stat(file);
      if (hash === undefined || after.size !== size || after.mtimeMs !== mtimeMs) return undefined;
      const head = { size, mtimeMs, hash, bytes };
      this.heads.set(file, head);
      return head;
    } catch {
      return undefined;
    }
  }

  /**
   * The overview of the sessions the host has (those sent, in the order sent) that are in scope,
   * replays left out as the host's views leave them out.
   */
  private overview(scope: IndexScope): OverviewData {
    const sessions: Session[] = [];
    for (const { session, explicit } of this.published.values()) if (!session.replay && inScope(session, explicit, scope)) sessions.push(session);
    return { numbers: overviewNumbers(sessions, { files: this.index.fileCount, classifier: this.classifier }), rows: sessionRows(sessions) };
  }

  /** Judges every session by a new policy and sends those whose judgement changed. */
  private async setPolicy(policy: IndexPolicy): Promise<void> {
    if (!this.config) return;
    this.config = { ...this.config, policy };
    const key = policyKey(policy);
    if (key === this.policyKey) return;
    this.policyKey = key;
    this.index.setPolicy(policy);
    await this.publish('policy', { problems: [], faults: [] }, true);
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    await this.watcher?.dispose();
    await this.enqueue(() => this.persist());
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
