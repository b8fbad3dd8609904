/** Sessions for policy tests: drafts with the given calls and touches, audited by the real engine. */
import { auditDrafts } from '../../../src/core/engine';
import { emptyDraft } from '../../../src/core/formats/util';
import type { Classifier } from '../../../src/core/finalize';
import type { Session, SessionDraft, ToolCall, Touch } from '../../../src/core/model';
import { applyPolicy, type PolicyInputs } from '../../../src/core/policy/apply';
import { parsePolicy } from '../../../src/core/policy/parse';
import type { Policy } from '../../../src/core/policy/types';
import { createClassifier } from '../../../src/node/audit';

let classifier: Classifier | undefined;
export async function realClassifier(): Promise<Classifier> {
  classifier ??= await createClassifier();
  return classifier;
}

export interface CallSpec extends Partial<ToolCall> {
  id: string;
  touches?: Omit<Touch, 'toolCallId' | 'evidence'>[];
}

export function draft(id: string, agent: SessionDraft['agent'], calls: CallSpec[], extra: Partial<SessionDraft> = {}): SessionDraft {
  const d = emptyDraft(id, agent, `/logs/${id}.jsonl`);
  d.cwd = '/work/app';
  d.startedAt = calls[0]?.startedAt ?? '2026-03-02T10:00:00.000Z';
  d.endedAt = calls[calls.length - 1]?.startedAt ?? d.startedAt;
  for (const spec of calls) {
    const { touches, ...call } = spec;
    d.toolCalls.push({ tool: 'Bash', kind: 'shell', status: 'succeeded', args: call.command ?? '', startedAt: d.startedAt, ...call });
    for (const t of touches ?? []) d.touches.push({ ...t, evidence: 'observed', toolCallId: spec.id });
  }
  d.end.completed = true;
  return Object.assign(d, extra);
}

export async function audit(drafts: SessionDraft[], inputs: Omit<PolicyInputs, 'classifier'> = {}): Promise<Session[]> {
  const c = await realClassifier();
  const sessions = auditDrafts(drafts, { classifier: c, projectOf: (cwd) => cwd, now: Date.parse('2030-01-01T00:00:00Z') });
  applyPolicy(sessions, { ...inputs, classifier: c });
  return sessions;
}

export function policy(json: unknown): Policy {
  const parsed = parsePolicy(JSON.stringify(json, null, 2));
  if (!parsed.policy) throw new Error(`test policy does not parse: ${JSON.stringify(parsed.errors)}`);
  return parsed.policy;
}

export function call(s: Session, id: string): ToolCall {
  const c = s.toolCalls.find((x) => x.id === id);
  if (!c) throw new Error(`no call ${id}`);
  return c;
}
