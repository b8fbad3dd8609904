/**
 * The tool calls in order, with their status: denied and failed calls stand out, each shows its
 * arguments, its error and the agent's reason ("why") when the log has one. Only the rows near the
 * viewport are in the DOM, so a session of thousands of calls scrolls as lightly as a short one.
 *
 * @fires aa-reveal-source - `{ path, line }` when a call's tool name is clicked (its place in the log)
 * @cssprop --vscode-inputValidation-errorBackground - denied rows
 */
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { html, LitElement, nothing } from 'lit';
import { STATUS_LABELS } from '../../src/protocol/labels';
import type { ToolCallView } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { formatTime } from '../shared/format';
import { listKeyNavigation } from '../shared/list-keys';
import { timelineStyles } from './tool-timeline.styles';

const STATUS_GLYPHS: Record<ToolCallView['status'], string> = {
  succeeded: '✓',
  failed: '✕',
  denied: '⊘',
  interrupted: '■',
  pending: '…',
};

export class ToolTimeline extends LitElement {
  static override properties = {
    calls: { attribute: false },
    problemsOnly: { attribute: false },
    compact: { type: Boolean },
  };

  static override styles = timelineStyles;

  calls: ToolCallView[] = [];
  problemsOnly = false;
  compact = false;

  /** The filtered list, kept while its inputs stay the same (a new array re-lays out the virtual list). */
  private shown: { from?: ToolCallView[]; problemsOnly?: boolean; calls: ToolCallView[] } = { calls: [] };

  private visibleCalls(): ToolCallView[] {
    if (this.shown.from !== this.calls || this.shown.problemsOnly !== this.problemsOnly) {
      const calls = this.problemsOnly ? this.calls.filter((c) => c.status === 'denied' || c.status === 'failed') : this.calls;
      this.shown = { from: this.calls, problemsOnly: this.problemsOnly, calls };
    }
    return this.shown.calls;
  }

  override render() {
    const calls = this.visibleCalls();
    if (calls.length === 0) return html`<p class="empty">${this.problemsOnly ? 'No denied or failed calls.' : 'No tool calls.'}</p>`;
    return html`<div class="track ${this.compact ? 'compact' : ''}">
      <ol aria-label="Tool calls" @keydown=${listKeyNavigation('li.call', 'button.tool', calls.length)}>
        ${virtualize({ items: calls, keyFunction: (c: ToolCallView) => c.id, renderItem: (c: ToolCallView, i: number) => this.row(c, i, calls.length) })}
      </ol>
    </div>`;
  }

  private row(c: ToolCallView, index: number, count: number) {
    const source = c.sourceFile;
    return html`<li class="call status-${c.status}" tabindex="-1" data-call=${c.id} data-status=${c.status} data-verdict=${c.verdict?.verdict ?? 'none'} data-index=${index} aria-posinset=${index + 1} aria-setsize=${count}>
      <span class="time mono">${formatTime(c.startedAt)}</span>
      <span class="glyph" aria-hidden="true">${STATUS_GLYPHS[c.status]}</span>
      <span class="body">
        <span class="head">
          ${source
            ? html`<button class="tool" title=${`Show this call in the log${c.sourceLine ? ` (line ${c.sourceLine})` : ''}`} @click=${() => fire(this, 'aa-reveal-source', { path: source, line: c.sourceLine })}>
                ${c.tool}
              </button>`
            : html`<span class="tool">${c.tool}</span>`}
          <span class="args mono" title=${c.args}>${c.argsDisplay}</span>
          ${c.verdict?.verdict === 'out-of-scope'
            ? html`<span class="tag delete verdict" title=${[c.verdict.policyId, c.verdict.ruleId, c.verdict.reason].filter(Boolean).join(' · ')}
                >${c.verdict.executed ? 'ran out of scope' : 'out of scope'}</span
              >`
            : nothing}
          ${c.status !== 'succeeded' ? html`<span class="status">${STATUS_LABELS[c.status]}${c.exitCode !== undefined && c.exitCode !== 0 ? ` · exit ${c.exitCode}` : ''}</span>` : nothing}
        </span>
        ${c.error ? html`<span class="error" title=${c.error}>${c.error}</span>` : nothing}
        ${!this.compact && c.why ? html`<span class="why" title=${c.why}>${c.why}</span>` : nothing}
        ${!this.compact && c.capabilities.length ? html`<span class="caps">${c.capabilities.map((id) => html`<span class="tag">${id}</span>`)}</span>` : nothing}
      </span>
    </li>`;
  }
}

customElements.define('aa-tool-timeline', ToolTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'aa-tool-timeline': ToolTimeline;
  }
}
