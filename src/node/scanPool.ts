/**
 * Scans files on worker threads, one per core: parsing JSON is CPU-bound, so a long history reads
 * about as many times faster as there are cores. Largest files go first so that one big file does
 * not finish alone at the end. Results come back in the files' order.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileScan, ScannedFile, ScanOptions } from './scan';
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

export async function scanInWorkers(
  files: readonly ScannedFile[],
  workerFile: string,
  threads: number,
  opts: ScanOptions,
): Promise<FileScan[]> {
  const order = files.map((_, i) => i).sort((a, b) => files[b]!.size - files[a]!.size);
  const results: FileScan[] = new Array(files.length);
  const request: Extract<WorkerRequest, { type: 'scan' }>['opts'] = {
    ...(opts.maxRecordBytes !== undefined ? { maxRecordBytes: opts.maxRecordBytes } : {}),
    ...(opts.maxDocumentBytes !== undefined ? { maxDocumentBytes: opts.maxDocumentBytes } : {}),
  };
  const strings = new Map<string, string>();
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker): void => {
        if (next >= order.length) return;
        const id = order[next++]!;
        worker.postMessage({ type: 'scan', id, file: files[id]!.path, opts: request } satisfies WorkerRequest);
      };
      for (let t = 0; t < threads; t++) {
        const worker = startWorker(workerFile);
        workers.push(worker);
        worker.on('message', (reply: ScanReply) => {
          shareRepeatedStrings(reply.scan, strings);
          results[reply.id] = reply.scan;
          if (reply.answers) opts.classify?.learn(reply.answers);
          if (reply.secrets) reply.scan.drafts.forEach((d, i) => opts.secrets?.learn(d, reply.secrets![i]!));
          done++;
          opts.onProgress?.(done, files.length, files[reply.id]!.path);
          if (done === files.length) resolve();
          else feed(worker);
        });
        worker.postMessage({
          type: 'init',
          ...(opts.classify ? { classify: { rules: opts.classify.rules } } : {}),
          ...(opts.secrets ? { secrets: true } : {}),
        } satisfies WorkerRequest);
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < files.length) reject(new Error(`scan worker stopped (exit code ${code}) with ${files.length - done} files unread`));
        });
        feed(worker);
      }
      if (files.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * A message between threads carries a copy of every string, even one that many calls share (the
 * user's request, the log's path, the cwd, a tool's name, a status, `npm test`): share them again,
 * or a long history holds hundreds of thousands of copies. Ids, times and long arguments are
 * nearly all unique, and remembering them would cost more than it saves.
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
    for (const call of draft.toolCalls) {
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
    }
  }
}

/** Arguments and commands up to this long are often repeated (`npm test`, `git status`). */
const SHORT_TEXT = 64;
