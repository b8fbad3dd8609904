/**
 * The root of every panel: keeps the latest snapshot from the host, the UI state the page
 * persists across reloads, and turns the components' events into host messages.
 *
 * @fires nothing: talks to the host only.
 */
import { css, html, LitElement, nothing } from 'lit';
import { isPanelUiState } from '../../src/protocol/messages';
import { applySessionPatch } from '../../src/protocol/sessionPatch';
import type { PanelSnapshot, PanelUiState, SessionRowsPage, SessionUiState } from '../../src/protocol/state';
import { initialState, onHostMessage, post, savedUiState, saveUiState } from '../host/host';
import '../overview-view/overview-view';
import '../session-view/session-view';
import type { RequestRowsDetail } from '../session-table/session-table';
import type { FilterDetail, OpenFileDetail } from '../shared/events';

export class AgentAuditApp extends LitElement {
  static override properties = {
    snapshot: { state: true },
    ui: { state: true },
    rowsReply: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
  `;

  snapshot?: PanelSnapshot;
  ui?: PanelUiState;
  rowsReply?: SessionRowsPage;

  constructor() {
    super();
    const initial = initialState();
    this.snapshot = initial.snapshot;
    const saved = savedUiState();
    // UI state the page saved wins over the host's (it knows what the user last clicked).
    this.ui = isPanelUiState(saved) ? saved : initial.ui;
    if (this.ui) saveUiState(this.ui);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    onHostMessage((m) => {
      if (m.type === 'snapshot') this.snapshot = m.snapshot;
      else if (m.type === 'sessionRows') this.rowsReply = m.page;
      else if (m.type === 'sessionPatch') {
        const patched = applySessionPatch(this.snapshot?.kind === 'session' ? this.snapshot : undefined, m);
        // A patch that does not fit what the page shows: start over from a complete snapshot.
        if (patched) this.snapshot = patched;
        else post({ type: 'ready' });
      }
    });
    this.addEventListener('aa-request-rows', (e) => {
      const d = (e as CustomEvent<RequestRowsDetail>).detail;
      post({ type: 'sessionRows', offset: d.offset, count: d.count });
    });
    this.addEventListener('aa-open-file', (e) => {
      const d = (e as CustomEvent<OpenFileDetail>).detail;
      post({ type: 'openFile', path: d.path, ...(d.line ? { line: d.line } : {}), ...(d.endLine ? { endLine: d.endLine } : {}) });
    });
    this.addEventListener('aa-reveal-source', (e) => {
      const d = (e as CustomEvent<{ path: string; line?: number }>).detail;
      post({ type: 'revealSource', path: d.path, ...(d.line ? { line: d.line } : {}) });
    });
    this.addEventListener('aa-open-session', (e) => {
      const d = (e as CustomEvent<{ sessionId: string; agent?: string }>).detail;
      post({ type: 'openSession', sessionId: d.sessionId, ...(d.agent ? { agent: d.agent } : {}) });
    });
    this.addEventListener('aa-export-session', (e) => {
      const d = (e as CustomEvent<{ sessionId: string; agent?: string }>).detail;
      post({ type: 'exportSession', sessionId: d.sessionId, ...(d.agent ? { agent: d.agent } : {}) });
    });
    this.addEventListener('aa-create-policy', () => post({ type: 'createPolicy' }));
    this.addEventListener('aa-filter', (e) => {
      const d = (e as CustomEvent<FilterDetail>).detail;
      post({ type: 'filterTree', ...d });
    });
    this.addEventListener('aa-ui-state', (e) => {
      const patch = (e as CustomEvent<Partial<SessionUiState>>).detail;
      if (this.ui?.kind !== 'session') return;
      this.ui = { ...this.ui, ...patch };
      saveUiState(this.ui);
    });
    post({ type: 'ready' });
  }

  override render() {
    const s = this.snapshot;
    if (!s) return html`<p class="loading">Loading…</p>`;
    if (s.kind === 'overview') return html`<aa-overview-view .snapshot=${s} .rowsReply=${this.rowsReply}></aa-overview-view>`;
    const ui = this.ui?.kind === 'session' ? this.ui : undefined;
    return html`<aa-session-view
      .snapshot=${s}
      .selectedCapability=${ui?.selectedCapability}
      .statusFilter=${ui?.statusFilter ?? 'all'}
    ></aa-session-view>${nothing}`;
  }
}

customElements.define('agent-audit-app', AgentAuditApp);

declare global {
  interface HTMLElementTagNameMap {
    'agent-audit-app': AgentAuditApp;
  }
}
