/**
 * What the index worker judges sessions by (the workspace policy, the agents' own settings, the
 * home folder), as plain data that can cross to the worker: Claude Code rules travel as their text
 * and are compiled again there.
 *
 * No `vscode` here.
 */
import { type ClaudeSettings, compileClaudeRule, type PolicyInputs } from '../../core/policy';
import type { Policy } from '../../core/policy/types';
import { cacheKey } from './indexCache';

export interface PlainClaudeSettings extends Omit<ClaudeSettings, 'allow' | 'deny' | 'ask'> {
  allow: string[];
  deny: string[];
  ask: string[];
}

export interface IndexPolicy {
  policy?: Policy;
  claude: PlainClaudeSettings[];
  home?: string;
}

export function toIndexPolicy(inputs: Omit<PolicyInputs, 'classifier'>): IndexPolicy {
  return {
    // Plain JSON copies: what the host parsed may hold values a worker message cannot carry.
    ...(inputs.policy ? { policy: JSON.parse(JSON.stringify(inputs.policy)) as Policy } : {}),
    claude: (inputs.claude ?? []).map((s) => ({ ...s, allow: s.allow.map((r) => r.text), deny: s.deny.map((r) => r.text), ask: s.ask.map((r) => r.text) })),
    ...(inputs.home !== undefined ? { home: inputs.home } : {}),
  };
}

export function fromIndexPolicy(p: IndexPolicy): Omit<PolicyInputs, 'classifier'> {
  // Compiled on the host already: a rule that does not compile here did not there, and was never listed.
  const rules = (texts: string[]): ClaudeSettings['allow'] => texts.flatMap((t) => {
    const rule = compileClaudeRule(t);
    return typeof rule === 'string' ? [] : [rule];
  });
  return {
    ...(p.policy ? { policy: p.policy } : {}),
    claude: p.claude.map((s) => ({ ...s, allow: rules(s.allow), deny: rules(s.deny), ask: rules(s.ask) })),
    ...(p.home !== undefined ? { home: p.home } : {}),
  };
}

/** Sessions judged under one key need no judging again under the same key. */
export function policyKey(p: IndexPolicy | undefined): string {
  return p ? cacheKey(p) : '';
}

/** Daily limits count calls across sessions: any change then judges every session again. */
export function countsAcrossSessions(p: IndexPolicy): boolean {
  return (p.policy?.scopes ?? []).some((s) => s.tiers?.some((t) => t.maxPerDay !== undefined));
}
