/** Scopes, verdicts, findings, risk and the permission journal. See ./types for the data and docs/policy.md. */
export * from './types';
export { applyPolicy, callFacts, type PolicyInputs } from './apply';
export { DECIDER_LABELS, denialDecider } from './denials';
export { compileCommandPattern, compileHostPattern, compilePathGlob, destinationHost } from './match';
export {
  aepDecisions,
  CLAUDE_CLEANUP_DEFAULT_DAYS,
  claudeRuleFor,
  type ClaudeSettings,
  codexSandbox,
  compileClaudeRule,
  mergeClaudeSettings,
  parseClaudeSettings,
} from './native';
export { formatPolicyErrors, parsePolicy, type ParsedPolicy } from './parse';
export { sessionRisk } from './risk';
export { executedOutOfScope, otelAttributes, VERDICT_LABELS } from './verdicts';
