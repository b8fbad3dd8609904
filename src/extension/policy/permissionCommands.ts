/**
 * The policy commands: the permission report for a period (Markdown in an editor), keeping copies of
 * high-risk logs the agent will delete soon, and creating a starter policy file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildPermissionReport, type PermissionReport } from '../../core/permissions';
import { CLAUDE_CLEANUP_DEFAULT_DAYS } from '../../core/policy';
import { permissionsMarkdown } from '../../core/render/permissions';
import { keepCopies, logModifiedMs, POLICY_FILE } from '../../node/policy';
import type { AuditService } from '../auditService';
import { STARTER_POLICY } from './starterPolicy';
import type { WorkspacePolicy } from './workspacePolicy';

export const PERIODS = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000, '30d': 30 * 24 * 3600_000 } as const;
export type Period = keyof typeof PERIODS;

function isPeriod(x: unknown): x is Period {
  return typeof x === 'string' && x in PERIODS;
}

/** The report over the sessions in view, `period` back from `now`. */
export function permissionReport(service: AuditService, policy: WorkspacePolicy, period: Period, now = new Date()): PermissionReport {
  const claude = policy.loaded.claude;
  const cleanup = [...claude].reverse().find((s) => s.cleanupPeriodDays !== undefined)?.cleanupPeriodDays ?? CLAUDE_CLEANUP_DEFAULT_DAYS;
  return buildPermissionReport({
    // Every session in view, earlier ones too: they tell which capabilities are new in the period.
    sessions: service.sessions(),
    since: new Date(now.getTime() - PERIODS[period]).toISOString(),
    now,
    ...(policy.loaded.policy ? { policy: policy.loaded.policy } : {}),
    retentionDays: (agent) => (agent === 'claude-code' ? cleanup : undefined),
    logModifiedMs,
  });
}

async function pickPeriod(arg: unknown): Promise<Period | undefined> {
  if (isPeriod(arg)) return arg;
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'Last 24 hours', period: '24h' as const },
      { label: 'Last 7 days', period: '7d' as const, picked: true },
      { label: 'Last 30 days', period: '30d' as const },
    ],
    { title: 'Agent Audit: Permission Report', placeHolder: 'Which period?' },
  );
  return pick?.period;
}

/** `agentAudit.permissionReport [period]`: opens the report; offers to keep copies of logs due for deletion. Returns the Markdown. */
export async function showPermissionReport(service: AuditService, policy: WorkspacePolicy, arg: unknown): Promise<string | undefined> {
  const period = await pickPeriod(arg);
  if (!period) return undefined;
  await service.ready;
  const report = permissionReport(service, policy, period);
  const text = permissionsMarkdown(report);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
  await vscode.window.showTextDocument(doc, { preview: false });
  if (report.retention.length > 0 && !isPeriod(arg)) {
    const keep = 'Keep Copies…';
    const answer = await vscode.window.showWarningMessage(
      `${report.retention.length} high-risk session(s) have logs the agent will delete within a week.`,
      keep,
    );
    if (answer === keep) await keepLogCopies(service, policy, report);
  }
  return text;
}

/**
 * `agentAudit.keepCopies [folder]`: copies the logs of high-risk sessions due for deletion into a
 * folder the user picks (the originals are never moved or changed). Returns the copies made.
 */
export async function keepLogCopies(service: AuditService, policy: WorkspacePolicy, reportOrFolder?: unknown): Promise<string[]> {
  await service.ready;
  const report = isReport(reportOrFolder) ? reportOrFolder : permissionReport(service, policy, '30d');
  const logs = report.retention.flatMap((r) => r.logs);
  if (logs.length === 0) {
    void vscode.window.showInformationMessage('Agent Audit: no high-risk session has logs due for deletion within a week.');
    return [];
  }
  let folder = typeof reportOrFolder === 'string' && path.isAbsolute(reportOrFolder) ? reportOrFolder : undefined;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Keep Copies Here',
      title: `Keep copies of ${logs.length} log file(s) of ${report.retention.length} high-risk session(s)`,
    });
    folder = picked?.[0]?.fsPath;
  }
  if (!folder) return [];
  const { copied, failed } = keepCopies(logs, folder);
  if (failed.length > 0) void vscode.window.showErrorMessage(`Agent Audit: could not copy ${failed.length} log(s): ${failed.slice(0, 3).join('; ')}`);
  else void vscode.window.showInformationMessage(`Agent Audit: kept ${copied.length} log copy(ies) in ${folder}.`);
  return copied;
}

function isReport(x: unknown): x is PermissionReport {
  return typeof x === 'object' && x !== null && Array.isArray((x as PermissionReport).retention);
}

/** `agentAudit.createPolicy [folder]`: writes the starter policy (never over an existing one) and opens it. */
export async function createPolicy(policy: WorkspacePolicy, arg?: unknown): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  let folder = folders.find((f) => f.uri.fsPath === arg)?.uri.fsPath;
  if (!folder && folders.length === 1) folder = folders[0].uri.fsPath;
  if (!folder && folders.length > 1) folder = (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the policy file in which folder?' }))?.uri.fsPath;
  if (!folder) {
    if (folders.length === 0) void vscode.window.showInformationMessage('Agent Audit: open a folder first; the policy file lives in its .agent-audit folder.');
    return undefined;
  }
  const file = path.join(folder, POLICY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, STARTER_POLICY, { flag: 'wx' });
    policy.reload();
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  return file;
}
