/**
 * "Executed although out of scope": the calls that ran although no scope allowed them, each with its
 * session, tool, path, rule and reason. The top section of the overview and of the session panel.
 *
 * @fires aa-open-session - a session title was clicked (overview)
 */
import { css, html, LitElement, nothing } from 'lit';
import type { OutOfScopeCallView } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { formatDateTime, formatTime } from '../shared/format';
import { base, dataTable } from '../shared/theme.styles';

export class OutOfScopeList extends LitElement {
  static override properties = { calls: { attribute: false }, showSession: { type: Boolean, attribute: 'show-session' } };

  static override styles = [
    base,
    dataTable,
    css`
      /* Paths and reasons wrap, so rows grow downwards and align at the top. */
      td {
        white-space: normal;
        padding: 5px 8px;
        vertical-align: top;
        font-variant-numeric: normal;
      }
      td.path {
        word-break: break-all;
      }
      td.reason {
        min-width: 200px;
      }
      .rule {
        white-space: nowrap;
      }
    `,
  ];

  calls: OutOfScopeCallView[] = [];
  showSession = false;

  override render() {
    return html`<table>
      <thead>
        <tr>
          ${this.showSession ? html`<th>Session</th>` : nothing}<th>When</th><th>Tool</th><th>Path</th><th>Rule</th><th>Reason</th>
        </tr>
      </thead>
      <tbody>
        ${this.calls.map(
          (c) => html`<tr data-call=${c.toolCallId} data-session=${c.sessionId}>
            ${this.showSession
              ? html`<td><button class="link" @click=${() => fire(this, 'aa-open-session', { sessionId: c.sessionId, agent: c.agent })}>${c.sessionTitle}</button></td>`
              : nothing}
            <td class="muted mono">${this.showSession ? formatDateTime(c.at) : formatTime(c.at)}</td>
            <td><strong>${c.tool}</strong></td>
            <td class="path mono" title=${c.args}>${c.path ?? c.args}</td>
            <td class="rule mono">${[c.policyId, c.ruleId].filter(Boolean).join(' ') || '—'}</td>
            <td class="reason">${c.reason}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

customElements.define('aa-out-of-scope-list', OutOfScopeList);

declare global {
  interface HTMLElementTagNameMap {
    'aa-out-of-scope-list': OutOfScopeList;
  }
}
