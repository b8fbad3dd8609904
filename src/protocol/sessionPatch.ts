/**
 * Live sessions grow at the end: the host sends only the tool calls past the unchanged prefix and
 * the page stitches them onto the calls it has. Pure, shared by both sides.
 */
import type { SessionPatchMessage } from './messages';
import type { SessionSnapshot } from './state';

/** How many leading entries the two lists share (entries compared as the host serialised them). */
export function unchangedPrefix(previous: readonly string[], next: readonly string[]): number {
  const n = Math.min(previous.length, next.length);
  let i = 0;
  while (i < n && previous[i] === next[i]) i++;
  return i;
}

/**
 * The snapshot a patch describes, built on the one the page shows; undefined when the patch does
 * not fit it (another session, or fewer calls than it keeps): the page then asks for a full one.
 */
export function applySessionPatch(current: SessionSnapshot | undefined, patch: SessionPatchMessage): SessionSnapshot | undefined {
  const next = patch.snapshot;
  const had = current?.session;
  if (!had || !next.session || current.sessionId !== next.sessionId || had.id !== next.session.id || had.toolCalls.length < patch.keep) return undefined;
  return { ...next, session: { ...next.session, toolCalls: had.toolCalls.slice(0, patch.keep).concat(next.session.toolCalls) } };
}
