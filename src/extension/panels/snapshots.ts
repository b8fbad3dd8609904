/**
 * Builds the panels' snapshots from audited sessions. The host computes everything here; the
 * webview only draws. No `vscode` in this module. Every string from a log is sent as inert text
 * (see core/inertText): the page escapes markup, this takes away escape sequences and bidi
 * controls. Paths keep their identity through `rawPath`, which maps a shown path back.
 */
import { buildReport } from '../../core/aggregate';
import { capabilityInfo } from '../../core/capabilities';
import type { Classifier } from '../../core/finalize';
import { inertText } from '../../core/inertText';
import type { Access, Evidence, Gap, LineRange, Session, ToolCall } from '../../core/model';
import type { JournalEntry } from '../../core/policy/types';
import { shortRuleId } from '../../core/secrets/mask';
import { agentLabel } from '../../protocol/labels';
import {
  type CapabilityView,
  type FileView,
  OUT_OF_SCOPE_SHOWN,
  type OutOfScopeCallView,
  type OverviewSnapshot,
  type SecretFindingView,
  type SessionPolicyView,
  type SessionRowsPage,
  type SessionSnapshot,
  type SessionView,
  type ToolCallView,
  type VerdictView,
} from '../../protocol/state';
import { allOutOfScopeCalls, outOfScopeCalls } from '../policy/outOfScope';

const WRITE_ACCESS: ReadonlySet<Access> = new Set(['write', 'create', 'delete']);
const EVIDENCE_RANK: Record<Evidence, number> = { observed: 3, parsed: 2, inferred: 1 };

/** An absolute path on this machine: not a URI, not relative, not a network share (`//host/x`). */
export function isAbsoluteLocalPath(p: string): boolean {
  return (p.startsWith('/') && !p.startsWith('//')) || /^[A-Za-z]:[\\/]/.test(p);
}

/** Capabilities a call exercised: what its kind implies, what it vouches for, its command and its touches. */
function callCapabilities(call: ToolCall, touchCaps: ReadonlySet<string> | undefined, classifier: Classifier): string[] {
  const ids = new Set<string>(touchCaps ?? []);
  for (const id of call.capabilities ?? []) ids.add(id);
  if (call.status !== 'denied') {
    if (call.kind === 'shell' && call.command) {
      ids.add('shell-exec');
      try {
        for (const c of classifier.analyzeCommand(call.command).capabilities) ids.add(c.id);
      } catch {
        // A command the analyser cannot read still shows as a shell call.
      }
    }
    if (call.kind === 'web') ids.add('net-egress');
    if (call.kind === 'spawn') ids.add('subagent-spawn');
    if (call.kind === 'mcp' && call.mcpServer) ids.add(`mcp:${call.mcpServer}`);
  }
  return [...ids].sort();
}

function relativeTo(p: string, base: string | undefined): string {
  if (!base) return p;
  const b = base.replace(/[\\/]+$/, '');
  return p.startsWith(`${b}/`) || p.startsWith(`${b}\\`) ? p.slice(b.length + 1) : p;
}

