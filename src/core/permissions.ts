/**
 * The permission report across sessions: per agent and per scope, the capabilities taken, denied, granted
 * but never used in the period (candidates to trim) and newly acquired (first used in the period, never
 * before); and retention: high-risk sessions whose logs the agent will delete soon.
 * Pure: log ages and retention periods come in as data (src/node/policy.ts reads them).
 */
import type { Agent, Session } from './model';
import type { Policy, RiskLevel, RiskReason } from './policy/types';

export const PERMISSIONS_SCHEMA = 'agent-audit/permissions@1';

export interface ScopeUsage {
  agent: Agent;
  /** The verdicts' policy id (`team/ci`, `claude-code:settings`), or `(no scope)`. */
  scope: string;
  sessions: number;
  /** Capability id -> calls that exercised it in the period (executed calls only). */
  taken: Record<string, number>;
  /** Capability or tool -> denied attempts in the period. */
  denied: Record<string, number>;
  /** Granted by the scope (its capability list) but not used by this agent in the period. */
  unusedGrants: string[];
  /** Used in the period and never before it by this agent: "first time this agent touched systemd". */
  newlyAcquired: { capability: string; firstAt?: string; sessionId: string }[];
  outOfScope: number;
}

export interface RetentionEntry {
  sessionId: string;
  agent: Agent;
  title?: string;
  risk: RiskLevel;
  reasons: RiskReason[];
  logs: string[];
  /** When the agent will delete the log (last change + its retention period). */
  deletesAt: string;
  daysLeft: number;
}

export interface PermissionReport {
  schema: typeof PERMISSIONS_SCHEMA;
  generatedAt: string;
  since: string | null;
  until: string | null;
  usage: ScopeUsage[];
  retention: RetentionEntry[];
}

