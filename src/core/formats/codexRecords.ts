/**
 * The words of a Codex rollout: which record, item and event types exist (and which of them say
 * nothing an audit needs), and how message texts and policy values read.
 */
import { basename } from './codexTools';
import { arr, isRecord, str } from './util';

/** Top-level `type` of the envelope layout. */
export const ENVELOPES = new Set([
  'session_meta',
  'turn_context',
  'response_item',
  'event_msg',
  'compacted',
  'world_state',
  'inter_agent_communication_metadata',
]);

/** Response items the bare layout writes as whole lines. */
export const BARE_ITEMS = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
]);

/** Response items that say nothing about what the session touched. */
export const QUIET_ITEMS = new Set(['ghost_snapshot', 'compaction', 'compaction_summary', 'agent_message', 'other']);

/** Events that only repeat or decorate what other records say. */
export const QUIET_EVENTS = new Set([
  'token_count',
  'agent_reasoning_raw_content',
  'agent_reasoning_section_break',
  'agent_reasoning_delta',
  'agent_message_delta',
  'exec_command_begin',
  'exec_command_output_delta',
  'terminal_interaction',
  'patch_apply_begin',
  'mcp_tool_call_begin',
  'web_search_begin',
  'image_generation_begin',
  'stream_error',
  'warning',
  'background_event',
  'entered_review_mode',
  'exited_review_mode',
  'context_compacted',
  'thread_goal_updated',
  'sub_agent_activity',
  'guardian_assessment',
  'dynamic_tool_call_request',
  'dynamic_tool_call_response',
  'item_started',
  'item_completed',
  'undo_started',
  'undo_completed',
  'plan_update',
  'turn_diff',
  'session_configured',
  'shutdown_complete',
  'deprecation_notice',
  'exec_approval_request',
  'apply_patch_approval_request',
  'request_user_input',
  'elicitation_request',
  'get_history_entry_response',
  'mcp_list_tools_response',
  'mcp_startup_update',
  'mcp_startup_complete',
  'list_custom_prompts_response',
  'list_skills_response',
  'raw_response_item',
  'model_reroute',
  'conversation_path',
]);

/** A message's text: a string, or the text parts of its content list. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  for (const item of arr(content).slice(0, 16)) {
    if (isRecord(item)) {
      const text = str(item.text);
      if (text) parts.push(text);
    }
  }
  return parts.join('\n');
}

/** A reasoning item's summary parts, as one text. */
export function summaryText(summary: unknown): string {
  return arr(summary)
    .map((s) => (isRecord(s) ? (str(s.text) ?? '') : typeof s === 'string' ? s : ''))
    .filter((s) => s !== '')
    .join(' ');
}

/** Context Codex injects as user messages (environment, AGENTS.md, permissions, shell echoes). */
export function isInjected(text: string): boolean {
  const t = text.trimStart();
  return /^<([a-z]+_[a-z_]+|[a-z]+ instructions)\b/i.test(t) || t.startsWith('# AGENTS.md instructions');
}

/** The working folder an injected environment context names: the bare layout says it only there. */
export function injectedCwd(text: string): string | undefined {
  const m = /<cwd>([^<]+)<\/cwd>/.exec(text);
  return m ? m[1].trim() : undefined;
}

/** Rollout files end in the session's UUID; until a header says otherwise, that is its id. */
export function fileSessionId(source: string): string {
  const base = basename(source).replace(/(\.jsonl?)?(\.zst)?$/i, '');
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(base);
  return m ? m[1] : base;
}

/** A policy or source written as a word (`"never"`) or as an object keyed by its name. */
export function policyName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v)) return Object.keys(v)[0];
  return undefined;
}