export function sessionView(s: Session, classifier: Classifier): SessionView {
  const base = s.project ?? s.cwd;
  const files = new Map<string, FileView & { rank: number }>();
  const touchCapsByCall = new Map<string, Set<string>>();
  for (const t of s.touches) {
    const caps = classifier.pathCapabilities(t.path);
    if (t.toolCallId !== undefined) {
      let set = touchCapsByCall.get(t.toolCallId);
      if (!set) touchCapsByCall.set(t.toolCallId, (set = new Set()));
      for (const c of caps) set.add(c);
    }
    let f = files.get(t.path);
    if (!f) {
      f = {
        path: inertText(t.path),
        display: inertText(relativeTo(t.path, base)),
        accesses: [],
        evidence: t.evidence,
        rank: EVIDENCE_RANK[t.evidence],
        capabilities: caps,
        openable: isAbsoluteLocalPath(t.path),
      };
      files.set(t.path, f);
    }
    if (!f.accesses.includes(t.access)) f.accesses.push(t.access);
    if (EVIDENCE_RANK[t.evidence] > f.rank) {
      f.rank = EVIDENCE_RANK[t.evidence];
      f.evidence = t.evidence;
    }
    if (t.lines && !f.lines) f.lines = firstRange(t.lines);
  }

  const toolCalls: ToolCallView[] = s.toolCalls.map((c) => ({
    id: c.id,
    tool: inertText(c.tool),
    kind: c.kind,
    status: c.status,
    ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
    args: inertText(c.args, { multiline: true }),
    argsDisplay: inertText(base ? c.args.split(`${base.replace(/[\\/]+$/, '')}/`).join('') : c.args, { multiline: true }),
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    ...(c.error !== undefined ? { error: inertText(c.error, { multiline: true }) } : {}),
    ...(c.why !== undefined ? { why: inertText(c.why, { multiline: true }) } : {}),
    capabilities: callCapabilities(c, touchCapsByCall.get(c.id), classifier),
    ...(c.source ? { sourceLine: c.source.line, sourceFile: inertText(c.source.file) } : {}),
    ...(c.verdict ? { verdict: verdictView(c.verdict) } : {}),
  }));

  const capabilities: CapabilityView[] = Object.entries(s.capabilities).map(([id, c]) => {
    const info = capabilityInfo(id);
    return { id, label: inertText(info.label), description: inertText(info.description), group: info.group, reads: c.reads, writes: c.writes, calls: c.calls };
  });
  capabilities.sort((a, b) => (a.group === b.group ? b.writes + b.reads - (a.writes + a.reads) || a.label.localeCompare(b.label) : a.group === 'actions' ? -1 : 1));

  const fileList = [...files.values()]
    .map(({ rank: _rank, ...f }) => ({ ...f, accesses: [...f.accesses].sort() }))
    .sort((a, b) => a.display.localeCompare(b.display));

  return {
    id: s.id,
    agent: s.agent,
    agentLabel: agentLabel(s.agent),
    ...(s.title !== undefined ? { title: inertText(s.title) } : {}),
    models: s.models.map((m) => inertText(m)),
    ...(s.project !== undefined ? { project: inertText(s.project) } : {}),
    ...(s.cwd !== undefined ? { cwd: inertText(s.cwd) } : {}),
    ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}),
    ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
    outcome: s.outcome,
    category: s.category,
    ...(s.parentId !== undefined ? { parentId: s.parentId } : {}),
    ...(s.agentType !== undefined ? { agentType: inertText(s.agentType) } : {}),
    capabilities,
    toolCalls,
    files: fileList,
    gaps: s.gaps.map(inertGap),
    secrets: secretViews(s),
    ...(s.policy ? { policy: policyView(s) } : {}),
    journal: (s.policy?.journal ?? []).map(inertJournalEntry),
    sources: s.sources.map((src) => inertText(src.path)),
    ...(s.sourceGone ? { sourceGone: true } : {}),
    counts: sessionCounts(s),
    meta: s.meta,
  };
}

function verdictView(v: NonNullable<ToolCall['verdict']>): VerdictView {
  return {
    verdict: v.verdict,
    ...(v.policyId ? { policyId: v.policyId } : {}),
    ...(v.ruleId ? { ruleId: v.ruleId } : {}),
    ...(v.reason ? { reason: inertText(v.reason) } : {}),
    ...(v.decidedBy ? { decidedBy: v.decidedBy } : {}),
    executed: v.executed,
  };
}

function policyView(s: Session): SessionPolicyView {
  const p = s.policy!;
  return {
    scopes: p.scopes,
    risk: { level: p.risk.level, reasons: p.risk.reasons },
    counts: p.counts,
    executedOutOfScope: p.executedOutOfScope,
    outOfScope: outOfScopeCalls(s).map(inertOutOfScope),
    findings: p.findings.filter((f) => f.kind !== 'executed-out-of-scope').map((f) => ({ kind: f.kind, message: inertText(f.message) })),
  };
}

