/**
 * The agents' own declared permissions, read as scopes:
 * - Claude Code `permissions.allow/deny/ask` (`.claude/settings.json`, `.claude/settings.local.json`,
 *   the user's `~/.claude/settings.json`), rules like `Bash(npm run test:*)`, `Read(./src/**)`, `Edit`,
 *   `WebFetch(domain:example.com)`, `mcp__github__*`; evaluated deny, then ask, then allow, as Claude Code does.
 * - Codex `turn_context` `sandbox_policy` (type, writable_roots, network_access) and `approval_policy`,
 *   which the Codex parser keeps in the session's meta.
 * - AEP `capability_decisions` (allow, deny, ask_user, dry_run), kept in the session's meta by the AEP parser.
 */
import { parseTree, type ParseError } from 'jsonc-parser';
import type { Session, ToolCall } from '../model';
import { compileCommandPattern, compileHostPattern, compilePathGlob, type PathContext } from './match';

// --- Claude Code settings ------------------------------------------------------------------------

export interface ClaudeRule {
  /** As written: `Bash(git status)`. */
  text: string;
  tool: string;
  specifier?: string;
  matches(call: ToolCall, facts: CallFacts, ctx: PathContext): boolean;
}

export interface ClaudeSettings {
  /** Where the rules came from (settings files), for messages. */
  sources: string[];
  /** The project the settings belong to; undefined for the user's own settings (every project). */
  project?: string;
  allow: ClaudeRule[];
  deny: ClaudeRule[];
  ask: ClaudeRule[];
  defaultMode?: string;
  /** Claude Code deletes transcripts older than this (days); default 30. */
  cleanupPeriodDays?: number;
  /** Rules that could not be read, with why. */
  problems: string[];
}

/** What a judged call did: the touches and destinations the engine worked out for it. */
export interface CallFacts {
  reads: string[];
  writes: string[];
  deletes: string[];
  /** Simple commands as argv words (shell calls). */
  commands: readonly (readonly string[])[];
  /** URLs and hosts the call reached. */
  destinations: string[];
  capabilities: string[];
  /** The shell command changes something (the analyser's shell-exec write). */
  mutates: boolean;
}

export const CLAUDE_CLEANUP_DEFAULT_DAYS = 30;

const READ_TOOLS = new Set(['Read', 'Glob', 'Grep', 'LS', 'NotebookRead']);
const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

/** Reads one settings file's text (JSON with comments allowed). Bad rules are listed, never thrown. */
export function parseClaudeSettings(text: string, source: string, project?: string): ClaudeSettings {
  const out: ClaudeSettings = { sources: [source], allow: [], deny: [], ask: [], problems: [], ...(project ? { project } : {}) };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  if (!tree || errors.length > 0 || tree.type !== 'object') {
    out.problems.push(`${source}: not a JSON object`);
    return out;
  }
  const doc = JSON.parse(JSON.stringify(nodeValue(tree))) as Record<string, unknown>;
  if (typeof doc.cleanupPeriodDays === 'number' && Number.isFinite(doc.cleanupPeriodDays)) out.cleanupPeriodDays = doc.cleanupPeriodDays;
  const perms = doc.permissions;
  if (perms === undefined) return out;
  if (typeof perms !== 'object' || perms === null || Array.isArray(perms)) {
    out.problems.push(`${source}: permissions is not an object`);
    return out;
  }
  const p = perms as Record<string, unknown>;
  if (typeof p.defaultMode === 'string') out.defaultMode = p.defaultMode;
  for (const list of ['allow', 'deny', 'ask'] as const) {
    const v = p[list];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      out.problems.push(`${source}: permissions.${list} is not a list`);
      continue;
    }
    for (const item of v) {
      if (typeof item !== 'string') {
        out.problems.push(`${source}: permissions.${list} holds a non-string rule`);
        continue;
      }
      const rule = compileClaudeRule(item);
      if (typeof rule === 'string') out.problems.push(`${source}: permissions.${list}: ${rule}`);
      else out[list].push(rule);
    }
  }
  return out;
}

/** jsonc-parser's getNodeValue without importing another symbol: plain values of a tree. */
function nodeValue(node: import('jsonc-parser').Node): unknown {
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) o[String(k.value)] = nodeValue(v);
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** Settings of several files together: project-local overrides project overrides user, rules add up. */
export function mergeClaudeSettings(list: readonly ClaudeSettings[]): ClaudeSettings | undefined {
  if (list.length === 0) return undefined;
  const out: ClaudeSettings = { sources: [], allow: [], deny: [], ask: [], problems: [] };
  for (const s of list) {
    out.sources.push(...s.sources);
    out.allow.push(...s.allow);
    out.deny.push(...s.deny);
    out.ask.push(...s.ask);
    out.problems.push(...s.problems);
    if (s.defaultMode) out.defaultMode = s.defaultMode;
    if (s.cleanupPeriodDays !== undefined) out.cleanupPeriodDays = s.cleanupPeriodDays;
    if (s.project) out.project = s.project;
  }
  return out;
}

