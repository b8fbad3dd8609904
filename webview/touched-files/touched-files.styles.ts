import { css } from 'lit';
import { base } from '../shared/theme.styles';

export const touchedFilesStyles = [
  base,
  css`
    :host {
      display: block;
    }
    vscode-collapsible {
      margin-bottom: 4px;
      --vscode-sideBar-background: transparent;
    }
    ul {
      list-style: none;
      /* Margins, not padding: the virtual list places its rows from the list's padding edge. */
      margin: 2px 0 6px;
      padding: 0;
    }
    li {
      /* The virtual list places each row itself (absolutely): rows span the list's width. */
      width: 100%;
      display: flex;
      align-items: baseline;
      gap: 8px;
      padding: 2px 8px;
      border-radius: var(--aa-radius);
      min-width: 0;
    }
    li:hover {
      background: var(--aa-hover);
    }
    .file {
      min-width: 0;
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-family: var(--aa-mono);
      font-size: var(--vscode-editor-font-size, 12px);
    }
    .unopenable {
      color: var(--aa-muted);
    }
    .lines {
      color: var(--aa-muted);
      font-size: 11px;
      flex: none;
    }
    .access {
      display: inline-flex;
      gap: 4px;
      flex: none;
    }
    .evidence {
      font-size: 11px;
      flex: none;
    }
  `,
];
