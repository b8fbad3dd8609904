/**
 * What the panels draw: complete snapshots the host computes and the webview renders as they are.
 * Plain JSON only (they are posted to the webview and embedded in its first paint).
 */
import type { Access, Agent, Category, Evidence, Gap, LineRange, Outcome, SecretField, ToolKind, ToolStatus } from '../core/model';

import type { FindingKind, JournalEntry, RiskLevel, RiskReason, VerdictKind } from '../core/policy/types';

export type { Access, Agent, Category, Evidence, Gap, LineRange, Outcome, SecretField, ToolKind, ToolStatus };
export type { FindingKind, JournalEntry, RiskLevel, RiskReason, VerdictKind };

/** What the policy said about a call (see core/policy/types.ts). */
export interface VerdictView {
  verdict: VerdictKind;
  policyId?: string;
  ruleId?: string;
  reason?: string;
  /** For denied calls: who decided (a person, the agent's permissions, a hook, the sandbox). */
  decidedBy?: string;
  executed: boolean;
}

/** A call that ran although no scope allowed it ("executed although out of scope"). */
export interface OutOfScopeCallView {
  sessionId: string;
  agent: Agent;
  sessionTitle: string;
  toolCallId: string;
  tool: string;
  args: string;
  path?: string;
  line?: number;
  policyId?: string;
  ruleId?: string;
  reason: string;
  at?: string;
}

/** The policy facts of a session, for its panel's header and top section. */
export interface SessionPolicyView {
  scopes: string[];
  risk: { level: RiskLevel; reasons: RiskReason[] };
  counts: Partial<Record<VerdictKind, number>>;
  executedOutOfScope: number;
  /** Calls that ran although out of scope, in order. */
  outOfScope: OutOfScopeCallView[];
  /** Other findings (tier limits, approvals, expired scopes): one line each. */
  findings: { kind: FindingKind; message: string }[];
}

/** A secret the session exposed. Only the masked preview crosses to the webview, never the secret. */
export interface SecretFindingView {
  /** `github`, `aws`, `anthropic`, ... */
  rule: string;
  kind: string;
  callId?: string;
  /** 1-based position of the call in the session's timeline. */
  callNumber?: number;
  tool?: string;
  field: SecretField;
  sourceFile?: string;
  sourceLine?: number;
  preview: string;
}

export interface CapabilityView {
  id: string;
  label: string;
  description: string;
  /** `files` (kind of file touched) or `actions` (what the session did). */
  group: 'files' | 'actions';
  reads: number;
  writes: number;
  calls: number;
}

export interface ToolCallView {
  id: string;
  tool: string;
  kind: ToolKind;
  status: ToolStatus;
  startedAt?: string;
  args: string;
  /** `args` with the project folder prefix left out, for display. */
  argsDisplay: string;
  exitCode?: number;
  error?: string;
  why?: string;
  capabilities: string[];
  /** Where in the log the call was written (for "reveal in log"). */
  sourceLine?: number;
  sourceFile?: string;
  verdict?: VerdictView;
}

export interface FileView {
  /** Absolute path as the log (resolved against cwd) names it. */
  path: string;
  /** The path relative to the session's project, for display. */
  display: string;
  accesses: Access[];
  evidence: Evidence;
  capabilities: string[];
  /** First edited line range the log records (jump-to-file lands there). */
  lines?: LineRange;
  /** True when the path is a local file the editor can open (absolute, not `~`). */
  openable: boolean;
}

export interface SessionView {
  id: string;
  agent: Agent;
  agentLabel: string;
  title?: string;
  models: string[];
  project?: string;
  cwd?: string;
  startedAt?: string;
  endedAt?: string;
  outcome: Outcome;
  category: Category;
  parentId?: string;
  agentType?: string;
  capabilities: CapabilityView[];
  toolCalls: ToolCallView[];
  files: FileView[];
  gaps: Gap[];
  secrets: SecretFindingView[];
  /** Scopes, verdict counts, risk and findings; absent before the policy was applied. */
  policy?: SessionPolicyView;
  /** The permission journal: each permission-relevant call with its context, in order (denied ones included). */
  journal: JournalEntry[];
  sources: string[];
  /** The log was deleted while being followed: this is what was read before. */
  sourceGone?: boolean;
  counts: { calls: number; denied: number; failed: number; filesRead: number; filesWritten: number };
  meta: Record<string, string | number | boolean>;
}

export interface SessionSnapshot {
  kind: 'session';
  /** The id the panel shows; `session` is absent when that session is no longer in the index. */
  sessionId: string;
  agent?: string;
  session?: SessionView;
  /** The session is still being written (its log grew within the live window). */
  live: boolean;
  updatedAt: string;
}

/** How many out-of-scope calls the overview lists (the total is always given). */
export const OUT_OF_SCOPE_SHOWN = 200;

export interface AgentRow {
  agent: Agent;
  label: string;
  sessions: number;
  toolCalls: number;
  denied: number;
  failed: number;
  outcomes: Partial<Record<Outcome, number>>;
}

export interface OverviewSnapshot {
  kind: 'overview';
  /** What the numbers cover, e.g. "2 workspace folders" or "all projects". */
  scope: string;
  totals: { sessions: number; toolCalls: number; touchedPaths: number; files: number; live: number; secretFindings: number };
  /**
   * The top section: calls that ran although out of scope, newest first (at most OUT_OF_SCOPE_SHOWN),
   * whether the workspace declares scopes at all, and a problem with its policy file.
   */
  outOfScope: { total: number; calls: OutOfScopeCallView[]; scopesDeclared: boolean; policyProblem?: string };
  /** Sessions that exposed secrets, most findings first. */
  secretSessions: { id: string; agent: Agent; title: string; findings: number; rules: string[] }[];
  agents: AgentRow[];
  matrix: { categories: Category[]; outcomes: Outcome[]; cells: Record<string, Record<string, number>> };
  weeks: { week: string; sessions: number; toolCalls: number; days: { date: string; sessions: number; toolCalls: number }[] }[];
  models: { model: string; sessions: number; toolCalls: number; agents: Agent[] }[];
  capabilities: { id: string; label: string; group: 'files' | 'actions'; sessions: number; reads: number; writes: number }[];
  /** Every session in scope, newest first: the first page here, the rest on request (`sessionRows`). */
  sessions: SessionRowsPage;
  /** The tree's current filter, shown so a clicked cell stays visible. */
  filter?: { category?: Category; outcome?: Outcome };
  updatedAt: string;
}

/** One line of the overview's sessions list: only what the row shows, so 10,000 rows stay small. */
export interface SessionRow {
  id: string;
  agent: Agent;
  /** Shortened to a line's worth. */
  title?: string;
  startedAt?: string;
  outcome: Outcome;
  category: Category;
  calls: number;
  denied: number;
  failed: number;
  filesWritten: number;
}

/**
 * A window of the overview's sessions list. `version` changes whenever the list does, so a page
 * asked for under an older version is dropped rather than mixed with newer rows.
 */
export interface SessionRowsPage {
  version: number;
  total: number;
  offset: number;
  rows: SessionRow[];
}

export type PanelSnapshot = SessionSnapshot | OverviewSnapshot;

/** What a panel remembers across reloads: navigation and UI state only, never log data. */
export interface SessionUiState {
  kind: 'session';
  sessionId: string;
  agent?: string;
  selectedCapability?: string;
  statusFilter?: 'all' | 'problems';
}

export interface OverviewUiState {
  kind: 'overview';
}

export type PanelUiState = SessionUiState | OverviewUiState;
