/** The overview panel (one per window): host side. */
import * as vscode from 'vscode';
import { AGENTS } from '../../core/model';
import { OVERVIEW_PANEL_TYPE } from '../../protocol/messages';
import type { OverviewSnapshot } from '../../protocol/state';
import type { AuditService } from '../auditService';
import type { SessionFilter } from '../filter';
import { keyOf } from '../indexer/sessionIndex';
import { FIRST_PAGE, SessionRowList } from './sessionRows';
import { acceptWebviewMessage } from './messageGuard';
import { assembleOverview } from './snapshots';
import { panelHtml, webviewOptions } from './webviewHtml';

/**
 * The numbers come from the index worker (aggregating a long history takes it a second or more,
 * which this thread never waits out): one computation at a time, and one more if anything changed
 * meanwhile. A panel out of sight is brought up to date when it is shown again.
 */
export class OverviewPanel implements vscode.WebviewPanelSerializer<unknown>, vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  /** The page was written (with its first snapshot). */
  private shown = false;
  private lastSent?: string;
  private lastSnapshot?: OverviewSnapshot;
  private computing = false;
  /** Something changed while computing: compute again (`force`: send even an unchanged snapshot). */
  private pending?: { force: boolean };
  private readonly rows = new SessionRowList();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: AuditService,
    private readonly extensionUri: vscode.Uri,
    private readonly filterTree: (filter: SessionFilter) => void,
    private readonly openSession: (key: string) => void,
    private readonly log: (line: string) => void = () => undefined,
    private readonly policyStatus: () => { scopesDeclared: boolean; problem?: string } = () => ({ scopesDeclared: false }),
    private readonly createPolicy: () => void = () => undefined,
  ) {
    this.subscription = service.onDidChange(() => this.post(false));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get snapshot(): OverviewSnapshot | undefined {
    return this.lastSnapshot;
  }

  open(): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      return;
    }
    this.attach(vscode.window.createWebviewPanel(OVERVIEW_PANEL_TYPE, 'Agent Audit Overview', vscode.ViewColumn.Active, webviewOptions(this.extensionUri)));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    await this.service.ready;
    panel.webview.options = webviewOptions(this.extensionUri);
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.shown = false;
    this.lastSent = undefined;
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'overview-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'overview-dark.svg'),
    };
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m));
    panel.onDidChangeViewState(() => {
      if (panel.visible) this.post(false);
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    // The page is written with its first snapshot, once the worker has it.
    this.post(false);
  }

  private async compute(): Promise<OverviewSnapshot> {
    const f = this.service.filter;
    const filter =
      f.categories?.length === 1 || f.outcomes?.length === 1
        ? { ...(f.categories?.length === 1 ? { category: f.categories[0] } : {}), ...(f.outcomes?.length === 1 ? { outcome: f.outcomes[0] } : {}) }
        : undefined;
    const { numbers, rows } = await this.service.overview();
    this.rows.set(rows);
    return assembleOverview(numbers, {
      scope: this.service.scopeLabel,
      sessions: this.rows.page(0, FIRST_PAGE),
      ...(filter ? { filter } : {}),
      policy: this.policyStatus(),
    });
  }

  private post(force: boolean): void {
    if (this.computing) {
      this.pending = { force: force || this.pending?.force === true };
      return;
    }
    const panel = this.panel;
    if (!panel?.visible) {
      this.lastSent = undefined;
      return;
    }
    this.computing = true;
    void this.compute()
      .then((snapshot) => this.show(panel, snapshot, force))
      .catch((e: unknown) => this.log(`overview not updated: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.computing = false;
        const again = this.pending;
        this.pending = undefined;
        if (again) this.post(again.force);
      });
  }

  private show(panel: vscode.WebviewPanel, snapshot: OverviewSnapshot, force: boolean): void {
    if (this.panel !== panel) return;
    const body = comparable(snapshot);
    this.lastSnapshot = snapshot;
    if (!this.shown) {
      this.shown = true;
      this.lastSent = body;
      panel.webview.html = panelHtml(panel.webview, this.extensionUri, { snapshot, ui: { kind: 'overview' } }, panel.title);
      return;
    }
    if (!force && body === this.lastSent) return;
    this.lastSent = body;
    void panel.webview.postMessage({ type: 'snapshot', snapshot });
  }

  private receive(raw: unknown): void {
    const message = acceptWebviewMessage(raw, 'overview panel', this.log);
    if (!message) return;
    if (message.type === 'ready') {
      this.post(true);
    } else if (message.type === 'filterTree') {
      const filter: SessionFilter = {};
      if (message.category) filter.categories = [message.category];
      if (message.outcome) filter.outcomes = [message.outcome];
      const agent = AGENTS.find((a) => a === message.agent);
      if (agent) filter.agents = [agent];
      if (message.model) filter.models = [message.model];
      this.filterTree(filter);
    } else if (message.type === 'sessionRows') {
      void this.panel?.webview.postMessage({ type: 'sessionRows', page: this.rows.page(message.offset, message.count) });
    } else if (message.type === 'createPolicy') {
      this.createPolicy();
    } else if (message.type === 'openSession') {
      const target = this.service.session(message.sessionId, message.agent);
      if (target) this.openSession(keyOf(target));
    } else {
      this.log(`ignored a '${message.type}' message, which the overview panel does not take`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}

/** The snapshot without its timestamp, to tell whether anything shown changed (the rows' version covers the whole list). */
function comparable(s: OverviewSnapshot): string {
  return JSON.stringify({ ...s, updatedAt: '' });
}
