/**
 * Worker-thread entry for parallel scans (bundled as dist/scanWorker.js): reads the files the
 * pool sends, one at a time, synchronously through one reused buffer, and posts their drafts back.
 * On request it also classifies every command and path in them (the costly part of finalizing)
 * and scans them for secrets, so that the main thread finds those answers ready.
 */
import { parentPort } from 'node:worker_threads';
import { type CachingClassifier, type ClassifierAnswers, cachingClassifier } from '../core/classifierCache';
import { compileRules } from '../core/capabilities';
import { finalizeSession } from '../core/finalize';
import { createSecretDetector, type SecretDetector } from '../core/secrets/detector';
import { NO_SECRETS, type SecretScan, scanDrafts } from '../core/secrets/scan';
import { createClassifier } from './audit';
import { SyncLineReader } from './lines';
import { type FileScan, type ScanOptions, scanFileSync } from './scan';

export type WorkerRequest =
  | { type: 'init'; classify?: { rules: unknown }; secrets?: boolean }
  | { type: 'scan'; id: number; file: string; opts: Pick<ScanOptions, 'maxRecordBytes' | 'maxDocumentBytes'> };

export interface ScanReply {
  id: number;
  scan: FileScan;
  answers?: ClassifierAnswers;
  /** The secret scan of each draft, in the order of `scan.drafts`. */
  secrets?: SecretScan[];
}

const reader = new SyncLineReader();
let classifier: Promise<CachingClassifier> | undefined;
let detector: SecretDetector | undefined;

async function scan(req: Extract<WorkerRequest, { type: 'scan' }>): Promise<ScanReply> {
  const result = await scanFileSync(req.file, reader, req.opts);
  const reply: ScanReply = { id: req.id, scan: result };
  // Both extras are optional: whatever fails here, the main thread does itself.
  try {
    if (detector) {
      const scans = await scanDrafts(result.drafts, detector);
      reply.secrets = result.drafts.map((d) => scans.get(d) ?? NO_SECRETS);
      // The kept start of each result was only there to be scanned: it need not cross threads.
      for (const d of result.drafts) for (const c of d.toolCalls) delete c.output;
    }
  } catch {
    delete reply.secrets;
  }
  try {
    const c = await classifier;
    if (c) {
      // Only the classifier's answers are kept; the main thread finalizes once sessions are linked.
      for (const draft of result.drafts) {
        finalizeSession(draft, { classifier: c, now: 0, liveWindowMs: 0 });
        // Finalizing skips denied calls; judging them by policy still reads what they tried to run.
        for (const call of draft.toolCalls) if (call.status === 'denied' && call.kind === 'shell' && call.command) c.analyzeCommand(call.command);
      }
      reply.answers = c.takeNew();
    }
  } catch {
    delete reply.answers;
  }
  return reply;
}

const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    if (req.type === 'init') {
      if (req.classify) classifier = createClassifier(compileRules(req.classify.rules).rules).then(cachingClassifier);
      if (req.secrets) detector = createSecretDetector();
      return;
    }
    void scan(req).then((reply) => port.postMessage(reply));
  });
}
