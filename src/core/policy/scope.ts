/**
 * One workspace scope, compiled, and its judgement of one call: granted (by which rule, at which tier)
 * or broken (which rule, why). Reads and writes are judged apart; anything that writes, deletes or moves
 * data, and any network destination, is refused unless the scope grants it.
 */
import picomatch from 'picomatch';
import { capabilityInfo, CAPABILITIES } from '../capabilities';
import type { Session, ToolCall } from '../model';
import { compileCommandPattern, compileHostPattern, compileIdGlob, compilePathGlob, type CommandMatcher, type HostMatcher, type IdMatcher, type PathContext, type PathMatcher } from './match';
import type { CallFacts } from './native';
import type { Scope, Tier, TierRule } from './types';

interface Named<T> {
  text: string;
  index: number;
  test: T;
}

export interface CompiledTier {
  rule: TierRule;
  index: number;
  capabilities: IdMatcher[];
  commands: CommandMatcher[];
}

export interface CompiledScope {
  scope: Scope;
  /** `<policy id>/<scope id>`: the verdict's policy id. */
  policyId: string;
  selects(session: Session): boolean;
  capabilities?: Named<IdMatcher>[];
  /** The capability list names a file-kind id: then file kinds are governed too. */
  governsFileKinds: boolean;
  denyCapabilities: Named<IdMatcher>[];
  read?: Named<PathMatcher>[];
  write: Named<PathMatcher>[];
  delete: Named<PathMatcher>[];
  commands?: Named<CommandMatcher>[];
  denyCommands: Named<CommandMatcher>[];
  network?: Named<HostMatcher>[];
  tiers: CompiledTier[];
}

export type ScopeJudgement =
  | { ok: true; ruleId: string; reason: string; tier?: Tier; tierRule?: CompiledTier }
  | { ok: false; ruleId: string; reason: string; timeBox?: boolean };

function named<T>(list: readonly string[] | undefined, compile: (s: string) => T): Named<T>[] | undefined {
  return list?.map((text, index) => ({ text, index, test: compile(text) }));
}

const FILE_KIND_IDS = Object.keys(CAPABILITIES).filter((id) => CAPABILITIES[id].group === 'files');

export function compileScope(scope: Scope, policyId: string): CompiledScope {
  const sel = scope.match;
  const agents = sel.agents;
  const projects = sel.projects?.map((g) => picomatch(g.replace(/\\/g, '/'), { dot: true }));
  const titles = sel.titles?.map((g) => picomatch(g, { dot: true, nocase: true }));
  const runTypes = sel.runTypes;
  const capabilities = named(scope.capabilities, compileIdGlob);
  return {
    scope,
    policyId: `${policyId}/${scope.id}`,
    selects(s) {
      if (agents && !agents.includes(s.agent)) return false;
      if (projects) {
        const where = [s.project, s.cwd].filter((x): x is string => !!x).map((p) => p.replace(/\\/g, '/').replace(/\/+$/, ''));
        if (!where.some((p) => projects.some((m) => m(p)))) return false;
      }
      if (titles && !(s.title !== undefined && titles.some((m) => m(s.title!)))) return false;
      if (runTypes) {
        const types = s.parentId ? ['subagent', ...(s.agentType ? [s.agentType] : [])] : ['main'];
        if (!runTypes.some((t) => types.some((x) => x.toLowerCase() === t.toLowerCase()))) return false;
      }
      return true;
    },
    ...(capabilities ? { capabilities } : {}),
    governsFileKinds: (capabilities ?? []).some((c) => FILE_KIND_IDS.some((id) => c.test(id))),
    denyCapabilities: named(scope.denyCapabilities, compileIdGlob) ?? [],
    ...(scope.read ? { read: named(scope.read, compilePathGlob) } : {}),
    write: named(scope.write, compilePathGlob) ?? [],
    delete: named(scope.delete, compilePathGlob) ?? [],
    ...(scope.commands ? { commands: named(scope.commands, compileCommandPattern) } : {}),
    denyCommands: named(scope.denyCommands, compileCommandPattern) ?? [],
    ...(scope.network ? { network: named(scope.network, compileHostPattern) } : {}),
    tiers: (scope.tiers ?? []).map((rule, index) => ({
      rule,
      index,
      capabilities: (rule.capabilities ?? []).map(compileIdGlob),
      commands: (rule.commands ?? []).map(compileCommandPattern),
    })),
  };
}