/** The journal's texts come from the log (the request, the agent's words, paths in the rationale). */
function inertJournalEntry(e: JournalEntry): JournalEntry {
  return {
    ...e,
    tool: inertText(e.tool),
    args: inertText(e.args),
    ...(e.request !== undefined ? { request: inertText(e.request) } : {}),
    ...(e.agentSaid !== undefined ? { agentSaid: inertText(e.agentSaid) } : {}),
    rationale: inertText(e.rationale),
  };
}

export function inertOutOfScope(c: OutOfScopeCallView): OutOfScopeCallView {
  return {
    ...c,
    sessionTitle: inertText(c.sessionTitle),
    tool: inertText(c.tool),
    args: inertText(c.args),
    ...(c.path !== undefined ? { path: inertText(c.path) } : {}),
    reason: inertText(c.reason),
  };
}

function secretViews(s: Session): SecretFindingView[] {
  const position = new Map(s.toolCalls.map((c, i) => [c.id, i]));
  return (s.secretFindings ?? []).map((f) => {
    const at = f.callId !== undefined ? position.get(f.callId) : undefined;
    return {
      rule: shortRuleId(f.ruleId),
      kind: f.kind,
      ...(f.callId !== undefined ? { callId: f.callId } : {}),
      ...(at !== undefined ? { callNumber: at + 1, tool: s.toolCalls[at].tool } : {}),
      field: f.field,
      ...(f.source ? { sourceFile: inertText(f.source.file), sourceLine: f.source.line } : {}),
      preview: inertText(f.preview),
    };
  });
}

function inertGap(g: Gap): Gap {
  return { ...g, detail: inertText(g.detail), ...(g.source !== undefined ? { source: inertText(g.source) } : {}) };
}

/**
 * The real path behind a path a panel showed (and sends back): the first of the session's
 * touched paths and logs that displays as `shown`. Undefined when the session has none.
 */
export function rawPath(s: Session, shown: string, kind: 'file' | 'source'): string | undefined {
  const candidates = kind === 'file' ? s.touches.map((t) => t.path) : [...s.sources.map((src) => src.path), ...s.gaps.flatMap((g) => (g.source ? [g.source] : []))];
  return candidates.find((p) => p === shown) ?? candidates.find((p) => inertText(p) === shown);
}

function firstRange(lines: LineRange): LineRange {
  return { start: lines.start, end: Math.max(lines.start, lines.end) };
}

export interface SessionCounts {
  calls: number;
  denied: number;
  failed: number;
  filesRead: number;
  filesWritten: number;
}

/** Distinct files read and written (a file both read and written counts in both), denied and failed calls. */
export function sessionCounts(s: Session): SessionCounts {
  const read = new Set<string>();
  const written = new Set<string>();
  for (const t of s.touches) {
    if (t.access === 'read') read.add(t.path);
    else if (WRITE_ACCESS.has(t.access)) written.add(t.path);
  }
  let denied = 0;
  let failed = 0;
  for (const c of s.toolCalls) {
    if (c.status === 'denied') denied++;
    else if (c.status === 'failed') failed++;
  }
  return { calls: s.toolCalls.length, denied, failed, filesRead: read.size, filesWritten: written.size };
}

export function sessionSnapshot(sessionId: string, s: Session | undefined, classifier: Classifier): SessionSnapshot {
  return {
    kind: 'session',
    sessionId,
    ...(s ? { session: sessionView(s, classifier) } : {}),
    live: s?.outcome === 'in-progress',
    updatedAt: new Date().toISOString(),
  };
}

