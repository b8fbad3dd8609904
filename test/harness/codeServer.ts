/**
 * Runs the real VS Code workbench (code-server) on loopback for the integration and end-to-end
 * tests, and for `npm start`. Every run gets a free port and throwaway folders, and stopping kills
 * exactly the process that was started (by its pid).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository (the folder with scripts/code-server.mjs), found from here or from the working folder. */
function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'scripts', 'code-server.mjs')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error('cannot find the repository root (scripts/code-server.mjs)');
}

export const REPO_ROOT = findRepoRoot();
const CODE_SERVER_ENTRY = path.join(REPO_ROOT, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspace: string;
  /** Folder for user data, extensions, config (created; removed on stop unless `keepDirs`). */
  stateDir?: string;
  /** Load the extension from this folder as under development (default: the repository). Null: use installed extensions only. */
  extensionDevelopmentPath?: string | null;
  /** Compiled integration suite (its `run()` executes in the extension host). */
  extensionTestsPath?: string;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** User settings written before start. */
  settings?: Record<string, unknown>;
  /** A VSIX to install (offline) into the extensions folder before start. */
  vsix?: string;
  keepDirs?: boolean;
  /** Port to listen on (default: a free one). */
  port?: number;
  /**
   * Run with Workspace Trust on and the folder not trusted (restricted mode, no trust prompt).
   * Default: trust is off, so every folder is trusted.
   */
  untrusted?: boolean;
  /** Where code-server's own output goes (default: kept in memory, printed when start fails). */
  log?: (chunk: string) => void;
}

export interface RunningCodeServer {
  port: number;
  pid: number;
  /** The workbench URL with the folder and the development/test payload. */
  url: string;
  stateDir: string;
  extensionsDir: string;
  output(): string;
  stop(): Promise<void>;
}

export function ensureCodeServer(): string {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'code-server.mjs'), 'install'], { stdio: 'inherit' });
  }
  return CODE_SERVER_ENTRY;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

/** Trust on, and nothing that asks: the folder simply stays in restricted mode. */
const UNTRUSTED_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
};

function remote(port: number, p: string): string {
  return `vscode-remote://127.0.0.1:${port}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
}

export function workbenchUrl(port: number, workspace: string, payload: [string, string][]): string {
  const q = new URLSearchParams({ folder: workspace });
  if (payload.length > 0) q.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<RunningCodeServer> {
  const entry = ensureCodeServer();
  const stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-cs-'));
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  const configFile = path.join(stateDir, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(configFile, 'auth: none\n');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  // A kept profile keeps the user's own changes.
  const trust = opts.untrusted ? UNTRUSTED_SETTINGS : {};
  if (!fs.existsSync(settingsFile) || opts.settings || opts.untrusted) fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...trust, ...opts.settings }, null, 2));

  const env = { ...process.env, ...opts.env };
  if (opts.vsix) {
    execFileSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--config', configFile, '--install-extension', opts.vsix, '--force'], {
      env,
      stdio: 'pipe',
    });
  }

  const port = opts.port ?? (await freePort());
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--config',
      configFile,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      opts.workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const onData = (b: Buffer): void => {
    const text = b.toString('utf8');
    output += text;
    if (output.length > 200_000) output = output.slice(-100_000);
    opts.log?.(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');

  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, 5000);
      await exit;
      clearTimeout(timer);
    }
    if (!opts.keepDirs && !opts.stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, () => exited);
  } catch (e) {
    await stop();
    throw new Error(`code-server did not come up: ${e instanceof Error ? e.message : String(e)}\n${output.slice(-4000)}`);
  }

  const payload: [string, string][] = [];
  const dev = opts.extensionDevelopmentPath === undefined ? REPO_ROOT : opts.extensionDevelopmentPath;
  if (dev) payload.push(['extensionDevelopmentPath', remote(port, dev)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(port, opts.extensionTestsPath)]);
  return { port, pid, url: workbenchUrl(port, opts.workspace, payload), stateDir, extensionsDir, output: () => output, stop };
}

async function waitForHttp(url: string, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('code-server exited');
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}: ${last}`);
}

/** Waits for a file to appear (the integration suite writes its results to one). */
export async function waitForFile(file: string, timeoutMs: number, shouldStop?: () => string | undefined): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      if (text.trim() !== '') return text;
    }
    const reason = shouldStop?.();
    if (reason) throw new Error(reason);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${path.basename(file)} after ${Math.round(timeoutMs / 1000)} s`);
}
