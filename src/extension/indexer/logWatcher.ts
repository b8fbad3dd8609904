/**
 * Watches the log folders with chokidar and hands over changed files in coalesced batches: a busy
 * agent appending many lines a second produces one batch per debounce window, never a flood.
 * Folders that do not exist yet are looked for again now and then (chokidar ignores them).
 *
 * No `vscode` here.
 */
import { type FSWatcher, watch } from 'chokidar';
import * as fs from 'node:fs';
import { type FileFault, faultFromError } from './fsFaults';

export interface WatchRoot {
  /** A folder (or file) to watch. */
  path: string;
  /** Which files under it are logs. */
  accepts(file: string): boolean;
}

export interface WatcherOptions {
  /** Quiet time before a batch is handed over. */
  debounceMs?: number;
  /** A batch is handed over at least this often while changes keep coming. */
  maxWaitMs?: number;
  /** How often missing roots are looked for. */
  missingPollMs?: number;
  /** Polling instead of native events (network drives, some containers). */
  usePolling?: boolean;
  onError?(error: unknown): void;
  /** A file or folder the watcher could not look at (permission denied, symlink loop), once per path. */
  onFault?(fault: FileFault): void;
}

export interface ChangeBatch {
  /** Files added or changed. */
  changed: string[];
  /** Files deleted. */
  removed: string[];
  /** Roots that appeared since the last batch (their files must be collected). */
  appearedRoots: string[];
}

export class LogWatcher {
  private watcher?: FSWatcher;
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly appeared = new Set<string>();
  private timer?: NodeJS.Timeout;
  private firstPendingAt?: number;
  private missingTimer?: NodeJS.Timeout;
  private missing: WatchRoot[] = [];
  private roots: WatchRoot[] = [];
  private closed = false;
  private readonly faulted = new Set<string>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly onBatch: (batch: ChangeBatch) => void,
    private readonly opts: WatcherOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 250;
    this.maxWaitMs = opts.maxWaitMs ?? 1000;
  }

  /** Starts (or restarts) watching these roots; resolves once the watcher is ready. */
  async start(roots: readonly WatchRoot[]): Promise<void> {
    await this.stopWatching();
    this.closed = false;
    this.roots = [...roots];
    const existing = this.roots.filter((r) => fs.existsSync(r.path));
    this.missing = this.roots.filter((r) => !fs.existsSync(r.path));
    if (existing.length > 0) {
      const watcher = watch(
        existing.map((r) => r.path),
        {
          ignoreInitial: true,
          persistent: true,
          usePolling: this.opts.usePolling ?? false,
          interval: 500,
          // Only log files are reported; folders are always walked, except symlinked ones, which
          // can loop back on themselves (the scan does not follow them either).
          ignored: (p, stats) => (stats?.isFile() === true && !this.accepts(p)) || (stats?.isDirectory() === true && this.isSymlinkedFolder(p)),
          ignorePermissionErrors: true,
        },
      );
      watcher.on('add', (p) => this.note(p, 'changed'));
      watcher.on('change', (p) => this.note(p, 'changed'));
      watcher.on('unlink', (p) => this.note(p, 'removed'));
      watcher.on('error', (e) => this.error(e));
      this.watcher = watcher;
      await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    }
    if (this.missing.length > 0) {
      this.missingTimer = setInterval(() => this.lookForMissing(), this.opts.missingPollMs ?? 5000);
      this.missingTimer.unref?.();
    }
  }

  /** Whether any root accepts this file as a log. */
  accepts(file: string): boolean {
    return this.roots.some((r) => (file === r.path || file.startsWith(`${r.path.replace(/[\\/]+$/, '')}/`) || file.startsWith(`${r.path.replace(/[\\/]+$/, '')}\\`)) && r.accepts(file));
  }

  /** Hands over what is pending now (tests, refresh). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPendingAt = undefined;
    if (this.changed.size === 0 && this.removed.size === 0 && this.appeared.size === 0) return;
    const batch: ChangeBatch = { changed: [...this.changed], removed: [...this.removed], appearedRoots: [...this.appeared] };
    this.changed.clear();
    this.removed.clear();
    this.appeared.clear();
    this.onBatch(batch);
  }

  async dispose(): Promise<void> {
    this.closed = true;
    await this.stopWatching();
  }

  private async stopWatching(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.missingTimer) clearInterval(this.missingTimer);
    this.timer = undefined;
    this.missingTimer = undefined;
    const w = this.watcher;
    this.watcher = undefined;
    await w?.close();
  }

  private isSymlinkedFolder(p: string): boolean {
    if (this.roots.some((r) => r.path === p)) return false;
    try {
      return fs.lstatSync(p).isSymbolicLink();
    } catch {
      return false;
    }
  }

  private error(e: unknown): void {
    const file = e && typeof e === 'object' && 'path' in e && typeof (e as { path: unknown }).path === 'string' ? (e as { path: string }).path : undefined;
    if (!file || !this.opts.onFault) {
      this.opts.onError?.(e);
      return;
    }
    const fault = faultFromError(file, e);
    // A file gone between two looks is an ordinary change; paths that are not logs are nobody's concern.
    if (fault.kind === 'gone' || !this.accepts(file)) return;
    const key = `${fault.kind}\u0000${file}`;
    if (this.faulted.has(key)) return;
    this.faulted.add(key);
    this.opts.onFault(fault);
  }

  private note(file: string, kind: 'changed' | 'removed'): void {
    if (this.closed || !this.accepts(file)) return;
    if (kind === 'changed') {
      this.removed.delete(file);
      this.changed.add(file);
    } else {
      this.changed.delete(file);
      this.removed.add(file);
    }
    this.schedule();
  }

  private schedule(): void {
    const now = Date.now();
    this.firstPendingAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstPendingAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private lookForMissing(): void {
    const found = this.missing.filter((r) => fs.existsSync(r.path));
    if (found.length === 0) return;
    this.missing = this.missing.filter((r) => !found.includes(r));
    for (const r of found) {
      this.appeared.add(r.path);
      if (this.watcher) this.watcher.add(r.path);
    }
    if (!this.watcher) {
      // Nothing was watched yet: start over with the roots that exist now.
      void this.start(this.roots).then(() => this.schedule());
      return;
    }
    if (this.missing.length === 0 && this.missingTimer) {
      clearInterval(this.missingTimer);
      this.missingTimer = undefined;
    }
    this.schedule();
  }
}
