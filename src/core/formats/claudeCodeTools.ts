/** Claude Code's built-in tools: what each one does and how its input reads as a call. */
import type { Access, ToolKind } from '../model';
import { isRecord, mcpServerOf, oneLine, str, type Rec } from './util';

/**
 * Built-in tool names across eras (1.0.x lowercase/legacy names included), by what they do.
 * Anything else that is not `mcp__*` is counted as unmapped.
 */
const KINDS: Readonly<Record<string, ToolKind>> = {
  Read: 'read',
  NotebookRead: 'read',
  Write: 'write',
  Edit: 'edit',
  MultiEdit: 'edit',
  NotebookEdit: 'edit',
  Bash: 'shell',
  bash: 'shell',
  PowerShell: 'shell',
  BashOutput: 'other',
  TaskOutput: 'other',
  KillShell: 'other',
  KillBash: 'other',
  TaskStop: 'other',
  Glob: 'search',
  Grep: 'search',
  LS: 'search',
  ToolSearch: 'search',
  WebFetch: 'web',
  WebSearch: 'web',
  TodoWrite: 'plan',
  TodoRead: 'plan',
  TaskCreate: 'plan',
  TaskUpdate: 'plan',
  TaskList: 'plan',
  TaskGet: 'plan',
  EnterPlanMode: 'plan',
  ExitPlanMode: 'plan',
  exit_plan_mode: 'plan',
  Task: 'spawn',
  Agent: 'spawn',
  AskUserQuestion: 'ask',
  ListMcpResourcesTool: 'mcp',
  ReadMcpResourceTool: 'mcp',
  Skill: 'other',
  SlashCommand: 'other',
  SendMessage: 'other',
  TeamCreate: 'other',
  TeamDelete: 'other',
  EnterWorktree: 'other',
  ExitWorktree: 'other',
  CronCreate: 'other',
  CronDelete: 'other',
  CronList: 'other',
  Monitor: 'other',
  PushNotification: 'other',
  ScheduleWakeup: 'other',
  ShareOnboardingGuide: 'other',
  WaitForMcpServers: 'other',
  RemoteTrigger: 'other',
  SendUserFile: 'other',
};

export interface ToolKindInfo {
  kind: ToolKind;
  unmapped: boolean;
  mcpServer?: string;
}

export function toolKindOf(name: string): ToolKindInfo {
  const known = Object.prototype.hasOwnProperty.call(KINDS, name) ? KINDS[name] : undefined;
  if (known) return { kind: known, unmapped: false };
  if (name.startsWith('mcp__')) {
    // The model sometimes emits a bare `mcp__<server>` without the tool segment.
    return { kind: 'mcp', unmapped: false, mcpServer: mcpServerOf(name) ?? (name.slice(5) || undefined) };
  }
  return { kind: 'other', unmapped: true };
}

/** The file a structured tool input names, and what the call does to it before its result is known. */
export interface InputTarget {
  path: string;
  access: Access;
}

/** What a tool input tells about the call, kept small (no file contents, no big texts). */
export interface InputSummary {
  args: string;
  command?: string;
  url?: string;
  query?: string;
  mcpServer?: string;
  target?: InputTarget;
  /** Task/Agent: the prompt's start, to recognise an inline sidechain spawned by this call. */
  promptKey?: string;
  /** Task/Agent: the subagent type requested. */
  subagentType?: string;
}

/** Start of a spawn prompt, whitespace-normalised, used to pair a Task call with its inline sidechain. */
export function promptKeyOf(text: string): string {
  return text.slice(0, 400).replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function summarizeInput(name: string, kind: ToolKind, rawInput: unknown): InputSummary {
  const input: Rec = isRecord(rawInput) ? rawInput : {};
  const filePath = str(input.file_path);
  switch (name) {
    case 'Read':
      return filePath ? { args: filePath, target: { path: filePath, access: 'read' } } : { args: '' };
    case 'NotebookRead': {
      const p = str(input.notebook_path);
      return p ? { args: p, target: { path: p, access: 'read' } } : { args: '' };
    }
    case 'Write':
    case 'Edit':
    case 'MultiEdit':
      return filePath ? { args: filePath, target: { path: filePath, access: 'write' } } : { args: '' };
    case 'NotebookEdit': {
      const p = str(input.notebook_path);
      return p ? { args: p, target: { path: p, access: 'write' } } : { args: '' };
    }
    case 'Grep': {
      const pattern = str(input.pattern) ?? '';
      const p = str(input.path);
      return {
        args: oneLine(p ? `${pattern} in ${p}` : pattern),
        query: pattern || undefined,
        target: p ? { path: p, access: 'read' } : undefined,
      };
    }
    case 'Glob': {
      const pattern = str(input.pattern) ?? '';
      const p = str(input.path);
      return { args: oneLine(p ? `${pattern} in ${p}` : pattern), query: pattern || undefined };
    }
    case 'LS':
      return { args: oneLine(str(input.path) ?? '') };
    case 'WebFetch': {
      const url = str(input.url);
      return { args: oneLine(url ?? ''), url };
    }
    case 'WebSearch':
    case 'ToolSearch': {
      const query = str(input.query);
      return { args: oneLine(query ?? ''), query };
    }
    case 'Task':
    case 'Agent': {
      const type = str(input.subagent_type);
      const description = str(input.description) ?? '';
      const prompt = str(input.prompt);
      return {
        args: oneLine(type ? `${type}: ${description}` : description),
        promptKey: prompt ? promptKeyOf(prompt) : undefined,
        subagentType: type,
      };
    }
    case 'TodoWrite': {
      const todos = input.todos;
      return { args: Array.isArray(todos) ? `${todos.length} todos` : '' };
    }
    case 'Skill':
    case 'SlashCommand':
      return { args: oneLine(str(input.skill) ?? str(input.command) ?? '') };
    case 'AskUserQuestion': {
      const questions = input.questions;
      const first = Array.isArray(questions) && isRecord(questions[0]) ? str(questions[0].question) : undefined;
      return { args: oneLine(first ?? str(input.question) ?? '') };
    }
    case 'ListMcpResourcesTool':
    case 'ReadMcpResourceTool': {
      const server = str(input.server);
      return { args: oneLine([server, str(input.uri)].filter(Boolean).join(' ')), mcpServer: server };
    }
  }
  if (kind === 'shell') {
    const command = str(input.command);
    return command !== undefined ? { args: oneLine(command), command } : { args: '' };
  }
  return { args: genericArgs(input) };
}

/** `key=value` for the first few short scalar fields: enough to recognise the call, never a whole payload. */
function genericArgs(input: Rec): string {
  const parts: string[] = [];
  for (const key of Object.keys(input)) {
    const v = input[key];
    if (typeof v === 'string') parts.push(`${key}=${oneLine(v, 60)}`);
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(`${key}=${String(v)}`);
    if (parts.length === 3) break;
  }
  return oneLine(parts.join(' '));
}
