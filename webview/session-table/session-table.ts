/**
 * Every session in scope, newest first, in the overview. The host sends the first rows with the
 * snapshot and the rest a window at a time when asked; only the rows near the viewport are in the
 * DOM, so 10,000 sessions cost what a screenful does.
 *
 * @fires aa-open-session - `{ sessionId, agent }` when a session's title is clicked
 * @fires aa-request-rows - `{ offset, count }` for rows the list scrolled to and does not have
 */
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { agentLabel, CATEGORY_LABELS, OUTCOME_LABELS } from '../../src/protocol/labels';
import type { SessionRow, SessionRowsPage } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { formatDateTime } from '../shared/format';
import { listKeyNavigation } from '../shared/list-keys';
import { base, columnHeading, outcomeColors } from '../shared/theme.styles';

/** Rows asked for at once: a few screenfuls, well under the host's limit per request. */
export const ROWS_PER_REQUEST = 200;

export interface RequestRowsDetail {
  offset: number;
  count: number;
}

export class SessionTable extends LitElement {
  static override properties = {
    first: { attribute: false },
    reply: { attribute: false },
  };

  static override styles = [
    base,
    outcomeColors,
    css`
      :host {
        display: block;
      }
      .row {
        /* Fixed columns: each virtual row is laid out on its own, so widths cannot depend on content. */
        display: grid;
        grid-template-columns: minmax(0, 1fr) 110px 150px 120px 64px 64px 64px 64px;
        align-items: baseline;
        width: 100%;
      }
      .th {
        ${columnHeading}
        white-space: nowrap;
        padding: 2px 8px;
      }
      .td {
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        min-width: 0;
        padding: 5px 8px;
        border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 50%, transparent);
        font-variant-numeric: tabular-nums;
      }
      .num {
        text-align: right;
      }
      .bad {
        color: var(--aa-error);
        font-weight: 600;
      }
      .outcome::before {
        content: '';
        display: inline-block;
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--aa-outcome);
        margin-right: 6px;
      }
      .row[data-pending] .td {
        color: var(--aa-muted);
      }
      button.link {
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
    `,
  ];

  /** The first rows, sent with every snapshot (a new version resets what was fetched). */
  first?: SessionRowsPage;
  /** The latest page the host sent on request. */
  reply?: SessionRowsPage;

  private version = -1;
  private total = 0;
  private rows = new Map<number, SessionRow>();
  /** Offsets of windows asked for under the current version. */
  private requested = new Set<number>();
  private indices: number[] = [];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('first') && this.first) {
      if (this.first.version !== this.version) {
        this.version = this.first.version;
        this.rows = new Map();
        this.requested = new Set();
      }
      this.take(this.first);
    }
    if (changed.has('reply') && this.reply) {
      if (this.reply.version === this.version) this.take(this.reply);
      // An answer to an older list: ask again under the current one.
      else if (this.reply.version < this.version) this.requested.delete(windowStart(this.reply.offset));
    }
  }

  private take(page: SessionRowsPage): void {
    page.rows.forEach((row, i) => this.rows.set(page.offset + i, row));
    if (page.total !== this.total || this.indices.length !== page.total) {
      this.total = page.total;
      // Items are row numbers: the rows themselves arrive later, and re-render in place.
      this.indices = Array.from({ length: page.total }, (_, i) => i);
    }
  }

  override render() {
    if (this.total === 0) return html`<p class="empty">No sessions yet.</p>`;
    return html`<div role="table" aria-label="Sessions" aria-rowcount=${this.total + 1}>
      <div class="row" role="row" aria-rowindex="1">
        <span class="th" role="columnheader">Session</span>
        <span class="th" role="columnheader">Agent</span>
        <span class="th" role="columnheader">Started</span>
        <span class="th" role="columnheader">Outcome</span>
        <span class="th num" role="columnheader">Calls</span>
        <span class="th num" role="columnheader">Written</span>
        <span class="th num" role="columnheader">Denied</span>
        <span class="th num" role="columnheader">Failed</span>
      </div>
      <div role="rowgroup" class="body" @keydown=${listKeyNavigation('.row', 'button', this.total)}>
        ${virtualize({ items: this.indices, renderItem: (i: number) => this.row(i) })}
      </div>
    </div>`;
  }

  private row(index: number) {
    const r = this.rows.get(index);
    if (!r) {
      this.want(index);
      return html`<div class="row" role="row" data-index=${index} data-pending aria-rowindex=${index + 2}>
        <span class="td" role="cell">Loading…</span>
      </div>`;
    }
    const title = r.title ?? `Session ${r.id.slice(0, 8)}`;
    return html`<div class="row outcome-${r.outcome}" role="row" tabindex="-1" data-index=${index} data-session=${r.id} aria-rowindex=${index + 2}>
      <span class="td" role="cell"
        ><button class="link" title=${`Open this session: ${title}`} @click=${() => fire(this, 'aa-open-session', { sessionId: r.id, agent: r.agent })}>${title}</button></span
      >
      <span class="td" role="cell">${agentLabel(r.agent)}</span>
      <span class="td" role="cell" title=${r.startedAt ?? ''}>${formatDateTime(r.startedAt)}</span>
      <span class="td outcome" role="cell" title=${CATEGORY_LABELS[r.category]}>${OUTCOME_LABELS[r.outcome]}</span>
      <span class="td num" role="cell">${r.calls.toLocaleString()}</span>
      <span class="td num" role="cell">${r.filesWritten.toLocaleString()}</span>
      <span class="td num ${r.denied ? 'bad' : ''}" role="cell">${r.denied}</span>
      <span class="td num" role="cell">${r.failed}</span>
    </div>`;
  }

  /** Asks for the window holding `index` (once per version; rendering may call this many times). */
  private want(index: number): void {
    const offset = windowStart(index);
    if (this.requested.has(offset)) return;
    this.requested.add(offset);
    // Not while rendering: events fired from a render would re-enter the app's update.
    queueMicrotask(() => fire<RequestRowsDetail>(this, 'aa-request-rows', { offset, count: ROWS_PER_REQUEST }));
  }
}

function windowStart(index: number): number {
  return Math.floor(index / ROWS_PER_REQUEST) * ROWS_PER_REQUEST;
}

customElements.define('aa-session-table', SessionTable);

declare global {
  interface HTMLElementTagNameMap {
    'aa-session-table': SessionTable;
  }
}
