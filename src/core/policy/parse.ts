/**
 * Reads `.agent-audit/policy.json` (JSON with comments) into a Policy. Every problem names its line and
 * column, the field's path and why: unknown field, wrong type, bad glob, bad date, unknown capability.
 * A policy with errors is not used: half a policy would judge calls by rules nobody meant.
 */
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { CAPABILITIES } from '../capabilities';
import { AGENTS } from '../model';
import { compileCommandPattern, compileHostPattern, globProblem } from './match';
import type { Approval, Policy, PolicyError, Scope, ScopeSelector, Tier, TierRule } from './types';

export interface ParsedPolicy {
  policy?: Policy;
  errors: PolicyError[];
}

export interface ParsePolicyOptions {
  /** Capability ids defined by user rules: accepted beside the built-in ones. */
  extraCapabilities?: readonly string[];
}

type Path = (string | number)[];

class Reader {
  readonly errors: PolicyError[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(
    text: string,
    private readonly extraCaps: ReadonlySet<string>,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  error(node: Node | undefined, path: Path, message: string, offset?: number): void {
    const where = this.at(offset ?? node?.offset ?? 0);
    this.errors.push({ ...where, field: fieldName(path), message });
  }

  /** The object's properties; unknown keys are errors. */
  object(node: Node, path: Path, known: readonly string[]): Map<string, Node> {
    const out = new Map<string, Node>();
    if (node.type !== 'object') {
      this.error(node, path, `must be an object, not ${describe(node)}`);
      return out;
    }
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      if (!known.includes(key)) {
        const hint = closest(key, known);
        this.error(keyNode, [...path, key], `unknown field${hint ? ` (did you mean '${hint}'?)` : ''}; known fields: ${known.join(', ')}`);
        continue;
      }
      if (out.has(key)) this.error(keyNode, [...path, key], 'appears twice');
      out.set(key, valueNode);
    }
    return out;
  }

  string(node: Node | undefined, path: Path): string | undefined {
    if (!node) return undefined;
    if (node.type !== 'string') {
      this.error(node, path, `must be a string, not ${describe(node)}`);
      return undefined;
    }
    return node.value as string;
  }

  strings(node: Node | undefined, path: Path, check?: (s: string) => string | undefined): string[] | undefined {
    if (!node) return undefined;
    if (node.type !== 'array') {
      this.error(node, path, `must be a list of strings, not ${describe(node)}`);
      return undefined;
    }
    const out: string[] = [];
    (node.children ?? []).forEach((child, i) => {
      const s = this.string(child, [...path, i]);
      if (s === undefined) return;
      const problem = check?.(s);
      if (problem) this.error(child, [...path, i], problem);
      else out.push(s);
    });
    return out;
  }

  date(node: Node | undefined, path: Path): string | undefined {
    const s = this.string(node, path);
    if (s === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s) || Number.isNaN(Date.parse(s))) {
      this.error(node, path, `'${s}' is not a date: use ISO 8601, e.g. 2026-12-31 or 2026-12-31T18:00Z`);
      return undefined;
    }
    // A bare date is the whole day in UTC; a time without a zone is read as UTC too.
    return new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : /(?:Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`).toISOString();
  }

  capability(s: string): string | undefined {
    const problem = globProblem(s);
    if (problem) return `capability '${s}' ${problem}`;
    if (/[*?[{]/.test(s) || s.startsWith('mcp:') || s in CAPABILITIES || this.extraCaps.has(s)) return undefined;
    const hint = closest(s, Object.keys(CAPABILITIES));
    return `unknown capability '${s}'${hint ? ` (did you mean '${hint}'?)` : ''}; see docs/capability-rules.md`;
  }
}

export const POLICY_FIELDS = ['$schema', 'version', 'id', 'description', 'scopes', 'approvals'] as const;
export const SCOPE_FIELDS = [
  'id',
  'description',
  'match',
  'capabilities',
  'denyCapabilities',
  'read',
  'write',
  'delete',
  'commands',
  'denyCommands',
  'network',
  'validFrom',
  'validUntil',
  'tiers',
] as const;
export const MATCH_FIELDS = ['agents', 'projects', 'titles', 'runTypes'] as const;
export const TIER_FIELDS = ['tier', 'capabilities', 'commands', 'maxPerDay', 'requiresApproval'] as const;
export const APPROVAL_FIELDS = ['session', 'toolCall', 'by', 'at', 'note'] as const;

export function parsePolicy(text: string, source?: string, opts: ParsePolicyOptions = {}): ParsedPolicy {
  const r = new Reader(text, new Set(opts.extraCapabilities ?? []));
  if (text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() === '') {
    r.error(undefined, [], 'the file is empty: a policy is an object with "version": 1 and "scopes"');
    return { errors: r.errors };
  }
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  for (const e of syntax) r.error(undefined, [], `JSON syntax: ${syntaxMessage(printParseErrorCode(e.error))}`, e.offset);
  if (syntax.length > 0 || !root) return { errors: r.errors };

  const fields = r.object(root, [], POLICY_FIELDS);
  if (root.type !== 'object') return { errors: r.errors };
  const versionNode = fields.get('version');
  if (!versionNode) r.error(root, ['version'], 'is missing: write "version": 1');
  else if (versionNode.value !== 1) r.error(versionNode, ['version'], `must be 1 (the only version there is), not ${describe(versionNode)}`);
  const id = r.string(fields.get('id'), ['id']) ?? 'workspace';
  r.string(fields.get('description'), ['description']);
  r.string(fields.get('$schema'), ['$schema']);

  const scopes: Scope[] = [];
  const scopesNode = fields.get('scopes');
  if (!scopesNode) r.error(root, ['scopes'], 'is missing: a policy declares its scopes in a list');
  else if (scopesNode.type !== 'array') r.error(scopesNode, ['scopes'], `must be a list of scopes, not ${describe(scopesNode)}`);
  else {
    const seen = new Set<string>();
    (scopesNode.children ?? []).forEach((node, i) => {
      const scope = readScope(r, node, ['scopes', i]);
      if (!scope) return;
      if (seen.has(scope.id)) r.error(node, ['scopes', i, 'id'], `scope id '${scope.id}' is used twice`);
      seen.add(scope.id);
      scopes.push(scope);
    });
  }

  const approvals: Approval[] = [];
  const approvalsNode = fields.get('approvals');
  if (approvalsNode && approvalsNode.type !== 'array') r.error(approvalsNode, ['approvals'], `must be a list, not ${describe(approvalsNode)}`);
  else
    (approvalsNode?.children ?? []).forEach((node, i) => {
      const path: Path = ['approvals', i];
      const f = r.object(node, path, APPROVAL_FIELDS);
      const session = r.string(f.get('session'), [...path, 'session']);
      const by = r.string(f.get('by'), [...path, 'by']);
      if (node.type === 'object' && (!session || !by)) {
        r.error(node, path, 'an approval names the session and who approved ("session", "by")');
        return;
      }
      if (!session || !by) return;
      const a: Approval = { session, by };
      const call = r.string(f.get('toolCall'), [...path, 'toolCall']);
      if (call) a.toolCall = call;
      const at = r.date(f.get('at'), [...path, 'at']);
      if (at) a.at = at;
      const note = r.string(f.get('note'), [...path, 'note']);
      if (note) a.note = note;
      approvals.push(a);
    });

  if (r.errors.length > 0) return { errors: r.errors };
  return { policy: { id, version: 1, scopes, approvals, ...(source ? { source } : {}) }, errors: [] };
}

function readScope(r: Reader, node: Node, path: Path): Scope | undefined {
  const f = r.object(node, path, SCOPE_FIELDS);
  if (node.type !== 'object') return undefined;
  const id = r.string(f.get('id'), [...path, 'id']);
  if (id === undefined) {
    if (!f.has('id')) r.error(node, [...path, 'id'], 'is missing: every scope has an id (it names the scope in verdicts)');
    return undefined;
  }
  if (!/^[\w.:-]+$/.test(id)) r.error(f.get('id'), [...path, 'id'], `'${id}' may hold only letters, digits and . _ : -`);
  const scope: Scope = { id, match: {} };
  const description = r.string(f.get('description'), [...path, 'description']);
  if (description) scope.description = description;

  const matchNode = f.get('match');
  if (matchNode) scope.match = readSelector(r, matchNode, [...path, 'match']);

  const cap = (s: string) => r.capability(s);
  const pathGlob = (s: string) => (globProblem(s) ? `path glob '${s}' ${globProblem(s)}` : undefined);
  const command = (s: string) => compileProblem(() => compileCommandPattern(s), `command pattern '${s}'`);
  const host = (s: string) => compileProblem(() => compileHostPattern(s), `network destination '${s}'`) ?? (/\s/.test(s.trim()) ? `network destination '${s}' has a space` : undefined);

  const lists: [keyof Scope & string, (s: string) => string | undefined][] = [
    ['capabilities', cap],
    ['denyCapabilities', cap],
    ['read', pathGlob],
    ['write', pathGlob],
    ['delete', pathGlob],
    ['commands', command],
    ['denyCommands', command],
    ['network', host],
  ];
  for (const [key, check] of lists) {
    const v = r.strings(f.get(key), [...path, key], check);
    if (v) (scope as unknown as Record<string, string[]>)[key] = v;
  }
  const from = r.date(f.get('validFrom'), [...path, 'validFrom']);
  if (from) scope.validFrom = from;
  const until = r.date(f.get('validUntil'), [...path, 'validUntil']);
  if (until) scope.validUntil = until;
  if (from && until && from > until) r.error(f.get('validUntil'), [...path, 'validUntil'], 'ends before validFrom: the scope would never hold');

  const tiersNode = f.get('tiers');
  if (tiersNode && tiersNode.type !== 'array') r.error(tiersNode, [...path, 'tiers'], `must be a list of tier rules, not ${describe(tiersNode)}`);
  else if (tiersNode) {
    scope.tiers = [];
    (tiersNode.children ?? []).forEach((t, i) => {
      const rule = readTier(r, t, [...path, 'tiers', i], cap, command);
      if (rule) scope.tiers!.push(rule);
    });
  }
  return scope;
}

function readSelector(r: Reader, node: Node, path: Path): ScopeSelector {
  const f = r.object(node, path, MATCH_FIELDS);
  const sel: ScopeSelector = {};
  const agents = r.strings(f.get('agents'), [...path, 'agents'], (s) =>
    (AGENTS as readonly string[]).includes(s) ? undefined : `unknown agent '${s}'; agents: ${AGENTS.join(', ')}`,
  );
  if (agents) sel.agents = agents;
  const glob = (s: string) => (globProblem(s) ? `glob '${s}' ${globProblem(s)}` : undefined);
  const projects = r.strings(f.get('projects'), [...path, 'projects'], glob);
  if (projects) sel.projects = projects;
  const titles = r.strings(f.get('titles'), [...path, 'titles'], glob);
  if (titles) sel.titles = titles;
  const runTypes = r.strings(f.get('runTypes'), [...path, 'runTypes']);
  if (runTypes) sel.runTypes = runTypes;
  return sel;
}

function readTier(r: Reader, node: Node, path: Path, cap: (s: string) => string | undefined, command: (s: string) => string | undefined): TierRule | undefined {
  const f = r.object(node, path, TIER_FIELDS);
  if (node.type !== 'object') return undefined;
  const tierNode = f.get('tier');
  if (!tierNode || ![1, 2, 3].includes(tierNode.value as number) || tierNode.type !== 'number') {
    r.error(tierNode ?? node, [...path, 'tier'], tierNode ? `must be 1, 2 or 3, not ${describe(tierNode)}` : 'is missing: 1, 2 or 3');
    return undefined;
  }
  const rule: TierRule = { tier: tierNode.value as Tier };
  const caps = r.strings(f.get('capabilities'), [...path, 'capabilities'], cap);
  if (caps) rule.capabilities = caps;
  const commands = r.strings(f.get('commands'), [...path, 'commands'], command);
  if (commands) rule.commands = commands;
  if (!caps && !commands) r.error(node, path, 'a tier rule names the capabilities or commands it covers');
  const max = f.get('maxPerDay');
  if (max) {
    if (max.type !== 'number' || !Number.isInteger(max.value) || (max.value as number) < 0) r.error(max, [...path, 'maxPerDay'], `must be a whole number of calls, not ${describe(max)}`);
    else rule.maxPerDay = max.value as number;
  }
  const approval = f.get('requiresApproval');
  if (approval) {
    if (approval.type !== 'boolean') r.error(approval, [...path, 'requiresApproval'], `must be true or false, not ${describe(approval)}`);
    else rule.requiresApproval = approval.value as boolean;
  }
  if (rule.tier === 3 && rule.requiresApproval === undefined) rule.requiresApproval = true;
  if (rule.tier === 2 && rule.maxPerDay === undefined) r.error(node, [...path, 'maxPerDay'], 'is missing: a tier 2 rule limits calls per day');
  return rule;
}

function compileProblem(compile: () => unknown, what: string): string | undefined {
  try {
    compile();
    return undefined;
  } catch (e) {
    return `${what}: ${(e as Error).message}`;
  }
}

function fieldName(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out || '(file)';
}

function describe(node: Node): string {
  switch (node.type) {
    case 'string':
      return `the string ${JSON.stringify(node.value)}`;
    case 'number':
    case 'boolean':
      return `${node.type} ${String(node.value)}`;
    case 'null':
      return 'null';
    case 'array':
      return 'a list';
    default:
      return 'an object';
  }
}

function syntaxMessage(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The known word a typo most likely meant (edit distance at most 2). */
function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Formats errors the way compilers do: `file:line:column: field: why`. */
export function formatPolicyErrors(errors: readonly PolicyError[], source = 'policy.json'): string[] {
  return errors.map((e) => `${source}:${e.line}:${e.column}: ${e.field}: ${e.message}`);
}

