/**
 * The model dimension: sessions and tool calls per model.
 *
 * @fires aa-filter - `{ model }` when a model is clicked
 */
import { css, html, LitElement } from 'lit';
import { agentLabel } from '../../src/protocol/labels';
import type { OverviewSnapshot } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { cssProps } from '../shared/css-props';
import { base, dataTable } from '../shared/theme.styles';

export class ModelTable extends LitElement {
  static override properties = { models: { attribute: false } };

  static override styles = [
    base,
    dataTable,
    css`
      .num {
        text-align: right;
      }
      .share {
        width: 30%;
      }
      .share div {
        height: 6px;
        border-radius: 3px;
        background: var(--vscode-charts-purple, #b180d7);
      }
    `,
  ];

  models: OverviewSnapshot['models'] = [];

  override render() {
    if (this.models.length === 0) return html`<p class="empty">No models recorded.</p>`;
    const max = Math.max(1, ...this.models.map((m) => m.sessions));
    return html`<table>
      <thead>
        <tr><th>Model</th><th>Agents</th><th class="num">Sessions</th><th class="num">Tool calls</th><th class="share"><span class="visually-hidden">Share</span></th></tr>
      </thead>
      <tbody>
        ${this.models.map(
          (m) => html`<tr>
            <td class="mono">
              ${m.model === '(unknown)'
                ? html`<span class="muted">unknown</span>`
                : html`<button class="link mono" title="Show this model's sessions in the Sessions view" @click=${() => fire(this, 'aa-filter', { model: m.model })}>${m.model}</button>`}
            </td>
            <td>${m.agents.map(agentLabel).join(', ')}</td>
            <td class="num">${m.sessions}</td>
            <td class="num">${m.toolCalls}</td>
            <td class="share"><div ${cssProps({ width: `${(m.sessions / max) * 100}%` })}></div></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

customElements.define('aa-model-table', ModelTable);

declare global {
  interface HTMLElementTagNameMap {
    'aa-model-table': ModelTable;
  }
}
