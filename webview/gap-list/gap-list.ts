/**
 * What could not be read or understood in a session's log, so an empty column is never mistaken
 * for "nothing happened".
 *
 * @fires aa-reveal-source - `{ path, line }` when a gap's location is clicked
 */
import { css, html, LitElement } from 'lit';
import type { Gap } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { base } from '../shared/theme.styles';

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
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th {
        text-align: left;
        font-weight: 600;
        font-size: 11px;
        color: var(--aa-muted);
        padding: 2px 6px;
        border-bottom: 1px solid var(--aa-border);
      }
      td {
        padding: 4px 6px;
        vertical-align: top;
        border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 50%, transparent);
      }
      td.count {
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
    return html`<table>
      <thead>
        <tr><th>Kind</th><th>Detail</th><th>Count</th><th>Where</th></tr>
      </thead>
      <tbody>
        ${this.gaps.map(
          (g) => html`<tr data-gap=${g.kind}>
            <td>${GAP_LABELS[g.kind] ?? g.kind}</td>
            <td class="detail mono">${g.detail}</td>
            <td class="count">${g.count}</td>
            <td>
              ${g.source
                ? html`<button class="link" title=${g.source} @click=${() => fire(this, 'aa-reveal-source', { path: g.source, line: g.line })}>
                    ${g.line ? `line ${g.line}` : 'log'}
                  </button>`
                : ''}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

customElements.define('aa-gap-list', GapList);

declare global {
  interface HTMLElementTagNameMap {
    'aa-gap-list': GapList;
  }
}