/** Judges one call against one scope. `at` is when the call happened (for the time box). */
export function judgeByScope(s: CompiledScope, call: ToolCall, facts: CallFacts, ctx: PathContext, at: string | undefined): ScopeJudgement {
  const { scope } = s;
  if (at && scope.validFrom && at < scope.validFrom) {
    return { ok: false, ruleId: 'validFrom', reason: `scope ${scope.id} starts at ${scope.validFrom}`, timeBox: true };
  }
  if (at && scope.validUntil && at > scope.validUntil) {
    return { ok: false, ruleId: 'validUntil', reason: `scope ${scope.id} expired at ${scope.validUntil}`, timeBox: true };
  }

  for (const cap of facts.capabilities) {
    const deny = s.denyCapabilities.find((d) => d.test(cap));
    if (deny) return { ok: false, ruleId: `denyCapabilities[${deny.index}]`, reason: `capability ${cap} is refused by '${deny.text}'` };
  }
  const granted = (cap: string): boolean => s.capabilities?.some((c) => c.test(cap)) ?? false;
  if (s.capabilities) {
    for (const cap of facts.capabilities) {
      const governed = capabilityInfo(cap).group === 'actions' || s.governsFileKinds;
      if (governed && !granted(cap)) return { ok: false, ruleId: 'capabilities', reason: `capability ${cap} is not granted` };
    }
  }

  let grant: string | undefined;
  if (call.kind === 'shell' && facts.commands.length > 0) {
    for (const argv of facts.commands) {
      const deny = s.denyCommands.find((d) => d.test(argv));
      if (deny) return { ok: false, ruleId: `denyCommands[${deny.index}]`, reason: `\`${argv.join(' ')}\` is refused by '${deny.text}'` };
    }
    if (s.commands) {
      for (const argv of facts.commands) {
        const allow = s.commands.find((c) => c.test(argv));
        if (!allow) return { ok: false, ruleId: 'commands', reason: `\`${clipWords(argv)}\` matches no allowed command pattern` };
        grant ??= `commands[${allow.index}]`;
      }
    }
  }
  // A command that changes things we cannot name still writes: it needs a command or capability grant.
  if (call.kind === 'shell' && facts.mutates && !grant && !granted('shell-exec')) {
    const unexplained = facts.writes.length === 0 && facts.deletes.length === 0;
    if (unexplained) return { ok: false, ruleId: 'default-deny-write', reason: 'the command changes things and the scope grants neither the command nor shell-exec' };
  }

  if (s.read) {
    for (const p of facts.reads) {
      const allow = s.read.find((g) => g.test(p, ctx));
      if (!allow) return { ok: false, ruleId: 'read', reason: `read of ${p} is outside the read globs` };
      grant ??= `read[${allow.index}]`;
    }
  }
  for (const p of facts.writes) {
    const allow = s.write.find((g) => g.test(p, ctx));
    if (!allow) {
      return scope.write
        ? { ok: false, ruleId: 'write', reason: `write to ${p} is outside the write globs` }
        : { ok: false, ruleId: 'default-deny-write', reason: `write to ${p}: the scope grants no writes` };
    }
    grant ??= `write[${allow.index}]`;
  }
  for (const p of facts.deletes) {
    const allow = s.delete.find((g) => g.test(p, ctx));
    if (!allow) {
      return scope.delete
        ? { ok: false, ruleId: 'delete', reason: `delete of ${p} is outside the delete globs` }
        : { ok: false, ruleId: 'default-deny-delete', reason: `delete of ${p}: the scope grants no deletes or moves` };
    }
    grant ??= `delete[${allow.index}]`;
  }

  const anyNetwork = granted('net-egress') && !s.network;
  const wildcard = s.network?.some((n) => n.text.trim() === '*') ?? false;
  for (const dest of facts.destinations) {
    if (anyNetwork || wildcard) continue;
    const allow = s.network?.find((n) => n.test(dest));
    if (!allow) {
      return s.network
        ? { ok: false, ruleId: 'network', reason: `${dest} is not an allowed network destination` }
        : { ok: false, ruleId: 'default-deny-network', reason: `${dest}: the scope allows no network destinations` };
    }
    grant ??= `network[${allow.index}]`;
  }
  if (facts.destinations.length === 0 && facts.capabilities.includes('net-egress') && !anyNetwork && !wildcard && !granted('net-egress')) {
    return { ok: false, ruleId: 'default-deny-network', reason: 'reached the network (destination not named in the log) and the scope does not grant net-egress' };
  }

  const tier = tierOf(s, facts);
  const ruleId = grant ?? (s.capabilities ? 'capabilities' : 'scope');
  return { ok: true, ruleId, reason: `granted by ${ruleId} of scope ${scope.id}`, ...(tier ? { tier: tier.rule.tier, tierRule: tier } : {}) };
}

/** The highest tier whose capabilities or commands cover the call. */
function tierOf(s: CompiledScope, facts: CallFacts): CompiledTier | undefined {
  let best: CompiledTier | undefined;
  for (const t of s.tiers) {
    const hit = facts.capabilities.some((c) => t.capabilities.some((m) => m(c))) || facts.commands.some((argv) => t.commands.some((m) => m(argv)));
    if (hit && (!best || t.rule.tier > best.rule.tier)) best = t;
  }
  return best;
}

function clipWords(argv: readonly string[]): string {
  const text = argv.join(' ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
