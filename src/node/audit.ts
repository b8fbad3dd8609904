/**
 * One audit run, as the command line and the extension's export use it: find the logs, read them,
 * work out what every session touched, keep the ones asked for, aggregate.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { buildDeferredReport, buildReport, type ReportInput } from '../core/aggregate';
import { compileRules, pathCapabilities } from '../core/capabilities';
import { auditDraftsReleasing, filterSessions, type SessionFilter } from '../core/engine';
import { cachingClassifier } from '../core/classifierCache';
import type { Classifier } from '../core/finalize';
import { GapList } from '../core/gaps';
import type { Agent, Gap, Session, SessionDraft } from '../core/model';
import { applyPolicy } from '../core/policy/apply';
import type { ClaudeSettings } from '../core/policy/native';
import type { Policy } from '../core/policy/types';
import type { Report, ReportSession } from '../core/report';
import { createSecretDetector, redactSecrets, type SecretScan, scanDrafts } from '../core/secrets';
import { createShellAnalyzer } from '../core/shell/analyze';
import { defaultLogLocations } from './discovery';
import { ProjectResolver } from './project';
import { scanPaths, type ScanOptions } from './scan';
import { bundledScanWorker } from './scanPool';
import { loadShellSyntax } from './shellSyntax';

export { createClassifier } from './classifier';

export interface AuditOptions extends Pick<ScanOptions, 'onProgress' | 'maxRecordBytes' | 'threads'> {
  /** The scan worker script; default: the one bundled beside this code, if any; '' reads on this thread. */
  workerFile?: string;
  /** Files and folders to read; none means every agent's default log location. */
  roots?: readonly string[];
  agents?: readonly Agent[];
  since?: Date;
  until?: Date;
  /** Keep only sessions whose cwd is inside this folder. */
  project?: string;
  /** With `project`: keep sessions whose log names no cwd (default: only when roots were given). */
  keepUnplaced?: boolean;
  /** User capability rules (JSON as in docs/capability-rules.md). */
  rules?: unknown;
  /** Show detected secrets as they are (default: masked everywhere; findings are listed either way). */
  revealSecrets?: boolean;
  /** For tests and reproducible reports. */
  now?: Date;
  /** The workspace policy: scopes judge every call (verdicts, findings, risk, journal). */
  policy?: Policy;
  /** Claude Code settings read as scopes (see src/node/policy.ts). */
  claudeSettings?: readonly ClaudeSettings[];
  /** Home folder for `~/` globs (default: this user's). */
  home?: string;
  /** False when only the report is wanted: the result's session lists are then empty. */
  keepSessions?: boolean;
  /**
   * The report's sessions are made only as `reportSessions` is read, and each session is let go
   * once made (`report.sessions` stays empty): for a writer that writes a session at a time.
   * The result's session lists are then empty.
   */
  deferReportSessions?: boolean;
  /**
   * Called where much of the heap has just become garbage: once the logs are read and their drafts
   * let go, and once sessions are judged (what judging made and dropped). The command line collects it there.
   */
  betweenPhases?: () => void;
}

export interface AuditResult {
  report: Report;
  sessions: Session[];
  /** Every session read, before the filters (the permission report compares the period with earlier ones). */
  allSessions: Session[];
  /** Sessions read but left out by the filters (so the caller can say how to include them). */
  filteredOut: number;
  /** Problems with the user's capability rules. */
  ruleErrors: string[];
  /** With `deferReportSessions`: the report's sessions, made as they are read (once). */
  reportSessions?: Iterable<ReportSession>;
}

