/** Human names for the model's ids: one vocabulary for reports, the tree and the panels. */
import type { Agent, Category, Outcome, ToolStatus } from './model';

export const AGENT_LABELS: Record<Agent, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
  gptme: 'gptme',
  'gemini-cli': 'Gemini CLI',
  aep: 'AEP',
  opencode: 'OpenCode',
  cline: 'Cline',
  pi: 'Pi',
  aider: 'Aider',
  openhands: 'OpenHands',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  productive: 'Productive',
  noop: 'No changes',
  failed: 'Failed',
  blocked: 'Blocked',
  abandoned: 'Abandoned',
  'in-progress': 'In progress',
};

export const OUTCOME_DESCRIPTIONS: Record<Outcome, string> = {
  productive: 'wrote something or completed its task',
  noop: 'ran but changed nothing',
  failed: 'ended on errors',
  blocked: 'ended on a denial',
  abandoned: 'interrupted or stopped mid-work',
  'in-progress': 'still being written',
};

export const CATEGORY_LABELS: Record<Category, string> = {
  code: 'Code',
  infrastructure: 'Infrastructure',
  content: 'Content',
  research: 'Research',
  cleanup: 'Cleanup',
  conversation: 'Conversation',
};

export const STATUS_LABELS: Record<ToolStatus, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  denied: 'denied',
  interrupted: 'interrupted',
  pending: 'no result',
};

export function agentLabel(agent: string): string {
  return (AGENT_LABELS as Record<string, string>)[agent] ?? agent;
}

/** `claude-sonnet-4-5-20250929` -> `claude-sonnet-4-5`: the date suffix adds nothing in a list. */
export function shortModel(model: string): string {
  return model.replace(/-(20\d{6})$/, '').replace(/@(20\d{6})$/, '');
}
