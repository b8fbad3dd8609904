/**
 * The panels' webview options and page: scripts on, resources only from the bundle folder, and
 * the page built by webviewPage (strict CSP, fresh nonce per load, first snapshot as data).
 */
import * as vscode from 'vscode';
import type { PanelSnapshot, PanelUiState } from '../../protocol/state';
import { newNonce, pageHtml } from './webviewPage';

export const WEBVIEW_DIST = ['dist', 'webview'] as const;

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The page may load nothing but the built webview bundle: not the workspace, not the logs.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIST)],
  };
}

export function panelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  initial: { snapshot: PanelSnapshot; ui: PanelUiState },
  title: string,
): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIST, 'main.js'));
  return pageHtml({ nonce: newNonce(), cspSource: webview.cspSource, scriptUri: script.toString(), initial, title });
}
