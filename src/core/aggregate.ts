/**
 * The aggregates of the capability audit: per-agent breakdown, the category x outcome matrix,
 * daily volume by ISO week, the model dimension, capability totals and the reverse path index.
 */
import { GapList } from './gaps';
import { CATEGORIES, type Access, type Agent, type Gap, OUTCOMES, type Session } from './model';
import {
  type AgentSummary,
  type DailyVolume,
  type Matrix,
  type ModelSummary,
  type OutOfScopeRow,
  type PathEntry,
  type Report,
  type ReportSession,
  REPORT_SCHEMA,
} from './report';

export interface ReportInput {
  sessions: readonly Session[];
  scope: Report['scope'];
  generatedAt: string;
  /** Scan-level problems (unreadable or unrecognized files). */
  gaps?: readonly Gap[];
  /** Number of log files read. */
  files: number;
  /** Capability ids of a path (the same rules finalize used). */
  pathCapabilities(path: string): string[];
}

export function buildReport(input: ReportInput): Report {
  const { report, sessions } = buildDeferredReport(input);
  report.sessions = [...sessions];
  return report;
}

export interface DeferredReport {
  /** The report, its `sessions` left empty. */
  report: Report;
  /**
   * The report's sessions, each made when it is reached; with `release`, the session it is made
   * from is let go then. A long history's sessions and their report copies are then never all
   * held at once (for the JSON writer, which writes a session at a time).
   */
  sessions: Iterable<ReportSession>;
}

export function buildDeferredReport(input: ReportInput, release = false): DeferredReport {
  const sessions: (Session | undefined)[] = [...input.sessions].sort(bySessionStart);
  const counted = (sessions as Session[]).filter((s) => !s.replay);
  const paths = pathIndex(counted, input.pathCapabilities);

  const gaps = new GapList();
  gaps.addAll(input.gaps ?? []);
  for (const s of sessions) gaps.addAll(s!.gaps);

  const report: Report = {
    schema: REPORT_SCHEMA,
    generatedAt: input.generatedAt,
    scope: input.scope,
    totals: {
      sessions: counted.length,
      toolCalls: counted.reduce((n, s) => n + s.toolCalls.length, 0),
      touchedPaths: paths.length,
      files: input.files,
      secretFindings: counted.reduce((n, s) => n + (s.secretFindings?.length ?? 0), 0),
    },
    outOfScope: outOfScopeRows(counted),
    sessions: [],
    agents: agentSummaries(counted),
    matrix: matrix(counted),
    daily: daily(counted),
    models: models(counted),
    capabilities: capabilityTotals(counted),
    paths,
    gaps: gaps.toArray(),
  };
  const { pathCapabilities } = input;
  function* reportSessions(): Generator<ReportSession> {
    for (let i = 0; i < sessions.length; i++) {
      const made = toReportSession(sessions[i]!, pathCapabilities);
      // Nothing in this frame may keep the session while the caller writes what was made of it.
      if (release) sessions[i] = undefined;
      yield made;
    }
  }
  return { report, sessions: reportSessions() };
}

/** Every call that ran although out of scope, across the report: the top section of every format. */
function outOfScopeRows(sessions: readonly Session[]): OutOfScopeRow[] {
  const rows: OutOfScopeRow[] = [];
  for (const s of sessions) {
    for (const f of s.policy?.findings ?? []) {
      if (f.kind !== 'executed-out-of-scope') continue;
      const call = s.toolCalls.find((c) => c.id === f.toolCallId);
      rows.push({
        sessionId: s.id,
        agent: s.agent,
        ...(s.title !== undefined ? { title: s.title } : {}),
        toolCallId: f.toolCallId ?? '',
        tool: call?.tool ?? '',
        args: call?.args ?? '',
        ...(f.at ? { at: f.at } : {}),
        ...(f.path ? { path: f.path } : {}),
        policyId: f.policyId ?? '',
        ruleId: f.ruleId ?? '',
        reason: call?.verdict?.reason ?? f.message,
      });
    }
  }
  return rows;
}

function bySessionStart(a: Session, b: Session): number {
  return (a.startedAt ?? '').localeCompare(b.startedAt ?? '') || a.id.localeCompare(b.id);
}

export function toReportSession(s: Session, pathCapabilities: (p: string) => string[]): ReportSession {
  const callCaps = new Map<string, Set<string>>();
  const addCallCap = (callId: string | undefined, ids: Iterable<string>): void => {
    if (callId === undefined) return;
    let set = callCaps.get(callId);
    if (!set) callCaps.set(callId, (set = new Set()));
    for (const id of ids) set.add(id);
  };
  const touches = s.touches.map((t) => {
    const capabilities = pathCapabilities(t.path);
    addCallCap(t.toolCallId, capabilities);
    // Keys in sorted order, as the JSON report writes them: it need not copy the object to sort it.
    return {
      access: t.access,
      capabilities,
      evidence: t.evidence,
      ...(t.lines ? { lines: { end: t.lines.end, start: t.lines.start } } : {}),
      path: t.path,
      ...(t.toolCallId !== undefined ? { toolCallId: t.toolCallId } : {}),
    };
  });
  for (const c of s.toolCalls) addCallCap(c.id, c.capabilities ?? []);
  return {
    id: s.id,
    agent: s.agent,
    parentId: s.parentId ?? null,
    ...(s.parentToolCallId !== undefined ? { parentToolCallId: s.parentToolCallId } : {}),
    ...(s.title !== undefined ? { title: s.title } : {}),
    models: s.models,
    project: s.project ?? null,
    cwd: s.cwd ?? null,
    startedAt: s.startedAt ?? null,
    endedAt: s.endedAt ?? null,
    outcome: s.outcome,
    category: s.category,
    capabilities: s.capabilities,
    toolCalls: s.toolCalls.map((c) => ({
      args: c.args,
      capabilities: [...(callCaps.get(c.id) ?? [])].sort(),
      ...(c.error !== undefined ? { error: c.error } : {}),
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      id: c.id,
      kind: c.kind,
      ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
      status: c.status,
      tool: c.tool,
      ...(c.verdict ? { verdict: c.verdict } : {}),
    })),
    touches,
    sources: s.sources.map((src) => src.path),
    gaps: s.gaps,
    secretFindings: (s.secretFindings ?? []).map((f) => ({ ...f, ...(f.source ? { source: { ...f.source } } : {}) })),
    ...(s.replay ? { replay: true } : {}),
    meta: s.meta,
    ...(s.policy ? { policy: s.policy } : {}),
  };
}