/** The overview's numbers: what aggregating every session gives (the index worker works them out). */
export type OverviewNumbers = Omit<OverviewSnapshot, 'kind' | 'scope' | 'outOfScope' | 'sessions' | 'filter'> & {
  outOfScope: Pick<OverviewSnapshot['outOfScope'], 'total' | 'calls'>;
};

export function overviewSnapshot(
  sessions: readonly Session[],
  opts: {
    scope: string;
    files: number;
    classifier: Classifier;
    sessions: SessionRowsPage;
    filter?: OverviewSnapshot['filter'];
    /** Whether the workspace declares scopes, and what is wrong with its policy file. */
    policy?: { scopesDeclared: boolean; problem?: string };
  },
): OverviewSnapshot {
  return assembleOverview(overviewNumbers(sessions, opts), opts);
}

export function overviewNumbers(sessions: readonly Session[], opts: { files: number; classifier: Classifier }): OverviewNumbers {
  const report = buildReport({
    sessions,
    generatedAt: new Date().toISOString(),
    scope: { roots: [], project: null, since: null, until: null, agents: null },
    files: opts.files,
    pathCapabilities: (p) => opts.classifier.pathCapabilities(p),
  });
  const counted = sessions.filter((s) => !s.replay);
  const outOfScope = allOutOfScopeCalls(counted);
  return {
    totals: { ...report.totals, live: counted.filter((s) => s.outcome === 'in-progress').length },
    outOfScope: { total: outOfScope.length, calls: outOfScope.slice(0, OUT_OF_SCOPE_SHOWN).map(inertOutOfScope) },
    secretSessions: counted
      .filter((s) => (s.secretFindings ?? []).length > 0)
      .map((s) => ({
        id: s.id,
        agent: s.agent,
        title: s.title ?? s.id,
        findings: s.secretFindings!.length,
        rules: [...new Set(s.secretFindings!.map((f) => shortRuleId(f.ruleId)))].sort(),
      }))
      .sort((a, b) => b.findings - a.findings || a.title.localeCompare(b.title)),
    agents: report.agents.map((a) => ({
      agent: a.agent,
      label: agentLabel(a.agent),
      sessions: a.sessions,
      toolCalls: a.toolCalls,
      denied: a.statuses.denied ?? 0,
      failed: a.statuses.failed ?? 0,
      outcomes: a.outcomes,
    })),
    matrix: report.matrix,
    weeks: report.daily.map((w) => ({ week: w.week, sessions: w.sessions, toolCalls: w.toolCalls, days: w.days })),
    models: report.models.map((m) => ({ ...m, model: inertText(m.model) })),
    capabilities: Object.entries(report.capabilities)
      .map(([id, c]) => {
        const info = capabilityInfo(id);
        return { id, label: inertText(info.label), group: info.group, sessions: c.sessions, reads: c.reads, writes: c.writes };
      })
      .sort((a, b) => b.sessions - a.sessions || a.label.localeCompare(b.label)),
    updatedAt: report.generatedAt,
  };
}

/** The overview snapshot from its numbers and what only the host knows (scope label, list page, filter, policy file). */
export function assembleOverview(
  n: OverviewNumbers,
  opts: { scope: string; sessions: SessionRowsPage; filter?: OverviewSnapshot['filter']; policy?: { scopesDeclared: boolean; problem?: string } },
): OverviewSnapshot {
  return {
    kind: 'overview',
    scope: opts.scope,
    totals: n.totals,
    outOfScope: {
      ...n.outOfScope,
      scopesDeclared: opts.policy?.scopesDeclared ?? false,
      ...(opts.policy?.problem ? { policyProblem: opts.policy.problem } : {}),
    },
    secretSessions: n.secretSessions,
    agents: n.agents,
    matrix: n.matrix,
    weeks: n.weeks,
    models: n.models,
    capabilities: n.capabilities,
    sessions: opts.sessions,
    ...(opts.filter ? { filter: opts.filter } : {}),
    updatedAt: n.updatedAt,
  };
}
