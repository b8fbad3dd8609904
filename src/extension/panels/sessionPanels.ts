/**
 * Session panels (one per session): host side. Sends a snapshot when the session changes and the
 * panel is visible (only the new tail of the calls when a live session grew); a hidden panel gets
 * a complete one when it shows again (it asks with `ready`). Everything the page sends is checked against the protocol's guards and against what
 * the panel shows.
 */
import * as vscode from 'vscode';
import type { Session } from '../../core/model';
import { isPanelUiState, SESSION_PANEL_TYPE } from '../../protocol/messages';
import type { SessionSnapshot, SessionUiState } from '../../protocol/state';
import type { AuditService } from '../auditService';
import { keyOf } from '../indexer/sessionIndex';
import { displayText } from '../displayText';
import { acceptWebviewMessage } from './messageGuard';
import { openFileAt } from './openers';
import { SessionUpdates } from './sessionUpdates';
import { rawPath, sessionSnapshot } from './snapshots';
import { panelHtml, webviewOptions } from './webviewHtml';

export interface SessionPanelActions {
  openSession(key: string): void;
  exportSession(key: string): Promise<void>;
  /** One line in the output channel (messages the panel sent that were ignored). */
  log?(line: string): void;
}

interface OpenPanel {
  panel: vscode.WebviewPanel;
  key: string;
  sessionId: string;
  agent?: string;
  /** What the page was last sent (to skip identical snapshots and patch grown ones). */
  sent: SessionUpdates;
  snapshot?: SessionSnapshot;
}

export class SessionPanels implements vscode.WebviewPanelSerializer<unknown>, vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: AuditService,
    private readonly extensionUri: vscode.Uri,
    private readonly actions: SessionPanelActions,
  ) {
    this.subscription = service.onDidChange(() => this.update());
  }

  /** Keys of the open panels (tests). */
  openKeys(): string[] {
    return [...this.panels.keys()];
  }

  /** The snapshot a panel last received (tests). */
  lastSnapshot(key: string): SessionSnapshot | undefined {
    return this.panels.get(key)?.snapshot;
  }

  open(session: Session): void {
    const key = keyOf(session);
    const known = this.panels.get(key);
    if (known) {
      known.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(SESSION_PANEL_TYPE, panelTitle(session), vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attach(panel, { kind: 'session', sessionId: session.id, agent: session.agent });
  }

  /** Restores a panel after a reload from the UI state the page saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    await this.service.ready;
    const ui: SessionUiState = isPanelUiState(state) && state.kind === 'session' ? state : { kind: 'session', sessionId: '' };
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, ui);
  }

  private attach(panel: vscode.WebviewPanel, ui: SessionUiState): void {
    const session = ui.sessionId ? this.service.session(ui.sessionId, ui.agent) : undefined;
    const key = session ? keyOf(session) : `${ui.agent ?? ''}\u0000${ui.sessionId}`;
    const open: OpenPanel = { panel, key, sessionId: ui.sessionId, ...(ui.agent ? { agent: ui.agent } : {}), sent: new SessionUpdates() };
    this.panels.set(key, open);
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'session-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'session-dark.svg'),
    };
    if (session) panel.title = panelTitle(session);
    const snapshot = this.snapshotFor(open);
    open.snapshot = snapshot;
    // Embedded in the page for its first paint: as good as sent.
    open.sent.prepare(snapshot).send();
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, { snapshot, ui }, panel.title);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(open, m));
    panel.onDidChangeViewState(() => {
      if (panel.visible) this.post(open, false);
    });
    panel.onDidDispose(() => {
      if (this.panels.get(key) === open) this.panels.delete(key);
    });
  }

  private snapshotFor(open: OpenPanel): SessionSnapshot {
    const session = this.service.session(open.sessionId, open.agent);
    return { ...sessionSnapshot(open.sessionId, session, this.service.classifier), ...(open.agent ? { agent: open.agent } : {}) };
  }

  private update(): void {
    for (const open of this.panels.values()) this.post(open, false);
  }

  private post(open: OpenPanel, force: boolean): void {
    const snapshot = this.snapshotFor(open);
    // `ready` means the page starts from nothing: it needs everything.
    if (force) open.sent.forget();
    const update = open.sent.prepare(snapshot);
    if (!force && update.unchanged) return;
    open.snapshot = snapshot;
    // A hidden page cannot take messages: it asks for the complete snapshot with `ready` when shown.
    if (!open.panel.visible) {
      open.sent.forget();
      return;
    }
    if (snapshot.session) open.panel.title = panelTitle(snapshot.session);
    void open.panel.webview.postMessage(update.send());
  }

  /** Handles what a panel posted; true when it was acted on. */
  private async receive(open: OpenPanel, message: unknown): Promise<boolean> {
    const log = (line: string): void => this.actions.log?.(line);
    const m = acceptWebviewMessage(message, 'session panel', log);
    if (!m) return false;
    const shown = open.snapshot?.session;
    const session = this.service.session(open.sessionId, open.agent);
    switch (m.type) {
      case 'ready':
        this.post(open, true);
        return true;
      case 'openFile': {
        // Only files this session touched, shown in the panel; openFileAt opens local paths only.
        const file = shown?.files.find((f) => f.path === m.path);
        const path = file && session ? rawPath(session, file.path, 'file') : undefined;
        if (!path) {
          log('ignored a request to open a file the session panel does not show');
          return false;
        }
        return openFileAt(path, m.line, m.endLine);
      }
      case 'revealSource': {
        const path = shown?.sources.includes(m.path) && session ? rawPath(session, m.path, 'source') : undefined;
        if (!path) {
          log('ignored a request to open a log the session panel does not show');
          return false;
        }
        return openFileAt(path, m.line);
      }
      case 'openSession': {
        const target = this.service.session(m.sessionId, m.agent);
        if (target) this.actions.openSession(keyOf(target));
        return target !== undefined;
      }
      case 'exportSession': {
        const target = this.service.session(m.sessionId, m.agent);
        if (target) await this.actions.exportSession(keyOf(target));
        return target !== undefined;
      }
      default:
        log(`ignored a '${m.type}' message, which the session panel does not take`);
        return false;
    }
  }

  /** The page and resource roots a panel was given (tests). */
  webviewOf(key: string): { html: string; localResourceRoots: string[] } | undefined {
    const w = this.panels.get(key)?.panel.webview;
    return w ? { html: w.html, localResourceRoots: (w.options.localResourceRoots ?? []).map((u) => u.toString()) } : undefined;
  }

  /** Delivers a message as if the panel of this session had posted it (tests). */
  deliver(key: string, message: unknown): Promise<boolean> {
    const open = this.panels.get(key);
    return open ? this.receive(open, message) : Promise.resolve(false);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const p of this.panels.values()) p.panel.dispose();
    this.panels.clear();
  }
}

function panelTitle(s: { title?: string; id: string }): string {
  const t = displayText(s.title ?? '').replace(/\s+/g, ' ').trim();
  return t ? (t.length > 40 ? `${t.slice(0, 39)}…` : t) : `Session ${s.id.slice(0, 8)}`;
}
