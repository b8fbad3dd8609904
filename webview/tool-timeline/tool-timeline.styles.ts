import { css } from 'lit';
import { base } from '../shared/theme.styles';

export const timelineStyles = [
  base,
  css`
    :host {
      display: block;
    }
    /* The gutter for the times sits on a wrapper: the virtual list (the ol) takes 100% of its parent's width. */
    .track {
      padding-left: 92px;
    }
    .track.compact {
      padding-left: 8px;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      border-left: 2px solid var(--aa-border);
    }
    .call {
      /* The virtual list places each row itself (absolutely): rows span the list's width. */
      width: 100%;
      position: relative;
      display: flex;
      gap: 8px;
      padding: 5px 8px 5px 14px;
      border-radius: 0 var(--aa-radius) var(--aa-radius) 0;
    }
    .call:hover {
      background: var(--aa-hover);
    }
    .time {
      position: absolute;
      left: -98px;
      width: 86px;
      text-align: right;
      white-space: nowrap;
      color: var(--aa-muted);
      font-size: 11px;
      line-height: 20px;
    }
    .glyph {
      position: absolute;
      left: -9px;
      top: 7px;
      width: 16px;
      height: 16px;
      border-radius: 50%;
      display: grid;
      place-items: center;
      font-size: 10px;
      line-height: 1;
      background: var(--vscode-editor-background, #1e1e1e);
      border: 1.5px solid var(--aa-ok);
      color: var(--aa-ok);
    }
    .body {
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
      flex: 1;
    }
    .head {
      display: flex;
      gap: 8px;
      align-items: baseline;
      min-width: 0;
    }
    .tool {
      font-weight: 600;
      flex: none;
    }
    button.tool {
      background: none;
      border: none;
      padding: 0;
      margin: 0;
      font: inherit;
      font-weight: 600;
      color: inherit;
      cursor: pointer;
    }
    button.tool:hover {
      text-decoration: underline;
    }
    .args {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      min-width: 0;
      color: var(--vscode-foreground);
      opacity: 0.9;
    }
    .status {
      flex: none;
      margin-left: auto;
      font-size: 11px;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .error,
    .why {
      font-size: 12px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .why {
      color: var(--aa-muted);
      font-style: italic;
    }
    .caps {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .status-denied {
      background: var(--vscode-inputValidation-errorBackground, color-mix(in srgb, var(--aa-error) 12%, transparent));
      box-shadow: inset 3px 0 0 var(--aa-error);
    }
    .status-denied .glyph {
      border-color: var(--aa-error);
      color: var(--aa-error);
    }
    .status-denied .status {
      color: var(--aa-error);
    }
    .status-denied .error {
      color: var(--vscode-foreground);
      opacity: 0.85;
    }
    .status-failed {
      background: color-mix(in srgb, var(--aa-warning) 10%, transparent);
      box-shadow: inset 3px 0 0 var(--aa-warning);
    }
    .status-failed .glyph {
      border-color: var(--aa-warning);
      color: var(--aa-warning);
    }
    .status-failed .status,
    .status-failed .error {
      color: var(--aa-warning);
    }
    .status-interrupted .glyph,
    .status-pending .glyph {
      border-color: var(--aa-muted);
      color: var(--aa-muted);
    }
    .status-interrupted .status,
    .status-pending .status {
      color: var(--aa-muted);
    }
    .compact .time {
      display: none;
    }
  `,
];
