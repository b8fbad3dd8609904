/**
 * What to post to a session panel after a change: nothing when nothing shown changed, a patch with
 * the new tail when only calls were appended or the last ones changed (a live session), else the
 * whole snapshot. No `vscode` here.
 */
import type { SessionPatchMessage, SnapshotMessage } from '../../protocol/messages';
import { unchangedPrefix } from '../../protocol/sessionPatch';
import type { SessionSnapshot } from '../../protocol/state';

/** Below this many unchanged calls a patch saves too little to be worth its bookkeeping. */
const MIN_KEPT_CALLS = 100;

interface Sent {
  /** The session without its calls, serialised. */
  rest: string;
  /** Each call, serialised. */
  calls: string[];
}

export interface PreparedUpdate {
  /** The snapshot shows the same as the last one sent. */
  unchanged: boolean;
  /** The message that brings the page to the snapshot; remembers it as sent. */
  send(): SnapshotMessage | SessionPatchMessage;
}

export class SessionUpdates {
  private sent?: Sent;

  /** The page has nothing (or something unknown): the next message must be a full snapshot. */
  forget(): void {
    this.sent = undefined;
  }

  /** Compares `snapshot` with what was sent (each is serialised once). */
  prepare(snapshot: SessionSnapshot): PreparedUpdate {
    const next = serialise(snapshot);
    const previous = this.sent;
    const keep = previous ? unchangedPrefix(previous.calls, next.calls) : 0;
    const unchanged = previous !== undefined && next.rest === previous.rest && keep === next.calls.length && keep === previous.calls.length;
    return {
      unchanged,
      send: () => {
        this.sent = next;
        if (!snapshot.session || keep < MIN_KEPT_CALLS) return { type: 'snapshot', snapshot };
        return { type: 'sessionPatch', keep, snapshot: { ...snapshot, session: { ...snapshot.session, toolCalls: snapshot.session.toolCalls.slice(keep) } } };
      },
    };
  }
}

function serialise(snapshot: SessionSnapshot): Sent {
  const s = snapshot.session;
  if (!s) return { rest: 'null', calls: [] };
  const { toolCalls, ...rest } = s;
  return { rest: JSON.stringify({ ...rest, live: snapshot.live }), calls: toolCalls.map((c) => JSON.stringify(c)) };
}
