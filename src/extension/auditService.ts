/**
 * The host's single source of sessions: reads the logs on start (with progress for a long
 * history), follows them as agents write, applies the settings and the tree filter, and tells
 * the views when something changed.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { compileRules } from '../core/capabilities';
import type { Classifier } from '../core/finalize';
import { GapList } from '../core/gaps';
import type { Gap, Session } from '../core/model';
import { applyPolicy, type PolicyInputs } from '../core/policy';
import { createClassifier } from '../node/audit';
import { collectFiles } from '../node/scan';
import { affectsIndex, readSettings, type Settings } from './config';
import { type SessionFilter, matchesFilter } from './filter';
import { FaultLog, type FileFault, isCondition } from './indexer/fsFaults';
import { type ChangeBatch, LogWatcher } from './indexer/logWatcher';
import { defaultRoots, globRoots, type LogRoot } from './indexer/roots';
import { SessionIndex, type UpdateResult } from './indexer/sessionIndex';

/** Above this many files the first read shows a notification with progress (else the status bar). */
const NOTIFY_ABOVE_FILES = 200;
/** How often live sessions are re-checked (they stop being live when their log goes quiet). */
const TICK_MS = 30_000;

export class AuditService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired after sessions, settings or the filter changed (already coalesced by the watcher). */
  readonly onDidChange = this.changed.event;
  private readonly index: SessionIndex;
  private readonly watcher: LogWatcher;
  private roots: LogRoot[] = [];
  private settings: Settings = readSettings();
  private classifierValue?: Classifier;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private filterValue: SessionFilter = {};
  private readonly reported = new Map<string, string>();
  private readonly faults = new FaultLog();
  private readonly disposables: vscode.Disposable[] = [];
  private tickTimer?: NodeJS.Timeout;
  private readyPromise?: Promise<void>;
  /** The workspace policy and the agents' settings every session is judged against. */
  private policyInputs: Omit<PolicyInputs, 'classifier'> = {};
  /** The list of sessions verdicts were last applied to: the index hands out a new list whenever one changed. */
  private judged?: Session[];
  /** The calls each judged session had (by identity), with its parent link: what need not be judged again. */
  private judgedCalls = new WeakMap<object, string>();

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.index = new SessionIndex(placeholderClassifier);
    this.watcher = new LogWatcher((batch) => this.enqueue(() => this.applyBatch(batch)), {
      onError: (e) => this.output.warn(`watcher: ${e instanceof Error ? e.message : String(e)}`),
      onFault: (f) => this.reportFaults([f]),
    });
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
    return this.index.fileCount;
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
    this.tickTimer = setInterval(() => {
      if (this.index.tick()) this.changed.fire();
      const faulted = this.index.faultedFiles();
      if (faulted.length > 0) void this.enqueue(() => this.recheck(faulted));
    }, TICK_MS);
    return this.readyPromise;
  }

  /** Reads every log again from the start (the Refresh command); sessions whose log is gone are dropped then. */
  refresh(): Promise<void> {
    return this.enqueue(() => this.load(false, true, true));
  }

  /** Resolves when every change seen so far has been read. */
  async whenIdle(): Promise<void> {
    this.watcher.flush();
    while (this.pending > 0) await this.queue.catch(() => undefined);
  }

  /** Sessions in scope, without compaction replays (those are listed in reports, never in views). */
  sessions(): Session[] {
    this.judge();
    return this.index.sessions().filter((s) => !s.replay);
  }

  /** Sessions in scope including compaction replays (reports list them, never count them). */
  sessionsWithReplays(): Session[] {
    this.judge();
    return this.index.sessions();
  }

  /** Every session read, in scope or not (the permission report tells what is new against earlier ones). */
  allSessions(): Session[] {
    this.judge();
    return this.index.allSessions();
  }

  /** New scopes or agent settings: every session is judged again and the views redrawn. */
  setPolicy(inputs: Omit<PolicyInputs, 'classifier'>): void {
    this.policyInputs = inputs;
    this.judged = undefined;
    this.judgedCalls = new WeakMap();
    this.changed.fire();
  }

  /**
   * Verdicts, findings and journals on every session the index serves, once per new list of
   * sessions. Only sessions whose calls changed are judged again (the index keeps the calls of an
   * unchanged log as they were), unless the policy counts calls per day across sessions.
   */
  private judge(): void {
    const all = this.index.allSessions();
    if (all === this.judged) return;
    this.judged = all;
    const acrossSessions = (this.policyInputs.policy?.scopes ?? []).some((s) => s.tiers?.some((t) => t.maxPerDay !== undefined));
    const fresh = acrossSessions ? all : all.filter((s) => !s.policy || this.judgedCalls.get(s.toolCalls) !== (s.parentId ?? ''));
    if (fresh.length === 0) return;
    try {
      applyPolicy(fresh, { ...this.policyInputs, classifier: this.classifier });
      for (const s of fresh) this.judgedCalls.set(s.toolCalls, s.parentId ?? '');
    } catch (e) {
      this.output.error(`policy: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
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
    return this.index.fileGaps().filter((g) => g.kind === 'unreadable' || g.kind === 'unrecognized-file');
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
    this.judge();
    return this.index.byKey(key);
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
    void this.enqueue(() => this.load(false, true));
  }

  private async load(first: boolean, reread = false, forgetGone = false): Promise<void> {
    this.settings = readSettings();
    const { rules, errors } = compileRules(this.settings.capabilityRules ?? {});
    for (const e of errors) this.output.warn(`setting agentAudit.capabilityRules: ${e}`);
    this.classifierValue = await createClassifier(rules);
    this.index.setClassifier(this.classifierValue);
    this.index.setRevealSecrets(this.settings.revealSecrets);

    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    this.index.setScope({ folders, allProjects: this.settings.includeAllProjects });
    this.roots = [...defaultRoots(this.settings.agents), ...globRoots(this.settings.logGlobs)];
    for (const r of this.roots) this.output.debug(`watching ${r.path} (${r.label})`);
    await this.watcher.start(this.roots.map((r) => ({ path: r.path, accepts: (f) => r.accepts(f) })));

    const files = await this.collect(this.roots);
    const wanted = new Map(files.map((f) => [f.path, f.explicit]));
    // Deleted logs' sessions stay (source gone) while their folder is still followed.
    const stillFollowed = (file: string): boolean => !forgetGone && this.roots.some((r) => r.accepts(file));
    this.index.retain((file, explicit, gone) => (gone ? stillFollowed(file) : wanted.get(file) === explicit));
    if (reread) this.index.retain((file, _explicit, gone) => gone && stillFollowed(file));
    for (const [file, explicit] of wanted) this.index.track(file, explicit);

    const read = (progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<UpdateResult> => {
      let last = 0;
      return this.index.update(undefined, {
        isCancelled: () => token?.isCancellationRequested === true,
        onProgress: ({ done, total }) => {
          const pct = Math.floor((done / Math.max(total, 1)) * 100);
          if (progress && pct > last) {
            progress.report({ increment: pct - last, message: `${done} of ${total} log files` });
            last = pct;
          }
        },
      });
    };
    const big = first && files.length > NOTIFY_ABOVE_FILES;
    const result = await vscode.window.withProgress(
      {
        location: big ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: 'Agent Audit: reading agent session logs',
        cancellable: big,
      },
      (progress, token) => read(progress, token),
    );
    this.reportProblems(result);
    this.output.info(`${files.length} log file(s) read, ${this.sessions().length} session(s) in scope (${this.scopeLabel})`);
    this.changed.fire();
  }

  /** Every log file under the roots, with whether it came from the user's globs. */
  private async collect(roots: readonly LogRoot[]): Promise<{ path: string; explicit: boolean }[]> {
    const gaps = new GapList();
    const out = new Map<string, boolean>();
    for (const root of roots) {
      // Default locations of agents that are not installed here simply do not exist.
      if (!fs.existsSync(root.path)) continue;
      const files = await collectFiles([root.path], gaps);
      for (const f of files) {
        if (!root.accepts(f.path)) continue;
        out.set(f.path, (out.get(f.path) ?? false) || root.explicit);
      }
    }
    for (const g of gaps.toArray()) {
      const where = g.source ?? '';
      const line = this.faults.note(where, where && g.detail.startsWith(`${where}: `) ? g.detail.slice(where.length + 2) : g.detail);
      if (line) this.output.warn(line);
    }
    return [...out].map(([path, explicit]) => ({ path, explicit }));
  }

  /** Looks again at files that could not be read (a chmod alone may bring no change event). */
  private async recheck(files: string[]): Promise<void> {
    const result = await this.index.update(files);
    this.reportProblems(result);
    if (result.changed.length > 0) this.changed.fire();
  }

  /** How many watcher batches were read (a burst of appends is one or a few). */
  batchesRead = 0;

  private async applyBatch(batch: ChangeBatch): Promise<void> {
    this.batchesRead++;
    const touched = new Set<string>();
    if (batch.appearedRoots.length > 0) {
      const appeared = this.roots.filter((r) => batch.appearedRoots.includes(r.path));
      for (const f of await this.collect(appeared)) {
        this.index.track(f.path, f.explicit);
        touched.add(f.path);
      }
    }
    for (const file of batch.changed) {
      if (!this.roots.some((r) => r.accepts(file))) continue;
      this.index.track(file, this.roots.some((r) => r.explicit && r.accepts(file)));
      touched.add(file);
    }
    // A deleted log is read once more: its tail notices, keeps its sessions and marks them source gone.
    for (const file of batch.removed) if (this.index.has(file)) touched.add(file);
    const result = touched.size > 0 ? await this.index.update(touched) : { changed: [], problems: [], faults: [] };
    this.reportProblems(result);
    if (result.changed.length > 0) this.changed.fire();
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
  private reportProblems(result: UpdateResult): void {
    this.reportFaults(result.faults);
    for (const { file, gaps: all } of result.problems) {
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

  dispose(): void {
    if (this.tickTimer) clearInterval(this.tickTimer);
    void this.watcher.dispose();
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
