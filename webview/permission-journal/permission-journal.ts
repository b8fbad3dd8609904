/**
 * The permission journal: every permission-relevant call of the session in the order it happened,
 * with what led to it (the user's request, the agent's own words just before), the decision, who
 * or what decided and why. Denied calls are entries like any other and are never filtered out;
 * calls that ran although out of scope and denied ones stand out. Only the rows near the viewport
 * are in the DOM, in a scroll box of its own (long sessions journal thousands of writes).
 */
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { css, html, LitElement, nothing } from 'lit';
import type { JournalEntry, VerdictKind } from '../../src/protocol/state';
import { formatTime } from '../shared/format';
import { listKeyNavigation } from '../shared/list-keys';
import { base } from '../shared/theme.styles';

export const DECISION_LABELS: Record<VerdictKind, string> = {
  'in-scope': 'In scope',
  'out-of-scope': 'Out of scope',
  denied: 'Denied',
  'no-scope': 'No scope',
};

/** The decision as shown: an out-of-scope call that ran is the loud case. */
export function decisionLabel(e: Pick<JournalEntry, 'decision' | 'executed'>): string {
  if (e.decision === 'out-of-scope') return e.executed ? 'Executed although out of scope' : 'Out of scope (did not run)';
  return DECISION_LABELS[e.decision];
}

export class PermissionJournal extends LitElement {
  static override properties = { entries: { attribute: false } };

  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      /* Its own scroll box: a journal of thousands of writes must not push the timeline off the page. */
      ol {
        display: block;
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: min(60vh, 560px);
        overflow: auto;
      }
      li.entry {
        width: 100%;
        display: flex;
        flex-direction: column;
        gap: 3px;
        padding: 7px 10px;
        border-left: 3px solid var(--aa-border);
        border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 50%, transparent);
      }
      li.entry.decision-denied {
        border-left-color: var(--aa-warning);
        background: color-mix(in srgb, var(--aa-warning) 8%, transparent);
      }
      li.entry.loud {
        border-left-color: var(--aa-error);
        background: var(--vscode-inputValidation-errorBackground, color-mix(in srgb, var(--aa-error) 12%, transparent));
      }
      .head {
        display: flex;
        gap: 8px;
        align-items: baseline;
        min-width: 0;
      }
      .time {
        color: var(--aa-muted);
        font-size: 11px;
        flex: none;
      }
      .decision {
        flex: none;
        font-size: 11px;
        font-weight: 600;
        padding: 0 6px;
        border-radius: 9px;
        border: 1px solid var(--aa-border);
      }
      .decision-denied .decision {
        color: var(--aa-warning);
        border-color: var(--aa-warning);
      }
      .loud .decision {
        color: var(--aa-error);
        border-color: var(--aa-error);
      }
      .decision-in-scope .decision {
        color: var(--aa-ok);
      }
      .tool {
        font-weight: 600;
        flex: none;
      }
      .args {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 0;
      }
      .context,
      .why {
        font-size: 12px;
        overflow: hidden;
        text-overflow: ellipsis;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
      }
      .context b,
      .why b {
        color: var(--aa-muted);
        font-weight: 600;
      }
      .summary {
        margin: 0 0 8px;
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
      }
    `,
  ];

  entries: JournalEntry[] = [];

  override render() {
    const entries = this.entries;
    if (entries.length === 0) return html`<p class="empty">No permission-relevant calls (no writes, deletes, commands, network use or denials).</p>`;
    const counts = new Map<string, number>();
    for (const e of entries) counts.set(e.decision, (counts.get(e.decision) ?? 0) + 1);
    return html`<p class="summary" aria-label="Decisions">
        ${(['out-of-scope', 'denied', 'in-scope', 'no-scope'] as const)
          .filter((d) => counts.has(d))
          .map((d) => html`<span class="tag">${DECISION_LABELS[d]} ${counts.get(d)}</span>`)}
      </p>
      <ol aria-label="Permission journal" @keydown=${listKeyNavigation('li.entry', 'li.entry', entries.length)}>
        ${virtualize({ scroller: true, items: entries, keyFunction: (e: JournalEntry) => e.toolCallId, renderItem: (e: JournalEntry, i: number) => this.row(e, i, entries.length) })}
      </ol>`;
  }

  private row(e: JournalEntry, index: number, count: number) {
    const loud = e.decision === 'out-of-scope' && e.executed;
    return html`<li
      class="entry decision-${e.decision} ${loud ? 'loud' : ''}"
      tabindex="-1"
      data-call=${e.toolCallId}
      data-decision=${e.decision}
      data-index=${index}
      aria-posinset=${index + 1}
      aria-setsize=${count}
    >
      <span class="head">
        <span class="time mono">${formatTime(e.at)}</span>
        <span class="decision">${decisionLabel(e)}</span>
        <span class="tool">${e.tool}</span>
        <span class="args mono" title=${e.args}>${e.args}</span>
      </span>
      ${e.request ? html`<span class="context request" title=${e.request}><b>Request</b> ${e.request}</span>` : nothing}
      ${e.agentSaid ? html`<span class="context said" title=${e.agentSaid}><b>Agent</b> ${e.agentSaid}</span>` : nothing}
      <span class="why"><b>Decided by</b> <span class="decider">${e.decidedBy}</span> · <span class="rationale">${e.rationale}</span></span>
    </li>`;
  }
}

customElements.define('aa-permission-journal', PermissionJournal);

declare global {
  interface HTMLElementTagNameMap {
    'aa-permission-journal': PermissionJournal;
  }
}
