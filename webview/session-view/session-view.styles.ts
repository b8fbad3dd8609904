import { css } from 'lit';
import { base, outcomeColors } from '../shared/theme.styles';

export const sessionViewStyles = [
  base,
  outcomeColors,
  css`
    :host {
      display: block;
      padding: 16px 20px 24px;
      max-width: 1400px;
    }
    header {
      margin-bottom: 16px;
    }
    .title-row {
      display: flex;
      align-items: center;
      gap: 10px;
      min-width: 0;
    }
    h1 {
      font-size: 1.35em;
      font-weight: 600;
      margin: 0;
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    h3 {
      font-size: 1em;
      font-weight: 600;
      margin: 0 0 8px;
    }
    h3 .muted {
      font-weight: normal;
      font-size: 0.92em;
      margin-left: 6px;
    }
    h4 {
      font-size: 0.92em;
      font-weight: 600;
      margin: 12px 0 4px;
      color: var(--aa-muted);
    }
    .actions {
      display: flex;
      gap: 6px;
      flex: none;
    }
    .outcome-pill {
      flex: none;
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 11px;
      font-size: 12px;
      font-weight: 600;
      color: var(--aa-outcome);
      border: 1px solid color-mix(in srgb, var(--aa-outcome) 60%, transparent);
      background: color-mix(in srgb, var(--aa-outcome) 14%, transparent);
    }
    .gone-pill {
      flex: none;
      padding: 2px 10px;
      border-radius: 11px;
      font-size: 12px;
      color: var(--vscode-descriptionForeground, #888);
      border: 1px dashed var(--vscode-descriptionForeground, #888);
    }
    .pulse {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--aa-outcome);
      animation: pulse 1.6s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.25;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .pulse {
        animation: none;
      }
    }
    .facts {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
      gap: 6px 24px;
      margin: 12px 0 10px;
    }
    .facts div {
      min-width: 0;
    }
    .facts .wide {
      grid-column: 1 / -1;
    }
    dt {
      font-size: 11px;
      color: var(--aa-muted);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    dd {
      margin: 1px 0 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .counts {
      list-style: none;
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      padding: 0;
      margin: 0;
    }
    .counts li {
      padding: 3px 10px;
      border: 1px solid var(--aa-border);
      border-radius: var(--aa-radius);
      color: var(--aa-muted);
    }
    .counts strong {
      color: var(--vscode-foreground);
      font-weight: 600;
    }
    .counts li.denied {
      border-color: color-mix(in srgb, var(--aa-error) 60%, transparent);
      background: color-mix(in srgb, var(--aa-error) 10%, transparent);
    }
    .counts li.denied,
    .counts li.denied strong {
      color: var(--aa-error);
    }
    .counts li.failed,
    .counts li.failed strong {
      color: var(--aa-warning);
    }
    .counts li.failed {
      border-color: color-mix(in srgb, var(--aa-warning) 60%, transparent);
    }
    .detail {
      margin-top: 12px;
      padding-top: 12px;
      border-top: 1px solid var(--aa-border);
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 0 14px;
      align-items: start;
    }
    @media (max-width: 900px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .section-head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 8px;
      flex-wrap: wrap;
      margin-bottom: 6px;
    }
    .section-head h2 {
      margin: 0;
    }
    h2 .muted {
      text-transform: none;
      letter-spacing: 0;
      font-weight: normal;
      margin-left: 4px;
    }
    .segmented {
      display: inline-flex;
      border: 1px solid var(--aa-border);
      border-radius: var(--aa-radius);
      overflow: hidden;
    }
    .segmented button {
      font: inherit;
      font-size: 12px;
      padding: 2px 10px;
      background: transparent;
      color: var(--vscode-foreground);
      border: none;
      cursor: pointer;
    }
    .segmented button + button {
      border-left: 1px solid var(--aa-border);
    }
    .segmented button.on {
      background: var(--vscode-button-background, #0e639c);
      color: var(--vscode-button-foreground, #fff);
    }
    .missing {
      padding: 24px 0;
    }
    .hint {
      font-size: 12px;
      margin: -4px 0 8px;
    }
    section.out-of-scope {
      border-color: var(--aa-error);
      border-width: 2px;
    }
    section.out-of-scope h2 {
      color: var(--aa-error);
    }
    .counts li.risk-high strong {
      color: var(--aa-error);
    }
  `,
];
