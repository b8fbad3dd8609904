/** From drafts to audited sessions, and which of them a report asks for. */
import { type Classifier, DEFAULT_LIVE_WINDOW_MS, finalizeSession } from './finalize';
import { linkSessions } from './link';
import type { Agent, Session, SessionDraft } from './model';
import { applySecretScan, mergeScans, NO_SECRETS, type SecretScan } from './secrets/scan';

export interface AuditContext {
  classifier: Classifier;
  /** The project (git root) of a cwd. */
  projectOf(cwd: string | undefined): string | undefined;
  now: number;
  liveWindowMs?: number;
  /** The secret scans of the drafts (scanDrafts): findings are added and, unless `reveal`, secrets masked. */
  secrets?: { scans: { get(d: SessionDraft): SecretScan | undefined }; reveal: boolean };
}

export function auditDrafts(drafts: readonly SessionDraft[], ctx: AuditContext): Session[] {
  return auditDraftsReleasing([...drafts], ctx);
}

/**
 * auditDrafts for drafts that only `drafts` holds: it is emptied, and each draft let go once its
 * session is made, so that a long history never holds all its drafts and all its sessions at once.
 */
export function auditDraftsReleasing(drafts: SessionDraft[], ctx: AuditContext): Session[] {
  const scans = ctx.secrets ? scansBySession(drafts, ctx.secrets.scans) : undefined;
  const linked: (SessionDraft | undefined)[] = linkSessions(drafts);
  drafts.length = 0;
  const sessions: Session[] = [];
  for (let i = 0; i < linked.length; i++) {
    const d = linked[i]!;
    linked[i] = undefined;
    const session = finalizeSession(d, {
      classifier: ctx.classifier,
      project: ctx.projectOf(d.cwd),
      now: ctx.now,
      liveWindowMs: ctx.liveWindowMs ?? DEFAULT_LIVE_WINDOW_MS,
    });
    sessions.push(scans ? applySecretScan(session, scans.get(sessionKey(d)) ?? NO_SECRETS, ctx.secrets!.reveal) : session);
  }
  return sessions;
}

export function sessionKey(d: Pick<SessionDraft, 'agent' | 'id'>): string {
  return `${d.agent}\u0000${d.id}`;
}

/** Drafts of one session (a resume read from several files) are merged by linkSessions: so are their scans. */
export function scansBySession(drafts: readonly SessionDraft[], scans: { get(d: SessionDraft): SecretScan | undefined }): Map<string, SecretScan> {
  const pieces = new Map<string, SecretScan[]>();
  for (const d of drafts) {
    const scan = scans.get(d);
    if (!scan) continue;
    const key = sessionKey(d);
    pieces.set(key, [...(pieces.get(key) ?? []), scan]);
  }
  return new Map([...pieces].map(([k, v]) => [k, mergeScans(v)]));
}

export interface SessionFilter {
  agents?: readonly Agent[];
  /** ISO bounds: a session is kept when its activity overlaps [since, until]. */
  since?: string;
  until?: string;
  /** Keep only sessions whose cwd is inside this folder. */
  project?: string;
  /** With `project`: keep sessions whose log names no cwd at all (they cannot be placed). */
  keepUnplaced?: boolean;
}

export function filterSessions(sessions: readonly Session[], f: SessionFilter): Session[] {
  return sessions.filter((s) => {
    if (f.agents && f.agents.length > 0 && !f.agents.includes(s.agent)) return false;
    const start = s.startedAt ?? s.endedAt;
    const end = s.endedAt ?? s.startedAt;
    if (f.since && (!end || end < f.since)) return false;
    if (f.until && (!start || start > f.until)) return false;
    if (f.project !== undefined) {
      const where = s.cwd ?? s.project;
      if (!where) return f.keepUnplaced === true;
      if (!isInsidePosix(where, f.project)) return false;
    }
    return true;
  });
}

function isInsidePosix(child: string, parent: string): boolean {
  const p = parent.replace(/[\\/]+$/, '');
  return child === p || child.startsWith(`${p}/`) || child.startsWith(`${p}\\`);
}
