/**
 * Scopes, verdicts and the permission journal: the data the policy engine adds to sessions.
 *
 * API for the UI (everything is plain data on the Session, filled by `applyPolicy()` in ./apply):
 * - `ToolCall.verdict`         one CallVerdict per call: in-scope | out-of-scope | denied | no-scope.
 *                              `executedOutOfScope(call)` (./verdicts) is the loud case: out of scope and it ran.
 * - `Session.policy`           SessionPolicy: which scopes applied, the findings (executed out of scope,
 *                              tier limit exceeded, approval missing, expired scope), the risk level and the
 *                              permission journal (permission-relevant calls in order, with their context).
 * - `buildPermissionReport()`  (../permissions) across sessions: per agent and scope, capabilities taken,
 *                              denied, granted but unused, newly acquired, and retention (logs about to be deleted).
 * Wiring (extension): read the policy with `loadProjectPolicy(root)` and Claude settings with
 * `loadClaudeSettings([root])` (src/node/policy.ts), then call `applyPolicy(allSessions, {policy, claude,
 * home, classifier})` after each (re)audit; re-run it when `.agent-audit/policy.json` or `.claude/settings*.json`
 * change. Diagnostics: `session.policy.findings` of kind `executed-out-of-scope` carry `path` and `line`.
 * Field names of verdicts follow the OpenTelemetry GenAI guardrail proposal (`gen_ai.security.policy.id`,
 * `gen_ai.security.policy.rule.id`, `gen_ai.security.verdict.reason`); `otelAttributes()` in ./verdicts maps them.
 */

// --- verdicts ---------------------------------------------------------------------------------

export const VERDICTS = ['in-scope', 'out-of-scope', 'denied', 'no-scope'] as const;
/** What the audit says about one tool call. */
export type VerdictKind = (typeof VERDICTS)[number];

/** Who stopped a denied call. */
export const DECIDERS = ['user', 'agent-permissions', 'hook', 'sandbox', 'policy-engine', 'unknown'] as const;
export type Decider = (typeof DECIDERS)[number];

export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

export interface CallVerdict {
  verdict: VerdictKind;
  /**
   * The scope that judged the call (OTel `gen_ai.security.policy.id`): `<policy id>/<scope id>` for a
   * workspace policy, `claude-code:settings`, `codex:sandbox`, `aep:capability_decisions` for native ones.
   */
  policyId?: string;
  /** The rule that decided (OTel `gen_ai.security.policy.rule.id`), e.g. `write[0]`, `deny:Bash(rm:*)`, `default-deny-write`. */
  ruleId?: string;
  /** Why, in a sentence (OTel `gen_ai.security.verdict.reason`). */
  reason?: string;
  /** For `denied`: who decided (the user, the agent's permission system, a hook, the sandbox). */
  decidedBy?: Decider;
  /** The tier of the grant the call used (in-scope calls of a scope with tiers). */
  tier?: Tier;
  /** The call ran (its status is not denied). `out-of-scope` + executed = "Executed although out of scope". */
  executed: boolean;
}

// --- findings and risk ------------------------------------------------------------------------

