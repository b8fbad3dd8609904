/**
 * The scopes the workspace declares (`.agent-audit/policy.json`) and the permissions the agents'
 * own settings declare (Claude Code settings files), read on start and again whenever one of those
 * files changes. A policy file with errors is not used: each error becomes a diagnostic on the file
 * itself (line and column), plus one line in the output channel. The files are data, never run, so
 * they are read in untrusted workspaces too.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePolicy, type ClaudeSettings, type Policy, type PolicyError } from '../../core/policy';
import { claudeConfigDirs, loadClaudeSettings, POLICY_FILE } from '../../node/policy';

export interface LoadedWorkspacePolicy {
  policy?: Policy;
  /** The policy file in use (or the first one with errors). */
  file?: string;
  claude: ClaudeSettings[];
}

/** Re-reading waits this long after a change, so a save that touches several files reads them once. */
const SETTLE_MS = 150;

export class WorkspacePolicy implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LoadedWorkspacePolicy>();
  /** Fired after the files were read again. */
  readonly onDidChange = this.changed.event;
  private readonly problems = vscode.languages.createDiagnosticCollection('agentAudit.policy');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.problems];
  private watchers: vscode.Disposable[] = [];
  private timer?: NodeJS.Timeout;
  private lastReported = '';
  private current: LoadedWorkspacePolicy = { claude: [] };

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.start()));
  }

  get loaded(): LoadedWorkspacePolicy {
    return this.current;
  }

  /** Folders whose policy file may be read (local ones). */
  static folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /** Reads the files now and watches them from here on. */
  start(): LoadedWorkspacePolicy {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const folders = WorkspacePolicy.folders();
    for (const folder of folders) {
      // The folders too: a file written right after its new folder is created can come without an event of its own.
      this.watch(new vscode.RelativePattern(vscode.Uri.file(folder), '{.agent-audit,.agent-audit/policy.json,.claude,.claude/settings.json,.claude/settings.local.json}'));
    }
    // The user's own Claude Code settings live outside the workspace.
    for (const dir of claudeConfigDirs(process.env, os.homedir())) this.watch(new vscode.RelativePattern(vscode.Uri.file(dir), 'settings.json'));
    return this.read();
  }

  private watch(pattern: vscode.RelativePattern): void {
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    const again = (): void => this.schedule();
    this.watchers.push(w, w.onDidCreate(again), w.onDidChange(again), w.onDidDelete(again));
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(this.read());
    }, SETTLE_MS);
  }

  /** Reads every policy and settings file again (also the command after creating a policy). */
  reload(): LoadedWorkspacePolicy {
    const loaded = this.read();
    this.changed.fire(loaded);
    return loaded;
  }

  private read(): LoadedWorkspacePolicy {
    const folders = WorkspacePolicy.folders();
    this.problems.clear();
    const report: string[] = [];
    let policy: Policy | undefined;
    let file: string | undefined;
    for (const folder of folders) {
      const candidate = path.join(folder, POLICY_FILE);
      let text: string;
      try {
        text = fs.readFileSync(candidate, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') report.push(`${candidate}: cannot read the policy file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        continue;
      }
      const parsed = parsePolicy(text, candidate);
      if (parsed.errors.length > 0) {
        this.problems.set(vscode.Uri.file(candidate), parsed.errors.map(toDiagnostic));
        report.push(`${candidate}: ${parsed.errors.length} problem(s), the policy is not used until they are fixed (see the Problems panel)`);
        file ??= candidate;
        continue;
      }
      if (policy) {
        report.push(`${candidate}: only one policy is used at a time; this window uses ${file}`);
        continue;
      }
      policy = parsed.policy;
      file = candidate;
    }
    const claude = loadClaudeSettings(folders);
    for (const s of claude) for (const p of s.problems) report.push(`${s.sources.join(', ')}: ${p}`);
    // One line per distinct state, not one per save.
    const summary = [...report, policy ? `${file}:${policy.scopes.length}` : 'none'].join('\n');
    if (summary !== this.lastReported) {
      for (const line of report) this.output.warn(`policy: ${line}`);
      if (policy) this.output.info(`policy: using ${file} (${policy.scopes.length} scope(s))`);
      else if (this.lastReported !== '') this.output.info('policy: no workspace policy in use');
      this.lastReported = summary;
    }
    this.current = { ...(policy ? { policy } : {}), ...(file ? { file } : {}), claude };
    return this.current;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(e: PolicyError): vscode.Diagnostic {
  const at = new vscode.Position(Math.max(0, e.line - 1), Math.max(0, e.column - 1));
  const d = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), e.field ? `${e.field}: ${e.message}` : e.message, vscode.DiagnosticSeverity.Error);
  d.source = 'Agent Audit';
  d.code = 'policy';
  return d;
}
