/** Daily volume by ISO week: one row per week, one bar per weekday (sessions; tool calls on hover). */
import { css, html, LitElement } from 'lit';
import type { OverviewSnapshot } from '../../src/protocol/state';
import { formatDay, plural } from '../shared/format';
import { cssProps } from '../shared/css-props';
import { base } from '../shared/theme.styles';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MAX_WEEKS = 12;

/** Monday-based weekday index of a `YYYY-MM-DD` date. */
function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export class DailyVolume extends LitElement {
  static override properties = { weeks: { attribute: false } };

  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: 84px repeat(7, minmax(18px, 1fr)) 96px;
        gap: 3px 4px;
        align-items: end;
      }
      .head {
        font-size: 11px;
        color: var(--aa-muted);
        text-align: center;
      }
      .week {
        font-size: 12px;
        font-variant-numeric: tabular-nums;
        align-self: center;
      }
      .cell {
        height: 30px;
        display: flex;
        align-items: flex-end;
        border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 60%, transparent);
      }
      .bar {
        width: 100%;
        min-height: 2px;
        border-radius: 2px 2px 0 0;
        background: var(--vscode-charts-blue, #3794ff);
      }
      .sum {
        font-size: 11px;
        color: var(--aa-muted);
        text-align: right;
        align-self: center;
        font-variant-numeric: tabular-nums;
      }
      .note {
        margin-top: 6px;
        font-size: 11px;
        color: var(--aa-muted);
      }
    `,
  ];

  weeks: OverviewSnapshot['weeks'] = [];

  override render() {
    if (this.weeks.length === 0) return html`<p class="empty">No dated sessions.</p>`;
    const weeks = this.weeks.slice(-MAX_WEEKS).reverse();
    const max = Math.max(1, ...weeks.flatMap((w) => w.days.map((d) => d.sessions)));
    return html`<div class="grid" role="table" aria-label="Sessions per day, by ISO week">
        <span class="head" role="columnheader">Week</span>
        ${WEEKDAYS.map((d) => html`<span class="head" role="columnheader">${d}</span>`)}
        <span class="head" role="columnheader">Total</span>
        ${weeks.map((w) => {
          const byDay = new Map(w.days.map((d) => [weekday(d.date), d]));
          return html`<span class="week" role="rowheader">${w.week}</span>
            ${WEEKDAYS.map((_, i) => {
              const d = byDay.get(i);
              return html`<span class="cell" role="cell" title=${d ? `${formatDay(d.date)}: ${plural(d.sessions, 'session')}, ${plural(d.toolCalls, 'tool call')}` : ''}>
                ${d ? html`<span class="bar" ${cssProps({ height: `${Math.max(8, (d.sessions / max) * 100)}%` })}></span>` : ''}
              </span>`;
            })}
            <span class="sum" role="cell">${plural(w.sessions, 'session')}</span>`;
        })}
      </div>
      ${this.weeks.length > MAX_WEEKS ? html`<p class="note">Latest ${MAX_WEEKS} of ${this.weeks.length} weeks.</p>` : ''}`;
  }
}

customElements.define('aa-daily-volume', DailyVolume);

declare global {
  interface HTMLElementTagNameMap {
    'aa-daily-volume': DailyVolume;
  }
}
