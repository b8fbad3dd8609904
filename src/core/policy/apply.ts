/**
 * Applies scopes to audited sessions: a verdict on every tool call, the session's findings, risk level
 * and permission journal. Workspace scopes (the policy file) judge first; the agents' own declared
 * permissions (Claude Code settings, Codex sandbox, AEP decisions) judge where no workspace scope applies,
 * and a Claude Code deny rule is broken whatever the workspace scope says.
 *
 * Usage: `applyPolicy(sessions, { policy, claude, home, classifier })` after auditDrafts(); it sets
 * `call.verdict` and `session.policy` in place. Tier limits count calls per agent, scope and day across
 * every session given, so pass all sessions of the period at once.
 */
import { clip } from '../clip';
import type { Classifier } from '../finalize';
import type { Session, ToolCall } from '../model';
import { DECIDER_LABELS, denialDecider } from './denials';
import type { PathContext } from './match';
import { aepDecisions, type CallFacts, claudeRuleFor, type ClaudeSettings, codexSandbox, mergeClaudeSettings } from './native';
import { type CompiledScope, type CompiledTier, compileScope, judgeByScope } from './scope';
import { sessionRisk } from './risk';
import type { CallVerdict, JournalEntry, JournalTrigger, Policy, PolicyFinding, SessionPolicy } from './types';
import { executedOutOfScope } from './verdicts';

export interface PolicyInputs {
  /** The workspace policy (parsed `.agent-audit/policy.json`). */
  policy?: Policy;
  /** Claude Code settings files read as scopes: user-level ones have no `project`. */
  claude?: readonly ClaudeSettings[];
  /** The user's home folder (`~/` globs). */
  home?: string;
  classifier: Pick<Classifier, 'analyzeCommand' | 'pathCapabilities'>;
}

const CLAUDE_POLICY = 'claude-code:settings';
const CODEX_POLICY = 'codex:sandbox';
const AEP_POLICY = 'aep:capability_decisions';

interface TierUse {
  session: Session;
  call: ToolCall;
  tier: CompiledTier;
  scope: CompiledScope;
}

export function applyPolicy(sessions: readonly Session[], inputs: PolicyInputs): void {
  const scopes = (inputs.policy?.scopes ?? []).map((s) => compileScope(s, inputs.policy!.id));
  const tierUses: TierUse[] = [];
  for (const session of sessions) {
    if (session.replay) continue;
    judgeSession(session, scopes, inputs, tierUses);
  }
  tierFindings(tierUses, inputs.policy);
  for (const session of sessions) if (session.policy) finishSession(session);
}

