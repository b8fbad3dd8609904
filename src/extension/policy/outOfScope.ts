/**
 * "Executed although out of scope": the calls that ran although no scope allowed them, gathered once
 * for the Problems panel, the tree, the status bar and the overview. No `vscode` here.
 */
import type { Session } from '../../core/model';
import type { OutOfScopeCallView } from '../../protocol/state';
import { executedOutOfScope } from '../../core/policy';

/** A call that ran although no scope allowed it, as the tree, diagnostics and panels show it. */
export type OutOfScopeCall = OutOfScopeCallView;

export function sessionLabel(s: Pick<Session, 'title' | 'id'>): string {
  const t = s.title?.replace(/\s+/g, ' ').trim();
  return t ? (t.length > 80 ? `${t.slice(0, 79)}…` : t) : `Session ${s.id.slice(0, 8)}`;
}

/** Calls of one session that ran although out of scope, in the order they happened. */
export function outOfScopeCalls(s: Session): OutOfScopeCall[] {
  if (!s.policy || s.policy.executedOutOfScope === 0) return [];
  const findings = new Map(s.policy.findings.filter((f) => f.kind === 'executed-out-of-scope' && f.toolCallId).map((f) => [f.toolCallId!, f]));
  const out: OutOfScopeCall[] = [];
  for (const call of s.toolCalls) {
    if (!executedOutOfScope(call)) continue;
    const f = findings.get(call.id);
    const v = call.verdict!;
    out.push({
      sessionId: s.id,
      agent: s.agent,
      sessionTitle: sessionLabel(s),
      toolCallId: call.id,
      tool: call.tool,
      args: call.args.length > 200 ? `${call.args.slice(0, 199)}…` : call.args,
      ...(f?.path ? { path: f.path } : {}),
      ...(f?.line ? { line: f.line } : {}),
      ...(v.policyId ? { policyId: v.policyId } : {}),
      ...(v.ruleId ? { ruleId: v.ruleId } : {}),
      reason: v.reason ?? 'out of scope',
      ...(call.startedAt ? { at: call.startedAt } : {}),
    });
  }
  return out;
}

/** Every such call across sessions, newest first. */
export function allOutOfScopeCalls(sessions: readonly Session[]): OutOfScopeCall[] {
  return sessions
    .filter((s) => !s.replay)
    .flatMap(outOfScopeCalls)
    .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
}

/** The count the status bar and the tree show. */
export function executedOutOfScopeCount(s: Session): number {
  return s.policy?.executedOutOfScope ?? 0;
}

export function isInsideFolder(file: string, folder: string): boolean {
  const f = folder.replace(/[\\/]+$/, '');
  return file === f || file.startsWith(`${f}/`) || file.startsWith(`${f}\\`);
}
