/**
 * Who stopped a denied call, read from the words the agent's log used for the denial.
 * The parsers mark calls `denied`; this says by whom (the user, the agent's permission rules, a hook,
 * the sandbox, a runtime policy engine) so the journal can show the decider and the rationale.
 */
import type { Agent, ToolCall } from '../model';
import type { Decider } from './types';

const PATTERNS: [RegExp, Decider][] = [
  // Hooks first: a hook's message may quote the user or the permission system.
  [/^(?:Hook )?PreToolUse:|hook (?:error|blocked|denied)|blocked by (?:a )?hook/i, 'hook'],
  [/sandbox/i, 'sandbox'],
  [
    /Permission to use .* (?:has been )?denied|denied by your permission settings|haven't granted it yet|has specified a rule which prevents|This agent is not allowed to use|unacceptable risk|--dry-run/i,
    'agent-permissions',
  ],
  [/^policy:|policy/i, 'policy-engine'],
  [
    /user doesn't want to|User rejected|rejected by (?:the )?user|user rejected permission|user chose not to|Operation aborted|declined|cancel+ed|not confirmed|Skipping edits/i,
    'user',
  ],
];

/** The decider of a denied call, by its error text and, failing that, by what the agent's logs mean. */
export function denialDecider(call: Pick<ToolCall, 'status' | 'error'>, agent: Agent): Decider {
  const text = call.error ?? '';
  for (const [re, who] of PATTERNS) if (re.test(text)) return who;
  // Capability decisions of an AEP record come from the runtime's policy bundle.
  if (agent === 'aep') return 'policy-engine';
  // Gemini CLI's `cancelled`, Cline's and OpenHands' rejections are the user's answer to a confirmation.
  if (agent === 'gemini-cli' || agent === 'cline' || agent === 'openhands') return 'user';
  return 'unknown';
}

export const DECIDER_LABELS: Record<Decider, string> = {
  user: 'the user',
  'agent-permissions': "the agent's permission rules",
  hook: 'a hook',
  sandbox: 'the sandbox',
  'policy-engine': "the run's policy engine",
  unknown: 'an unnamed decider',
};