function judgeSession(session: Session, scopes: CompiledScope[], inputs: PolicyInputs, tierUses: TierUse[]): void {
  const selected = scopes.filter((s) => s.selects(session));
  const claude = session.agent === 'claude-code' ? claudeSettingsFor(session, inputs.claude ?? []) : undefined;
  const sandbox = codexSandbox(session);
  const decisions = aepDecisions(session);
  const scopeIds = selected.map((s) => s.policyId);
  if (claude) scopeIds.push(CLAUDE_POLICY);
  if (sandbox) scopeIds.push(CODEX_POLICY);
  if (decisions.length) scopeIds.push(AEP_POLICY);

  const ctx: PathContext = { ...(session.project ?? session.cwd ? { root: session.project ?? session.cwd } : {}), ...(inputs.home ? { home: inputs.home } : {}) };
  const touchesByCall = new Map<string, Session['touches']>();
  for (const t of session.touches) {
    if (t.toolCallId === undefined) continue;
    const list = touchesByCall.get(t.toolCallId) ?? [];
    list.push(t);
    touchesByCall.set(t.toolCallId, list);
  }
  const findings: PolicyFinding[] = [];
  const expired = new Set<string>();

  for (const call of session.toolCalls) {
    const facts = callFacts(call, touchesByCall.get(call.id) ?? [], inputs.classifier);
    const executed = call.status === 'succeeded' || call.status === 'failed' || call.status === 'interrupted';
    const at = call.startedAt ?? session.startedAt;
    let verdict: CallVerdict;

    if (call.status === 'denied') {
      const decidedBy = denialDecider(call, session.agent);
      verdict = { verdict: 'denied', decidedBy, executed: false, reason: call.error ?? `denied by ${DECIDER_LABELS[decidedBy]}` };
      const native = claude ? claudeRuleFor(claude, call, facts, ctx) : undefined;
      if (native?.list === 'deny') {
        verdict.policyId = CLAUDE_POLICY;
        verdict.ruleId = `deny:${native.rule.text}`;
      } else if (session.agent === 'aep') verdict.policyId = AEP_POLICY;
      else if (decidedBy === 'sandbox' && sandbox) verdict.policyId = CODEX_POLICY;
    } else if (selected.length > 0) {
      verdict = judgeWorkspace(selected, call, facts, ctx, at, executed, tierUses, session);
      if (verdict.verdict === 'out-of-scope' && (verdict.ruleId === 'validUntil' || verdict.ruleId === 'validFrom') && verdict.policyId && !expired.has(verdict.policyId)) {
        expired.add(verdict.policyId);
        findings.push({ kind: 'scope-expired', message: verdict.reason ?? 'scope expired', policyId: verdict.policyId, ruleId: verdict.ruleId, toolCallId: call.id, ...(at ? { at } : {}) });
      }
    } else if (claude) verdict = judgeClaude(claude, call, facts, ctx, executed);
    else if (sandbox) verdict = judgeCodex(sandbox, call, facts, session, executed);
    else if (decisions.length) verdict = judgeAep(decisions, call, executed);
    else verdict = { verdict: 'no-scope', executed, reason: 'no scope applies to this session' };

    // A Claude Code deny rule holds whatever the workspace scope grants.
    if (claude && verdict.verdict === 'in-scope' && selected.length > 0) {
      const native = claudeRuleFor(claude, call, facts, ctx);
      if (native?.list === 'deny') verdict = { verdict: 'out-of-scope', policyId: CLAUDE_POLICY, ruleId: `deny:${native.rule.text}`, reason: `ran although Claude Code's settings deny ${native.rule.text}`, executed };
      else if (native?.list === 'ask' && executed) call.approvedBy ??= 'user';
    }
    call.verdict = inKeyOrder(verdict);
    if (executedOutOfScope(call)) findings.push(outOfScopeFinding(call, verdict, touchesByCall.get(call.id) ?? [], facts));
  }

  session.policy = { scopes: scopeIds, findings, risk: { level: 'low', reasons: ['read-only'] }, journal: [], counts: {}, executedOutOfScope: 0 };
}

/**
 * The verdict with its keys in the order the JSON report writes them: every call holds one, and
 * one out of order makes the report copy the call, its session and all its calls to sort them.
 */
function inKeyOrder(v: CallVerdict): CallVerdict {
  const out: Partial<CallVerdict> = {};
  if (v.decidedBy !== undefined) out.decidedBy = v.decidedBy;
  out.executed = v.executed;
  if (v.policyId !== undefined) out.policyId = v.policyId;
  if (v.reason !== undefined) out.reason = v.reason;
  if (v.ruleId !== undefined) out.ruleId = v.ruleId;
  if (v.tier !== undefined) out.tier = v.tier;
  out.verdict = v.verdict;
  return out as CallVerdict;
}

function judgeWorkspace(
  selected: CompiledScope[],
  call: ToolCall,
  facts: CallFacts,
  ctx: PathContext,
  at: string | undefined,
  executed: boolean,
  tierUses: TierUse[],
  session: Session,
): CallVerdict {
  let firstBreak: { scope: CompiledScope; ruleId: string; reason: string } | undefined;
  for (const scope of selected) {
    const j = judgeByScope(scope, call, facts, ctx, at);
    if (j.ok) {
      if (j.tierRule && executed) tierUses.push({ session, call, tier: j.tierRule, scope });
      return { verdict: 'in-scope', policyId: scope.policyId, ruleId: j.ruleId, reason: j.reason, executed, ...(j.tier ? { tier: j.tier } : {}) };
    }
    // Prefer a rule break over a time-box break: it says more about the call itself.
    if (!firstBreak || (!j.timeBox && (firstBreak.ruleId === 'validUntil' || firstBreak.ruleId === 'validFrom'))) firstBreak = { scope, ruleId: j.ruleId, reason: j.reason };
  }
  const b = firstBreak!;
  return { verdict: 'out-of-scope', policyId: b.scope.policyId, ruleId: b.ruleId, reason: b.reason, executed };
}

