/**
 * Codex's tools: every name it has shipped and what a call with a given input does, including
 * argv quoting for shell calls and the apply_patch scripts Codex runs as edits.
 */
import type { ToolKind } from '../model';
import { arr, isRecord, mcpServerOf, num, oneLine, str, type Rec } from './util';

/** What a call's input says, before it becomes a ToolCall. */
export interface Described {
  kind: ToolKind;
  args: string;
  command?: string;
  cwd?: string;
  url?: string;
  query?: string;
  mcpServer?: string;
  capabilities?: string[];
  unmapped?: boolean;
  /** apply_patch text: parsed into touches. */
  patch?: string;
  /** Paths a structured input reads. */
  reads?: string[];
}

const NET_EGRESS = ['net-egress'];

/** The string items of a list; anything else is dropped. */
export function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

function joinPath(base: string | undefined, rel: string): string {
  if (rel.startsWith('/') || !base) return rel;
  return `${base.replace(/\/+$/, '')}/${rel}`;
}

function unquote(word: string): string {
  return /^(['"]).*\1$/.test(word) ? word.slice(1, -1) : word;
}

// ---------------------------------------------------------------------------------------------
// Shell commands and the patches hidden in them

const SAFE_WORD = /^[\w@%+=:,./-]+$/;

function shellQuote(word: string): string {
  if (word === '') return "''";
  return SAFE_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv as the shell line that runs it, so `["bash","-lc",s]` reads `bash -lc '<s>'`. */
export function joinArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A shell call; without a command it still counts as one, with nothing to show. */
export function shellCommand(command: string | undefined, cwd: string | undefined): Described {
  if (command === undefined) return { kind: 'shell', args: '', cwd };
  return { kind: 'shell', args: oneLine(command), command, cwd };
}

/** An apply_patch call: its paths come from the patch text. */
export function patchEdit(text: string | undefined, cwd?: string): Described {
  return { kind: 'edit', args: '', patch: text, cwd };
}

interface ScriptPatch {
  text: string;
  /** `cd <dir> && apply_patch ...`: the folder the patch's paths are relative to. */
  cd?: string;
}

/** A shell script that only feeds a patch to apply_patch (heredoc form); Codex runs it as an edit. */
function patchInScript(script: string): ScriptPatch | undefined {
  const m = /^\s*(?:cd\s+(\S+)\s*&&\s*)?(?:apply_patch|applypatch)\b/.exec(script);
  const begin = script.indexOf('*** Begin Patch');
  if (!m || begin < 0) return undefined;
  return { text: script.slice(begin), cd: m[1] ? unquote(m[1]) : undefined };
}

function patchInArgv(argv: readonly string[]): ScriptPatch | undefined {
  const program = argv.length > 0 ? basename(argv[0]) : '';
  if ((program === 'apply_patch' || program === 'applypatch') && argv.length >= 2) return { text: argv[1] };
  if (argv.length === 3 && /^(ba|z|da)?sh$/.test(program) && (argv[1] === '-lc' || argv[1] === '-c')) {
    return patchInScript(argv[2]);
  }
  return undefined;
}

function scriptPatchEdit(patch: ScriptPatch, workdir: string | undefined): Described {
  return patchEdit(patch.text, patch.cd ? joinPath(workdir, patch.cd) : workdir);
}

function shellArgv(argv: readonly string[], workdir: string | undefined): Described {
  const patch = patchInArgv(argv);
  if (patch) return scriptPatchEdit(patch, workdir);
  return shellCommand(argv.length > 0 ? joinArgv(argv) : undefined, workdir);
}

function shellText(command: string | undefined, workdir: string | undefined): Described {
  const patch = command === undefined ? undefined : patchInScript(command);
  return patch ? scriptPatchEdit(patch, workdir) : shellCommand(command, workdir);
}

// ---------------------------------------------------------------------------------------------
// One-line summaries of inputs

/** A value as JSON text; one nested too deep for JSON.stringify (it throws RangeError) is named instead. */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '(value nested too deep to show)';
  }
}

function literal(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function stdinArgs(input: Rec): string {
  const session = str(input.session_id) ?? num(input.session_id)?.toString();
  const chars = str(input.chars) ?? '';
  const head = session === undefined ? 'session ?' : `session ${session}`;
  return chars ? `${head}: ${literal(chars)}` : `${head} (poll)`;
}

function planArgs(input: Rec): string {
  const steps = arr(input.plan).filter(isRecord);
  const current = steps.find((s) => s.status === 'in_progress') ?? steps[0];
  const step = current ? str(current.step) : undefined;
  const head = `${steps.length} step${steps.length === 1 ? '' : 's'}`;
  return step ? `${head}: ${oneLine(step, 120)}` : oneLine(str(input.explanation) ?? head);
}

function firstQuestion(input: Rec): string {
  const q = arr(input.questions).find(isRecord);
  return oneLine((q && (str(q.question) ?? str(q.header))) ?? str(input.question) ?? '');
}

function summarize(input: Rec | undefined, raw: string): string {
  if (input && Object.keys(input).length > 0) return oneLine(jsonText(input));
  return oneLine(raw);
}

// ---------------------------------------------------------------------------------------------
// Calls that are response items of their own

export function describeLocalShell(action: Rec): Described {
  return shellArgv(strings(action.command), str(action.working_directory) ?? str(action.workdir));
}

/** Web searches and page reads: the tool itself says the call reached the network. */
function webCall(args: string, query: string | undefined, url?: string): Described {
  return { kind: 'web', args: oneLine(args), query, url, capabilities: NET_EGRESS };
}

export function describeWebSearch(action: Rec): Described {
  const query = str(action.query) ?? strings(action.queries)[0];
  const url = str(action.url);
  const pattern = str(action.pattern);
  return webCall(pattern && url ? `find ${literal(pattern)} in ${url}` : (query ?? url ?? ''), query, url);
}

export function describeToolSearch(query: string | undefined): Described {
  return { kind: 'other', args: oneLine(query ?? ''), query };
}

export function describeImageGeneration(item: Rec): Described {
  return { kind: 'other', args: oneLine(str(item.revised_prompt) ?? '') };
}

// ---------------------------------------------------------------------------------------------
// Named tools

type Describer = (input: Rec) => Described;

const argvShell: Describer = (i) => shellArgv(strings(i.command), str(i.workdir));

const execCommand: Describer = (i) => {
  const cmd = i.cmd ?? i.command;
  const workdir = str(i.workdir);
  return Array.isArray(cmd) ? shellArgv(strings(cmd), workdir) : shellText(str(cmd), workdir);
};

const readPath = (path: string | undefined): Described => ({ kind: 'read', args: path ?? '', reads: path ? [path] : undefined });

const collab: Describer = (i) => ({
  kind: 'other',
  args: oneLine(str(i.id) ?? str(i.agent_id) ?? str(i.target) ?? strings(i.ids).join(', ')),
});

const goal: Describer = (i) => ({ kind: 'plan', args: oneLine(str(i.objective) ?? str(i.status) ?? '') });

const mcpResource: Describer = (i) => {
  const server = str(i.server);
  const uri = str(i.uri);
  return { kind: 'mcp', args: [server, uri].filter(Boolean).join(' '), mcpServer: server };
};

/** Every tool name Codex has shipped, by era. */
const TOOLS: Record<string, Describer> = {
  shell: argvShell,
  'container.exec': argvShell,
  local_shell: (i) => shellArgv(strings(i.command), str(i.workdir) ?? str(i.working_directory)),
  shell_command: (i) => shellText(str(i.command), str(i.workdir)),
  exec_command: execCommand,
  unified_exec: (i) =>
    i.session_id !== undefined ? { kind: 'shell', args: stdinArgs(i) } : shellArgv(strings(i.input), str(i.workdir)),
  write_stdin: (i) => ({ kind: 'shell', args: stdinArgs(i) }),
  apply_patch: (i) => patchEdit(str(i.input) ?? str(i.patch)),
  update_plan: (i) => ({ kind: 'plan', args: planArgs(i) }),
  view_image: (i) => readPath(str(i.path)),
  read_file: (i) => readPath(str(i.file_path) ?? str(i.path)),
  list_dir: (i) => ({ kind: 'search', args: str(i.dir_path) ?? str(i.path) ?? '' }),
  grep_files: (i) => ({
    kind: 'search',
    args: oneLine([str(i.pattern), str(i.path)].filter(Boolean).join(' in ')),
    query: str(i.pattern),
  }),
  web_search: (i) => webCall(str(i.query) ?? '', str(i.query)),
  tool_search: (i) => describeToolSearch(str(i.query)),
  spawn_agent: (i) => {
    const task = str(i.message) ?? str(i.task) ?? str(i.prompt) ?? '';
    const type = str(i.agent_type) ?? str(i.role);
    return { kind: 'spawn', args: oneLine(type ? `[${type}] ${task}` : task) };
  },
  send_input: collab,
  send_message: collab,
  followup_task: collab,
  wait: collab,
  wait_agent: collab,
  close_agent: collab,
  resume_agent: collab,
  list_agents: collab,
  request_user_input: (i) => ({ kind: 'ask', args: firstQuestion(i) }),
  request_permissions: (i) => ({ kind: 'ask', args: oneLine(str(i.reason) ?? str(i.justification) ?? '') }),
  list_mcp_resources: mcpResource,
  list_mcp_resource_templates: mcpResource,
  read_mcp_resource: mcpResource,
  get_goal: goal,
  set_goal: goal,
  create_goal: goal,
  update_goal: goal,
};

/** Newer Codex sends MCP tools as `{namespace: "mcp__server__", name: "tool"}`: the name as older logs wrote it. */
export function qualifiedToolName(namespace: string | undefined, name: string): string {
  if (!namespace?.startsWith('mcp__')) return name;
  return namespace.endsWith('__') ? namespace + name : `${namespace}__${name}`;
}

/** Old MCP names were `server__tool`, before the `mcp__` prefix; Codex's own tools never hold `__`. */
function unprefixedServer(tool: string): string | undefined {
  const i = tool.indexOf('__');
  if (i <= 0 || i >= tool.length - 2) return undefined;
  const server = tool.slice(0, i);
  return /^[\w.-]+$/.test(server) ? server : undefined;
}

/** What a named call with this input does. `input` is undefined when the arguments could not be read. */
export function describe(tool: string, input: Rec | undefined, raw: string): Described {
  const known = Object.prototype.hasOwnProperty.call(TOOLS, tool) ? TOOLS[tool] : undefined;
  if (known) {
    const d = known(input ?? {});
    if (!d.args && !d.patch) d.args = summarize(input, raw);
    return d;
  }
  const server = mcpServerOf(tool) ?? unprefixedServer(tool);
  if (server) return { kind: 'mcp', args: summarize(input, raw), mcpServer: server };
  return { kind: 'other', args: summarize(input, raw), unmapped: true };
}
