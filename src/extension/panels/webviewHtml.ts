/**
 * The panels' page: a strict Content Security Policy (nothing but our bundle, under a fresh
 * nonce per load), the first snapshot embedded as data for the first paint, theme via --vscode-*.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelSnapshot, PanelUiState } from '../../protocol/state';

export const WEBVIEW_DIST = ['dist', 'webview'] as const;

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIST)],
  };
}

/** JSON safe inside a <script> element: no `<`, no line separators that end the element or a string. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function panelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  initial: { snapshot: PanelSnapshot; ui: PanelUiState },
  title: string,
): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIST, 'main.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  html, body { margin: 0; padding: 0; }
  body {
    color: var(--vscode-foreground);
    background: var(--vscode-editor-background);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    font-weight: var(--vscode-font-weight);
  }
</style>
<script nonce="${nonce}">window.litNonce = ${embedJson(nonce)};</script>
<script type="application/json" id="agent-audit-initial">${embedJson(initial)}</script>
</head>
<body>
<agent-audit-app></agent-audit-app>
<script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
