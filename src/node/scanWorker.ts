/**
 * Worker-thread entry for parallel scans (bundled as dist/scanWorker.js): reads the files the
 * pool sends, one at a time, synchronously through one reused buffer, and posts their drafts back.
 * With `classify`, it also classifies every command and path in them (the costly part of
 * finalizing), so that the main thread finds those answers ready.
 */
import { parentPort } from 'node:worker_threads';
import { type CachingClassifier, type ClassifierAnswers, cachingClassifier } from '../core/classifierCache';
import { compileRules } from '../core/capabilities';
import { finalizeSession } from '../core/finalize';
import { createClassifier } from './audit';
import { SyncLineReader } from './lines';
import { type FileScan, type ScanOptions, scanFileSync } from './scan';

export type WorkerRequest =
  | { type: 'init'; classify?: { rules: unknown } }
  | { type: 'scan'; id: number; file: string; opts: Pick<ScanOptions, 'maxRecordBytes' | 'maxDocumentBytes'> };

export interface ScanReply {
  id: number;
  scan: FileScan;
  answers?: ClassifierAnswers;
}

const reader = new SyncLineReader();
let classifier: Promise<CachingClassifier> | undefined;

async function scan(req: Extract<WorkerRequest, { type: 'scan' }>): Promise<ScanReply> {
  const result = await scanFileSync(req.file, reader, req.opts);
  const c = await classifier?.catch(() => undefined);
  // Without a classifier (its parser did not load) the main thread classifies everything itself.
  if (!c) return { id: req.id, scan: result };
  // Only the classifier's answers are kept; the main thread finalizes once sessions are linked.
  for (const draft of result.drafts) finalizeSession(draft, { classifier: c, now: 0, liveWindowMs: 0 });
  return { id: req.id, scan: result, answers: c.takeNew() };
}

const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    if (req.type === 'init') {
      if (req.classify) classifier = createClassifier(compileRules(req.classify.rules).rules).then(cachingClassifier);
      return;
    }
    void scan(req).then((reply) => port.postMessage(reply));
  });
}
