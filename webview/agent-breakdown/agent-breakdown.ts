/**
 * Sessions per agent with their outcome mix as a stacked bar.
 *
 * @fires aa-filter - `{ agent }` when an agent's name is clicked
 */
import { css, html, LitElement } from 'lit';
import { OUTCOME_LABELS } from '../../src/protocol/labels';
import type { AgentRow, Outcome } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { cssProps } from '../shared/css-props';
import { base, dataTable, outcomeColors } from '../shared/theme.styles';

const ORDER: Outcome[] = ['productive', 'in-progress', 'noop', 'abandoned', 'blocked', 'failed'];

export class AgentBreakdown extends LitElement {
  static override properties = { agents: { attribute: false } };

  static override styles = [
    base,
    dataTable,
    outcomeColors,
    css`
      td.num,
      th.num {
        text-align: right;
      }
      .bad {
        color: var(--aa-error);
        font-weight: 600;
      }
      .bar {
        display: flex;
        height: 10px;
        border-radius: 5px;
        overflow: hidden;
        min-width: 120px;
        background: color-mix(in srgb, var(--aa-border) 40%, transparent);
      }
      .bar span {
        background: var(--aa-outcome);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        margin-top: 8px;
        font-size: 11px;
        color: var(--aa-muted);
      }
      .legend i {
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--aa-outcome);
        margin-right: 4px;
      }
    `,
  ];

  agents: AgentRow[] = [];

  override render() {
    if (this.agents.length === 0) return html`<p class="empty">No sessions yet.</p>`;
    return html`<table>
        <thead>
          <tr>
            <th>Agent</th>
            <th class="num">Sessions</th>
            <th class="num">Tool calls</th>
            <th class="num">Denied</th>
            <th class="num">Failed</th>
            <th>Outcomes</th>
          </tr>
        </thead>
        <tbody>
          ${this.agents.map(
            (a) => html`<tr>
              <td><button class="link" title="Show this agent's sessions in the Sessions view" @click=${() => fire(this, 'aa-filter', { agent: a.agent })}>${a.label}</button></td>
              <td class="num">${a.sessions}</td>
              <td class="num">${a.toolCalls}</td>
              <td class="num ${a.denied ? 'bad' : ''}">${a.denied}</td>
              <td class="num">${a.failed}</td>
              <td>
                <div class="bar" role="img" aria-label=${ORDER.filter((o) => a.outcomes[o]).map((o) => `${a.outcomes[o]} ${OUTCOME_LABELS[o]}`).join(', ')}>
                  ${ORDER.filter((o) => a.outcomes[o]).map(
                    (o) => html`<span class="outcome-${o}" title=${`${OUTCOME_LABELS[o]}: ${a.outcomes[o]}`} ${cssProps({ flex: String(a.outcomes[o]) })}></span>`,
                  )}
                </div>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="legend">${ORDER.map((o) => html`<span class="outcome-${o}"><i></i>${OUTCOME_LABELS[o]}</span>`)}</div>`;
  }
}

customElements.define('aa-agent-breakdown', AgentBreakdown);

declare global {
  interface HTMLElementTagNameMap {
    'aa-agent-breakdown': AgentBreakdown;
  }
}