function inc<K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function agentSummaries(sessions: readonly Session[]): AgentSummary[] {
  const byAgent = new Map<Agent, AgentSummary>();
  for (const s of sessions) {
    let a = byAgent.get(s.agent);
    if (!a) {
      a = { agent: s.agent, sessions: 0, toolCalls: 0, statuses: {}, outcomes: {}, categories: {}, capabilities: {}, unmappedTools: {} };
      byAgent.set(s.agent, a);
    }
    a.sessions++;
    a.toolCalls += s.toolCalls.length;
    inc(a.outcomes, s.outcome);
    inc(a.categories, s.category);
    for (const c of s.toolCalls) {
      inc(a.statuses, c.status);
      if (c.unmapped) inc(a.unmappedTools, c.tool);
    }
    for (const id of Object.keys(s.capabilities)) inc(a.capabilities, id);
  }
  return [...byAgent.values()].sort((x, y) => y.sessions - x.sessions || x.agent.localeCompare(y.agent));
}

function matrix(sessions: readonly Session[]): Matrix {
  const cells: Matrix['cells'] = {};
  for (const c of CATEGORIES) cells[c] = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  for (const s of sessions) cells[s.category][s.outcome]++;
  return { categories: [...CATEGORIES], outcomes: [...OUTCOMES], cells };
}

/** ISO-8601 week of a UTC date: `2026-W47`. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function daily(sessions: readonly Session[]): DailyVolume[] {
  const days = new Map<string, { sessions: number; toolCalls: number }>();
  for (const s of sessions) {
    if (!s.startedAt) continue;
    const date = s.startedAt.slice(0, 10);
    const d = days.get(date) ?? { sessions: 0, toolCalls: 0 };
    d.sessions++;
    d.toolCalls += s.toolCalls.length;
    days.set(date, d);
  }
  const weeks = new Map<string, DailyVolume>();
  for (const date of [...days.keys()].sort()) {
    const week = isoWeek(new Date(`${date}T00:00:00Z`));
    let w = weeks.get(week);
    if (!w) weeks.set(week, (w = { week, days: [], sessions: 0, toolCalls: 0 }));
    const d = days.get(date)!;
    w.days.push({ date, ...d });
    w.sessions += d.sessions;
    w.toolCalls += d.toolCalls;
  }
  return [...weeks.values()];
}

function models(sessions: readonly Session[]): ModelSummary[] {
  const byModel = new Map<string, ModelSummary>();
  for (const s of sessions) {
    for (const model of s.models.length > 0 ? s.models : ['(unknown)']) {
      let m = byModel.get(model);
      if (!m) byModel.set(model, (m = { model, sessions: 0, toolCalls: 0, agents: [] }));
      m.sessions++;
      // Calls are attributed to the session's first model: logs rarely say which model made which call.
      if (model === (s.models[0] ?? '(unknown)')) m.toolCalls += s.toolCalls.length;
      if (!m.agents.includes(s.agent)) m.agents.push(s.agent);
    }
  }
  return [...byModel.values()].sort((a, b) => b.sessions - a.sessions || a.model.localeCompare(b.model));
}

function capabilityTotals(sessions: readonly Session[]): Report['capabilities'] {
  const out: Report['capabilities'] = {};
  for (const s of sessions) {
    for (const [id, c] of Object.entries(s.capabilities)) {
      const t = (out[id] ??= { sessions: 0, reads: 0, writes: 0, calls: 0 });
      t.sessions++;
      t.reads += c.reads;
      t.writes += c.writes;
      t.calls += c.calls;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function pathIndex(sessions: readonly Session[], pathCapabilities: (p: string) => string[]): PathEntry[] {
  const byPath = new Map<string, Map<string, { id: string; agent: Agent; access: Set<Access> }>>();
  for (const s of sessions) {
    for (const t of s.touches) {
      let bySession = byPath.get(t.path);
      if (!bySession) byPath.set(t.path, (bySession = new Map()));
      let entry = bySession.get(s.id);
      if (!entry) bySession.set(s.id, (entry = { id: s.id, agent: s.agent, access: new Set() }));
      entry.access.add(t.access);
    }
  }
  // Keys in the order the JSON report writes them.
  return [...byPath.keys()].sort().map((path) => ({
    capabilities: pathCapabilities(path),
    path,
    sessions: [...byPath.get(path)!.values()].map((e) => ({ access: [...e.access].sort(), agent: e.agent, id: e.id })),
  }));
}
