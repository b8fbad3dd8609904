/** Opening files from panels: only local `file:` paths, only paths the panel's snapshot names. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { isAbsoluteLocalPath } from './snapshots';

export async function openFileAt(path: string, line?: number, endLine?: number): Promise<boolean> {
  if (!isAbsoluteLocalPath(path)) return false;
  if (!fs.existsSync(path)) {
    void vscode.window.showWarningMessage(`Agent Audit: ${path} does not exist on this machine (any more).`);
    return false;
  }
  const uri = vscode.Uri.file(path);
  const options: vscode.TextDocumentShowOptions = { preview: true, viewColumn: vscode.ViewColumn.One };
  if (line !== undefined) {
    const start = new vscode.Position(Math.max(0, line - 1), 0);
    const end = new vscode.Position(Math.max(0, (endLine ?? line) - 1), Number.MAX_SAFE_INTEGER);
    options.selection = new vscode.Range(start, end);
  }
  try {
    await vscode.window.showTextDocument(uri, options);
    return true;
  } catch (e) {
    // Binary or very large files: let the editor decide how to show them.
    await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.One });
    return true;
  }
}
