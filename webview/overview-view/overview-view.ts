/** The overview: totals, the category x outcome matrix, agents, daily volume, models, capabilities and the sessions. */
import { css, html, LitElement, nothing } from 'lit';
import { CATEGORY_LABELS, OUTCOME_LABELS } from '../../src/protocol/labels';
import type { OverviewSnapshot, SessionRowsPage } from '../../src/protocol/state';
import '../agent-breakdown/agent-breakdown';
import '../daily-volume/daily-volume';
import '../model-table/model-table';
import '../outcome-matrix/outcome-matrix';
import '../out-of-scope-list/out-of-scope-list';
import '../session-table/session-table';
import { fire } from '../shared/events';
import { base, columnHeading } from '../shared/theme.styles';

export class OverviewView extends LitElement {
  static override properties = { snapshot: { attribute: false }, rowsReply: { attribute: false } };

  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 16px 20px 24px;
        max-width: 1400px;
      }
      h1 {
        font-size: 1.35em;
        font-weight: 600;
        margin: 0 0 2px;
      }
      .scope {
        margin: 0 0 14px;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
        gap: 10px;
        margin-bottom: 14px;
      }
      .tile {
        border: 1px solid var(--aa-border);
        border-radius: var(--aa-radius);
        padding: 10px 14px;
        background: var(--aa-surface);
      }
      .tile strong {
        display: block;
        font-size: 1.7em;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
        line-height: 1.2;
      }
      .tile span {
        color: var(--aa-muted);
        font-size: 12px;
      }
      .tile.live strong {
        color: var(--vscode-charts-blue, #3794ff);
      }
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0 14px;
        align-items: start;
      }
      @media (max-width: 1000px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .hint {
        font-size: 12px;
        margin: -4px 0 8px;
      }
      .caps {
        width: 100%;
        border-collapse: collapse;
      }
      .caps th {
        ${columnHeading}
        padding: 2px 8px;
      }
      .caps td {
        padding: 4px 8px;
        border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 50%, transparent);
        font-variant-numeric: tabular-nums;
      }
      .caps .num {
        text-align: right;
      }
      section.out-of-scope.loud {
        border-color: var(--aa-error);
        border-width: 2px;
      }
      section.out-of-scope.loud h2 {
        color: var(--aa-error);
      }
      .tile.loud strong {
        color: var(--aa-error);
      }
    `,
  ];

  snapshot?: OverviewSnapshot;
  /** The latest page of session rows the host sent on request. */
  rowsReply?: SessionRowsPage;

  override render() {
    const s = this.snapshot;
    if (!s) return nothing;
    const f = s.filter;
    return html`
      <h1>Agent Audit</h1>
      <p class="scope muted">Sessions in ${s.scope} · updated ${new Date(s.updatedAt).toLocaleTimeString()}</p>
      ${this.outOfScope(s)}
      <div class="tiles">
        <div class="tile ${s.outOfScope.total ? 'loud' : ''}"><strong>${s.outOfScope.total.toLocaleString()}</strong><span>executed out of scope</span></div>
        <div class="tile"><strong>${s.totals.sessions.toLocaleString()}</strong><span>sessions</span></div>
        <div class="tile"><strong>${s.totals.toolCalls.toLocaleString()}</strong><span>tool calls</span></div>
        <div class="tile"><strong>${s.totals.touchedPaths.toLocaleString()}</strong><span>paths touched</span></div>
        <div class="tile live"><strong>${s.totals.live}</strong><span>live now</span></div>
        <div class="tile"><strong>${s.totals.files.toLocaleString()}</strong><span>log files followed</span></div>
        <div class="tile secrets"><strong>${s.totals.secretFindings.toLocaleString()}</strong><span>secrets exposed</span></div>
      </div>
      ${s.secretSessions.length
        ? html`<section class="card" aria-labelledby="sx">
            <h2 id="sx">Sessions that exposed secrets</h2>
            <ul class="secret-sessions">
              ${s.secretSessions.map(
                (x) => html`<li>
                  <button class="link" @click=${() => fire(this, 'aa-open-session', { sessionId: x.id, agent: x.agent })}>${x.title}</button>
                  <span class="muted">${x.findings} · ${x.rules.join(', ')}</span>
                </li>`,
              )}
            </ul>
          </section>`
        : nothing}

      <section class="card" aria-labelledby="mx">
        <h2 id="mx">Category × outcome</h2>
        <p class="hint muted">
          Click a cell to show those sessions in the Sessions view.${f?.category && f?.outcome
            ? html` Showing <strong>${CATEGORY_LABELS[f.category]} · ${OUTCOME_LABELS[f.outcome]}</strong>.`
            : nothing}
        </p>
        <aa-outcome-matrix .matrix=${s.matrix} .selected=${f}></aa-outcome-matrix>
      </section>

      <div class="grid">
        <section class="card" aria-labelledby="ag">
          <h2 id="ag">Agents</h2>
          <aa-agent-breakdown .agents=${s.agents}></aa-agent-breakdown>
        </section>
        <section class="card" aria-labelledby="dv">
          <h2 id="dv">Daily volume by week</h2>
          <aa-daily-volume .weeks=${s.weeks}></aa-daily-volume>
        </section>
        <section class="card" aria-labelledby="md">
          <h2 id="md">Models</h2>
          <aa-model-table .models=${s.models}></aa-model-table>
        </section>
        <section class="card" aria-labelledby="cp">
          <h2 id="cp">Capabilities</h2>
          ${s.capabilities.length === 0
            ? html`<p class="empty">None yet.</p>`
            : html`<table class="caps">
                <thead>
                  <tr><th>Capability</th><th class="num">Sessions</th><th class="num">Reads</th><th class="num">Writes</th></tr>
                </thead>
                <tbody>
                  ${s.capabilities.map(
                    (c) => html`<tr>
                      <td title=${c.id}>${c.label}</td>
                      <td class="num">${c.sessions}</td>
                      <td class="num">${c.reads}</td>
                      <td class="num">${c.writes}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}
        </section>
      </div>

      <section class="card" aria-labelledby="ss">
        <h2 id="ss">Sessions <span class="muted">${s.sessions.total.toLocaleString()}</span></h2>
        <p class="hint muted">Newest first. Click a title to open the session.</p>
        <aa-session-table .first=${s.sessions} .reply=${this.rowsReply}></aa-session-table>
      </section>
    `;
  }

  /** The top section: what ran although no scope allowed it; or why there is nothing to judge by. */
  private outOfScope(s: OverviewSnapshot) {
    const o = s.outOfScope;
    const loud = o.total > 0;
    return html`<section class="card out-of-scope ${loud ? 'loud' : ''}" aria-labelledby="oos">
      <h2 id="oos">Executed although out of scope ${loud ? html`<span>${o.total.toLocaleString()}</span>` : nothing}</h2>
      ${o.policyProblem ? html`<p class="hint policy-problem">${o.policyProblem}</p>` : nothing}
      ${loud
        ? html`${o.total > o.calls.length ? html`<p class="hint muted">The newest ${o.calls.length} of ${o.total.toLocaleString()}.</p>` : nothing}
            <aa-out-of-scope-list .calls=${o.calls} show-session></aa-out-of-scope-list>`
        : o.scopesDeclared
          ? html`<p class="empty none">None: every call that ran was within its scope.</p>`
          : html`<p class="empty no-scopes">
              No scopes declared — add <code>.agent-audit/policy.json</code> to say what the agents may do here.
              <button class="link create-policy" @click=${() => fire(this, 'aa-create-policy', {})}>Create a starter policy file</button>
            </p>`}
    </section>`;
  }
}

customElements.define('aa-overview-view', OverviewView);

declare global {
  interface HTMLElementTagNameMap {
    'aa-overview-view': OverviewView;
  }
}
