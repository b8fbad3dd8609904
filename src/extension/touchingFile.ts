/** "Which agent sessions touched this file?" */
import * as vscode from 'vscode';
import type { Session } from '../core/model';
import { agentLabel, OUTCOME_LABELS } from '../protocol/labels';
import type { AuditService } from './auditService';
import { quickPickText } from './displayText';
import { keyOf } from './indexer/sessionIndex';
import { formatStart } from './tree/sessionsTree';

export function sessionsTouching(service: AuditService, fsPath: string): { session: Session; accesses: string[] }[] {
  const out: { session: Session; accesses: string[] }[] = [];
  for (const s of service.sessions()) {
    const accesses = new Set<string>();
    for (const t of s.touches) if (t.path === fsPath) accesses.add(t.access);
    if (accesses.size > 0) out.push({ session: s, accesses: [...accesses].sort() });
  }
  return out.sort((a, b) => (b.session.startedAt ?? '').localeCompare(a.session.startedAt ?? ''));
}

/** The file a command was invoked on: the Explorer's or editor's resource, else the active editor. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

export async function showSessionsTouching(service: AuditService, arg: unknown, open: (key: string) => void): Promise<string[]> {
  await service.ready;
  const uri = targetUri(arg);
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Agent Audit: open a file (or pick one in the Explorer) to see which agent sessions touched it.');
    return [];
  }
  const hits = sessionsTouching(service, uri.fsPath);
  const name = vscode.workspace.asRelativePath(uri, false);
  if (hits.length === 0) {
    void vscode.window.showInformationMessage(`Agent Audit: no agent session in ${service.scopeLabel} touched ${name}.`);
    return [];
  }
  // Titles, models and ids come from logs: plain text, never an icon.
  const items = hits.map(({ session: s, accesses }) => ({
    label: quickPickText(s.title?.replace(/\s+/g, ' ').slice(0, 80) || `Session ${s.id.slice(0, 8)}`),
    description: quickPickText(`${agentLabel(s.agent)} · ${formatStart(s.startedAt)} · ${accesses.join(', ')}`),
    detail: quickPickText(`${OUTCOME_LABELS[s.outcome]} · ${s.models.join(', ') || 'model unknown'} · ${s.id}`),
    key: keyOf(s),
  }));
  void vscode.window
    .showQuickPick(items, { title: `Agent sessions that touched ${name}`, placeHolder: `${hits.length} session(s): pick one to open it`, matchOnDetail: true })
    .then((pick) => {
      if (pick) open(pick.key);
    });
  return items.map((i) => i.key);
}
