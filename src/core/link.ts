/** Joins drafts into one set of sessions: same-id pieces merged, subagents tied to their spawning call. */
import { GapList } from './gaps';
import type { SessionDraft } from './model';

/**
 * Merges drafts that are the same session read from several files (one agent's id), then links
 * each subagent to the parent's tool call that spawned it (the call whose childSessionId names it).
 */
export function linkSessions(drafts: readonly SessionDraft[]): SessionDraft[] {
  const byKey = new Map<string, SessionDraft>();
  for (const d of drafts) {
    const key = `${d.agent}\u0000${d.id}`;
    const known = byKey.get(key);
    byKey.set(key, known ? merge(known, d) : d);
  }
  const sessions = [...byKey.values()];
  const spawnedBy = new Map<string, { parentId: string; callId: string }>();
  for (const s of sessions) {
    for (const c of s.toolCalls) if (c.childSessionId) spawnedBy.set(c.childSessionId, { parentId: s.id, callId: c.id });
  }
  for (const s of sessions) {
    const link = spawnedBy.get(s.id);
    if (!link) continue;
    s.parentId ??= link.parentId;
    if (s.parentId === link.parentId) s.parentToolCallId ??= link.callId;
  }
  return sessions;
}

function merge(a: SessionDraft, b: SessionDraft): SessionDraft {
  const gaps = new GapList();
  gaps.addAll(a.gaps);
  gaps.addAll(b.gaps);
  const [first, second] = (a.startedAt ?? '') <= (b.startedAt ?? '') ? [a, b] : [b, a];
  // A resumed session's file repeats the calls already read from the earlier one.
  const seen = new Set(first.toolCalls.map((c) => c.id));
  return {
    ...first,
    models: [...new Set([...first.models, ...second.models])],
    startedAt: min(a.startedAt, b.startedAt),
    endedAt: max(a.endedAt, b.endedAt),
    sources: [...a.sources, ...b.sources],
    toolCalls: [...first.toolCalls, ...second.toolCalls.filter((c) => !seen.has(c.id))],
    touches: [...first.touches, ...second.touches],
    gaps: gaps.toArray(),
    // The later piece tells how the session ended.
    end: { ...first.end, ...second.end },
    meta: { ...first.meta, ...second.meta },
  };
}

function min(x: string | undefined, y: string | undefined): string | undefined {
  return x === undefined ? y : y === undefined ? x : x < y ? x : y;
}
function max(x: string | undefined, y: string | undefined): string | undefined {
  return x === undefined ? y : y === undefined ? x : x > y ? x : y;
}
