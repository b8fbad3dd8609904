/**
 * Turns a parser's draft into a Session: shell commands become touches and capabilities,
 * relative paths are resolved, and the outcome and category are worked out.
 */
import type { Access, CapabilityCount, Session, SessionDraft, ToolCall, Touch } from './model';
import { sessionCategory, sessionOutcome } from './outcome';

/** What a shell command did, as the shell analyser reads it. */
export interface CommandFacts {
  capabilities: { id: string; access: 'read' | 'write' }[];
  touches: { path: string; access: Access }[];
  /** Simple commands as argv words, and network destinations (the policy engine matches them). */
  commands?: readonly (readonly string[])[];
  urls?: readonly string[];
}

/** The capability knowledge finalize needs: injected so core stays free of the parser's loading. */
export interface Classifier {
  analyzeCommand(command: string): CommandFacts;
  pathCapabilities(path: string): string[];
}

export interface FinalizeContext {
  classifier: Classifier;
  /** The project (git root) of the session's cwd, worked out by the node layer. */
  project?: string;
  /** Now, in ms since the epoch: a session active within `liveWindowMs` of it may still be running. */
  now: number;
  liveWindowMs: number;
}

export const DEFAULT_LIVE_WINDOW_MS = 10 * 60 * 1000;

const WRITES: ReadonlySet<Access> = new Set(['write', 'create', 'delete']);

export function isWrite(access: Access): boolean {
  return WRITES.has(access);
}

/** Capability ids a call exercises by its kind alone (its touches and command add the rest). */
function kindCapabilities(call: ToolCall): { id: string; access: 'read' | 'write' }[] {
  switch (call.kind) {
    case 'shell':
      // With a command text the shell analyser says what it did (shell-exec included); without one
      // (ipython, a stdin write) code still ran.
      return call.command ? [] : [{ id: 'shell-exec', access: 'write' }];
    case 'web':
      return [{ id: 'net-egress', access: 'read' }];
    case 'spawn':
      return [{ id: 'subagent-spawn', access: 'write' }];
    case 'mcp':
      return call.mcpServer ? [{ id: `mcp:${call.mcpServer}`, access: 'write' }] : [];
    default:
      return [];
  }
}

export function finalizeSession(draft: SessionDraft, ctx: FinalizeContext): Session {
  const touches: Touch[] = [];
  const counts = new Map<string, CapabilityCount & { callIds: Set<string> }>();
  const bump = (id: string, access: 'read' | 'write' | undefined, callId: string | undefined): void => {
    let c = counts.get(id);
    if (!c) {
      c = { reads: 0, writes: 0, calls: 0, callIds: new Set() };
      counts.set(id, c);
    }
    if (access === 'read') c.reads++;
    else if (access === 'write') c.writes++;
    if (callId !== undefined && !c.callIds.has(callId)) {
      c.callIds.add(callId);
      c.calls++;
    }
  };

  const calls = new Map(draft.toolCalls.map((c) => [c.id, c]));
  // A denied call did not happen: its attempt stays on the timeline but touches nothing.
  const happened = (callId: string | undefined): boolean => callId === undefined || calls.get(callId)?.status !== 'denied';

  for (const t of draft.touches) {
    if (!happened(t.toolCallId)) continue;
    const call = t.toolCallId !== undefined ? calls.get(t.toolCallId) : undefined;
    touches.push({ ...t, path: resolvePath(t.path, call?.cwd ?? draft.cwd) });
  }

  // Capabilities the shell analyser already counted for a call (it also reads the paths it finds).
  const analysed = new Map<string, Set<string>>();
  const toolCalls: ToolCall[] = [];
  for (const draftCall of draft.toolCalls) {
    // The kept output is for the secret scan of the draft only: it is never shown.
    const { output: _output, ...shown } = draftCall;
    if (draftCall.status === 'denied') {
      toolCalls.push(shown);
      continue;
    }
    const callCaps = new Set(draftCall.capabilities ?? []);
    const call: ToolCall = shown;
    toolCalls.push(call);
    for (const cap of kindCapabilities(call)) {
      bump(cap.id, cap.access, call.id);
      callCaps.add(cap.id);
    }
    for (const id of draftCall.capabilities ?? []) bump(id, undefined, call.id);
    if (call.kind === 'shell' && call.command) {
      const facts = ctx.classifier.analyzeCommand(call.command);
      for (const cap of facts.capabilities) {
        bump(cap.id, cap.access, call.id);
        callCaps.add(cap.id);
      }
      analysed.set(call.id, new Set(facts.capabilities.map((c) => c.id)));
      for (const t of facts.touches) {
        touches.push({ path: resolvePath(t.path, call.cwd ?? draft.cwd), access: t.access, evidence: 'parsed', toolCallId: call.id });
      }
    }
    if (callCaps.size > 0) call.capabilities = [...callCaps].sort();
  }

  for (const t of touches) {
    const access = t.access === 'read' ? 'read' : isWrite(t.access) ? 'write' : undefined;
    const already = t.toolCallId !== undefined ? analysed.get(t.toolCallId) : undefined;
    for (const id of ctx.classifier.pathCapabilities(t.path)) if (!already?.has(id)) bump(id, access, t.toolCallId);
  }

  const capabilities: Record<string, CapabilityCount> = {};
  for (const id of [...counts.keys()].sort()) {
    const { reads, writes, calls: n } = counts.get(id)!;
    // Keys in the order the JSON report writes them.
    capabilities[id] = { calls: n, reads, writes };
  }

  const session: Session = {
    ...draft,
    toolCalls,
    touches,
    capabilities,
    outcome: 'noop',
    category: 'conversation',
    ...(ctx.project !== undefined ? { project: ctx.project } : {}),
  };
  session.outcome = sessionOutcome(session, ctx.now, ctx.liveWindowMs);
  session.category = sessionCategory(session);
  return session;
}

/**
 * Resolves a path against a working directory, POSIX style (the logs' own paths), without
 * touching the file system. `~/` paths and absolute paths (POSIX or Windows) stay as written.
 */
export function resolvePath(p: string, cwd: string | undefined): string {
  if (p === '' || p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) {
    return normalizePosix(p);
  }
  if (!cwd) return normalizePosix(p);
  const base = cwd.endsWith('/') || cwd.endsWith('\\') ? cwd : `${cwd}/`;
  return normalizePosix(base + p);
}

function normalizePosix(p: string): string {
  if (!p.includes('/.') && !p.includes('//')) return p;
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !absolute) out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}
