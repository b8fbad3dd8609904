import { css } from 'lit';
import { base } from '../shared/theme.styles';

/** Capabilities an auditor looks at first. */
export const SENSITIVE = new Set(['secrets-access', 'password-manager', 'privileged', 'destructive', 'vcs-rewrite', 'shell-config']);

export const fingerprintStyles = [
  base,
  css`
    :host {
      display: block;
    }
    .group {
      display: flex;
      gap: 12px;
      align-items: baseline;
      margin-bottom: 8px;
    }
    .group-label {
      flex: none;
      width: 110px;
      font-size: 12px;
      color: var(--aa-muted);
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      font: inherit;
      font-size: 12px;
      padding: 3px 4px 3px 10px;
      border-radius: 14px;
      border: 1px solid var(--aa-border);
      background: var(--vscode-editor-background, transparent);
      color: var(--vscode-foreground);
      cursor: pointer;
    }
    .chip:hover {
      background: var(--aa-hover);
    }
    .chip.sensitive {
      border-color: color-mix(in srgb, var(--aa-warning) 70%, transparent);
    }
    .chip.sensitive .name::before {
      content: '⚠ ';
      color: var(--aa-warning);
    }
    .chip.on {
      background: var(--vscode-button-background, #0e639c);
      border-color: var(--vscode-button-background, #0e639c);
      color: var(--vscode-button-foreground, #fff);
    }
    .rw {
      display: inline-flex;
      gap: 1px;
      border-radius: 10px;
      overflow: hidden;
      font-family: var(--aa-mono);
      font-size: 11px;
    }
    .rw span {
      padding: 0 6px;
      background: var(--vscode-badge-background, #4d4d4d);
      color: var(--vscode-badge-foreground, #fff);
      opacity: 0.85;
    }
    .rw .w.has {
      background: var(--vscode-charts-blue, #3794ff);
      color: var(--vscode-editor-background, #fff);
      opacity: 1;
    }
    .chip.on .rw span {
      opacity: 1;
    }
  `,
];
