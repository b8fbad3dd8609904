/**
 * The files a session touched, grouped by capability (or as one flat list), each a link that
 * opens the file in the editor at the edited lines when the log recorded them. Each list keeps
 * only the rows near the viewport in the DOM (sessions can touch thousands of paths).
 *
 * @fires aa-open-file - `{ path, line?, endLine? }` when a file link is clicked
 */
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { CapabilityView, FileView } from '../../src/protocol/state';
import { fire } from '../shared/events';
import { listKeyNavigation } from '../shared/list-keys';
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

  /** The groups, rebuilt only when the files or capabilities change (new arrays re-lay out the lists). */
  private groups: { id: string; label: string; files: FileView[] }[] = [];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('files') || changed.has('capabilities') || changed.has('flat')) this.groups = this.flat ? [] : groupFiles(this.files, this.capabilities);
  }

  override render() {
    if (this.files.length === 0) return html`<p class="empty">No files.</p>`;
    if (this.flat) return this.list(this.files);
    return this.groups.map(
      (g) => html`<vscode-collapsible open heading=${g.label} description=${`${g.files.length}`} data-group=${g.id}>
        ${this.list(g.files)}
      </vscode-collapsible>`,
    );
  }

  private list(files: FileView[]) {
    return html`<ul aria-label="Files" @keydown=${listKeyNavigation('li', 'button.file', files.length)}>
      ${virtualize({ items: files, keyFunction: (f: FileView) => f.path, renderItem: (f: FileView, i: number) => this.row(f, i, files.length) })}
    </ul>`;
  }

  private row(f: FileView, index: number, count: number) {
    const lines = f.lines ? (f.lines.end > f.lines.start ? `L${f.lines.start}–${f.lines.end}` : `L${f.lines.start}`) : '';
    const label = html`<span class="path" title=${f.path}>${f.display}</span>`;
    return html`<li data-path=${f.path} data-index=${index} tabindex="-1" aria-posinset=${index + 1} aria-setsize=${count}>
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

/** Files by capability (a file can be in several), then the files no capability claims. */
function groupFiles(files: FileView[], capabilities: CapabilityView[]): { id: string; label: string; files: FileView[] }[] {
  const groups: { id: string; label: string; files: FileView[] }[] = [];
  for (const c of capabilities) {
    const inGroup = files.filter((f) => f.capabilities.includes(c.id));
    if (inGroup.length > 0) groups.push({ id: c.id, label: c.label, files: inGroup });
  }
  const other = files.filter((f) => f.capabilities.length === 0);
  if (other.length > 0) groups.push({ id: '', label: 'Other files', files: other });
  return groups;
}

customElements.define('aa-touched-files', TouchedFiles);

declare global {
  interface HTMLElementTagNameMap {
    'aa-touched-files': TouchedFiles;
  }
}
