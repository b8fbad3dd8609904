/**
 * The live indexer as the extension host wires it, without VS Code: the real chokidar watcher hands
 * batches to the real SessionIndex (deleted files are read once more, so their tails notice), and
 * every fault goes through the same FaultLog into `lines`, as AuditService writes the output channel.
 */
import * as path from 'node:path';
import type { Classifier } from '../../../../src/core/finalize';
import { GapList } from '../../../../src/core/gaps';
import type { Session } from '../../../../src/core/model';
import { FaultLog, type FileFault } from '../../../../src/extension/indexer/fsFaults';
import { type ChangeBatch, LogWatcher } from '../../../../src/extension/indexer/logWatcher';
import { SessionIndex, type UpdateResult } from '../../../../src/extension/indexer/sessionIndex';
import { collectFiles, isCandidateLog } from '../../../../src/node/scan';

const classifier: Classifier = { analyzeCommand: () => ({ capabilities: [], touches: [] }), pathCapabilities: () => [] };

export class LiveIndex {
  readonly index = new SessionIndex(classifier);
  /** What the output channel would show, in order. */
  readonly lines: string[] = [];
  readonly batches: ChangeBatch[] = [];
  private readonly faults = new FaultLog();
  private readonly watcher: LogWatcher;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly root: string) {
    this.index.setScope({ folders: [], allProjects: true });
    this.watcher = new LogWatcher((batch) => void this.enqueue(() => this.apply(batch)), {
      debounceMs: 50,
      maxWaitMs: 300,
      onFault: (f) => this.report([f]),
      onError: (e) => this.lines.push(`watcher error: ${String(e)}`),
    });
  }

  accepts(file: string): boolean {
    return isCandidateLog(path.basename(file));
  }

  /** Watches the root and reads what is there, as the extension does on start. */
  async start(): Promise<void> {
    await this.watcher.start([{ path: this.root, accepts: (f) => this.accepts(f) }]);
    await this.enqueue(async () => {
      const gaps = new GapList();
      const files = await collectFiles([this.root], gaps);
      for (const g of gaps.toArray()) {
        const where = g.source ?? '';
        this.say(where, g.detail.startsWith(`${where}: `) ? g.detail.slice(where.length + 2) : g.detail);
      }
      for (const f of files) if (this.accepts(f.path)) this.index.track(f.path, true);
      this.report((await this.index.update()).faults);
    });
  }

  /** Runs after whatever the index is doing (the index is never read by two jobs at once). */
  enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads these files now, in turn with the watcher's batches. */
  read(files: string[]): Promise<void> {
    return this.enqueue(async () => this.report((await this.index.update(files)).faults));
  }

  session(id: string): Session | undefined {
    return this.index.allSessions().find((s) => s.id === id);
  }

  /** Output lines about one file. */
  linesFor(file: string): string[] {
    return this.lines.filter((l) => l.startsWith(`${file}: `));
  }

  async until<T>(check: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.queue;
      const v = check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async dispose(): Promise<void> {
    await this.watcher.dispose();
    await this.queue;
  }

  private async apply(batch: ChangeBatch): Promise<void> {
    this.batches.push(batch);
    const touched = new Set<string>();
    for (const file of batch.changed) {
      this.index.track(file, true);
      touched.add(file);
    }
    for (const file of batch.removed) if (this.index.has(file)) touched.add(file);
    if (touched.size === 0) return;
    const result: UpdateResult = await this.index.update(touched);
    this.report(result.faults);
  }

  private report(faults: readonly FileFault[]): void {
    for (const f of faults) this.say(f.file, f.message);
  }

  private say(file: string, message: string): void {
    const line = this.faults.note(file, message);
    if (line) this.lines.push(line);
  }
}
