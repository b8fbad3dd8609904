/**
 * A session as it crosses from the index worker to the host, and as the index cache holds it: a
 * head (everything the tree, the status bar, the filters and the out-of-scope counts read) as plain
 * data, and a body (its tool calls and touches, nearly all of its weight) as v8-serialized bytes.
 *
 * The receiving side turns the two back into a Session whose `toolCalls` and `touches` are decoded
 * the first time anything reads them (then they are ordinary properties): decoding every call of a
 * long history costs the host's thread half a second, while showing the tree needs none of them.
 * The permission journal is not carried at all: it is worked out from the judged calls when read.
 *
 * No `vscode` here.
 */
import { deserialize, serialize } from 'node:v8';
import type { Session, Touch, ToolCall } from '../../core/model';
import { journalOf } from '../../core/policy/apply';
import type { SessionPolicy } from '../../core/policy/types';

/** Marks a property left to the body (keeps its place among the session's keys). */
const IN_BODY = 0;

/** A session without its body; `toolCalls`, `touches` and the journal only hold their place. */
export type SessionHead = Omit<Session, 'toolCalls' | 'touches' | 'policy'> & {
  toolCalls: typeof IN_BODY;
  touches: typeof IN_BODY;
  policy?: Omit<SessionPolicy, 'journal'> & { journal: typeof IN_BODY };
};

export interface SessionRecord {
  head: SessionHead;
  /** v8-serialized `[toolCalls, touches]`. */
  body: Uint8Array;
}

/** A session's head and where its body lies in the bytes sent (or cached) with it. */
export interface HeadEntry {
  key: string;
  explicit: boolean;
  head: SessionHead;
  /** Offset and length of the body. */
  body: [number, number];
}

/** Records of sessions already encoded, or decoded from one: a session that stays is never encoded twice. */
const known = new WeakMap<Session, SessionRecord>();

export function encodeSession(s: Session): SessionRecord {
  const had = known.get(s);
  if (had) return had;
  const head = { ...s, toolCalls: IN_BODY, touches: IN_BODY } as SessionHead;
  if (s.policy) head.policy = { ...s.policy, journal: IN_BODY };
  const record = { head, body: serialize([s.toolCalls, s.touches]) };
  known.set(s, record);
  return record;
}

/**
 * The session a record holds, its body decoded on first use. `remember`: the record is kept with
 * it, so that writing the session again reuses the bytes (the worker; the host never writes).
 */
export function decodeSession(record: SessionRecord, remember = false): Session {
  let parts: [ToolCall[], Touch[]] | undefined;
  // Let go of the bytes once decoded: they may be part of a larger buffer shared with other sessions.
  let body: Uint8Array | undefined = record.body;
  const part = <I extends 0 | 1>(i: I): [ToolCall[], Touch[]][I] => {
    if (!parts) {
      parts = deserialize(body!) as [ToolCall[], Touch[]];
      body = undefined;
    }
    return parts[i];
  };
  const { head } = record;
  // Accessors written in the literal keep their keys' places (the head holds them) and cost less than defineProperty.
  const s: Session = {
    ...(head as unknown as Session),
    get toolCalls() {
      return settle(s, 'toolCalls', part(0));
    },
    set toolCalls(value) {
      settle(s, 'toolCalls', value);
    },
    get touches() {
      return settle(s, 'touches', part(1));
    },
    set touches(value) {
      settle(s, 'touches', value);
    },
  };
  if (head.policy) {
    const policy: SessionPolicy = {
      ...(head.policy as unknown as SessionPolicy),
      // From the calls as they were judged, whatever was assigned to the session since.
      get journal() {
        return settle(policy, 'journal', journalOf({ ...s, toolCalls: part(0), touches: part(1) }));
      },
      set journal(value) {
        settle(policy, 'journal', value);
      },
    };
    s.policy = policy;
  }
  if (remember) known.set(s, record);
  return s;
}

/** Copies bodies one after the other into one buffer of their own (to be transferred, or written). */
export function packBodies(records: readonly SessionRecord[]): { bytes: Uint8Array; at: [number, number][] } {
  let total = 0;
  for (const r of records) total += r.body.length;
  // Never a pooled Buffer: a transferred pool would take other Buffers' memory with it.
  const bytes = new Uint8Array(total);
  const at: [number, number][] = [];
  let pos = 0;
  for (const r of records) {
    bytes.set(r.body, pos);
    at.push([pos, r.body.length]);
    pos += r.body.length;
  }
  return { bytes, at };
}

/** Replaces an accessor by the plain property it stood for, holding `value`. */
function settle<T extends object, K extends keyof T>(o: T, key: K, value: T[K]): T[K] {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}
