/**
 * The report contract: `agent-audit/report@1`. What `--format json` prints, what the other
 * renderers draw, and what the extension shows. Versioned: fields are only ever added.
 * Documented in docs/report-schema.md.
 */
import type { Access, Agent, Category, Evidence, Gap, Outcome, SecretField, ToolKind, ToolStatus } from './model';
import type { CallVerdict, SessionPolicy } from './policy/types';

export const REPORT_SCHEMA = 'agent-audit/report@1';

export interface ReportToolCall {
  id: string;
  tool: string;
  kind: ToolKind;
  status: ToolStatus;
  startedAt?: string;
  /** One-line summary of the arguments. */
  args: string;
  exitCode?: number;
  error?: string;
  /** Capabilities this call exercised. */
  capabilities: string[];
  /** Policy verdict: in-scope, out-of-scope (policy id, rule id, reason), denied (decided by), no-scope. */
  verdict?: CallVerdict;
}

export interface ReportTouch {
  path: string;
  access: Access;
  evidence: Evidence;
  toolCallId?: string;
  lines?: { start: number; end: number };
  capabilities: string[];
}

/** A secret the session read, printed or passed. The report never holds the secret itself. */
export interface ReportSecretFinding {
  /** The secretlint rule id, e.g. `@secretlint/secretlint-rule-github`. */
  ruleId: string;
  /** What the rule found, e.g. `GITHUB_TOKEN`. */
  kind: string;
  /** The tool call that surfaced it (its input or result); absent for session text. */
  callId?: string;
  /** Which text held it: `command`, `args`, `output`, `error`, `path`, `title`, ... */
  field: SecretField;
  /** The log file and line of the call (or of the session's first record). */
  source?: { file: string; line: number };
  /** A few characters around it, the secret masked. */
  preview: string;
}

export interface ReportSession {
  id: string;
  agent: Agent;
  parentId: string | null;
  parentToolCallId?: string;
  title?: string;
  models: string[];
  project: string | null;
  cwd: string | null;
  startedAt: string | null;
  endedAt: string | null;
  outcome: Outcome;
  category: Category;
  /** Capability id -> counts. */
  capabilities: Record<string, { reads: number; writes: number; calls: number }>;
  toolCalls: ReportToolCall[];
  touches: ReportTouch[];
  /** Log files the session was read from. */
  sources: string[];
  gaps: Gap[];
  /** Secrets the session exposed (secretlint's rules over the text the audit keeps). */
  secretFindings: ReportSecretFinding[];
  /** A replay (compaction summariser): listed, never counted in the aggregates. */
  replay?: boolean;
  meta: Record<string, string | number | boolean>;
  /** Scopes applied, findings, risk level and permission journal (docs/policy.md). */
  policy?: SessionPolicy;
}

/** A call that ran although it was out of scope: the loudest line of every report. */
export interface OutOfScopeRow {
  sessionId: string;
  agent: Agent;
  title?: string;
  toolCallId: string;
  tool: string;
  args: string;
  at?: string;
  /** The file it touched, when it touched one. */
  path?: string;
  policyId: string;
  ruleId: string;
  reason: string;
}

export type Counts<K extends string> = Partial<Record<K, number>>;

export interface AgentSummary {
  agent: Agent;
  sessions: number;
  toolCalls: number;
  /** Tool calls by status. */
  statuses: Counts<ToolStatus>;
  outcomes: Counts<Outcome>;
  categories: Counts<Category>;
  /** Capability id -> number of sessions that have it. */
  capabilities: Record<string, number>;
  /** Unknown tool names -> calls (unmapped). */
  unmappedTools: Record<string, number>;
}

export interface Matrix {
  categories: Category[];
  outcomes: Outcome[];
  /** cells[category][outcome] = number of sessions. */
  cells: Record<string, Record<string, number>>;
}

export interface DailyVolume {
  /** ISO week, e.g. `2026-W47`. */
  week: string;
  days: { date: string; sessions: number; toolCalls: number }[];
  sessions: number;
  toolCalls: number;
}

export interface ModelSummary {
  model: string;
  sessions: number;
  toolCalls: number;
  agents: Agent[];
}

export interface PathEntry {
  path: string;
  /** Union of capabilities of this path. */
  capabilities: string[];
  sessions: { id: string; agent: Agent; access: Access[] }[];
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  /** What was asked for: scanned roots and filters. */
  scope: {
    roots: string[];
    project: string | null;
    since: string | null;
    until: string | null;
    agents: Agent[] | null;
  };
  /** `secretFindings`: secret exposures across the counted sessions. */
  totals: { sessions: number; toolCalls: number; touchedPaths: number; files: number; secretFindings: number };
  /** Calls executed although out of scope, every session's, in session order (empty without scopes). */
  outOfScope?: OutOfScopeRow[];
  sessions: ReportSession[];
  agents: AgentSummary[];
  matrix: Matrix;
  daily: DailyVolume[];
  models: ModelSummary[];
  /** Capability id -> sessions, reads, writes, calls across the report. */
  capabilities: Record<string, { sessions: number; reads: number; writes: number; calls: number }>;
  /** Reverse index: every touched path and the sessions that touched it. */
  paths: PathEntry[];
  /** Problems across the scan: unreadable files, unrecognized files, and every session's gaps rolled up. */
  gaps: Gap[];
}
