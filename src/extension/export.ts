/** Export Report / Export Session: the command line's engine (aggregate + renderers), a save dialog. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildReport } from '../core/aggregate';
import type { Gap, Session } from '../core/model';
import { isReportFormat, REPORT_EXTENSIONS, type ReportFormat, renderReport } from '../core/render';
import type { AuditService } from './auditService';

export interface ExportArgs {
  format?: ReportFormat;
  /** Absolute file path to write (skips the save dialog). */
  path?: string;
  /** `filtered`: only the sessions the tree shows. */
  scope?: 'all' | 'filtered';
}

const FORMAT_PICKS: { label: string; description: string; format: ReportFormat }[] = [
  { label: 'HTML', description: 'a standalone page to read or share', format: 'html' },
  { label: 'Markdown', description: 'for pull requests, issues and notes', format: 'md' },
  { label: 'JSON', description: 'agent-audit/report@1, for tools', format: 'json' },
  { label: 'CSV', description: 'one row per tool call, for spreadsheets', format: 'csv' },
];

const FILTER_NAMES: Record<ReportFormat, string> = { html: 'HTML', md: 'Markdown', json: 'JSON', csv: 'CSV' };

/** Arguments from another extension or a keybinding are untrusted: keep only well-formed ones. */
export function parseExportArgs(arg: unknown): ExportArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  const out: ExportArgs = {};
  if (typeof a.format === 'string' && isReportFormat(a.format)) out.format = a.format;
  if (typeof a.path === 'string' && path.isAbsolute(a.path)) out.path = a.path;
  if (a.scope === 'all' || a.scope === 'filtered') out.scope = a.scope;
  return out;
}

export async function exportReport(service: AuditService, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  await service.ready;
  let sessions: Session[] = service.sessionsWithReplays();
  let scope = args.scope;
  if (!scope && Object.keys(service.filter).length > 0 && !args.path) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'All sessions', description: `${service.sessions().length} in ${service.scopeLabel}`, scope: 'all' as const },
        { label: 'Filtered sessions', description: `${service.filteredSessions().length} shown in the tree`, scope: 'filtered' as const },
      ],
      { title: 'Agent Audit: Export Report', placeHolder: 'Which sessions?' },
    );
    if (!pick) return undefined;
    scope = pick.scope;
  }
  if (scope === 'filtered') {
    const shown = new Set(service.filteredSessions());
    sessions = sessions.filter((s) => shown.has(s));
  }
  return writeReport(service, sessions, args, 'agent-audit-report', 'Export Report');
}

export async function exportSession(service: AuditService, session: Session, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  return writeReport(service, [session], args, `agent-audit-session-${session.id.slice(0, 8).replace(/[^A-Za-z0-9_-]/g, '_')}`, 'Export Session');
}

async function writeReport(service: AuditService, sessions: Session[], args: ExportArgs, baseName: string, title: string): Promise<vscode.Uri | undefined> {
  let format = args.format;
  if (!format) {
    const pick = await vscode.window.showQuickPick(FORMAT_PICKS, { title: `Agent Audit: ${title}`, placeHolder: 'Report format' });
    if (!pick) return undefined;
    format = pick.format;
  }
  let target: vscode.Uri | undefined;
  if (args.path) {
    target = vscode.Uri.file(args.path);
  } else {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
    const defaultUri = folder ? vscode.Uri.joinPath(folder, `${baseName}${REPORT_EXTENSIONS[format]}`) : undefined;
    target = await vscode.window.showSaveDialog({
      title: `Agent Audit: ${title}`,
      saveLabel: 'Export',
      ...(defaultUri ? { defaultUri } : {}),
      filters: { [FILTER_NAMES[format]]: [REPORT_EXTENSIONS[format].slice(1)] },
    });
    if (!target) return undefined;
  }

  const report = buildReport({
    sessions,
    generatedAt: new Date().toISOString(),
    scope: {
      roots: service.watchedRoots.map((r) => r.path),
      project: service.projectScope ?? null,
      since: null,
      until: null,
      agents: service.agents,
    },
    gaps: service.scanGaps() as Gap[],
    files: service.fileCount,
    pathCapabilities: (p) => service.classifier.pathCapabilities(p),
  });
  const text = renderReport(report, format);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  if (!args.path) {
    const open = 'Open';
    void vscode.window.showInformationMessage(`Agent Audit: ${report.totals.sessions} session(s) exported to ${target.fsPath}`, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('vscode.open', target);
    });
  }
  return target;
}
