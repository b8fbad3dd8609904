/**
 * Styles every panel component shares. Colours only through --vscode-* variables (with
 * fallbacks), so the panels follow the editor theme, high-contrast themes included.
 */
import { css } from 'lit';

export const base = css`
  :host {
    --aa-ok: var(--vscode-testing-iconPassed, var(--vscode-charts-green, #388a34));
    --aa-error: var(--vscode-errorForeground, #f48771);
    --aa-warning: var(--vscode-editorWarning-foreground, var(--vscode-charts-orange, #cca700));
    --aa-info: var(--vscode-charts-blue, #3794ff);
    --aa-muted: var(--vscode-descriptionForeground, #999);
    --aa-border: var(--vscode-panel-border, var(--vscode-widget-border, rgba(128, 128, 128, 0.35)));
    --aa-surface: var(--vscode-sideBar-background, var(--vscode-editorWidget-background, transparent));
    --aa-hover: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.12));
    --aa-focus: var(--vscode-focusBorder, #0078d4);
    --aa-mono: var(--vscode-editor-font-family, ui-monospace, monospace);
    --aa-radius: 4px;
    box-sizing: border-box;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size, 13px);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2 {
    font-size: 11px;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--vscode-sideBarTitle-foreground, var(--aa-muted));
    margin: 0 0 8px;
  }
  .muted {
    color: var(--aa-muted);
  }
  .mono {
    font-family: var(--aa-mono);
    font-size: var(--vscode-editor-font-size, 12px);
  }
  button.link {
    background: none;
    border: none;
    padding: 0;
    margin: 0;
    font: inherit;
    color: var(--vscode-textLink-foreground, #3794ff);
    cursor: pointer;
    text-align: left;
  }
  button.link:hover {
    color: var(--vscode-textLink-activeForeground, var(--vscode-textLink-foreground));
    text-decoration: underline;
  }
  button:focus-visible,
  [tabindex]:focus-visible {
    outline: 1px solid var(--aa-focus);
    outline-offset: 1px;
  }
  .tag {
    display: inline-block;
    padding: 0 6px;
    border-radius: 9px;
    font-size: 11px;
    line-height: 17px;
    border: 1px solid var(--aa-border);
    color: var(--aa-muted);
    white-space: nowrap;
  }
  .tag.write,
  .tag.create {
    color: var(--aa-info);
    border-color: color-mix(in srgb, var(--aa-info) 50%, transparent);
  }
  .tag.delete {
    color: var(--aa-error);
    border-color: color-mix(in srgb, var(--aa-error) 50%, transparent);
  }
  .tag.exec {
    color: var(--aa-warning);
    border-color: color-mix(in srgb, var(--aa-warning) 50%, transparent);
  }
  .empty {
    color: var(--aa-muted);
    font-style: italic;
    padding: 4px 0;
  }
  section.card {
    border: 1px solid var(--aa-border);
    border-radius: var(--aa-radius);
    padding: 12px 14px;
    margin: 0 0 14px;
    background: var(--aa-surface);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** Outcome colours, as `--aa-outcome` on an element with class `outcome-<id>`. */
export const outcomeColors = css`
  .outcome-productive {
    --aa-outcome: var(--vscode-charts-green, #388a34);
  }
  .outcome-noop {
    --aa-outcome: var(--vscode-descriptionForeground, #999);
  }
  .outcome-failed {
    --aa-outcome: var(--vscode-charts-red, #f14c4c);
  }
  .outcome-blocked {
    --aa-outcome: var(--vscode-charts-orange, #d18616);
  }
  .outcome-abandoned {
    --aa-outcome: var(--vscode-charts-yellow, #cca700);
  }
  .outcome-in-progress {
    --aa-outcome: var(--vscode-charts-blue, #3794ff);
  }
`;

/** What every table's column headings share; each table adds its own padding (and wrapping). */
export const columnHeading = css`
  text-align: left;
  font-size: 11px;
  font-weight: 600;
  color: var(--aa-muted);
  border-bottom: 1px solid var(--aa-border);
`;

/** The compact data table of the overview's cards (agents, models). */
export const dataTable = css`
  :host {
    display: block;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th {
    ${columnHeading}
    white-space: nowrap;
    padding: 2px 8px;
  }
  td {
    white-space: nowrap;
    padding: 6px 8px;
    border-bottom: 1px solid color-mix(in srgb, var(--aa-border) 50%, transparent);
    font-variant-numeric: tabular-nums;
  }
`;
