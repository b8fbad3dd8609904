/**
 * The panels' page and its Content Security Policy, as plain strings (no `vscode` here, so the
 * policy is unit-tested and cannot loosen unnoticed): nothing but our bundle runs, under a fresh
 * nonce per load; no inline handlers, no remote anything, no eval.
 */
import { randomBytes } from 'node:crypto';

/** 128 random bits, new for every page load. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * `default-src 'none'` and only what the page needs: our script and styles under the nonce, our
 * fonts and images from the bundle (`cspSource` is the webview's own resource origin).
 */
export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** JSON safe inside a <script> element: no `<`, no line separators that end the element or a string. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface PageParts {
  nonce: string;
  cspSource: string;
  /** The bundle's main.js as a webview URI. */
  scriptUri: string;
  /** The first snapshot and UI state, embedded as data for the first paint. */
  initial: unknown;
  title: string;
}

export function pageHtml(p: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(p.nonce, p.cspSource)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(p.title)}</title>
<style nonce="${p.nonce}">
  html, body { margin: 0; padding: 0; }
  body {
    color: var(--vscode-foreground);
    background: var(--vscode-editor-background);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    font-weight: var(--vscode-font-weight);
  }
</style>
<script nonce="${p.nonce}">window.litNonce = ${embedJson(p.nonce)};</script>
<script type="application/json" id="agent-audit-initial">${embedJson(p.initial)}</script>
</head>
<body>
<agent-audit-app></agent-audit-app>
<script type="module" nonce="${p.nonce}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>`;
}
