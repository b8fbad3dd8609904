/**
 * The normalized model every agent format is turned into.
 * Plain data only: it crosses worker threads, the webview boundary and the JSON report.
 */
import type { CallVerdict, SessionPolicy } from './policy/types';

export const AGENTS = [
  'claude-code',
  'codex',
  'gptme',
  'gemini-cli',
  'aep',
  'opencode',
  'cline',
  'pi',
  'aider',
  'openhands',
] as const;
export type Agent = (typeof AGENTS)[number];

export const TOOL_STATUSES = ['succeeded', 'failed', 'denied', 'interrupted', 'pending'] as const;
export type ToolStatus = (typeof TOOL_STATUSES)[number];

/** What a tool call does, whatever the agent calls it. */
export const TOOL_KINDS = ['read', 'write', 'edit', 'shell', 'web', 'search', 'spawn', 'mcp', 'plan', 'ask', 'other'] as const;
export type ToolKind = (typeof TOOL_KINDS)[number];

export const ACCESSES = ['read', 'write', 'create', 'delete', 'exec'] as const;
export type Access = (typeof ACCESSES)[number];

/**
 * How we know about a touch: `observed` from a structured tool input (Read's file_path),
 * `parsed` from a shell command or a patch, `inferred` from a bare path list (dirty_paths_sample).
 */
export type Evidence = 'observed' | 'parsed' | 'inferred';

export const OUTCOMES = ['productive', 'noop', 'failed', 'blocked', 'abandoned', 'in-progress'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const CATEGORIES = ['code', 'infrastructure', 'content', 'research', 'cleanup', 'conversation'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LineRange {
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

export interface Touch {
  /** Absolute when the log allows it (resolved against the call's or the session's cwd). */
  path: string;
  access: Access;
  evidence: Evidence;
  toolCallId?: string;
  /** For edits: where in the file, when the log says so. */
  lines?: LineRange;
}

/** Where in a log a record came from. `line` is 1-based. */
export interface SourcePos {
  file: string;
  line: number;
}

export interface ToolCall {
  id: string;
  /** The tool name exactly as the agent wrote it. */
  tool: string;
  kind: ToolKind;
  status: ToolStatus;
  startedAt?: string;
  endedAt?: string;
  /** One-line, human-readable summary of the arguments (the report's `args`). */
  args: string;
  /** The shell command text when the call runs one (analysed for capabilities). */
  command?: string;
  /** Working directory the command ran in, when the log says so. */
  cwd?: string;
  url?: string;
  query?: string;
  /** `mcp__github__create_issue` -> `github`. */
  mcpServer?: string;
  exitCode?: number;
  /** Short error or denial text, first line only. */
  error?: string;
  /**
   * The start of the call's result (at most OUTPUT_KEEP_CHARS), kept by the parser only so the secret
   * scan can see what the session read or printed. Never shown: finalize drops it from the Session.
   */
  output?: string;
  /** The agent's own words just before the call (trimmed): the "why". */
  why?: string;
  /** For spawn calls: the id of the subagent session, when the log links it. */
  childSessionId?: string;
  /** Capabilities the format itself can vouch for (AEP side_effect_class, web_search_call, ...). */
  capabilities?: string[];
  /** The tool name is not one this format knows: counted as unmapped. */
  unmapped?: boolean;
  source?: SourcePos;
  /** The user's latest request before the call (trimmed), when the log keeps it: the journal's context. */
  request?: string;
  /** Who approved the call when the log records an approval (a person, `user`). */
  approvedBy?: string;
  /** The policy verdict (src/core/policy): set when a session is audited. */
  verdict?: CallVerdict;
}

export const GAP_KINDS = [
  'malformed-line',
  'partial-line',
  'unknown-record',
  'unknown-tool',
  'missing-result',
  'guessed-timezone',
  'oversized-record',
  'unreadable',
  'unrecognized-file',
  'schema-drift',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

/** Something that could not be read or understood. Same kind + detail are merged and counted. */
export interface Gap {
  kind: GapKind;
  /** What exactly: the unknown record type, the tool name, the error. */
  detail: string;
  count: number;
  /** First place it was seen. */
  source?: string;
  line?: number;
}

export interface SourceRef {
  path: string;
  /** 1-based line range of this session's records in the file, when it is a line format. */
  firstLine?: number;
  lastLine?: number;
}

/** Facts about how the log ended, from which the outcome is worked out. */
export interface EndSignals {
  /** The user or the agent stopped the turn (Claude "[Request interrupted by user]", Codex turn_aborted). */
  interrupted?: boolean;
  /** The session ended on an API or runtime error. */
  error?: string;
  /** The outcome/category the log itself declares (gptme session records, AEP). */
  declaredOutcome?: string;
  declaredCategory?: string;
  /** The log says the session finished normally (a finish action, a result record). */
  completed?: boolean;
}

/** What a format parser produces: a session before project, capabilities and outcome are worked out. */
export interface SessionDraft {
  id: string;
  agent: Agent;
  /** Parent session for subagents. */
  parentId?: string;
  /** The parent's spawning tool call (Task/Agent, spawn_agent). */
  parentToolCallId?: string;
  /** Subagent type (Claude `.meta.json` agentType, Codex source.subagent). */
  agentType?: string;
  title?: string;
  models: string[];
  cwd?: string;
  startedAt?: string;
  endedAt?: string;
  sources: SourceRef[];
  toolCalls: ToolCall[];
  touches: Touch[];
  gaps: Gap[];
  end: EndSignals;
  /** A replay of another session's actions (Claude compaction summariser): shown, never counted. */
  replay?: boolean;
  /** Format-specific facts worth showing (cli version, git branch, sandbox policy, ...). */
  meta: Record<string, string | number | boolean>;
}

export interface CapabilityCount {
  reads: number;
  writes: number;
  /** Distinct tool calls behind the capability. */
  calls: number;
}

/** Where in a session a secret was seen. */
export type SecretField = 'command' | 'args' | 'output' | 'error' | 'why' | 'url' | 'query' | 'cwd' | 'path' | 'title' | 'meta' | 'end' | 'gap';

/** A secret the session read, printed or passed (found by secretlint's rules). Never holds the secret. */
export interface SecretFinding {
  /** The secretlint rule, e.g. `@secretlint/secretlint-rule-github`. */
  ruleId: string;
  /** What the rule found (its message id), e.g. `GITHUB_TOKEN`. */
  kind: string;
  /** The tool call whose input or result held it; absent for session text (title, meta, gaps). */
  callId?: string;
  field: SecretField;
  /** The log line of the call (or of the session's first record). */
  source?: SourcePos;
  /** A few characters around it, the secret masked. */
  preview: string;
}

/** A session with everything worked out. */
export interface Session extends SessionDraft {
  /** Secrets it exposed, when the audit scanned for them. Its texts then show them masked (unless revealed). */
  secretFindings?: SecretFinding[];
  /** The git root of the session's cwd (or the cwd when not in a repository). */
  project?: string;
  outcome: Outcome;
  category: Category;
  capabilities: Record<string, CapabilityCount>;
  /** Scopes, findings, risk level and permission journal (src/core/policy). */
  policy?: SessionPolicy;
  /** Its log was deleted (or rewritten without it) while being followed: what was read is kept. */
  sourceGone?: boolean;
}
