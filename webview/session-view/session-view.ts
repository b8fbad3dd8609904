/**
 * One session: header with outcome and counts, the capability fingerprint (click a capability to
 * list its files and calls), the secrets it exposed, the tool-call timeline, the touched files and the gaps.
 *
 * @fires aa-ui-state - a capability was selected or the timeline filter changed (persisted)
 * @fires aa-reveal-source - "Open log" was clicked
 * @fires aa-export-session - "Export" was clicked
 * @fires aa-open-session - the parent session link was clicked
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { html, LitElement, nothing } from 'lit';
import { AGENT_LABELS, CATEGORY_LABELS, OUTCOME_DESCRIPTIONS, OUTCOME_LABELS } from '../../src/protocol/labels';
import type { SessionSnapshot } from '../../src/protocol/state';
import '../capability-fingerprint/capability-fingerprint';
import '../gap-list/gap-list';
import '../out-of-scope-list/out-of-scope-list';
import '../permission-journal/permission-journal';
import '../secret-list/secret-list';
import { fire } from '../shared/events';
import { formatDateTime, formatDuration, plural } from '../shared/format';
import '../tool-timeline/tool-timeline';
import '../touched-files/touched-files';
import { sessionViewStyles } from './session-view.styles';

export class SessionView extends LitElement {
  static override properties = {
    snapshot: { attribute: false },
    selectedCapability: { attribute: false },
    statusFilter: { attribute: false },
  };

  static override styles = sessionViewStyles;

  snapshot?: SessionSnapshot;
  selectedCapability?: string;
  statusFilter: 'all' | 'problems' = 'all';

  override render() {
    const snap = this.snapshot;
    const s = snap?.session;
    if (!snap || !s) {
      return html`<div class="missing">
        <h1>Session not found</h1>
        <p class="muted">Session <code>${snap?.sessionId ?? ''}</code> is no longer in the logs Agent Audit follows (its log was moved or deleted, or the settings changed).</p>
      </div>`;
    }
    const selected = s.capabilities.find((c) => c.id === this.selectedCapability);
    const title = s.title?.trim() || `Session ${s.id.slice(0, 8)}`;
    const duration = formatDuration(s.startedAt, s.endedAt);
    return html`
      <header class="outcome-${s.outcome}">
        <div class="title-row">
          <span class="outcome-pill" title=${OUTCOME_DESCRIPTIONS[s.outcome]}>
            ${snap.live ? html`<span class="pulse" aria-hidden="true"></span>` : nothing}${OUTCOME_LABELS[s.outcome]}
          </span>
          ${s.sourceGone
            ? html`<span class="gone-pill" title="The log was deleted while Agent Audit followed it: this is what was read before.">source gone</span>`
            : nothing}
          <h1 title=${title}>${title}</h1>
          <div class="actions">
            <vscode-button secondary @click=${() => fire(this, 'aa-reveal-source', { path: s.sources[0], line: undefined })} ?disabled=${s.sources.length === 0 || s.sourceGone === true}
              >Open log</vscode-button
            >
            <vscode-button @click=${() => fire(this, 'aa-export-session', { sessionId: s.id, agent: s.agent })}>Export…</vscode-button>
          </div>
        </div>
        <dl class="facts">
          <div><dt>Agent</dt><dd>${AGENT_LABELS[s.agent] ?? s.agent}${s.agentType ? html` <span class="muted">(${s.agentType} subagent)</span>` : nothing}</dd></div>
          <div><dt>Model</dt><dd>${s.models.length ? s.models.join(', ') : html`<span class="muted">unknown</span>`}</dd></div>
          <div><dt>Started</dt><dd>${formatDateTime(s.startedAt)}${duration ? html` <span class="muted">· ${duration}</span>` : nothing}</dd></div>
          <div><dt>Category</dt><dd>${CATEGORY_LABELS[s.category]}</dd></div>
          <div class="wide"><dt>Project</dt><dd class="mono" title=${s.cwd ?? ''}>${s.project ?? s.cwd ?? '—'}</dd></div>
          ${s.parentId
            ? html`<div class="wide">
                <dt>Parent</dt>
                <dd><button class="link mono" @click=${() => fire(this, 'aa-open-session', { sessionId: s.parentId!, agent: s.agent })}>${s.parentId}</button></dd>
              </div>`
            : nothing}
        </dl>
        <ul class="counts" aria-label="Session counts">
          <li><strong>${s.counts.calls}</strong> ${s.counts.calls === 1 ? 'tool call' : 'tool calls'}</li>
          <li><strong>${s.counts.filesWritten}</strong> ${s.counts.filesWritten === 1 ? 'file written' : 'files written'}</li>
          <li><strong>${s.counts.filesRead}</strong> read</li>
          <li class=${s.counts.denied ? 'denied' : ''}><strong>${s.counts.denied}</strong> denied</li>
          <li class=${s.counts.failed ? 'failed' : ''}><strong>${s.counts.failed}</strong> failed</li>
          <li class=${s.gaps.length ? 'gaps' : ''}><strong>${s.gaps.length}</strong> ${s.gaps.length === 1 ? 'gap' : 'gaps'}</li>
          <li class=${s.secrets.length ? 'failed' : ''}><strong>${s.secrets.length}</strong> ${s.secrets.length === 1 ? 'secret' : 'secrets'} exposed</li>
          ${s.policy
            ? html`<li class=${s.policy.executedOutOfScope ? 'failed out-of-scope' : 'out-of-scope'}><strong>${s.policy.executedOutOfScope}</strong> out of scope</li>
                <li class="risk risk-${s.policy.risk.level}" title=${s.policy.risk.reasons.join(', ')}>
                  <strong>${s.policy.risk.level}</strong> risk
                </li>`
            : nothing}
        </ul>
      </header>

      ${s.policy?.executedOutOfScope
        ? html`<section class="card out-of-scope" aria-labelledby="oos">
            <h2 id="oos">Executed although out of scope <span>${s.policy.executedOutOfScope}</span></h2>
            <aa-out-of-scope-list .calls=${s.policy.outOfScope}></aa-out-of-scope-list>
          </section>`
        : nothing}

      ${s.secrets.length
        ? html`<section class="card secrets" aria-labelledby="sx">
            <h2 id="sx">Secrets exposed <span class="muted">${s.secrets.length}</span></h2>
            <aa-secret-list .secrets=${s.secrets}></aa-secret-list>
          </section>`
        : nothing}

      <section class="card" aria-labelledby="fp">
        <h2 id="fp">Capability fingerprint</h2>
        <aa-capability-fingerprint
          .capabilities=${s.capabilities}
          .selected=${this.selectedCapability}
          @aa-select-capability=${(e: CustomEvent<{ id?: string }>) => this.select(e.detail.id)}
        ></aa-capability-fingerprint>
        ${selected
          ? html`<div class="detail" role="region" aria-label=${`${selected.label}: files and calls`}>
              <h3>${selected.label} <span class="muted">${selected.description}</span></h3>
              <aa-touched-files .files=${s.files.filter((f) => f.capabilities.includes(selected.id))} flat></aa-touched-files>
              ${this.callsFor(selected.id)}
            </div>`
          : nothing}
      </section>

      <section class="card journal" aria-labelledby="pj">
        <h2 id="pj">Permission journal <span class="muted">${plural(s.journal.length, 'entry', 'entries')}</span></h2>
        <p class="hint muted">
          Each write, delete, command, network use and denial, in order, with what led to it.${s.policy?.scopes.length
            ? html` Scopes: <span class="mono">${s.policy.scopes.join(', ')}</span>.`
            : html` No scope applies to this session.`}
        </p>
        <aa-permission-journal .entries=${s.journal}></aa-permission-journal>
      </section>

      <div class="columns">
        <section class="card timeline" aria-labelledby="tl">
          <div class="section-head">
            <h2 id="tl">Timeline <span class="muted">${plural(s.toolCalls.length, 'call')}</span></h2>
            <div class="segmented" role="radiogroup" aria-label="Which calls to show">
              ${(['all', 'problems'] as const).map(
                (v) => html`<button
                  role="radio"
                  aria-checked=${this.statusFilter === v ? 'true' : 'false'}
                  class=${this.statusFilter === v ? 'on' : ''}
                  @click=${() => this.setStatusFilter(v)}
                >
                  ${v === 'all' ? 'All' : `Denied & failed (${s.counts.denied + s.counts.failed})`}
                </button>`,
              )}
            </div>
          </div>
          <aa-tool-timeline .calls=${s.toolCalls} .problemsOnly=${this.statusFilter === 'problems'}></aa-tool-timeline>
        </section>
        <div class="side">
          <section class="card" aria-labelledby="tf">
            <h2 id="tf">Touched files <span class="muted">${s.files.length}</span></h2>
            <aa-touched-files .files=${s.files} .capabilities=${s.capabilities}></aa-touched-files>
          </section>
          <section class="card" aria-labelledby="gp">
            <h2 id="gp">Gaps <span class="muted">${s.gaps.length}</span></h2>
            <aa-gap-list .gaps=${s.gaps}></aa-gap-list>
          </section>
        </div>
      </div>
    `;
  }

  private callsFor(id: string) {
    const calls = this.snapshot?.session?.toolCalls.filter((c) => c.capabilities.includes(id)) ?? [];
    if (calls.length === 0) return nothing;
    return html`<h4>${plural(calls.length, 'call')}</h4>
      <aa-tool-timeline .calls=${calls} compact></aa-tool-timeline>`;
  }

  private select(id: string | undefined): void {
    this.selectedCapability = id;
    fire(this, 'aa-ui-state', { selectedCapability: id });
  }

  private setStatusFilter(v: 'all' | 'problems'): void {
    this.statusFilter = v;
    fire(this, 'aa-ui-state', { statusFilter: v });
  }
}

customElements.define('aa-session-view', SessionView);

declare global {
  interface HTMLElementTagNameMap {
    'aa-session-view': SessionView;
  }
}
