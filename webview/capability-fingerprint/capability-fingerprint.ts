/**
 * The capability fingerprint: one toggle per capability with its reads and writes. Actions (what
 * the session did) come before file kinds; sensitive ones are marked.
 *
 * @fires aa-select-capability - `{ id }` of the clicked capability, `{}` when it was deselected
 * @cssprop --vscode-button-background - selected capability
 */
import { html, LitElement } from 'lit';
import type { CapabilityView } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { plural } from '../shared/format';
import { fingerprintStyles, SENSITIVE } from './capability-fingerprint.styles';

export class CapabilityFingerprint extends LitElement {
  static override properties = {
    capabilities: { attribute: false },
    selected: { attribute: false },
  };

  static override styles = fingerprintStyles;

  capabilities: CapabilityView[] = [];
  selected?: string;

  override render() {
    if (this.capabilities.length === 0) return html`<p class="empty">This session exercised no capability Agent Audit recognises.</p>`;
    const groups: [string, CapabilityView[]][] = [
      ['What it did', this.capabilities.filter((c) => c.group === 'actions')],
      ['What it touched', this.capabilities.filter((c) => c.group === 'files')],
    ];
    return groups
      .filter(([, list]) => list.length > 0)
      .map(
        ([label, list]) => html`<div class="group" role="group" aria-label=${label}>
          <span class="group-label">${label}</span>
          <div class="chips">${list.map((c) => this.chip(c))}</div>
        </div>`,
      );
  }

  private chip(c: CapabilityView) {
    const on = this.selected === c.id;
    const sensitive = SENSITIVE.has(c.id);
    return html`<button
      class="chip ${on ? 'on' : ''} ${sensitive ? 'sensitive' : ''}"
      data-capability=${c.id}
      aria-pressed=${on ? 'true' : 'false'}
      title=${`${c.id}: ${c.description}\n${plural(c.calls, 'call')}, ${c.reads} read, ${c.writes} written`}
      @click=${() => fire(this, 'aa-select-capability', on ? {} : { id: c.id })}
    >
      <span class="name">${c.label}</span>
      <span class="rw"
        ><span class="r" title="reads">${c.reads} R</span><span class="w ${c.writes ? 'has' : ''}" title="writes">${c.writes} W</span></span
      >
    </button>`;
  }
}

customElements.define('aa-capability-fingerprint', CapabilityFingerprint);

declare global {
  interface HTMLElementTagNameMap {
    'aa-capability-fingerprint': CapabilityFingerprint;
  }
}