function judgeClaude(settings: ClaudeSettings, call: ToolCall, facts: CallFacts, ctx: PathContext, executed: boolean): CallVerdict {
  const hit = claudeRuleFor(settings, call, facts, ctx);
  if (!hit) {
    const mode = settings.defaultMode ?? 'default';
    return { verdict: 'in-scope', policyId: CLAUDE_POLICY, ruleId: `mode:${mode}`, reason: `no permission rule covers it: Claude Code's ${mode} mode decided`, executed };
  }
  if (hit.list === 'deny') return { verdict: 'out-of-scope', policyId: CLAUDE_POLICY, ruleId: `deny:${hit.rule.text}`, reason: `ran although the settings deny ${hit.rule.text}`, executed };
  if (hit.list === 'ask' && executed) call.approvedBy ??= 'user';
  return { verdict: 'in-scope', policyId: CLAUDE_POLICY, ruleId: `${hit.list}:${hit.rule.text}`, reason: hit.list === 'ask' ? `the settings ask before ${hit.rule.text}; the user let it run` : `allowed by ${hit.rule.text}`, executed };
}

function judgeCodex(sandbox: NonNullable<ReturnType<typeof codexSandbox>>, call: ToolCall, facts: CallFacts, session: Session, executed: boolean): CallVerdict {
  const base = { policyId: CODEX_POLICY, executed };
  if (sandbox.modes.includes('danger-full-access')) return { ...base, verdict: 'in-scope', ruleId: 'sandbox:danger-full-access', reason: 'ran without a sandbox (danger-full-access)' };
  const approval = sandbox.approvalPolicies.find((p) => p !== 'never');
  const outside = (ruleId: string, what: string): CallVerdict => {
    if (approval && executed) {
      // Outside the sandbox a command runs only after the user approves the escalation.
      call.approvedBy ??= 'user';
      return { ...base, verdict: 'in-scope', ruleId: `approval:${approval}`, reason: `${what}: outside the sandbox, allowed by approval (approval_policy ${approval})` };
    }
    return { ...base, verdict: 'out-of-scope', ruleId, reason: `${what}, which the sandbox does not allow (approval_policy ${sandbox.approvalPolicies.join(', ') || 'unknown'})` };
  };
  const changes = [...facts.writes, ...facts.deletes];
  if (changes.length > 0 && sandbox.modes.length > 0 && sandbox.modes.every((m) => m === 'read-only')) return outside('sandbox:read-only', `changed ${changes[0]}`);
  if (sandbox.modes.includes('workspace-write')) {
    const roots = [session.cwd, ...(call.cwd ? [call.cwd] : []), ...sandbox.writableRoots, '/tmp'].filter((r): r is string => !!r).map((r) => r.replace(/\/+$/, ''));
    const escaped = changes.find((p) => !roots.some((r) => p === r || p.startsWith(`${r}/`)));
    if (escaped) return outside('sandbox:writable_roots', `wrote ${escaped} outside the writable roots`);
  }
  if (sandbox.networkAccess === false && (facts.destinations.length > 0 || facts.capabilities.includes('net-egress'))) {
    return outside('sandbox:network_access', `reached ${facts.destinations[0] ?? 'the network'} with network access off`);
  }
  return { ...base, verdict: 'in-scope', ruleId: `sandbox:${sandbox.modes[0] ?? 'default'}`, reason: `inside the ${sandbox.modes.join(', ') || 'declared'} sandbox` };
}

function judgeAep(decisions: ReturnType<typeof aepDecisions>, call: ToolCall, executed: boolean): CallVerdict {
  const dec = decisions.find((d) => d.resource !== '' && d.resource === call.args) ?? decisions.find((d) => d.capability === call.tool);
  if (!dec) return { verdict: 'no-scope', executed, reason: 'no capability decision covers this action' };
  if (dec.decision === 'deny') return { verdict: 'out-of-scope', policyId: AEP_POLICY, ruleId: `deny:${dec.capability}`, reason: `ran although the run's policy denied ${dec.capability} ${dec.resource}`.trim(), executed };
  if (dec.decision === 'ask_user' && executed) call.approvedBy ??= 'user';
  return { verdict: 'in-scope', policyId: AEP_POLICY, ruleId: `${dec.decision}:${dec.capability}`, reason: `${dec.decision} ${dec.capability}${dec.reason ? ` (${dec.reason})` : ''}`, executed };
}

