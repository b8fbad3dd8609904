/**
 * The tool calls in order, with their status: denied and failed calls stand out, each shows its
 * arguments, its error and the agent's reason ("why") when the log has one.
 *
 * @cssprop --vscode-inputValidation-errorBackground - denied rows
 */
import { html, LitElement, nothing } from 'lit';
import { STATUS_LABELS } from '../../src/protocol/labels';
import type { ToolCallView } from '../../src/protocol/state';
import { formatTime } from '../shared/format';
import { timelineStyles } from './tool-timeline.styles';

const PAGE = 300;

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
    limit: { state: true },
  };

  static override styles = timelineStyles;

  calls: ToolCallView[] = [];
  problemsOnly = false;
  compact = false;
  limit = PAGE;

  override render() {
    const calls = this.problemsOnly ? this.calls.filter((c) => c.status === 'denied' || c.status === 'failed') : this.calls;
    if (calls.length === 0) return html`<p class="empty">${this.problemsOnly ? 'No denied or failed calls.' : 'No tool calls.'}</p>`;
    const shown = calls.slice(0, this.limit);
    return html`<ol class=${this.compact ? 'compact' : ''}>
        ${shown.map((c) => this.row(c))}
      </ol>
      ${calls.length > shown.length
        ? html`<button class="link more" @click=${() => (this.limit += PAGE)}>Show ${Math.min(PAGE, calls.length - shown.length)} more of ${calls.length - shown.length}</button>`
        : nothing}`;
  }

  private row(c: ToolCallView) {
    return html`<li class="call status-${c.status}" data-call=${c.id} data-status=${c.status}>
      <span class="time mono">${formatTime(c.startedAt)}</span>
      <span class="glyph" aria-hidden="true">${STATUS_GLYPHS[c.status]}</span>
      <span class="body">
        <span class="head">
          <span class="tool">${c.tool}</span>
          <span class="args mono" title=${c.args}>${c.argsDisplay}</span>
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
