/**
 * Scans files on every core: this thread and a worker thread per other core. Parsing JSON is
 * CPU-bound, so a long history reads about as many times faster as there are cores. Largest
 * files go first so that one big file does not finish alone at the end. Results come back in the
 * files' order.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileScan, ScannedFile, ScanOptions } from './scan';
import { type LaneOptions, type LaneResult, rulesClassifier, scanLane } from './scanLane';
import type { ScanReply, WorkerRequest } from './scanWorker';

/** The bundled worker beside the running bundle (dist/), if this build has one. */
export function bundledScanWorker(): string | undefined {
  const file = path.join(__dirname, 'scanWorker.js');
  return fs.existsSync(file) ? file : undefined;
}

/** Threads worth starting for this much work: a worker costs ~30 ms to start. */
export function threadsFor(files: readonly ScannedFile[], cores = os.availableParallelism()): number {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  return Math.max(1, Math.min(cores, files.length, Math.floor(bytes / (4 * 1024 * 1024))));
}

/**
 * A worker's garbage is nearly all short-lived (parsed lines), so a small young generation costs
 * no measurable time; V8's own grows larger and leaves some 15 MB more peak memory with two workers.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** The bundle's worker as it is; a TypeScript one (tests run from source) through tsx. */
function startWorker(file: string): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { resourceLimits: WORKER_LIMITS });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, resourceLimits: WORKER_LIMITS });
}

/**
 * Reads `files` on `threads` threads: this one and `threads - 1` workers. This thread would
 * otherwise only wait, and a worker costs some 30 MB (its heap and its own shell parser); what
 * this thread reads also need not be copied between threads.
 */
export async function scanInWorkers(
  files: readonly ScannedFile[],
  workerFile: string,
  threads: number,
  opts: ScanOptions,
): Promise<FileScan[]> {
  const order = files.map((_, i) => i).sort((a, b) => files[b]!.size - files[a]!.size);
  const results: FileScan[] = new Array(files.length);
  const laneOpts: LaneOptions = {
    ...(opts.maxRecordBytes !== undefined ? { maxRecordBytes: opts.maxRecordBytes } : {}),
    ...(opts.maxDocumentBytes !== undefined ? { maxDocumentBytes: opts.maxDocumentBytes } : {}),
  };
  const strings = new Map<string, string>();
  let next = 0;
  let done = 0;
  const take = (): number | undefined => (next < order.length ? order[next++] : undefined);
  const accept = (id: number, result: LaneResult): void => {
    shareRepeatedStrings(result.scan, strings);
    results[id] = result.scan;
    if (result.answers) opts.classify?.learn(result.answers);
    if (result.secrets) result.scan.drafts.forEach((d, i) => opts.secrets?.learn(d, result.secrets![i]!));
    done++;
    opts.onProgress?.(done, files.length, files[id]!.path);
  };
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const finished = (): void => {
        if (done === files.length) resolve();
      };
      const fail = (e: unknown): void => {
        // Nothing more is handed out, to the workers or to this thread.
        next = order.length;
        reject(e);
      };
      const feed = (worker: Worker): void => {
        const id = take();
        if (id !== undefined) worker.postMessage({ type: 'scan', id, file: files[id]!.path, opts: laneOpts } satisfies WorkerRequest);
      };
      for (let t = 1; t < threads; t++) {
        const worker = startWorker(workerFile);
        workers.push(worker);
        worker.on('message', (reply: ScanReply) => {
          accept(reply.id, reply);
          feed(worker);
          finished();
        });
        worker.postMessage({
          type: 'init',
          ...(opts.classify ? { classify: { rules: opts.classify.rules } } : {}),
          ...(opts.secrets ? { secrets: true } : {}),
        } satisfies WorkerRequest);
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (done < files.length) fail(new Error(`scan worker stopped (exit code ${code}) with ${files.length - done} files unread`));
        });
        // Two files in hand: the next one waits in the worker while this thread reads one of its own.
        feed(worker);
        feed(worker);
      }
      const here = opts.classify && (opts.classify.here?.() ?? rulesClassifier(opts.classify.rules));
      const lane = scanLane({ ...(here ? { classifier: here } : {}), ...(opts.secrets ? { secrets: true } : {}) });
      const readHere = async (): Promise<void> => {
        for (let id = take(); id !== undefined; id = take()) {
          accept(id, await lane.scan(files[id]!.path, laneOpts));
          // Let the workers' replies in between files, so that they get their next ones.
          await new Promise<void>((r) => setImmediate(r));
        }
      };
      readHere().then(finished, fail);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * A message between threads carries a copy of every string, even one that many calls share (the
 * user's request, the log's path, the cwd, a tool's name, a status, `npm test`, a call's id in its
 * touches): share them again, or a long history holds hundreds of thousands of copies. Ids, times
 * and long arguments are nearly all unique, and remembering them would cost more than it saves.
 */
function shareRepeatedStrings(scan: FileScan, strings: Map<string, string>): void {
  const shared = (text: string): string => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };
  const sharedIfShort = (text: string): string => (text.length <= SHORT_TEXT ? shared(text) : text);
  for (const draft of scan.drafts) {
    // A touch names its call by id: the call's own string, not a copy.
    const callIds = new Map<string, string>();
    for (const call of draft.toolCalls) {
      callIds.set(call.id, call.id);
      call.tool = shared(call.tool);
      call.kind = shared(call.kind) as typeof call.kind;
      call.status = shared(call.status) as typeof call.status;
      call.args = sharedIfShort(call.args);
      if (call.command !== undefined) call.command = sharedIfShort(call.command);
      if (call.mcpServer !== undefined) call.mcpServer = shared(call.mcpServer);
      if (call.capabilities) call.capabilities = call.capabilities.map(shared);
      if (call.request !== undefined) call.request = shared(call.request);
      if (call.cwd !== undefined) call.cwd = shared(call.cwd);
      if (call.source) call.source.file = shared(call.source.file);
    }
    for (const touch of draft.touches) {
      touch.path = shared(touch.path);
      touch.access = shared(touch.access) as typeof touch.access;
      touch.evidence = shared(touch.evidence) as typeof touch.evidence;
      if (touch.toolCallId !== undefined) touch.toolCallId = callIds.get(touch.toolCallId) ?? touch.toolCallId;
    }
  }
}

/** Arguments and commands up to this long are often repeated (`npm test`, `git status`). */
const SHORT_TEXT = 64;
