/**
 * The extension's live index: every followed log file and the audited sessions they hold.
 * Files are read one at a time, yielding to the event loop in between, so a long history never
 * blocks the extension host; sessions are re-audited only for files that changed.
 *
 * No `vscode` here: the index can move into a worker thread as it is.
 */
import { DEFAULT_LIVE_WINDOW_MS, type Classifier, finalizeSession } from '../../core/finalize';
import { scansBySession } from '../../core/engine';
import { linkSessions } from '../../core/link';
import type { Gap, Session, SessionDraft } from '../../core/model';
import { applyPolicy } from '../../core/policy/apply';
import { applySecretScan, createSecretDetector, NO_SECRETS, scanDrafts, type SecretDetector, type SecretScan } from '../../core/secrets';
import { isInside, ProjectResolver } from '../../node/project';
import { FileTail, type TailChange } from './fileTail';
import type { FileFault } from './fsFaults';
import { countsAcrossSessions, fromIndexPolicy, type IndexPolicy } from './indexPolicy';

export interface IndexScope {
  /** Workspace folders: sessions from default log locations are kept when their cwd is inside one. */
  folders: readonly string[];
  /** Keep every project's sessions. */
  allProjects: boolean;
}

export interface UpdateProgress {
  done: number;
  total: number;
  file: string;
}

export interface UpdateOptions {
  onProgress?(p: UpdateProgress): void;
  isCancelled?(): boolean;
}

export interface FileProblem {
  file: string;
  gaps: readonly Gap[];
}

export interface UpdateResult {
  /** Files whose sessions changed. */
  changed: string[];
  /** Files with problems (unrecognized, cut or malformed records) after this update. */
  problems: FileProblem[];
  /** What happened to files on disk (deleted, replaced, unreadable, ...), one entry per change of state. */
  faults: FileFault[];
}

/** What the index needs of a followed file: a FileTail, or a file restored from the index cache. */
export interface FollowedFile {
  readonly file: string;
  readonly explicit: boolean;
  readonly drafts: readonly SessionDraft[];
  /** Sessions read earlier that the file no longer holds (deleted or rewritten without them). */
  readonly goneDrafts: readonly SessionDraft[];
  /** The file was deleted. */
  readonly gone: boolean;
  /** The file cannot be read now (deleted, unreadable, ...). */
  readonly faulted: boolean;
  readonly gaps: readonly Gap[];
  readonly isLive: boolean;
  readonly mtimeMs: number;
  readonly size: number;
  readonly format?: string;
  update(): Promise<TailChange>;
  /** What happened to the file since the last call, one entry per change of state. */
  takeFaults(): FileFault[];
  freeze(): void;
}

interface CachedSession {
  draft: SessionDraft;
  session: Session;
}

