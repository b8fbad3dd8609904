/**
 * One file read the way the scan pool wants it, on whatever thread runs it: parsed into drafts,
 * and, when asked, every command and path in them classified and the drafts scanned for secrets,
 * so that the thread that finalizes sessions finds those answers ready.
 */
import { type CachingClassifier, type ClassifierAnswers, cachingClassifier } from '../core/classifierCache';
import { compileRules } from '../core/capabilities';
import { finalizeSession } from '../core/finalize';
import { createSecretDetector, type SecretDetector } from '../core/secrets/detector';
import { NO_SECRETS, type SecretScan, scanDrafts } from '../core/secrets/scan';
import { createClassifier } from './classifier';
import { SyncLineReader } from './lines';
import { type FileScan, type ScanOptions, scanFileSync } from './scan';

export type LaneOptions = Pick<ScanOptions, 'maxRecordBytes' | 'maxDocumentBytes'>;

export interface LaneResult {
  scan: FileScan;
  answers?: ClassifierAnswers;
  /** The secret scan of each draft, in the order of `scan.drafts`. */
  secrets?: SecretScan[];
}

export interface ScanLane {
  scan(file: string, opts: LaneOptions): Promise<LaneResult>;
}

/** A caching classifier with the user's capability rules (as JSON), for a lane to fill. */
export function rulesClassifier(rules: unknown): Promise<CachingClassifier> {
  return createClassifier(compileRules(rules).rules).then(cachingClassifier);
}

export function scanLane(extras: { classifier?: Promise<CachingClassifier>; secrets?: boolean }): ScanLane {
  const reader = new SyncLineReader();
  const { classifier } = extras;
  // Awaited for each file, where a failure only costs the answers: never left unhandled meanwhile.
  classifier?.catch(() => undefined);
  const detector: SecretDetector | undefined = extras.secrets ? createSecretDetector() : undefined;
  return {
    async scan(file, opts) {
      const scan = await scanFileSync(file, reader, opts);
      const result: LaneResult = { scan };
      // Both extras are optional: whatever fails here, the finalizing thread does itself.
      try {
        if (detector) {
          const scans = await scanDrafts(scan.drafts, detector);
          result.secrets = scan.drafts.map((d) => scans.get(d) ?? NO_SECRETS);
          // The kept start of each result was only there to be scanned: it need not be kept.
          for (const d of scan.drafts) for (const c of d.toolCalls) delete c.output;
        }
      } catch {
        delete result.secrets;
      }
      try {
        const c = await classifier;
        if (c) {
          // Only the classifier's answers are kept; sessions are finalized once they are linked.
          for (const draft of scan.drafts) {
            finalizeSession(draft, { classifier: c, now: 0, liveWindowMs: 0 });
            // Finalizing skips denied calls; judging them by policy still reads what they tried to run.
            for (const call of draft.toolCalls) if (call.status === 'denied' && call.kind === 'shell' && call.command) c.analyzeCommand(call.command);
          }
          result.answers = c.takeNew();
        }
      } catch {
        delete result.answers;
      }
      return result;
    },
  };
}
