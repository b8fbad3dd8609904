/** Codicons for outcomes and capabilities, coloured through theme colours only. */
import * as vscode from 'vscode';
import type { Outcome } from '../../core/model';

const OUTCOME_ICONS: Record<Outcome, [string, string]> = {
  productive: ['pass', 'charts.green'],
  noop: ['circle-large-outline', 'descriptionForeground'],
  failed: ['error', 'errorForeground'],
  blocked: ['circle-slash', 'charts.orange'],
  abandoned: ['debug-stop', 'charts.yellow'],
  'in-progress': ['sync~spin', 'charts.blue'],
};

export function outcomeIcon(outcome: Outcome): vscode.ThemeIcon {
  const [id, color] = OUTCOME_ICONS[outcome];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

/** A session whose log was deleted while being followed. */
export function sourceGoneIcon(): vscode.ThemeIcon {
  return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('descriptionForeground'));
}

const CAPABILITY_ICONS: Record<string, string> = {
  'code-python': 'file-code',
  'code-typescript': 'file-code',
  'code-rust': 'file-code',
  'code-go': 'file-code',
  'code-other': 'file-code',
  'doc-markdown': 'markdown',
  'config-data': 'json',
  'script-shell': 'terminal-bash',
  'config-systemd': 'server-process',
  'web-html': 'browser',
  'knowledge-work': 'book',
  'internal-ops': 'checklist',
  'shell-exec': 'terminal',
  'net-egress': 'globe',
  'pkg-install': 'package',
  'vcs-write': 'git-commit',
  'vcs-rewrite': 'git-compare',
  destructive: 'trash',
  privileged: 'shield',
  'secrets-access': 'key',
  'password-manager': 'lock',
  'shell-config': 'settings-gear',
  database: 'database',
  'subagent-spawn': 'type-hierarchy-sub',
};

/** Capabilities that deserve attention get a warning colour. */
const SENSITIVE = new Set(['secrets-access', 'password-manager', 'privileged', 'destructive', 'vcs-rewrite', 'shell-config']);

export function capabilityIcon(id: string): vscode.ThemeIcon {
  const icon = CAPABILITY_ICONS[id] ?? (id.startsWith('mcp:') ? 'plug' : id === '(none)' ? 'circle-large-outline' : 'symbol-misc');
  return SENSITIVE.has(id) ? new vscode.ThemeIcon(icon, new vscode.ThemeColor('charts.orange')) : new vscode.ThemeIcon(icon);
}