function claudeSettingsFor(session: Session, all: readonly ClaudeSettings[]): ClaudeSettings | undefined {
  const where = (session.cwd ?? session.project ?? '').replace(/\/+$/, '');
  const applicable = all.filter((s) => {
    if (!s.project) return true;
    const p = s.project.replace(/\/+$/, '');
    return where === p || where.startsWith(`${p}/`) || session.project === s.project;
  });
  // User settings first, then project ones: later ones win where a single value is set.
  applicable.sort((a, b) => Number(!!a.project) - Number(!!b.project));
  const merged = mergeClaudeSettings(applicable);
  return merged && (merged.allow.length + merged.deny.length + merged.ask.length > 0 || merged.defaultMode) ? merged : undefined;
}

/** What a call read, wrote, deleted, ran and reached, from its touches and its command. */
export function callFacts(call: ToolCall, touches: Session['touches'], classifier: PolicyInputs['classifier']): CallFacts {
  const facts: CallFacts = { reads: [], writes: [], deletes: [], commands: [], destinations: [], capabilities: [...(call.capabilities ?? [])], mutates: false };
  for (const t of touches) {
    if (t.access === 'read' || t.access === 'exec') facts.reads.push(t.path);
    else if (t.access === 'delete') facts.deletes.push(t.path);
    else facts.writes.push(t.path);
    for (const id of classifier.pathCapabilities(t.path)) if (!facts.capabilities.includes(id)) facts.capabilities.push(id);
  }
  if (call.url) facts.destinations.push(call.url);
  if (call.kind === 'shell' && call.command) {
    const analysis = classifier.analyzeCommand(call.command);
    facts.commands = analysis.commands ?? [];
    facts.mutates = analysis.capabilities.some((c) => c.id === 'shell-exec' && c.access === 'write');
    for (const u of analysis.urls ?? []) if (!facts.destinations.includes(u)) facts.destinations.push(u);
    if (call.status === 'denied') {
      // A denied call touched nothing, but what it would have touched still says what it tried.
      for (const t of analysis.touches) (t.access === 'read' || t.access === 'exec' ? facts.reads : t.access === 'delete' ? facts.deletes : facts.writes).push(t.path);
      for (const c of analysis.capabilities) if (!facts.capabilities.includes(c.id)) facts.capabilities.push(c.id);
    }
  }
  facts.capabilities.sort();
  return facts;
}

function outOfScopeFinding(call: ToolCall, v: CallVerdict, touches: Session['touches'], facts: CallFacts): PolicyFinding {
  const touched = touches.find((t) => t.access !== 'read' && t.access !== 'exec') ?? touches[0];
  const f: PolicyFinding = {
    kind: 'executed-out-of-scope',
    message: `${call.tool} ${call.args}`.trim().slice(0, 160) + ` — ${v.reason ?? 'out of scope'}`,
    toolCallId: call.id,
    ...(v.policyId ? { policyId: v.policyId } : {}),
    ...(v.ruleId ? { ruleId: v.ruleId } : {}),
    ...(call.startedAt ? { at: call.startedAt } : {}),
  };
  const path = touched?.path ?? facts.writes[0] ?? facts.deletes[0];
  if (path) f.path = path;
  if (touched?.lines) f.line = touched.lines.start;
  return f;
}

/** Tier 2 per-day limits and tier 3 approvals, across every session given. */
function tierFindings(uses: TierUse[], policy: Policy | undefined): void {
  const perDay = new Map<string, number>();
  const ordered = [...uses].sort((a, b) => (a.call.startedAt ?? a.session.startedAt ?? '').localeCompare(b.call.startedAt ?? b.session.startedAt ?? ''));
  for (const u of ordered) {
    const rule = u.tier.rule;
    const day = (u.call.startedAt ?? u.session.startedAt ?? '').slice(0, 10) || 'unknown day';
    const label = `tier ${rule.tier} rule ${u.tier.index} of ${u.scope.policyId}`;
    const findings = u.session.policy!.findings;
    if (rule.maxPerDay !== undefined) {
      const key = `${u.session.agent}\0${u.scope.policyId}\0${u.tier.index}\0${day}`;
      const n = (perDay.get(key) ?? 0) + 1;
      perDay.set(key, n);
      if (n > rule.maxPerDay) {
        findings.push({
          kind: 'tier-limit-exceeded',
          message: `call ${n} of ${u.session.agent} on ${day} under ${label}: the limit is ${rule.maxPerDay} a day`,
          toolCallId: u.call.id,
          policyId: u.scope.policyId,
          ruleId: `tiers[${u.tier.index}].maxPerDay`,
          ...(u.call.startedAt ? { at: u.call.startedAt } : {}),
        });
      }
    }
    if (rule.requiresApproval && !approved(u, policy)) {
      findings.push({
        kind: 'approval-missing',
        message: `${u.call.tool} ${u.call.args}`.trim().slice(0, 120) + ` needs a recorded human approval (${label})`,
        toolCallId: u.call.id,
        policyId: u.scope.policyId,
        ruleId: `tiers[${u.tier.index}].requiresApproval`,
        ...(u.call.startedAt ? { at: u.call.startedAt } : {}),
      });
    }
  }
}