export const FINDING_KINDS = ['executed-out-of-scope', 'tier-limit-exceeded', 'approval-missing', 'scope-expired'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Something a reviewer must look at. Executed-out-of-scope findings come first everywhere. */
export interface PolicyFinding {
  kind: FindingKind;
  /** One line for people: "Wrote /etc/hosts outside the write globs of scope ci". */
  message: string;
  toolCallId?: string;
  policyId?: string;
  ruleId?: string;
  /** The file the call touched (for a diagnostic on it), when it touched one. */
  path?: string;
  /** 1-based line of the touched file, when the log says where. */
  line?: number;
  /** When the call happened. */
  at?: string;
}

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Why a session has its risk level. High: secrets, privileged, out-of-scope, external. */
export const RISK_REASONS = [
  'secrets',
  'privileged',
  'out-of-scope',
  'external-communication',
  'destructive',
  'writes',
  'shell',
  'denied',
  'read-only',
] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

export interface SessionRisk {
  level: RiskLevel;
  reasons: RiskReason[];
}

// --- permission journal -----------------------------------------------------------------------

/** Why a call is in the journal. */
export const JOURNAL_TRIGGERS = ['write', 'delete', 'shell', 'network', 'privileged', 'secrets', 'denied', 'out-of-scope'] as const;
export type JournalTrigger = (typeof JOURNAL_TRIGGERS)[number];

/** One permission-relevant call with the context that led to it, in the order they happened. */
export interface JournalEntry {
  toolCallId: string;
  at?: string;
  tool: string;
  /** The call's one-line arguments. */
  args: string;
  triggers: JournalTrigger[];
  /** The latest user request before the call (short excerpt), when the log keeps it. */
  request?: string;
  /** The agent's own words just before the call (short excerpt). */
  agentSaid?: string;
  decision: VerdictKind;
  /** Who or what decided: the scope (policyId) or the denier. */
  decidedBy: string;
  /** The rule and reason, in a sentence. */
  rationale: string;
  executed: boolean;
}

/** The policy facts of one session. */
export interface SessionPolicy {
  /** Ids of every scope that applied (workspace and native), e.g. `team/ci`, `claude-code:settings`. */
  scopes: string[];
  findings: PolicyFinding[];
  risk: SessionRisk;
  journal: JournalEntry[];
  /** Verdict counts over the session's calls. */
  counts: Partial<Record<VerdictKind, number>>;
  /** Calls that ran although out of scope (the loudest number). */
  executedOutOfScope: number;
}

// --- the policy file (.agent-audit/policy.json) -------------------------------------------------

/** Which sessions a scope applies to. Every given list must match (lists are OR within, AND across). */
export interface ScopeSelector {
  /** Agent ids (`claude-code`, `codex`, ...). */
  agents?: string[];
  /** Globs over the project folder (git root) or cwd, e.g. `**\/my-repo`. */
  projects?: string[];
  /** Globs over the session title, case-insensitive, e.g. `*nightly*`. */
  titles?: string[];
  /** Run types: `main`, `subagent`, or a subagent type (`Explore`, `thread_spawn`). */
  runTypes?: string[];
}

export interface TierRule {
  tier: Tier;
  /** Capability ids (globs, e.g. `mcp:*`) the tier covers. */
  capabilities?: string[];
  /** Command patterns the tier covers (see docs/policy.md). */
  commands?: string[];
  /** Tier 2: most calls a day (per agent, per scope), past which each call is a finding. */
  maxPerDay?: number;
  /** Tier 3: each call needs a recorded human approval. */
  requiresApproval?: boolean;
}

export interface Scope {
  id: string;
  description?: string;
  match: ScopeSelector;
  /** Capability ids (globs) granted. `*` grants every capability; unlisted action capabilities are out of scope. */
  capabilities?: string[];
  /** Capability ids (globs) refused even when `capabilities` grants them. */
  denyCapabilities?: string[];
  /** Path globs that may be read. Absent: reads are not restricted. */
  read?: string[];
  /** Path globs that may be written or created. Absent: nothing may be written (default deny). */
  write?: string[];
  /** Path globs that may be deleted or moved away. Absent: nothing may be deleted (default deny). */
  delete?: string[];
  /** Command patterns that may run. Absent: commands are judged by their capabilities and touches only. */
  commands?: string[];
  /** Command patterns refused even when `commands` allows them. */
  denyCommands?: string[];
  /** Network destinations: host globs (`*.github.com`), `host:port`, or URL prefixes. Absent: no network. */
  network?: string[];
  /** Time box: the scope holds from / until these instants (ISO 8601). Calls outside it are judged without it. */
  validFrom?: string;
  validUntil?: string;
  tiers?: TierRule[];
}

/** A recorded human approval (tier 3), by session and optionally call. */
export interface Approval {
  session: string;
  toolCall?: string;
  by: string;
  at?: string;
  note?: string;
}

export interface Policy {
  /** Policy id (the `gen_ai.security.policy.id` prefix). */
  id: string;
  version: 1;
  scopes: Scope[];
  approvals: Approval[];
  /** Where it was read from, for messages. */
  source?: string;
}

/** A problem in a policy file, with where and why. */
export interface PolicyError {
  /** 1-based. */
  line: number;
  column: number;
  /** JSON path of the field, e.g. `scopes[0].write[2]`. */
  field: string;
  message: string;
}