export interface PermissionInput {
  /** Every session read: the period's and earlier ones (earlier ones tell what is new). */
  sessions: readonly Session[];
  since?: string;
  until?: string;
  now: Date;
  policy?: Policy;
  /** Retention period in days of an agent's logs (Claude Code `cleanupPeriodDays`, default 30). */
  retentionDays(agent: Agent): number | undefined;
  /** A log's last change in ms since the epoch. */
  logModifiedMs(path: string): number | undefined;
  /** List sessions whose logs go within this many days (default 7). */
  warnDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function buildPermissionReport(input: PermissionInput): PermissionReport {
  const inPeriod = (s: Session): boolean => {
    const end = s.endedAt ?? s.startedAt;
    const start = s.startedAt ?? s.endedAt;
    if (input.since && (!end || end < input.since)) return false;
    if (input.until && (!start || start > input.until)) return false;
    return true;
  };
  const sessions = input.sessions.filter((s) => !s.replay);
  const period = sessions.filter(inPeriod);
  const before = sessions.filter((s) => input.since !== undefined && (s.endedAt ?? s.startedAt ?? '') < input.since && !inPeriod(s));

  // Capabilities each agent used before the period.
  const earlier = new Map<Agent, Set<string>>();
  for (const s of before) {
    const set = earlier.get(s.agent) ?? new Set();
    for (const c of s.toolCalls) if (c.status !== 'denied') for (const id of c.capabilities ?? []) set.add(id);
    earlier.set(s.agent, set);
  }

  const usage = new Map<string, ScopeUsage & { sessionIds: Set<string> }>();
  const firstSeen = new Map<string, { at?: string; sessionId: string }>();
  for (const s of [...period].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''))) {
    for (const call of s.toolCalls) {
      // A denied call is counted under the session's scope: the scope is what it tried to go beyond.
      const scope = call.verdict?.policyId ?? s.policy?.scopes[0] ?? '(no scope)';
      const key = `${s.agent}\0${scope}`;
      let u = usage.get(key);
      if (!u) usage.set(key, (u = { agent: s.agent, scope, sessions: 0, taken: {}, denied: {}, unusedGrants: [], newlyAcquired: [], outOfScope: 0, sessionIds: new Set() }));
      if (!u.sessionIds.has(s.id)) {
        u.sessionIds.add(s.id);
        u.sessions++;
      }
      if (call.status === 'denied') {
        const what = call.capabilities?.length ? call.capabilities : [call.tool];
        for (const id of what) u.denied[id] = (u.denied[id] ?? 0) + 1;
        continue;
      }
      if (call.verdict?.verdict === 'out-of-scope' && call.verdict.executed) u.outOfScope++;
      for (const id of call.capabilities ?? []) {
        u.taken[id] = (u.taken[id] ?? 0) + 1;
        const fk = `${s.agent}\0${id}`;
        if (!firstSeen.has(fk)) firstSeen.set(fk, { sessionId: s.id, ...((call.startedAt ?? s.startedAt) ? { at: call.startedAt ?? s.startedAt } : {}) });
      }
    }
  }

  // Newly acquired: attributed to the scope row where the agent first used it.
  for (const u of usage.values()) {
    // Without earlier history everything would be "new": an agent first seen in the period has nothing to compare.
    const known = earlier.get(u.agent);
    if (!known) continue;
    for (const id of Object.keys(u.taken).sort()) {
      const first = firstSeen.get(`${u.agent}\0${id}`);
      if (known.has(id) || !first || !u.sessionIds.has(first.sessionId)) continue;
      u.newlyAcquired.push({ capability: id, sessionId: first.sessionId, ...(first.at ? { firstAt: first.at } : {}) });
    }
  }

  // Granted but never used: a workspace scope's capability grants no call of the agent exercised.
  for (const scope of input.policy?.scopes ?? []) {
    const policyId = `${input.policy!.id}/${scope.id}`;
    const agents = scope.match.agents ?? [...new Set([...usage.values()].filter((u) => u.scope === policyId).map((u) => u.agent))];
    for (const agent of agents as Agent[]) {
      const key = `${agent}\0${policyId}`;
      let u = usage.get(key);
      if (!u) usage.set(key, (u = { agent, scope: policyId, sessions: 0, taken: {}, denied: {}, unusedGrants: [], newlyAcquired: [], outOfScope: 0, sessionIds: new Set() }));
      const used = Object.keys(u.taken);
      u.unusedGrants = (scope.capabilities ?? []).filter((grant) => !used.some((id) => globMatch(grant, id)));
    }
  }

  return {
    schema: PERMISSIONS_SCHEMA,
    generatedAt: input.now.toISOString(),
    since: input.since ?? null,
    until: input.until ?? null,
    usage: [...usage.values()]
      .map(({ sessionIds: _ids, ...u }) => u)
      .sort((a, b) => a.agent.localeCompare(b.agent) || a.scope.localeCompare(b.scope)),
    retention: retention(sessions, input),
  };
}

function retention(sessions: readonly Session[], input: PermissionInput): RetentionEntry[] {
  const warn = input.warnDays ?? 7;
  const out: RetentionEntry[] = [];
  for (const s of sessions) {
    if (s.policy?.risk.level !== 'high') continue;
    const days = input.retentionDays(s.agent);
    if (days === undefined) continue;
    const logs = s.sources.map((x) => x.path);
    const mtimes = logs.map((p) => input.logModifiedMs(p)).filter((m): m is number => m !== undefined);
    if (mtimes.length === 0) continue;
    // The agent deletes by last change: the oldest log of the session goes first.
    const deletesAt = Math.min(...mtimes) + days * DAY_MS;
    const daysLeft = Math.floor((deletesAt - input.now.getTime()) / DAY_MS);
    if (daysLeft > warn) continue;
    out.push({
      sessionId: s.id,
      agent: s.agent,
      ...(s.title !== undefined ? { title: s.title } : {}),
      risk: s.policy.risk.level,
      reasons: s.policy.risk.reasons,
      logs,
      deletesAt: new Date(deletesAt).toISOString(),
      daysLeft: Math.max(0, daysLeft),
    });
  }
  return out.sort((a, b) => a.deletesAt.localeCompare(b.deletesAt));
}

/** Capability globs are simple: `*` is any run of characters. */
function globMatch(glob: string, id: string): boolean {
  const re = new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(id);
}