/** Compiles `Tool` or `Tool(specifier)`; returns why when it cannot. */
export function compileClaudeRule(text: string): ClaudeRule | string {
  const m = /^\s*([A-Za-z_][\w-]*)(?:\((.*)\))?\s*$/s.exec(text);
  if (!m) return `'${text}' is not a rule (Tool or Tool(specifier))`;
  const tool = m[1];
  const spec = m[2]?.trim() || undefined;
  const base = { text, tool, ...(spec ? { specifier: spec } : {}) };
  try {
    if (tool.startsWith('mcp__')) {
      // `mcp__server` and `mcp__server__*` cover every tool of the server; `mcp__server__tool` one tool.
      const wholeServer = tool.endsWith('__*') || tool.split('__').length === 2;
      const prefix = `${tool.replace(/__\*$/, '')}__`;
      return { ...base, matches: (call) => call.tool === tool || (wholeServer && call.tool.startsWith(prefix)) };
    }
    if (tool === 'Bash') {
      if (!spec || spec === '*') return { ...base, matches: (call) => call.kind === 'shell' };
      const cmd = compileCommandPattern(spec);
      // A compound command is allowed only when each part is: the rule "matches" it only then.
      return { ...base, matches: (call, facts) => call.kind === 'shell' && facts.commands.length > 0 && facts.commands.every((argv) => cmd(argv)) };
    }
    if (tool === 'Read' || tool === 'Edit' || tool === 'Write') {
      const tools = tool === 'Read' ? READ_TOOLS : EDIT_TOOLS;
      if (!spec) return { ...base, matches: (call) => tools.has(call.tool) };
      const glob = compilePathGlob(claudePathGlob(spec));
      return {
        ...base,
        matches: (call, facts, ctx) => {
          if (!tools.has(call.tool)) return false;
          const paths = tool === 'Read' ? facts.reads : [...facts.writes, ...facts.deletes];
          return paths.some((p) => glob(p, ctx)) || (paths.length === 0 && call.args !== '' && glob(call.args, ctx));
        },
      };
    }
    if (tool === 'WebFetch') {
      if (!spec) return { ...base, matches: (call) => call.tool === 'WebFetch' };
      const domain = /^domain:(.+)$/.exec(spec);
      if (!domain) return `'${text}': WebFetch takes domain:<host>`;
      const host = compileHostPattern(domain[1]);
      return { ...base, matches: (call, facts) => call.tool === 'WebFetch' && facts.destinations.some(host) };
    }
    // Other tools (WebSearch, Task, Agent(Explore), Skill, ...): by name.
    return { ...base, matches: (call) => call.tool === tool || (tool === 'Task' && call.tool === 'Agent') || (tool === 'Agent' && call.tool === 'Task') };
  } catch (e) {
    return `'${text}': ${(e as Error).message}`;
  }
}

/**
 * Claude Code's path specifiers (gitignore style): `//abs` absolute, `~/x` home, `/x` from the project
 * root, `./x` or `x` from the working folder. We read `/x` and `x` both against the project.
 */
function claudePathGlob(spec: string): string {
  if (spec.startsWith('//')) return spec.slice(1);
  if (spec.startsWith('~/')) return spec;
  if (spec.startsWith('/')) return `.${spec}`;
  return spec;
}

/** Which of the settings' rules decide a call: deny first, then ask, then allow (Claude Code's order). */
export function claudeRuleFor(settings: ClaudeSettings, call: ToolCall, facts: CallFacts, ctx: PathContext): { list: 'deny' | 'ask' | 'allow'; rule: ClaudeRule } | undefined {
  for (const list of ['deny', 'ask', 'allow'] as const) {
    const rule = settings[list].find((r) => r.matches(call, facts, ctx));
    if (rule) return { list, rule };
  }
  return undefined;
}

// --- Codex sandbox -------------------------------------------------------------------------------

export interface CodexSandbox {
  /** Sandbox modes seen over the session (`read-only`, `workspace-write`, `danger-full-access`). */
  modes: string[];
  writableRoots: string[];
  /** Network allowed at any point of the session. */
  networkAccess?: boolean;
  approvalPolicies: string[];
}

/** The sandbox a Codex session ran under, from the turn_context facts its parser kept. */
export function codexSandbox(s: Pick<Session, 'agent' | 'meta'>): CodexSandbox | undefined {
  if (s.agent !== 'codex') return undefined;
  const list = (v: unknown): string[] =>
    typeof v === 'string' && v !== '' ? v.split(', ').filter((x) => x !== '' && !x.startsWith('[trimmed')) : [];
  const modes = list(s.meta.sandbox);
  const approvalPolicies = list(s.meta.approvalPolicy);
  if (modes.length === 0 && approvalPolicies.length === 0) return undefined;
  const out: CodexSandbox = { modes, writableRoots: list(s.meta.sandboxWritableRoots), approvalPolicies };
  if (typeof s.meta.sandboxNetworkAccess === 'boolean') out.networkAccess = s.meta.sandboxNetworkAccess;
  return out;
}

// --- AEP capability decisions --------------------------------------------------------------------

export interface AepDecision {
  capability: string;
  resource: string;
  decision: string;
  reason: string;
}

/** The run's capability decisions, as the AEP parser kept them. */
export function aepDecisions(s: Pick<Session, 'agent' | 'meta'>): AepDecision[] {
  if (s.agent !== 'aep' || typeof s.meta.capabilityDecisions !== 'string') return [];
  try {
    const raw = JSON.parse(s.meta.capabilityDecisions) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
      .map((d) => ({
        capability: String(d.capability ?? ''),
        resource: String(d.resource ?? ''),
        decision: String(d.decision ?? ''),
        reason: String(d.reason_code ?? ''),
      }));
  } catch {
    return [];
  }
}
