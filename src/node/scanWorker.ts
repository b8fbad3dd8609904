/**
 * Worker-thread entry for parallel scans (bundled as dist/scanWorker.js): reads the files the
 * pool sends, one at a time, synchronously through one reused buffer, and posts their drafts back
 * with the answers its lane worked out (see scanLane.ts).
 */
import { parentPort } from 'node:worker_threads';
import { type LaneOptions, type LaneResult, rulesClassifier, type ScanLane, scanLane } from './scanLane';

export type WorkerRequest =
  | { type: 'init'; classify?: { rules: unknown }; secrets?: boolean }
  | { type: 'scan'; id: number; file: string; opts: LaneOptions };

export interface ScanReply extends LaneResult {
  id: number;
}

let lane: ScanLane | undefined;

const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    if (req.type === 'init') {
      lane = scanLane({ ...(req.classify ? { classifier: rulesClassifier(req.classify.rules) } : {}), ...(req.secrets ? { secrets: true } : {}) });
      return;
    }
    lane ??= scanLane({});
    void lane.scan(req.file, req.opts).then((result) => port.postMessage({ id: req.id, ...result } satisfies ScanReply));
  });
}
