/**
 * The category x outcome matrix, the audit's central table. Each non-empty cell is a button that
 * filters the Sessions tree to those sessions; shading grows with the count.
 *
 * @fires aa-filter - `{ category, outcome }` of the clicked cell
 */
import { css, html, LitElement } from 'lit';
import { CATEGORY_LABELS, OUTCOME_DESCRIPTIONS, OUTCOME_LABELS } from '../../src/protocol/labels';
import type { Category, OverviewSnapshot, Outcome } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { cssProps } from '../shared/css-props';
import { base, outcomeColors } from '../shared/theme.styles';

export class OutcomeMatrix extends LitElement {
  static override properties = {
    matrix: { attribute: false },
    selected: { attribute: false },
  };

  static override styles = [
    base,
    outcomeColors,
    css`
      :host {
        display: block;
        overflow-x: auto;
      }
      table {
        border-collapse: separate;
        border-spacing: 3px;
        width: 100%;
      }
      th {
        font-weight: 600;
        font-size: 12px;
        padding: 4px 8px;
        text-align: center;
        white-space: nowrap;
      }
      th.row {
        text-align: left;
      }
      thead th span {
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--aa-outcome);
        margin-right: 6px;
      }
      td {
        padding: 0;
      }
      td button {
        width: 100%;
        min-width: 56px;
        height: 34px;
        font: inherit;
        font-variant-numeric: tabular-nums;
        font-weight: 600;
        border: 1px solid transparent;
        border-radius: var(--aa-radius);
        color: var(--vscode-foreground);
        background: color-mix(in srgb, var(--vscode-charts-blue, #3794ff) var(--aa-heat), transparent);
        cursor: pointer;
      }
      td button:hover {
        border-color: var(--aa-focus);
      }
      td button.on {
        outline: 2px solid var(--aa-focus);
        outline-offset: 1px;
      }
      td .zero {
        display: grid;
        place-items: center;
        height: 34px;
        color: var(--aa-muted);
        opacity: 0.5;
        border-radius: var(--aa-radius);
        border: 1px dashed color-mix(in srgb, var(--aa-border) 60%, transparent);
      }
      td.total,
      th.total {
        color: var(--aa-muted);
        text-align: center;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  matrix?: OverviewSnapshot['matrix'];
  selected?: OverviewSnapshot['filter'];

  override render() {
    const m = this.matrix;
    if (!m) return html``;
    const max = Math.max(1, ...m.categories.flatMap((c) => m.outcomes.map((o) => m.cells[c]?.[o] ?? 0)));
    const rowTotal = (c: Category): number => m.outcomes.reduce((n, o) => n + (m.cells[c]?.[o] ?? 0), 0);
    const rows = m.categories.filter((c) => rowTotal(c) > 0);
    if (rows.length === 0) return html`<p class="empty">No sessions yet.</p>`;
    return html`<table aria-label="Sessions by category and outcome">
      <thead>
        <tr>
          <th class="row" scope="col">Category</th>
          ${m.outcomes.map((o) => html`<th scope="col" class="outcome-${o}" title=${OUTCOME_DESCRIPTIONS[o]}><span></span>${OUTCOME_LABELS[o]}</th>`)}
          <th class="total" scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (c) => html`<tr>
            <th class="row" scope="row">${CATEGORY_LABELS[c]}</th>
            ${m.outcomes.map((o) => this.cell(c, o, m.cells[c]?.[o] ?? 0, max))}
            <td class="total">${rowTotal(c)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private cell(category: Category, outcome: Outcome, n: number, max: number) {
    if (n === 0) return html`<td><div class="zero" aria-label="none">·</div></td>`;
    const heat = `${Math.round(16 + (n / max) * 44)}%`;
    const on = this.selected?.category === category && this.selected?.outcome === outcome;
    return html`<td>
      <button
        class=${on ? 'on' : ''}
        data-category=${category}
        data-outcome=${outcome}
        ${cssProps({ '--aa-heat': heat })}
        aria-pressed=${on ? 'true' : 'false'}
        aria-label=${`${n} ${CATEGORY_LABELS[category]} sessions, ${OUTCOME_LABELS[outcome]}: show them in the Sessions view`}
        title="Show these sessions in the Sessions view"
        @click=${() => fire(this, 'aa-filter', { category, outcome })}
      >
        ${n}
      </button>
    </td>`;
  }
}

customElements.define('aa-outcome-matrix', OutcomeMatrix);

declare global {
  interface HTMLElementTagNameMap {
    'aa-outcome-matrix': OutcomeMatrix;
  }
}
