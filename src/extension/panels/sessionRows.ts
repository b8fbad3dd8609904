/**
 * The overview's sessions list, kept on the host: one small row per session, newest first, handed
 * to the page a window at a time so 10,000 sessions never travel in one message. No `vscode` here.
 */
import type { Session } from '../../core/model';
import type { SessionRow, SessionRowsPage } from '../../protocol/state';
import { sessionCounts } from './snapshots';

/** Rows sent with every overview snapshot (the first screenfuls); the page asks for the rest. */
export const FIRST_PAGE = 100;
const MAX_TITLE = 160;

export function sessionRow(s: Session): SessionRow {
  const counts = sessionCounts(s);
  const title = s.title?.replace(/\s+/g, ' ').trim();
  return {
    id: s.id,
    agent: s.agent,
    ...(title ? { title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title } : {}),
    ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}),
    outcome: s.outcome,
    category: s.category,
    calls: counts.calls,
    denied: counts.denied,
    failed: counts.failed,
    filesWritten: counts.filesWritten,
  };
}

/** Newest first; sessions without a start time last; ties by id so the order is stable. */
function newestFirst(a: SessionRow, b: SessionRow): number {
  if (a.startedAt !== b.startedAt) {
    if (a.startedAt === undefined) return 1;
    if (b.startedAt === undefined) return -1;
    return a.startedAt < b.startedAt ? 1 : -1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0;
}

/** Every session's row, newest first. */
export function sessionRows(sessions: readonly Session[]): SessionRow[] {
  return sessions.map(sessionRow).sort(newestFirst);
}

export class SessionRowList {
  private rows: SessionRow[] = [];
  private serialised = '[]';
  private versionValue = 0;

  get version(): number {
    return this.versionValue;
  }

  get total(): number {
    return this.rows.length;
  }

  /** Rebuilds the list; the version moves only when a row changed. */
  update(sessions: readonly Session[]): void {
    this.set(sessionRows(sessions));
  }

  /** Takes rows made elsewhere (the index worker), as sessionRows() makes them. */
  set(rows: SessionRow[]): void {
    const serialised = JSON.stringify(rows);
    if (serialised === this.serialised) return;
    this.rows = rows;
    this.serialised = serialised;
    this.versionValue++;
  }

  page(offset: number, count: number): SessionRowsPage {
    const start = Math.min(Math.max(0, offset), this.rows.length);
    return { version: this.versionValue, total: this.rows.length, offset: start, rows: this.rows.slice(start, start + Math.max(0, count)) };
  }
}
