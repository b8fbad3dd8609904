/**
 * The Problems panel: an Error on each workspace file a call touched although it was out of scope,
 * rebuilt whenever the sessions or the policy change (so it clears itself once the session or the
 * rule is gone).
 */
import * as vscode from 'vscode';
import { agentLabel } from '../../protocol/labels';
import type { AuditService } from '../auditService';
import { displayText } from '../displayText';
import { allOutOfScopeCalls, isInsideFolder } from './outOfScope';

export class OutOfScopeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('agentAudit');
  private readonly subscription: vscode.Disposable;
  private last = '';

  constructor(private readonly service: AuditService) {
    this.subscription = service.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const c of allOutOfScopeCalls(this.service.sessions())) {
      if (!c.path || !folders.some((f) => isInsideFolder(c.path!, f))) continue;
      const line = Math.max(0, (c.line ?? 1) - 1);
      const rule = [c.policyId, c.ruleId].filter(Boolean).join(' ');
      const d = new vscode.Diagnostic(
        new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
        // The title, tool and reason come from the log: shown as inert text.
        displayText(`Executed although out of scope: ${agentLabel(c.agent)} in "${c.sessionTitle}" ran ${c.tool}${rule ? ` (rule ${rule})` : ''}: ${c.reason}`),
        vscode.DiagnosticSeverity.Error,
      );
      d.source = 'Agent Audit';
      d.code = c.ruleId ?? 'out-of-scope';
      (byFile.get(c.path) ?? byFile.set(c.path, []).get(c.path)!).push(d);
    }
    // Same diagnostics as last time: leave the Problems panel alone (a live session fires often).
    const key = JSON.stringify([...byFile].map(([f, ds]) => [f, ds.map((d) => [d.message, d.range.start.line])]));
    if (key === this.last) return;
    this.last = key;
    this.collection.clear();
    for (const [file, ds] of byFile) this.collection.set(vscode.Uri.file(file), ds);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
