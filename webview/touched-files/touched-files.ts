/**
 * The files a session touched, grouped by capability (or as one flat list), each a link that
 * opens the file in the editor at the edited lines when the log recorded them.
 *
 * @fires aa-open-file - `{ path, line?, endLine? }` when a file link is clicked
 */
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import { html, LitElement, nothing } from 'lit';
import type { CapabilityView, FileView } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { touchedFilesStyles } from './touched-files.styles';

const EVIDENCE_NOTES: Record<FileView['evidence'], string> = {
  observed: '',
  parsed: 'from a shell command or patch',
  inferred: 'inferred from a path list',
};

export class TouchedFiles extends LitElement {
  static override properties = {
    files: { attribute: false },
    capabilities: { attribute: false },
    flat: { type: Boolean },
  };

  static override styles = touchedFilesStyles;

  files: FileView[] = [];
  capabilities: CapabilityView[] = [];
  flat = false;

  override render() {
    if (this.files.length === 0) return html`<p class="empty">No files.</p>`;
    if (this.flat) return this.list(this.files);
    const groups: { id: string; label: string; files: FileView[] }[] = [];
    for (const c of this.capabilities) {
      const files = this.files.filter((f) => f.capabilities.includes(c.id));
      if (files.length > 0) groups.push({ id: c.id, label: c.label, files });
    }
    const other = this.files.filter((f) => f.capabilities.length === 0);
    if (other.length > 0) groups.push({ id: '', label: 'Other files', files: other });
    return groups.map(
      (g) => html`<vscode-collapsible open heading=${g.label} description=${`${g.files.length}`} data-group=${g.id}>
        ${this.list(g.files)}
      </vscode-collapsible>`,
    );
  }

  private list(files: FileView[]) {
    return html`<ul>
      ${files.map((f) => this.row(f))}
    </ul>`;
  }

  private row(f: FileView) {
    const lines = f.lines ? (f.lines.end > f.lines.start ? `L${f.lines.start}–${f.lines.end}` : `L${f.lines.start}`) : '';
    const label = html`<span class="path" title=${f.path}>${f.display}</span>`;
    return html`<li data-path=${f.path}>
      ${f.openable
        ? html`<button
            class="link file"
            title=${`Open ${f.path}${lines ? ` at ${lines}` : ''}`}
            @click=${() => fire(this, 'aa-open-file', { path: f.path, ...(f.lines ? { line: f.lines.start, endLine: f.lines.end } : {}) })}
          >
            ${label}
          </button>`
        : html`<span class="file unopenable" title="Not a local path: cannot be opened">${label}</span>`}
      ${lines ? html`<span class="lines mono">${lines}</span>` : nothing}
      <span class="access">${f.accesses.map((a) => html`<span class="tag ${a}">${a}</span>`)}</span>
      ${EVIDENCE_NOTES[f.evidence] ? html`<span class="evidence muted" title=${EVIDENCE_NOTES[f.evidence]}>${f.evidence}</span>` : nothing}
    </li>`;
  }
}

customElements.define('aa-touched-files', TouchedFiles);

declare global {
  interface HTMLElementTagNameMap {
    'aa-touched-files': TouchedFiles;
  }
}
