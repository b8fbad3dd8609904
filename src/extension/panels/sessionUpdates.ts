/**
 * What to post to a session panel after a change: nothing when nothing shown changed, a patch with
 * only the changed stretch of the calls and of the files when most of them are as sent (a live
 * session), else the whole snapshot. No `vscode` here.
 */
import type { SessionPatchMessage, SnapshotMessage } from '../../protocol/messages';
import { listSplice } from '../../protocol/sessionPatch';
import type { SessionSnapshot } from '../../protocol/state';

/** Below this many unchanged calls and files a patch saves too little to be worth its bookkeeping. */
const MIN_KEPT = 100;

interface Sent {
  /** The session without its calls, files and journal, serialised. */
  rest: string;
  /** Each journal entry, serialised. */
  journal: string[];
  /** Each call, serialised. */
  calls: string[];
  /** Each file, serialised. */
  files: string[];
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
    const calls = previous ? listSplice(previous.calls, next.calls) : undefined;
    const files = previous ? listSplice(previous.files, next.files) : undefined;
    const journal = previous ? listSplice(previous.journal, next.journal) : undefined;
    const same = (s: ReturnType<typeof listSplice> | undefined): boolean => s !== undefined && s.deleteCount === 0 && s.insert[0] === s.insert[1];
    const unchanged = previous !== undefined && next.rest === previous.rest && same(calls) && same(files) && same(journal);
    return {
      unchanged,
      send: () => {
        this.sent = next;
        const session = snapshot.session;
        if (!session || !calls || !files || !journal) return { type: 'snapshot', snapshot };
        const kept = calls.from - calls.deleteCount + (files.from - files.deleteCount);
        if (kept < MIN_KEPT) return { type: 'snapshot', snapshot };
        return {
          type: 'sessionPatch',
          calls: { from: calls.from, start: calls.start, deleteCount: calls.deleteCount },
          files: { from: files.from, start: files.start, deleteCount: files.deleteCount },
          journal: { from: journal.from, start: journal.start, deleteCount: journal.deleteCount },
          snapshot: {
            ...snapshot,
            session: { ...session, toolCalls: session.toolCalls.slice(...calls.insert), files: session.files.slice(...files.insert), journal: session.journal.slice(...journal.insert) },
          },
        };
      },
    };
  }
}

function serialise(snapshot: SessionSnapshot): Sent {
  const s = snapshot.session;
  if (!s) return { rest: 'null', calls: [], files: [], journal: [] };
  const { toolCalls, files, journal, ...rest } = s;
  return {
    rest: JSON.stringify({ ...rest, live: snapshot.live }),
    calls: toolCalls.map((c) => JSON.stringify(c)),
    files: files.map((f) => JSON.stringify(f)),
    journal: journal.map((j) => JSON.stringify(j)),
  };
}
