/**
 * The host's single source of sessions: starts the index worker (which reads the logs, follows
 * them as agents write and persists the index), applies the settings, the workspace scope and the
 * tree filter, and tells the views when something changed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compileRules } from '../core/capabilities';
import type { Classifier } from '../core/finalize';
import type { Gap, Session } from '../core/model';
import type { PolicyInputs } from '../core/policy';
import { createClassifier } from '../node/audit';
import { affectsIndex, readSettings, type Settings } from './config';
import { type SessionFilter, matchesFilter } from './filter';
import { FaultLog, type FileFault, isCondition } from './indexer/fsFaults';
import { IndexClient, type IndexProgress, type IndexUpdate } from './indexer/indexClient';
import { type IndexPolicy, toIndexPolicy } from './indexer/indexPolicy';
import type { LoadResult, OverviewData } from './indexer/indexProtocol';
import { defaultRoots, globRoots, type LogRoot, rootSpec } from './indexer/roots';
import { type FileProblem, inScope, keyOf } from './indexer/sessionIndex';

/** Above this many files to read (not restored from the cache) the first read shows a notification with progress. */
const NOTIFY_ABOVE_FILES = 200;
/** The persisted index, in the extension's global storage; the format version is inside the file. */
const CACHE_FILE = 'session-index.bin';

export interface AuditServiceOptions {
  /** The extension's folder: the worker bundle lives in its dist/. */
  extensionPath: string;
  /** Where the index is persisted (globalStorageUri); none: not persisted. */
  storagePath?: string;
  version: string;
}

