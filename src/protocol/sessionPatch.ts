/**
 * Live sessions change in small places (calls appended at the end, a few files inserted in their
 * sorted place): the host sends each long list as one splice against what the page has, and the
 * page applies it. Pure, shared by both sides.
 */
import type { SessionPatchMessage } from './messages';
import type { SessionSnapshot } from './state';

/** One edit of a list: `deleteCount` entries at `start` replaced by the patch's entries; `from` is the length it applies to. */
export interface ListSplice {
  from: number;
  start: number;
  deleteCount: number;
}

/** How many leading entries the two lists share (entries compared as the host serialised them). */
export function unchangedPrefix(previous: readonly string[], next: readonly string[]): number {
  const n = Math.min(previous.length, next.length);
  let i = 0;
  while (i < n && previous[i] === next[i]) i++;
  return i;
}

/** The single splice that turns `previous` into `next`: common head and tail kept, the middle replaced. */
export function listSplice(previous: readonly string[], next: readonly string[]): ListSplice & { insert: [number, number] } {
  const head = unchangedPrefix(previous, next);
  let tail = 0;
  while (tail < Math.min(previous.length, next.length) - head && previous[previous.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  return { from: previous.length, start: head, deleteCount: previous.length - head - tail, insert: [head, next.length - tail] };
}

function applySplice<T>(list: readonly T[], splice: ListSplice, items: readonly T[]): T[] | undefined {
  if (list.length !== splice.from || splice.start + splice.deleteCount > list.length) return undefined;
  return [...list.slice(0, splice.start), ...items, ...list.slice(splice.start + splice.deleteCount)];
}

/**
 * The snapshot a patch describes, built on the one the page shows; undefined when the patch does
 * not fit it (another session, or lists of other lengths): the page then asks for a full one.
 */
export function applySessionPatch(current: SessionSnapshot | undefined, patch: SessionPatchMessage): SessionSnapshot | undefined {
  const next = patch.snapshot;
  const had = current?.session;
  if (!had || !next.session || current.sessionId !== next.sessionId || had.id !== next.session.id) return undefined;
  const toolCalls = applySplice(had.toolCalls, patch.calls, next.session.toolCalls);
  const files = applySplice(had.files, patch.files, next.session.files);
  // Older pages and snapshots without a journal: an empty one.
  const journal = patch.journal ? applySplice(had.journal ?? [], patch.journal, next.session.journal ?? []) : (next.session.journal ?? []);
  if (!toolCalls || !files || !journal) return undefined;
  return { ...next, session: { ...next.session, toolCalls, files, journal } };
}
