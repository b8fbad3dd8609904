/**
 * Writes small, realistic agent session logs (Claude Code JSONL, as Claude Code 2.0 writes them)
 * for tests and the demo workspace: prompts, reads, writes, edits with line ranges, shell
 * commands, denied and failed calls. Each call returns the JSONL lines it produced, so a test can
 * write a whole session at once or append it line by line like a running agent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ClaudeSessionOptions {
  sessionId: string;
  cwd: string;
  model?: string;
  /** Time of the first record; each record is a few seconds after the previous one. */
  start?: Date;
  gitBranch?: string;
  version?: string;
  /** Stamp records with the wall clock (a session being written now) instead of a simulated one. */
  realTime?: boolean;
}

/** Claude Code's project folder name for a cwd (`/work/app` -> `-work-app`). */
export function claudeProjectDir(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

/** Where Claude Code keeps a session's transcript under a config dir (CLAUDE_CONFIG_DIR). */
export function claudeLogPath(configDir: string, cwd: string, sessionId: string): string {
  return path.join(configDir, 'projects', claudeProjectDir(cwd), `${sessionId}.jsonl`);
}

let counter = 0;
const uid = (prefix: string): string => `${prefix}${(++counter).toString(16).padStart(6, '0')}${Math.random().toString(16).slice(2, 10)}`;

export class ClaudeSession {
  private clock: number;
  private parent: string | null = null;
  private readonly model: string;

  constructor(readonly opts: ClaudeSessionOptions) {
    this.clock = (opts.start ?? new Date()).getTime();
    this.model = opts.model ?? 'claude-sonnet-4-5-20250929';
  }

  get sessionId(): string {
    return this.opts.sessionId;
  }

  /** Moves the session's clock (records written later). */
  advance(ms: number): this {
    this.clock += ms;
    return this;
  }

  private base(type: string): Record<string, unknown> {
    this.clock = this.opts.realTime ? Math.max(Date.now(), this.clock + 1) : this.clock + 2000;
    const uuid = uid('0000');
    const rec = {
      parentUuid: this.parent,
      isSidechain: false,
      userType: 'external',
      cwd: this.opts.cwd,
      sessionId: this.opts.sessionId,
      version: this.opts.version ?? '2.0.14',
      gitBranch: this.opts.gitBranch ?? 'main',
      type,
      uuid,
      timestamp: new Date(this.clock).toISOString(),
    };
    this.parent = uuid;
    return rec;
  }

  prompt(text: string): string[] {
    return [JSON.stringify({ ...this.base('user'), message: { role: 'user', content: text } })];
  }

  /** The title Claude Code generates for a session (`ai-title` record). */
  title(text: string): string[] {
    return [JSON.stringify({ type: 'ai-title', sessionId: this.opts.sessionId, aiTitle: text })];
  }

  /** The user stopped the agent (Esc in Claude Code). */
  interrupt(): string[] {
    return [JSON.stringify({ ...this.base('user'), message: { role: 'user', content: [{ type: 'text', text: '[Request interrupted by user]' }] } })];
  }

  say(text: string): string[] {
    return [JSON.stringify(this.assistant([{ type: 'text', text }]))];
  }

  private assistant(content: unknown[]): Record<string, unknown> {
    return {
      ...this.base('assistant'),
      message: {
        model: this.model,
        id: uid('msg_'),
        type: 'message',
        role: 'assistant',
        content,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 20 },
      },
      requestId: uid('req_'),
    };
  }

  private call(name: string, input: Record<string, unknown>, result: { text: string; isError?: boolean; structured?: unknown; denial?: boolean }): string[] {
    const id = uid('toolu_');
    const use = this.assistant([{ type: 'tool_use', id, name, input }]);
    const block: Record<string, unknown> = { tool_use_id: id, type: 'tool_result', content: result.text };
    if (result.isError) block.is_error = true;
    const res: Record<string, unknown> = { ...this.base('user'), message: { role: 'user', content: [block] } };
    if (result.structured !== undefined) res.toolUseResult = result.structured;
    return [JSON.stringify(use), JSON.stringify(res)];
  }

  read(file: string, content = ''): string[] {
    const lines = content.split('\n').length;
    return this.call('Read', { file_path: file }, { text: content, structured: { type: 'text', file: { filePath: file, content, numLines: lines, startLine: 1, totalLines: lines } } });
  }

  write(file: string, content: string): string[] {
    return this.call('Write', { file_path: file, content }, { text: `File created successfully at: ${file}`, structured: { type: 'create', filePath: file, content, structuredPatch: [] } });
  }

  /** An edit of lines `start`..`start + newLines.length - 1` (the structured patch Claude Code records). */
  edit(file: string, oldString: string, newString: string, start: number): string[] {
    const newLines = newString.split('\n');
    const oldLines = oldString.split('\n');
    return this.call(
      'Edit',
      { file_path: file, old_string: oldString, new_string: newString },
      {
        text: `The file ${file} has been updated.`,
        structured: {
          filePath: file,
          oldString,
          newString,
          originalFile: '',
          structuredPatch: [
            { oldStart: start, oldLines: oldLines.length, newStart: start, newLines: newLines.length, lines: [...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)] },
          ],
          userModified: false,
          replaceAll: false,
        },
      },
    );
  }

  bash(command: string, output = '', exitCode = 0): string[] {
    if (exitCode !== 0) {
      return this.call('Bash', { command, description: command.slice(0, 40) }, { text: `Exit code ${exitCode}\n${output}`, isError: true, structured: `Error: Exit code ${exitCode}\n${output}` });
    }
    return this.call('Bash', { command, description: command.slice(0, 40) }, { text: output, structured: { stdout: output, stderr: '', interrupted: false, isImage: false } });
  }

  webFetch(url: string): string[] {
    return this.call('WebFetch', { url, prompt: 'Summarise' }, { text: 'A page about things.', structured: { bytes: 1200, code: 200, codeText: 'OK', result: 'A page about things.', url } });
  }

  /** A call the user rejected in the permission prompt. */
  denied(name: string, input: Record<string, unknown>): string[] {
    return this.call(name, input, {
      text: "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.",
      isError: true,
      structured: 'User rejected tool use',
      denial: true,
    });
  }
}

