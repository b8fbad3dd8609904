/**
 * Opening files from panels: only absolute local paths (see openPolicy), only through
 * `vscode.Uri.file`, and read-only (with a notice) when the file is outside the workspace: a
 * session may have touched anything on the machine, and a click in an audit must not turn into
 * an edit of `~/.bashrc`. Nothing here ever runs a command named by a log.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { notificationText } from '../displayText';
import { decideOpen } from './openPolicy';

/** VS Code's own "read-only in this session" action (1.79+): the file stays read-only until the window reloads. */
const SET_READONLY_IN_SESSION = 'workbench.action.files.setActiveEditorReadonlyInSession';

function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

export async function openFileAt(path: string, line?: number, endLine?: number): Promise<boolean> {
  const decision = decideOpen(path, workspaceFolderPaths());
  if (decision.kind === 'refuse') {
    void vscode.window.showWarningMessage(notificationText(`Agent Audit: not opening ${path}: ${decision.reason}. Only local files open.`));
    return false;
  }
  if (!fs.existsSync(decision.path)) {
    void vscode.window.showWarningMessage(notificationText(`Agent Audit: ${decision.path} does not exist on this machine (any more).`));
    return false;
  }
  const uri = vscode.Uri.file(decision.path);
  // A file the user already has open keeps the editor they chose; only our own opening is made read-only.
  const alreadyOpen = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === uri.fsPath);
  const options: vscode.TextDocumentShowOptions = { preview: true, viewColumn: vscode.ViewColumn.One };
  if (line !== undefined) {
    const start = new vscode.Position(Math.max(0, line - 1), 0);
    const end = new vscode.Position(Math.max(0, (endLine ?? line) - 1), Number.MAX_SAFE_INTEGER);
    options.selection = new vscode.Range(start, end);
  }
  try {
    await vscode.window.showTextDocument(uri, options);
  } catch {
    // Binary or very large files: let the editor decide how to show them.
    await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.One });
  }
  if (!decision.insideWorkspace && !alreadyOpen) {
    await vscode.commands.executeCommand(SET_READONLY_IN_SESSION);
    void vscode.window.showInformationMessage(notificationText(`Agent Audit: ${decision.path} is outside the workspace, so it opened read-only.`));
  }
  return true;
}