export class AuditService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired after sessions, settings or the filter changed (already coalesced by the watcher). */
  readonly onDidChange = this.changed.event;
  private client: IndexClient;
  private roots: LogRoot[] = [];
  private settings: Settings = readSettings();
  private classifierValue?: Classifier;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private filterValue: SessionFilter = {};
  private readonly reported = new Map<string, string>();
  private readonly faults = new FaultLog();
  private readonly disposables: vscode.Disposable[] = [];
  private readyPromise?: Promise<void>;
  private scopeMemo?: Session[];
  private folders: string[] = [];
  /** What the last (re)load of the logs found (the cache's share included). */
  lastLoad?: LoadResult;
  /**
   * The workspace policy and the agents' settings every session is judged against. The index
   * worker judges (verdicts, findings, risk, journal): sessions arrive here judged.
   */
  private policyInputs: IndexPolicy = toIndexPolicy({});

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly opts: AuditServiceOptions,
  ) {
    this.client = this.startClient();
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsIndex(e)) void this.restart('settings changed');
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.restart('workspace folders changed')),
    );
  }

  /** Resolves once the first read of the logs is done. */
  get ready(): Promise<void> {
    return this.readyPromise ?? Promise.resolve();
  }

  get classifier(): Classifier {
    return this.classifierValue ?? placeholderClassifier;
  }

  get fileCount(): number {
    return this.client.fileCount;
  }

  get filter(): SessionFilter {
    return this.filterValue;
  }

  get watchedRoots(): readonly LogRoot[] {
    return this.roots;
  }

  /** Where the sessions come from, in words (for the overview and reports). */
  get scopeLabel(): string {
    if (this.settings.includeAllProjects) return 'all projects';
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 1) return folders[0].name;
    return folders.length === 0 ? 'no folder open' : `${folders.length} workspace folders`;
  }

  start(): Promise<void> {
    this.readyPromise = this.enqueue(() => this.load(true));
    return this.readyPromise;
  }

  /** Reads every log again from the start (the Refresh command); sessions whose log is gone are dropped then. */
  refresh(): Promise<void> {
    return this.enqueue(() => this.load(false, true));
  }

  /**
   * Stops the index worker (it writes the index first) and starts a new one from the persisted
   * index, as a window reload would.
   */
  restartIndex(): Promise<void> {
    return this.enqueue(async () => {
      await this.client.dispose();
      this.client = this.startClient();
      await this.load(true);
    });
  }

  /** Resolves when every change seen so far has been read. */
  async whenIdle(): Promise<void> {
    while (this.pending > 0) await this.queue.catch(() => undefined);
    await this.client.whenIdle();
  }

  /** Sessions in scope, without compaction replays (those are listed in reports, never in views). */
  sessions(): Session[] {
    return this.sessionsWithReplays().filter((s) => !s.replay);
  }

  /** Sessions in scope including compaction replays (reports list them, never count them): from logs the user pointed at, or with a cwd inside a workspace folder. */
  sessionsWithReplays(): Session[] {
    if (!this.scopeMemo) {
      const scope = this.scope;
      this.scopeMemo = this.client.allSessions().filter((s) => inScope(s, this.client.isExplicit(keyOf(s)), scope));
    }
    return this.scopeMemo;
  }

  private get scope(): { folders: string[]; allProjects: boolean } {
    return { folders: this.folders, allProjects: this.settings.includeAllProjects };
  }

  /**
   * The overview of the sessions in scope (replays left out): aggregating every session takes the
   * index worker a while, which this thread does not wait out.
   */
  overview(): Promise<OverviewData> {
    return this.client.overview(this.scope);
  }

  /** Every session read, in scope or not (the permission report tells what is new against earlier ones). */
  allSessions(): Session[] {
    return this.client.allSessions();
  }

  /**
   * New scopes or agent settings: the index worker judges every session again (off this thread),
   * then the views are redrawn. In order with (re)loads, which carry the policy along.
   */
  setPolicy(inputs: Omit<PolicyInputs, 'classifier'>): void {
    this.policyInputs = toIndexPolicy(inputs);
    const policy = this.policyInputs;
    void this.enqueue(async () => {
      await this.client.setPolicy(policy);
      this.changed.fire();
    });
  }

  /** The one project folder sessions are limited to, when there is exactly one. */
  get projectScope(): string | undefined {
    if (this.settings.includeAllProjects) return undefined;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    return folders.length === 1 ? folders[0].uri.fsPath : undefined;
  }

  get agents(): Settings['agents'] {
    return [...this.settings.agents];
  }

  /** File-level problems (unreadable files, files in no known format). */
  scanGaps(): Gap[] {
    return this.client.scanGaps;
  }

  /** Sessions in scope that pass the tree filter. */
  filteredSessions(): Session[] {
    return this.sessions().filter((s) => matchesFilter(s, this.filterValue));
  }

  liveSessions(): Session[] {
    return this.sessions().filter((s) => s.outcome === 'in-progress');
  }

  /** A session by id (and agent when given), in scope or not: panels follow what they show. */
  session(id: string, agent?: string): Session | undefined {
    const all = this.allSessions();
    return all.find((s) => s.id === id && (agent === undefined || s.agent === agent));
  }

  sessionByKey(key: string): Session | undefined {
    return this.client.byKey(key);
  }

  setFilter(filter: SessionFilter): void {
    this.filterValue = filter;
    void vscode.commands.executeCommand('setContext', 'agentAudit.filtered', Object.keys(filter).length > 0);
    this.changed.fire();
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.queue.then(job, job);
    this.queue = run.finally(() => this.pending--).catch((e) => this.output.error(`index: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    return run;
  }

  private restart(why: string): void {
    this.output.info(`${why}: reading the logs again`);
    void this.enqueue(() => this.load(false));
  }

  private startClient(): IndexClient {
    const client = new IndexClient({
      workerFile: path.join(this.opts.extensionPath, 'dist', 'indexWorker.js'),
      onLog: (level, text) => this.output[level](text),
      onError: (e) => this.output.error(`index worker: ${e.stack ?? e.message}`),
    });
    client.onDidUpdate((u) => this.applyUpdate(u));
    return client;
  }

  /**
   * (Re)starts the index with the current settings: from the persisted index on start, else reading
   * every log. Deleted logs' sessions (source gone) stay unless `forgetGone`.
   */
  private async load(useCache: boolean, forgetGone = false): Promise<void> {
    this.settings = readSettings();
    const { rules, errors } = compileRules(this.settings.capabilityRules ?? {});
    for (const e of errors) this.output.warn(`setting agentAudit.capabilityRules: ${e}`);
    // The panels analyse commands on the host too (a shell parser of their own, loaded once).
    const classifier = createClassifier(rules).then((c) => (this.classifierValue = c));

    this.folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    this.scopeMemo = undefined;
    this.roots = [...defaultRoots(this.settings.agents), ...globRoots(this.settings.logGlobs)];
    for (const r of this.roots) this.output.debug(`watching ${r.path} (${r.label})`);

    const client = this.client;
    const config = {
      roots: this.roots.map(rootSpec),
      // Settings values are proxies that cannot be sent to a worker: plain JSON copies cross.
      capabilityRules: JSON.parse(JSON.stringify(this.settings.capabilityRules ?? {})) as unknown,
      version: this.opts.version,
      usePolling: this.settings.usePolling,
      // Secrets are masked in the worker, before sessions cross to this thread.
      revealSecrets: this.settings.revealSecrets,
      // Short batches: an appended line reaches the tree and the open panel well within a quarter second.
      debounceMs: 40,
      maxWaitMs: 150,
      policy: this.policyInputs,
      ...(this.opts.storagePath ? { cacheFile: path.join(this.opts.storagePath, CACHE_FILE) } : {}),
    };
    const result = await this.withProgress(useCache, (onCancel) => {
      onCancel(() => client.cancel());
      return client.load(config, useCache, forgetGone);
    });
    await classifier;
    this.lastLoad = result;
    const c = result.changed;
    if (useCache) {
      this.output.info(
        `index cache: ${result.fromCache} of ${result.files} log file(s) from the cache, ${c.grown} grown, ${c.truncated} truncated, ${c.rewritten} rewritten, ${c.gone} gone, ${result.fresh} new` +
          (result.cacheShownMs !== undefined ? ` (cached sessions shown after ${Math.round(result.cacheShownMs)} ms)` : ''),
      );
    }
    this.output.info(`${result.files} log file(s) read, ${this.sessions().length} session(s) in scope (${this.scopeLabel})${result.cancelled ? ' (cancelled)' : ''}`);
    this.changed.fire();
  }

  /**
   * The window's progress while the worker reads; a notification (cancellable) once a first read
   * turns out to have many files that the cache did not hold.
   */
  private withProgress<T>(first: boolean, work: (onCancel: (f: () => void) => void) => Promise<T>): Promise<T> {
    let cancel = (): void => undefined;
    const running = work((f) => (cancel = f));
    let notifying = false;
    const sub = this.client.onProgress((p: IndexProgress) => {
      if (!first || notifying || p.total - p.restored <= NOTIFY_ABOVE_FILES || p.done === p.total) return;
      notifying = true;
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Agent Audit: reading agent session logs', cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => cancel());
          let last = 0;
          const inner = this.client.onProgress(({ done, total }) => {
            const pct = Math.floor((done / Math.max(total, 1)) * 100);
            if (pct > last) {
              progress.report({ increment: pct - last, message: `${done} of ${total} log files` });
              last = pct;
            }
          });
          return running.finally(() => inner.dispose()).catch(() => undefined);
        },
      );
    });
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Agent Audit: reading agent session logs' }, () => running.catch(() => undefined));
    return running.finally(() => sub.dispose());
  }

  /** How many watcher batches were read (a burst of appends is one or a few). */
  get batchesRead(): number {
    return this.client.batchesRead;
  }

  private applyUpdate(update: IndexUpdate): void {
    this.scopeMemo = undefined;
    this.reportFaults(update.faults);
    this.reportProblems(update.problems);
    // The cache's sessions are shown at once; the end of a (re)load or a new policy fires when it resolves.
    if (update.source !== 'read' && update.source !== 'policy') this.changed.fire();
  }

  /** Files whose problems were written to the output channel. */
  reportedFiles(): string[] {
    return [...this.reported.keys()];
  }

  /** One line per file-system fault (deleted, replaced, unreadable, ...), not repeated while it lasts. */
  private reportFaults(faults: readonly FileFault[]): void {
    for (const f of faults) {
      const line = this.faults.note(f.file, f.message);
      if (!line) continue;
      this.reported.set(f.file, f.message);
      if (isCondition(f.kind) && f.kind !== 'gone') this.output.warn(line);
      else this.output.info(line);
    }
  }

  /** Lists unreadable files and parse problems in the output channel, once per file and problem. */
  private reportProblems(problems: readonly FileProblem[]): void {
    for (const { file, gaps: all } of problems) {
      // A line still being written is not a problem (yet): it is shown on the session, not logged.
      const gaps = all.filter((g) => g.kind !== 'partial-line');
      if (gaps.length === 0) continue;
      const text = gaps.map(describeGap).join('; ');
      if (this.reported.get(file) === text) continue;
      this.reported.set(file, text);
      const serious = gaps.some((g) => g.kind === 'unreadable' || g.kind === 'malformed-line' || g.kind === 'oversized-record');
      const line = `${file}: ${text}`;
      if (serious) this.output.warn(line);
      else this.output.info(line);
    }
  }

  /** Stops the index worker after it wrote the index (deactivation waits for this). */
  shutdown(): Promise<void> {
    return this.client.dispose();
  }

  dispose(): void {
    void this.client.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function describeGap(g: Gap): string {
  const where = g.line !== undefined ? ` (line ${g.line})` : '';
  const detail = g.detail.startsWith('/') ? g.detail.replace(/^[^:]+: /, '') : g.detail;
  return `${g.kind}${where}: ${detail}${g.count > 1 ? ` (x${g.count})` : ''}`;
}

/** Used only until the shell parser has loaded: paths and commands imply nothing yet. */
const placeholderClassifier: Classifier = {
  analyzeCommand: () => ({ capabilities: [], touches: [] }),
  pathCapabilities: () => [],
};