function approved(u: TierUse, policy: Policy | undefined): boolean {
  if (u.call.approvedBy) return true;
  return (policy?.approvals ?? []).some((a) => a.session === u.session.id && (a.toolCall === undefined || a.toolCall === u.call.id));
}

const FINDING_ORDER = { 'executed-out-of-scope': 0, 'approval-missing': 1, 'tier-limit-exceeded': 2, 'scope-expired': 3 } as const;

function finishSession(session: Session): void {
  const p: SessionPolicy = session.policy!;
  p.findings.sort((a, b) => FINDING_ORDER[a.kind] - FINDING_ORDER[b.kind]);
  for (const call of session.toolCalls) {
    const v = call.verdict;
    if (!v) continue;
    p.counts[v.verdict] = (p.counts[v.verdict] ?? 0) + 1;
    if (executedOutOfScope(call)) p.executedOutOfScope++;
  }
  p.journal = journalOf(session);
  p.risk = sessionRisk(session);
}

/** The permission journal of a judged session (its calls carry their verdicts). */
export function journalOf(session: Session): JournalEntry[] {
  const byCall = new Map<string, Set<JournalTrigger>>();
  const add = (id: string | undefined, t: JournalTrigger): void => {
    if (id === undefined) return;
    const set = byCall.get(id) ?? new Set();
    set.add(t);
    byCall.set(id, set);
  };
  for (const t of session.touches) {
    if (t.access === 'write' || t.access === 'create') add(t.toolCallId, 'write');
    else if (t.access === 'delete') add(t.toolCallId, 'delete');
  }
  const entries: JournalEntry[] = [];
  // Many calls share one request and one rationale: one string each, not one per entry.
  const requests = new Map<string, string>();
  const rationales = new Map<string, string>();
  for (const call of session.toolCalls) {
    const caps = call.capabilities ?? [];
    if (call.kind === 'shell') add(call.id, 'shell');
    if (call.url || caps.includes('net-egress')) add(call.id, 'network');
    if (caps.includes('privileged')) add(call.id, 'privileged');
    if (caps.includes('secrets-access') || caps.includes('password-manager')) add(call.id, 'secrets');
    if (call.status === 'denied') add(call.id, 'denied');
    if (call.verdict?.verdict === 'out-of-scope') add(call.id, 'out-of-scope');
    if (call.kind === 'write' || call.kind === 'edit') add(call.id, 'write');
    const triggers = byCall.get(call.id);
    if (!triggers || !call.verdict) continue;
    const v = call.verdict;
    const decidedBy = v.verdict === 'denied' ? DECIDER_LABELS[v.decidedBy ?? 'unknown'] : v.policyId ?? 'no scope';
    const request = call.request ?? session.title;
    // Keys set in the order the JSON report writes them, so that it need not copy the entry to sort it.
    const entry: Partial<JournalEntry> = {};
    if (call.why) entry.agentSaid = excerpt(call.why);
    entry.args = call.args;
    if (call.startedAt) entry.at = call.startedAt;
    entry.decidedBy = decidedBy;
    entry.decision = v.verdict;
    entry.executed = v.executed;
    entry.rationale = memo(rationales, `${v.verdict}\u0000${v.ruleId ?? ''}\u0000${v.reason ?? ''}`, () => [v.ruleId, v.reason].filter(Boolean).join(': ') || v.verdict);
    if (request) entry.request = memo(requests, request, () => excerpt(request));
    entry.tool = call.tool;
    entry.toolCallId = call.id;
    entry.triggers = [...triggers];
    entries.push(entry as JournalEntry);
  }
  return entries;
}

function memo(known: Map<string, string>, key: string, make: () => string): string {
  let text = known.get(key);
  if (text === undefined) known.set(key, (text = make()));
  return text;
}

/** The journal quotes the request and the agent's words shorter than the parsers keep them. */
function excerpt(text: string): string {
  return clip(text, 240);
}