/** A cold file's parser is dropped after this long without change (it is read again if it grows). */
const FREEZE_AFTER_MS = 30 * 60 * 1000;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SessionIndex {
  private readonly files = new Map<string, FollowedFile>();
  private readonly projects = new ProjectResolver();
  private cache = new Map<string, CachedSession>();
  private sessionsMemo?: Session[];
  private scopeMemo?: Session[];
  private byKeyMemo?: Map<string, Session>;
  private scope: IndexScope = { folders: [], allProjects: false };
  /** Secret scans by draft object: a draft is new whenever its file changed, so a scan is never stale. */
  private secretScans = new WeakMap<SessionDraft, SecretScan>();
  private secrets: { detector: SecretDetector; reveal: boolean } = { detector: createSecretDetector(), reveal: false };
  /** What sessions are judged by (none: they are not judged). */
  private policy?: { inputs: ReturnType<typeof fromIndexPolicy>; acrossSessions: boolean };
  /** Sessions judged under the current policy, by identity. */
  private judged = new WeakSet<Session>();

  constructor(
    private classifier: Classifier,
    private readonly now: () => number = Date.now,
    readonly liveWindowMs = DEFAULT_LIVE_WINDOW_MS,
  ) {}

  setClassifier(classifier: Classifier): void {
    this.classifier = classifier;
    this.cache.clear();
    this.invalidate();
  }

  /** Whether detected secrets are shown as they are (masked by default). */
  setRevealSecrets(reveal: boolean): void {
    if (reveal === this.secrets.reveal) return;
    this.secrets = { ...this.secrets, reveal };
    this.cache.clear();
    this.invalidate();
  }

  /**
   * Judges every session by this policy from now on (verdicts, findings, risk and journal, as
   * applyPolicy sets them); sessions judged before are judged again on the next read.
   */
  setPolicy(policy: IndexPolicy): void {
    this.policy = { inputs: fromIndexPolicy(policy), acrossSessions: countsAcrossSessions(policy) };
    this.judged = new WeakSet();
    this.invalidate();
  }

  /** Sessions already judged under the current policy (restored from the index cache written under it). */
  markJudged(sessions: readonly Session[]): void {
    for (const s of sessions) this.judged.add(s);
  }

  setScope(scope: IndexScope): void {
    this.scope = { folders: [...scope.folders], allProjects: scope.allProjects };
    this.scopeMemo = undefined;
  }

  get fileCount(): number {
    return this.files.size;
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  trackedFiles(): string[] {
    return [...this.files.keys()];
  }

  /**
   * Files that exist but cannot be read now (permission denied, ...): looked at again now and then,
   * since making a file readable does not always produce a change event.
   */
  faultedFiles(): string[] {
    return [...this.files].filter(([, t]) => t.faulted && !t.gone).map(([f]) => f);
  }

  /** Starts following a file (read on the next update). */
  track(file: string, explicit: boolean): void {
    const known = this.files.get(file);
    if (known && (known.explicit || !explicit)) return;
    this.files.set(file, new FileTail(file, explicit));
  }

  /**
   * Follows a file whose sessions are already known (restored from the index cache, or kept
   * across a reload), with the secret scans of its drafts then gone drafts, as `scansOf` gives them.
   */
  adopt(followed: FollowedFile, scans: readonly (SecretScan | undefined)[] = []): void {
    [...followed.drafts, ...followed.goneDrafts].forEach((d, i) => {
      const scan = scans[i];
      if (scan) this.secretScans.set(d, scan);
    });
    this.files.set(followed.file, followed);
    this.invalidate();
  }

  /** The followed files as they are now (for the index cache). */
  followed(): FollowedFile[] {
    return [...this.files.values()];
  }

  /** The secret scans of a file's drafts then gone drafts (undefined: not scanned yet), for the index cache. */
  scansOf(followed: FollowedFile): (SecretScan | undefined)[] {
    return [...followed.drafts, ...followed.goneDrafts].map((d) => this.secretScans.get(d));
  }

  /**
   * Audited sessions from a previous run (the index cache): reused, not audited again, while
   * their drafts stay the same objects. Call after the restored files were adopted.
   */
  seed(sessions: readonly Session[]): void {
    const byKey = new Map(sessions.map((s) => [keyOf(s), s]));
    const drafts: SessionDraft[] = [];
    for (const tail of this.files.values()) drafts.push(...tail.drafts, ...tail.goneDrafts);
    for (const draft of linkSessions(drafts)) {
      const session = byKey.get(keyOf(draft));
      if (session) this.cache.set(keyOf(draft), { draft, session });
    }
    this.invalidate();
  }

  /** Keys of the sessions read from logs the user pointed at (shown whatever their cwd). */
  explicitKeys(): Set<string> {
    const keys = new Set<string>();
    for (const tail of this.files.values()) {
      if (tail.explicit) for (const d of [...tail.drafts, ...tail.goneDrafts]) keys.add(keyOf(d));
    }
    return keys;
  }

  /** Stops following files for which `keep` is false (`gone`: deleted, sessions kept); true when sessions went away. */
  retain(keep: (file: string, explicit: boolean, gone: boolean) => boolean): boolean {
    let removed = false;
    for (const [file, tail] of this.files) {
      if (!keep(file, tail.explicit, tail.gone)) {
        this.files.delete(file);
        removed ||= tail.drafts.length > 0 || tail.goneDrafts.length > 0;
      }
    }
    if (removed) this.invalidate();
    return removed;
  }

  /** Reads what changed in the given files (all tracked files when none are given). */
  async update(files?: Iterable<string>, opts: UpdateOptions = {}): Promise<UpdateResult> {
    const list = files ? [...new Set(files)].filter((f) => this.files.has(f)) : [...this.files.keys()];
    const changed: string[] = [];
    const problems: FileProblem[] = [];
    const faults: FileFault[] = [];
    let done = 0;
    for (const file of list) {
      if (opts.isCancelled?.()) break;
      const tail = this.files.get(file);
      if (!tail) continue;
      const change: TailChange = await tail.update();
      faults.push(...tail.takeFaults());
      if (change !== 'unchanged') {
        changed.push(file);
        // A faulted file's problem is told by its fault.
        if (tail.gaps.length > 0 && !tail.faulted) problems.push({ file, gaps: tail.gaps });
      }
      // A file deleted before anything was read from it leaves nothing to keep.
      if (tail.gone && tail.goneDrafts.length === 0) this.files.delete(file);
      opts.onProgress?.({ done: ++done, total: list.length, file });
      await yieldToEventLoop();
    }
    await this.scanSecrets();
    if (changed.length > 0) this.invalidate();
    this.freezeIdle();
    return { changed, problems, faults };
  }

  /** The problems of every followed file as of its last read. */
  fileGaps(): Gap[] {
    const out: Gap[] = [];
    for (const tail of this.files.values()) out.push(...tail.gaps);
    return out;
  }

  /** Every audited session, subagents and replays included. */
  allSessions(): Session[] {
    if (!this.sessionsMemo) this.sessionsMemo = this.audit();
    return this.sessionsMemo;
  }

  /** A session by its key (agent + id), in scope or not. */
  byKey(key: string): Session | undefined {
    this.byKeyMemo ??= new Map(this.allSessions().map((s) => [keyOf(s), s]));
    return this.byKeyMemo.get(key);
  }

  /** Sessions in scope: from explicitly followed logs, or with a cwd inside a workspace folder. */
  sessions(): Session[] {
    if (!this.scopeMemo) {
      const explicitIds = this.explicitKeys();
      this.scopeMemo = this.allSessions().filter((s) => inScope(s, explicitIds.has(keyOf(s)), this.scope));
    }
    return this.scopeMemo;
  }

  /** Sessions still being written (outcome in-progress). */
  liveSessions(): Session[] {
    return this.sessions().filter((s) => s.outcome === 'in-progress');
  }

  /**
   * Outcomes depend on the clock (a session goes from in-progress to finished when its log stays
   * quiet): re-audits the sessions that were live. True when any of them changed.
   */
  tick(): boolean {
    const before = this.allSessions().filter((s) => s.outcome === 'in-progress');
    if (before.length === 0) return false;
    for (const s of before) this.cache.delete(keyOf(s));
    this.invalidate();
    const after = new Map(this.allSessions().map((s) => [keyOf(s), s.outcome]));
    return before.some((s) => after.get(keyOf(s)) !== 'in-progress');
  }

  private invalidate(): void {
    this.sessionsMemo = undefined;
    this.scopeMemo = undefined;
    this.byKeyMemo = undefined;
  }

  /** Scans the drafts not scanned yet (those of files that changed), in one batch. */
  private async scanSecrets(): Promise<void> {
    const fresh: SessionDraft[] = [];
    // Gone drafts too: a file kept across a reload brings drafts this index never scanned.
    for (const tail of this.files.values()) for (const d of [...tail.drafts, ...tail.goneDrafts]) if (!this.secretScans.has(d)) fresh.push(d);
    for (const [d, scan] of await scanDrafts(fresh, this.secrets.detector)) this.secretScans.set(d, scan);
  }

  private audit(): Session[] {
    const all: SessionDraft[] = [];
    for (const tail of this.files.values()) all.push(...tail.drafts);
    // Sessions whose log was deleted (or rewritten without them) stay, marked, unless a log still holds them.
    const present = new Set(all.map(keyOf));
    const gone = new Set<string>();
    for (const tail of this.files.values()) {
      for (const d of tail.goneDrafts) {
        const key = keyOf(d);
        if (present.has(key) || gone.has(key)) continue;
        gone.add(key);
        all.push(d);
      }
    }
    // A draft whose secret scan has not finished is left out until it has: never shown unmasked.
    const drafts = all.filter((d) => this.secretScans.has(d));
    const scans = scansBySession(drafts, this.secretScans);
    const now = this.now();
    const next = new Map<string, CachedSession>();
    const out: Session[] = [];
    for (const draft of linkSessions(drafts)) {
      const key = keyOf(draft);
      const cached = this.cache.get(key);
      const sourceGone = gone.has(key);
      let session: Session;
      if (cached && cached.draft === draft && cached.session.outcome !== 'in-progress' && (cached.session.sourceGone === true) === sourceGone) {
        // The same draft object: its file did not change. Links to a parent may have appeared since;
        // without a new link the very same object is kept (the worker sends only changed sessions).
        if (cached.session.parentId === draft.parentId && cached.session.parentToolCallId === draft.parentToolCallId) {
          session = cached.session;
        } else {
          session = { ...cached.session, parentId: draft.parentId, parentToolCallId: draft.parentToolCallId };
          if (session.parentId === undefined) delete session.parentId;
          if (session.parentToolCallId === undefined) delete session.parentToolCallId;
        }
      } else {
        const finalized = finalizeSession(draft, {
          classifier: this.classifier,
          project: this.projects.resolve(draft.cwd),
          now,
          liveWindowMs: this.liveWindowMs,
        });
        const shown = applySecretScan(finalized, scans.get(key) ?? NO_SECRETS, this.secrets.reveal);
        // Kept as is in the cache: the worker sends the host only sessions that are new objects.
        session = sourceGone ? { ...shown, sourceGone: true } : shown;
      }
      next.set(key, { draft, session });
      out.push(session);
    }
    this.judge(out, next);
    this.cache = next;
    return out;
  }

  /**
   * Judges the sessions not judged yet under the current policy. Each is judged as a copy (calls
   * included): a session already sent to the host never changes, a judged one is a new object.
   * A policy with daily limits judges all of them together; those whose judgement did not change
   * stay the objects they were.
   */
  private judge(out: Session[], next: Map<string, CachedSession>): void {
    if (!this.policy) return;
    const { inputs, acrossSessions } = this.policy;
    const which = out.flatMap((s, i) => (acrossSessions || !this.judged.has(s) ? [i] : []));
    if (which.length === 0) return;
    const copies = which.map((i) => ({ ...out[i], toolCalls: out[i].toolCalls.map((c) => ({ ...c })) }));
    applyPolicy(copies, { ...inputs, classifier: this.classifier });
    which.forEach((i, n) => {
      const before = out[i];
      const session = this.judged.has(before) && sameJudgement(before, copies[n]) ? before : copies[n];
      this.judged.add(session);
      out[i] = session;
      const entry = next.get(keyOf(session));
      if (entry) entry.session = session;
    });
  }

  private freezeIdle(): void {
    const cutoff = this.now() - FREEZE_AFTER_MS;
    for (const tail of this.files.values()) if (tail.isLive && tail.mtimeMs < cutoff) tail.freeze();
  }
}

/** A session is in scope when read from a log the user pointed at, or when its cwd is inside a workspace folder. */
export function inScope(s: Pick<Session, 'cwd' | 'project'>, explicit: boolean, scope: IndexScope): boolean {
  if (explicit || scope.allProjects) return true;
  const where = s.cwd ?? s.project;
  if (!where) return false;
  return scope.folders.some((f) => isInside(where, f));
}

function sameJudgement(a: Session, b: Session): boolean {
  const verdicts = (s: Session): string => JSON.stringify([s.policy, s.toolCalls.map((c) => [c.verdict, c.approvedBy])]);
  return verdicts(a) === verdicts(b);
}

export function keyOf(s: Pick<SessionDraft, 'agent' | 'id'>): string {
  return `${s.agent}\u0000${s.id}`;
}