export async function runAudit(opts: AuditOptions = {}): Promise<AuditResult> {
  const now = opts.now ?? new Date();
  const { rules, errors: ruleErrors } = compileRules(opts.rules ?? {});
  // The shell parser is a wasm instance of some 35 MB, loaded on this thread once: before the scan
  // with workers (this thread reads files too), else only when a command is not answered yet.
  let analyze: Classifier['analyzeCommand'] | undefined;
  const classifier = cachingClassifier({
    analyzeCommand(command) {
      if (!analyze) throw new Error('shell analyzer used before it was loaded');
      return analyze(command);
    },
    pathCapabilities: (p) => pathCapabilities(p, rules),
  });
  const loadAnalyzer = async (): Promise<void> => {
    analyze ??= createShellAnalyzer(await loadShellSyntax(), rules);
  };
  const analyzeAll = async (sessions: readonly SessionDraft[]): Promise<void> => {
    if (analyze || sessions.every((s) => s.toolCalls.every((c) => c.kind !== 'shell' || !c.command || classifier.knows(c.command)))) return;
    await loadAnalyzer();
  };

  const gaps = new GapList();
  const explicitRoots = opts.roots !== undefined && opts.roots.length > 0;
  const roots = explicitRoots ? [...opts.roots!] : defaultRoots(opts.agents);
  const reveal = opts.revealSecrets === true;

  // In a function of its own so that the drafts (as big as the sessions made of them) can be
  // collected once it returns.
  const readSessions = async (): Promise<{ all: Session[]; files: number }> => {
    const workerFile = opts.workerFile === undefined ? bundledScanWorker() : opts.workerFile || undefined;
    // Secret scans the workers did, by draft; the rest are done here. Weak: it must not keep a draft alive.
    const secretScans = new WeakMap<SessionDraft, SecretScan>();
    const scan = await scanPaths(roots, {
      onProgress: opts.onProgress,
      maxRecordBytes: opts.maxRecordBytes,
      ...(workerFile
        ? {
            workerFile,
            // This thread reads files too, and classifies them with its own classifier as it goes.
            classify: { rules: opts.rules ?? {}, learn: (answers) => classifier.learn(answers), here: () => loadAnalyzer().then(() => classifier) },
            secrets: { learn: (draft, found) => secretScans.set(draft, found) },
          }
        : {}),
      ...(opts.threads ? { threads: opts.threads } : {}),
    });
    const detector = createSecretDetector();
    // A parse error may quote the line it failed on.
    const details = reveal ? scan.gaps.map((g) => g.detail) : await redactSecrets(scan.gaps.map((g) => g.detail), detector);
    gaps.addAll(scan.gaps.map((g, i) => ({ ...g, detail: details[i] })));

    const projects = new ProjectResolver();
    for (const [draft, found] of await scanDrafts(scan.drafts.filter((d) => !secretScans.has(d)), detector)) secretScans.set(draft, found);
    await analyzeAll(scan.drafts);
    const secrets = { scans: secretScans, reveal };
    // The scan's drafts are let go as they become sessions.
    return { all: auditDraftsReleasing(scan.drafts, { classifier, projectOf: (cwd) => projects.resolve(cwd), now: now.getTime(), secrets }), files: scan.files.length };
  };
  const { all, files } = await readSessions();
  opts.betweenPhases?.();
  const filter: SessionFilter = {
    ...(opts.agents ? { agents: opts.agents } : {}),
    ...(opts.since ? { since: opts.since.toISOString() } : {}),
    ...(opts.until ? { until: opts.until.toISOString() } : {}),
    ...(opts.project !== undefined ? { project: opts.project, keepUnplaced: opts.keepUnplaced ?? explicitRoots } : {}),
  };
  const sessions = filterSessions(all, filter);
  // Masking a secret in a command makes it a command the workers never saw.
  await analyzeAll(all);
  // Verdicts on every session read (not only the reported ones): tier limits count the whole period.
  applyPolicy(all, {
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.claudeSettings ? { claude: opts.claudeSettings } : {}),
    home: opts.home ?? os.homedir(),
    classifier,
  });

  opts.betweenPhases?.();
  const input: ReportInput = {
    sessions,
    generatedAt: now.toISOString(),
    scope: {
      roots,
      project: opts.project ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      agents: opts.agents ? [...opts.agents] : null,
    },
    gaps: gaps.toArray() as Gap[],
    files,
    pathCapabilities: classifier.pathCapabilities,
  };
  const filteredOut = all.filter((s) => !s.replay).length - sessions.filter((s) => !s.replay).length;
  if (opts.deferReportSessions) {
    const deferred = buildDeferredReport(input, true);
    return { report: deferred.report, reportSessions: deferred.sessions, sessions: [], allSessions: [], filteredOut, ruleErrors };
  }
  const report = buildReport(input);
  // The report holds its own copy of every call: without this, the sessions can be collected.
  if (opts.keepSessions === false) return { report, sessions: [], allSessions: [], filteredOut, ruleErrors };
  return { report, sessions, allSessions: all, filteredOut, ruleErrors };
}

function defaultRoots(agents?: readonly Agent[]): string[] {
  return defaultLogLocations()
    .filter((l) => l.exists && (!agents || agents.length === 0 || agents.includes(l.agent)))
    .map((l) => l.path);
}

/** Reads a rules file (JSON) for `--rules`; errors are the caller's to report. */
export function readRulesFile(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
