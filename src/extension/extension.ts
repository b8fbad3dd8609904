/** Agent Audit for VS Code: wires the log index, the Sessions view, the panels and the commands. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Session } from '../core/model';
import { OVERVIEW_PANEL_TYPE, SESSION_PANEL_TYPE } from '../protocol/messages';
import type { OverviewSnapshot, SessionSnapshot } from '../protocol/state';
import { AuditService } from './auditService';
import type { LoadResult } from './indexer/indexProtocol';
import { COMMANDS, registerCommands } from './commands';
import { setSettingsLog } from './config';
import { exportSession } from './export';
import type { SessionFilter } from './filter';
import { OverviewPanel } from './panels/overviewPanel';
import { SessionPanels } from './panels/sessionPanels';
import { OutOfScopeDiagnostics } from './policy/outOfScopeDiagnostics';
import { WorkspacePolicy } from './policy/workspacePolicy';
import { LiveStatus, OutOfScopeStatus } from './statusBar';
import { sessionsTouching } from './touchingFile';
import { DeniedCallsDecorations, type GroupMode, SessionsTreeProvider, type TreeNode, type TreeNodeSnapshot } from './tree/sessionsTree';

/** What activate() returns: used by the integration tests, stable enough for other extensions. */
export interface AgentAuditApi {
  /** Resolves once the first read of the logs is done. */
  ready: Promise<void>;
  /** Resolves when every file change seen so far has been read. */
  whenIdle(): Promise<void>;
  sessions(): Session[];
  tree(): TreeNodeSnapshot[];
  groupMode(): GroupMode;
  filter(): SessionFilter;
  liveText(): string;
  openSessionPanels(): string[];
  sessionPanelSnapshot(key: string): SessionSnapshot | undefined;
  overviewSnapshot(): OverviewSnapshot | undefined;
  sessionsTouching(fsPath: string): string[];
  watchedRoots(): string[];
  /** Watcher batches read so far (bursts of appends are coalesced into few). */
  batchesRead(): number;
  /** Log files listed in the output channel for problems (unreadable, unrecognised, malformed). */
  reportedFiles(): string[];
  /** Delivers a message as if the session panel with this key had posted it; true when acted on (tests). */
  deliverToSessionPanel(key: string, message: unknown): Promise<boolean>;
  /** The page and resource roots of the session panel with this key (tests). */
  sessionPanelWebview(key: string): { html: string; localResourceRoots: string[] } | undefined;
  /** What the last (re)load of the logs found, the index cache's share included. */
  lastLoad(): LoadResult | undefined;
  /** Restarts the index worker from the persisted index, as a window reload would. */
  restartIndex(): Promise<void>;
  /** The status bar's out-of-scope count ('' when there is none). */
  outOfScopeText(): string;
}

let running: AuditService | undefined;

export function activate(context: vscode.ExtensionContext): AgentAuditApi {
  const output = vscode.window.createOutputChannel('Agent Audit', { log: true });
  setSettingsLog((line) => output.warn(line));
  const service = new AuditService(output, {
    extensionPath: context.extensionUri.fsPath,
    storagePath: context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined,
    version: String((context.extension.packageJSON as { version?: unknown }).version ?? '0'),
  });
  running = service;
  const policy = new WorkspacePolicy(output);
  const judgeWith = (loaded: WorkspacePolicy['loaded']): void =>
    service.setPolicy({ ...(loaded.policy ? { policy: loaded.policy } : {}), claude: loaded.claude, home: os.homedir() });
  judgeWith(policy.start());
  policy.onDidChange(judgeWith);
  const tree = new SessionsTreeProvider(service, context.workspaceState);
  const view = vscode.window.createTreeView<TreeNode>('agentAudit.sessions', { treeDataProvider: tree, showCollapseAll: true });
  tree.view = view;

  const setFilter = (filter: SessionFilter): void => {
    service.setFilter(filter);
    if (Object.keys(filter).length > 0) void vscode.commands.executeCommand('agentAudit.sessions.focus');
  };
  const sessionPanels: SessionPanels = new SessionPanels(service, context.extensionUri, {
    openSession: (key) => void vscode.commands.executeCommand(COMMANDS.openSession, key),
    exportSession: async (key) => {
      const s = service.sessionByKey(key);
      if (s) await exportSession(service, s);
    },
    log: (line) => output.warn(line),
  });
  const overview = new OverviewPanel(
    service,
    context.extensionUri,
    setFilter,
    (key) => void vscode.commands.executeCommand(COMMANDS.openSession, key),
    (line) => output.warn(line),
    () => {
      const loaded = policy.loaded;
      return {
        scopesDeclared: (loaded.policy?.scopes.length ?? 0) > 0,
        ...(!loaded.policy && loaded.file ? { problem: `${loaded.file} has errors (see the Problems panel): it is not used until they are fixed.` } : {}),
      };
    },
    () => void vscode.commands.executeCommand(COMMANDS.createPolicy),
  );
  const status = new LiveStatus(service);
  const outOfScopeStatus = new OutOfScopeStatus(service);
  const diagnostics = new OutOfScopeDiagnostics(service);
  const decorations = new DeniedCallsDecorations(service);

  context.subscriptions.push(
    output,
    service,
    policy,
    outOfScopeStatus,
    diagnostics,
    tree,
    view,
    sessionPanels,
    overview,
    status,
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    vscode.window.registerWebviewPanelSerializer(SESSION_PANEL_TYPE, sessionPanels),
    vscode.window.registerWebviewPanelSerializer(OVERVIEW_PANEL_TYPE, overview),
    ...registerCommands({ service, tree, sessionPanels, overview, policy, setFilter }),
    // Trusting the folder lets its restricted settings (log globs, capability rules) apply.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void service.refresh()),
  );
  void vscode.commands.executeCommand('setContext', 'agentAudit.filtered', false);

  const ready = service.start().catch((e: unknown) => {
    output.error(`could not read the agent logs: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  });

  return {
    ready,
    whenIdle: () => service.whenIdle(),
    sessions: () => service.sessions(),
    tree: () => tree.snapshot(),
    groupMode: () => tree.mode,
    filter: () => service.filter,
    liveText: () => status.text,
    openSessionPanels: () => sessionPanels.openKeys(),
    sessionPanelSnapshot: (key) => sessionPanels.lastSnapshot(key),
    overviewSnapshot: () => overview.snapshot,
    sessionsTouching: (fsPath) => sessionsTouching(service, fsPath).map((h) => `${h.session.agent}\u0000${h.session.id}`),
    watchedRoots: () => service.watchedRoots.map((r) => r.path),
    batchesRead: () => service.batchesRead,
    reportedFiles: () => service.reportedFiles(),
    deliverToSessionPanel: (key, message) => sessionPanels.deliver(key, message),
    sessionPanelWebview: (key) => sessionPanels.webviewOf(key),
    lastLoad: () => service.lastLoad,
    restartIndex: () => service.restartIndex(),
    outOfScopeText: () => outOfScopeStatus.text,
  };
}

/** Lets the index worker write the index before the host goes; the rest is disposed through the context's subscriptions. */
export function deactivate(): Promise<void> | undefined {
  const service = running;
  running = undefined;
  return service?.shutdown();
}
