/**
 * Verdict helpers shared by renderers and the UI, and the mapping onto OpenTelemetry attributes.
 *
 * The attribute names follow the GenAI guardrail proposal of the OpenTelemetry semantic conventions
 * (open-telemetry/semantic-conventions-genai, "run guardrail span and security finding", development
 * stability): `gen_ai.security.target.type`, `gen_ai.security.verdict.type`, `gen_ai.security.verdict.reason`,
 * `gen_ai.security.action.type`, `gen_ai.security.policy.id`, `gen_ai.security.policy.rule.id`.
 */
import type { ToolCall } from '../model';
import type { CallVerdict } from './types';

/** The loudest case: the call ran although it was out of scope. */
export function executedOutOfScope(call: Pick<ToolCall, 'verdict'>): boolean {
  return call.verdict?.verdict === 'out-of-scope' && call.verdict.executed;
}

export type OtelAttributes = Record<string, string | number | boolean>;

/** A verdict as span attributes of the call's `execute_tool` span (or a guardrail child span). */
export function otelAttributes(call: Pick<ToolCall, 'id' | 'tool'>, v: CallVerdict): OtelAttributes {
  const attrs: OtelAttributes = {
    'gen_ai.tool.name': call.tool,
    'gen_ai.tool.call.id': call.id,
    'gen_ai.security.target.type': 'tool_call',
    'gen_ai.security.verdict.type': v.verdict === 'in-scope' ? 'allow' : v.verdict === 'no-scope' ? 'none' : 'deny',
    // What actually happened to the call: a denied one was blocked, anything else went ahead.
    'gen_ai.security.action.type': v.executed ? 'allow' : 'block',
  };
  if (v.policyId) attrs['gen_ai.security.policy.id'] = v.policyId;
  if (v.ruleId) attrs['gen_ai.security.policy.rule.id'] = v.ruleId;
  if (v.reason) attrs['gen_ai.security.verdict.reason'] = v.reason;
  if (v.decidedBy) attrs['agent_audit.verdict.decided_by'] = v.decidedBy;
  if (v.tier) attrs['agent_audit.verdict.tier'] = v.tier;
  attrs['agent_audit.verdict'] = v.verdict;
  return attrs;
}

export const VERDICT_LABELS = {
  'in-scope': 'in scope',
  'out-of-scope': 'out of scope',
  denied: 'denied',
  'no-scope': 'no scope',
} as const;
