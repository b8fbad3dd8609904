/**
 * What could not be read or understood in a session's log, so an empty column is never mistaken
 * for "nothing happened". A table of fixed columns whose rows are virtual (only those near the
 * viewport are in the DOM): a damaged log can have thousands of gaps.
 *
 * @fires aa-reveal-source - `{ path, line }` when a gap's location is clicked
 */
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { css, html, LitElement } from 'lit';
import type { Gap } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { listKeyNavigation } from '../shared/list-keys';
import { base, columnHeading } from '../shared/theme.styles';

const GAP_LABELS: Record<string, string> = {
  'malformed-line': 'Malformed line',
  'partial-line': 'Unfinished last line',
  'unknown-record': 'Unknown record type',
  'unknown-tool': 'Unknown tool',
  'missing-result': 'Call without result',
  'guessed-timezone': 'Guessed time zone',
  'oversized-record': 'Oversized record skipped',
  unreadable: 'Unreadable',
  'unrecognized-file': 'Unrecognised file',
  'schema-drift': 'Unexpected field types',
};

export class GapList extends LitElement {
  static override properties = { gaps: { attribute: false } };

  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .row {
        /* Fixed columns: each virtual row is laid out on its own, so widths cannot depend on content. */
        display: grid;
        grid-template-columns: minmax(90px, 1fr) minmax(0, 2fr) 52px 64px;
        width: 100%;
      }
      .th {
        ${columnHeading}
        padding: 2px 6px;
      }
      .td {
        padding: 4px 6px;
        min-width: 0;
        border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 50%, transparent);
      }
      .count {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .detail {
        word-break: break-word;
      }
      .ok {
        color: var(--aa-ok);
      }
    `,
  ];

  gaps: Gap[] = [];

  override render() {
    if (this.gaps.length === 0) return html`<p class="ok">Every record in this session's log was understood.</p>`;
    return html`<div role="table" aria-label="Gaps" aria-rowcount=${this.gaps.length + 1}>
      <div class="row" role="row" aria-rowindex="1">
        <span class="th" role="columnheader">Kind</span><span class="th" role="columnheader">Detail</span
        ><span class="th count" role="columnheader">Count</span><span class="th" role="columnheader">Where</span>
      </div>
      <div role="rowgroup" @keydown=${listKeyNavigation('.row', 'button', this.gaps.length)}>
        ${virtualize({ items: this.gaps, renderItem: (g: Gap, i: number) => this.row(g, i) })}
      </div>
    </div>`;
  }

  private row(g: Gap, index: number) {
    return html`<div class="row" role="row" tabindex="-1" data-gap=${g.kind} data-index=${index} aria-rowindex=${index + 2}>
      <span class="td" role="cell">${GAP_LABELS[g.kind] ?? g.kind}</span>
      <span class="td detail mono" role="cell">${g.detail}</span>
      <span class="td count" role="cell">${g.count}</span>
      <span class="td" role="cell">
        ${g.source
          ? html`<button class="link" title=${g.source} @click=${() => fire(this, 'aa-reveal-source', { path: g.source, line: g.line })}>
              ${g.line ? `line ${g.line}` : 'log'}
            </button>`
          : ''}
      </span>
    </div>`;
  }
}

customElements.define('aa-gap-list', GapList);

declare global {
  interface HTMLElementTagNameMap {
    'aa-gap-list': GapList;
  }
}