/** Where Codex keeps a rollout under CODEX_HOME (`sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`). */
export function codexLogPath(codexHome: string, sessionId: string, start: Date): string {
  const iso = start.toISOString();
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  return path.join(codexHome, 'sessions', y, m, d, `rollout-${iso.slice(0, 19).replace(/:/g, '-')}-${sessionId}.jsonl`);
}

/** Codex CLI rollouts (`{timestamp, type, payload}` envelopes, as Codex 0.9x writes them). */
export class CodexSession {
  private clock: number;

  constructor(readonly opts: { sessionId: string; cwd: string; model?: string; start?: Date }) {
    this.clock = (opts.start ?? new Date()).getTime();
  }

  get sessionId(): string {
    return this.opts.sessionId;
  }

  private record(type: string, payload: Record<string, unknown>): string {
    this.clock += 1500;
    return JSON.stringify({ timestamp: new Date(this.clock).toISOString(), type, payload });
  }

  /** session_meta and the first turn's context. */
  open(prompt: string): string[] {
    return [
      this.record('session_meta', {
        id: this.opts.sessionId,
        timestamp: new Date(this.clock).toISOString(),
        cwd: this.opts.cwd,
        originator: 'codex_cli_rs',
        cli_version: '0.98.0',
        source: 'cli',
        model_provider: 'openai',
      }),
      this.record('turn_context', { cwd: this.opts.cwd, approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' }, model: this.opts.model ?? 'gpt-5-codex' }),
      this.record('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] }),
      this.record('event_msg', { type: 'user_message', message: prompt, images: [] }),
    ];
  }

  exec(cmd: string, output: string, exitCode = 0): string[] {
    const callId = uid('call_');
    return [
      this.record('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }), call_id: callId }),
      this.record('response_item', {
        type: 'function_call_output',
        call_id: callId,
        output: `Chunk ID: ${callId.slice(-6)}\nWall time: 0.0510 seconds\nProcess exited with code ${exitCode}\nOriginal token count: 0\nOutput:\n${output}`,
      }),
    ];
  }

  /** An apply_patch call updating one file (absolute path). */
  patch(file: string, removed: string, added: string): string[] {
    const callId = uid('call_');
    return [
      this.record('response_item', {
        type: 'custom_tool_call',
        status: 'completed',
        call_id: callId,
        name: 'apply_patch',
        input: `*** Begin Patch\n*** Update File: ${file}\n@@\n-${removed}\n+${added}\n*** End Patch`,
      }),
      this.record('response_item', {
        type: 'custom_tool_call_output',
        call_id: callId,
        output: JSON.stringify({ output: `Success. Updated the following files:\nM ${file}\n`, metadata: { exit_code: 0, duration_seconds: 0 } }),
      }),
    ];
  }

  say(text: string): string[] {
    return [this.record('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] })];
  }
}

/** Appends JSONL lines to a log (creating folders), as an agent does while it works. */
export function appendLines(file: string, lines: readonly string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

export interface SampleWorkspace {
  /** The workspace folder (with a few source files the sessions touched). */
  folder: string;
  /** CLAUDE_CONFIG_DIR holding the transcripts. */
  claudeDir: string;
  /** Transcript of each session by name. */
  logs: Record<string, string>;
}

/**
 * A small workspace with three finished Claude Code sessions (productive with edits, one with a
 * denied call, one that failed) whose logs live in `claudeDir` with cwd = the folder.
 */
export function writeSampleWorkspace(root: string, opts: { now?: Date } = {}): SampleWorkspace {
  const folder = path.join(root, 'workspace');
  const claudeDir = path.join(root, 'claude');
  fs.mkdirSync(path.join(folder, 'src'), { recursive: true });
  fs.mkdirSync(path.join(folder, 'docs'), { recursive: true });
  const files: Record<string, string> = {
    'src/server.ts': ["import { createServer } from 'node:http';", '', 'export function start(port: number) {', '  return createServer((req, res) => {', "    res.end('ok');", '  }).listen(port);', '}', ''].join('\n'),
    'src/config.ts': ['export const config = {', '  port: 8080,', "  host: '127.0.0.1',", '};', ''].join('\n'),
    'docs/README.md': ['# Demo service', '', 'A tiny HTTP server.', ''].join('\n'),
    'scripts/deploy.sh': ['#!/bin/sh', 'set -e', 'npm run build', ''].join('\n'),
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
    fs.writeFileSync(path.join(folder, rel), text);
  }
  const abs = (rel: string): string => path.join(folder, rel);
  const now = opts.now ?? new Date();
  const day = 24 * 3600 * 1000;
  const logs: Record<string, string> = {};

  const productive = new ClaudeSession({ sessionId: '3f6c1c1e-8a4b-4c55-9d0e-1a2b3c4d5e01', cwd: folder, start: new Date(now.getTime() - 2 * day) });
  logs.productive = claudeLogPath(claudeDir, folder, productive.sessionId);
  appendLines(logs.productive, [
    ...productive.prompt('Add a health endpoint to the server and document it'),
    ...productive.title('Add /health endpoint and document it'),
    ...productive.say("I'll read the server first."),
    ...productive.read(abs('src/server.ts'), files['src/server.ts']),
    ...productive.read(abs('src/config.ts'), files['src/config.ts']),
    ...productive.say('Adding the /health route.'),
    ...productive.edit(abs('src/server.ts'), "    res.end('ok');", "    if (req.url === '/health') return res.end('healthy');\n    res.end('ok');", 5),
    ...productive.edit(abs('docs/README.md'), 'A tiny HTTP server.', 'A tiny HTTP server.\n\n`GET /health` answers `healthy`.', 3),
    ...productive.bash('npm test', 'ok 3 tests'),
    ...productive.say('Done: /health added and documented.'),
  ]);

  const blocked = new ClaudeSession({ sessionId: '7a1d2e3f-4b5c-4d6e-8f90-a1b2c3d4e502', cwd: folder, start: new Date(now.getTime() - day), model: 'claude-opus-4-1-20250805' });
  logs.blocked = claudeLogPath(claudeDir, folder, blocked.sessionId);
  appendLines(logs.blocked, [
    ...blocked.prompt('Deploy the service'),
    ...blocked.title('Deploy the service to production'),
    ...blocked.read(abs('scripts/deploy.sh'), files['scripts/deploy.sh']),
    ...blocked.webFetch('https://example.com/deploy-guide'),
    ...blocked.say('Running the deploy script with elevated rights.'),
    ...blocked.denied('Bash', { command: 'sudo sh scripts/deploy.sh', description: 'Deploy' }),
  ]);

  const failed = new ClaudeSession({ sessionId: 'c0ffee00-1111-4222-8333-444455556603', cwd: folder, start: new Date(now.getTime() - 3 * 3600 * 1000) });
  logs.failed = claudeLogPath(claudeDir, folder, failed.sessionId);
  appendLines(logs.failed, [
    ...failed.prompt('Why does the build fail?'),
    ...failed.title('Investigate failing build'),
    ...failed.read(abs('src/config.ts'), files['src/config.ts']),
    ...failed.bash('npm run build', "src/config.ts(2,9): error TS2322: Type 'string' is not assignable to type 'number'.", 2),
  ]);
  return { folder, claudeDir, logs };
}
