/**
 * A session's risk level from what it touched. High: secrets, privilege escalation, anything executed out
 * of scope, external communication. Medium: destructive operations, writes, state-changing commands,
 * denied attempts. Low: read-only. Retention decisions (keep a copy before the agent deletes the log) use it.
 */
import { hasWrites } from '../outcome';
import type { Session } from '../model';
import type { RiskReason, SessionRisk } from './types';
import { executedOutOfScope } from './verdicts';

const HIGH: ReadonlySet<RiskReason> = new Set(['secrets', 'privileged', 'out-of-scope', 'external-communication']);
const MEDIUM: ReadonlySet<RiskReason> = new Set(['destructive', 'writes', 'shell', 'denied']);

export function sessionRisk(s: Pick<Session, 'capabilities' | 'toolCalls' | 'touches'>): SessionRisk {
  const reasons: RiskReason[] = [];
  const has = (id: string): boolean => (s.capabilities[id]?.calls ?? 0) > 0 || (s.capabilities[id]?.reads ?? 0) + (s.capabilities[id]?.writes ?? 0) > 0;
  if (has('secrets-access') || has('password-manager')) reasons.push('secrets');
  if (has('privileged')) reasons.push('privileged');
  if (s.toolCalls.some(executedOutOfScope)) reasons.push('out-of-scope');
  if (has('net-egress') || Object.keys(s.capabilities).some((id) => id.startsWith('mcp:') && (s.capabilities[id].writes ?? 0) > 0)) reasons.push('external-communication');
  if (has('destructive') || has('vcs-rewrite')) reasons.push('destructive');
  if (hasWrites(s)) reasons.push('writes');
  if ((s.capabilities['shell-exec']?.writes ?? 0) > 0) reasons.push('shell');
  if (s.toolCalls.some((c) => c.status === 'denied')) reasons.push('denied');
  if (reasons.some((r) => HIGH.has(r))) return { level: 'high', reasons: reasons.filter((r) => HIGH.has(r) || MEDIUM.has(r)) };
  if (reasons.length > 0) return { level: 'medium', reasons };
  return { level: 'low', reasons: ['read-only'] };
}
