/**
 * The secrets a session exposed: which rule found what, in which call and text, where in the log,
 * and a masked preview (the host never sends the secret itself).
 *
 * @fires aa-reveal-source - `{ path, line }` when a finding's log line is clicked
 */
import { css, html, LitElement } from 'lit';
import type { SecretFindingView } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { base, columnHeading } from '../shared/theme.styles';

export class SecretList extends LitElement {
  static override properties = { secrets: { attribute: false } };

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
        ${columnHeading}
        padding: 2px 6px;
      }
      td {
        padding: 4px 6px;
        vertical-align: top;
        border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 50%, transparent);
      }
      .rule {
        font-weight: 600;
        color: var(--vscode-errorForeground, #c62828);
      }
      .preview {
        word-break: break-all;
      }
      .ok {
        color: var(--aa-ok);
      }
    `,
  ];

  secrets: SecretFindingView[] = [];

  override render() {
    if (this.secrets.length === 0) return html`<p class="ok">No secret found in what this session ran, read or printed.</p>`;
    return html`<table>
      <thead>
        <tr><th>Rule</th><th>Call</th><th>Found in</th><th>Preview (masked)</th><th>Where</th></tr>
      </thead>
      <tbody>
        ${this.secrets.map(
          (f) => html`<tr data-secret-rule=${f.rule}>
            <td><span class="rule">${f.rule}</span> <span class="muted">${f.kind}</span></td>
            <td>${f.callNumber !== undefined ? html`#${f.callNumber} <span class="mono">${f.tool ?? ''}</span>` : html`<span class="muted">session</span>`}</td>
            <td>${f.field}</td>
            <td class="preview mono">${f.preview}</td>
            <td>
              ${f.sourceFile
                ? html`<button class="link" title=${f.sourceFile} @click=${() => fire(this, 'aa-reveal-source', { path: f.sourceFile, line: f.sourceLine })}>
                    ${f.sourceLine ? `line ${f.sourceLine}` : 'log'}
                  </button>`
                : ''}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

customElements.define('aa-secret-list', SecretList);

declare global {
  interface HTMLElementTagNameMap {
    'aa-secret-list': SecretList;
  }
}
