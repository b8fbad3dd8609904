/**
 * Every contributed command, by id, registered in one loop. Arguments can come from the tree, the
 * Explorer, the command palette or another extension, so each handler checks what it gets.
 */
import * as vscode from 'vscode';
import { capabilityInfo } from '../core/capabilities';
import { AGENTS, CATEGORIES, OUTCOMES, type Session } from '../core/model';
import { AGENT_LABELS, CATEGORY_LABELS, OUTCOME_LABELS } from '../protocol/labels';
import type { AuditService } from './auditService';
import { exportReport, exportSession, parseExportArgs } from './export';
import { normalizeFilter, type SessionFilter } from './filter';
import { keyOf } from './indexer/sessionIndex';
import { openFileAt } from './panels/openers';
import type { OverviewPanel } from './panels/overviewPanel';
import type { SessionPanels } from './panels/sessionPanels';
import { createPolicy, keepLogCopies, showPermissionReport } from './policy/permissionCommands';
import type { WorkspacePolicy } from './policy/workspacePolicy';
import { showSessionsTouching } from './touchingFile';
import type { GroupMode, SessionsTreeProvider, TreeNode } from './tree/sessionsTree';

export const COMMANDS = {
  openSession: 'agentAudit.openSession',
  revealSourceLog: 'agentAudit.revealSourceLog',
  copySessionId: 'agentAudit.copySessionId',
  exportSession: 'agentAudit.exportSession',
  exportReport: 'agentAudit.exportReport',
  openOverview: 'agentAudit.openOverview',
  refresh: 'agentAudit.refresh',
  filterSessions: 'agentAudit.filterSessions',
  clearFilter: 'agentAudit.clearFilter',
  sessionsTouchingFile: 'agentAudit.sessionsTouchingFile',
  groupByAgent: 'agentAudit.groupByAgent',
  groupByCapability: 'agentAudit.groupByCapability',
  groupByDay: 'agentAudit.groupByDay',
  groupByOutcome: 'agentAudit.groupByOutcome',
  permissionReport: 'agentAudit.permissionReport',
  keepCopies: 'agentAudit.keepCopies',
  createPolicy: 'agentAudit.createPolicy',
} as const;

export interface CommandContext {
  service: AuditService;
  tree: SessionsTreeProvider;
  sessionPanels: SessionPanels;
  overview: OverviewPanel;
  policy: WorkspacePolicy;
  setFilter(filter: SessionFilter): void;
}

/** A session from a tree node, a session key, or `{ sessionId, agent? }`. */
export function sessionFromArg(service: AuditService, arg: unknown): Session | undefined {
  if (typeof arg === 'string') return service.sessionByKey(arg) ?? service.session(arg);
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<TreeNode> & { sessionId?: unknown; agent?: unknown };
  if (node.kind === 'session' && typeof node.key === 'string') return service.sessionByKey(node.key);
  if (typeof node.sessionId === 'string') return service.session(node.sessionId, typeof node.agent === 'string' ? node.agent : undefined);
  return undefined;
}

/** The tree's selection when a palette command needs a session and got none. */
async function pickSession(ctx: CommandContext, title: string): Promise<Session | undefined> {
  const selected = ctx.tree.view?.selection.find((n) => n.kind === 'session');
  if (selected?.kind === 'session') return selected.session;
  const sessions = [...ctx.service.filteredSessions()].sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  const pick = await vscode.window.showQuickPick(
    sessions.map((s) => ({ label: s.title?.slice(0, 80) || `Session ${s.id.slice(0, 8)}`, description: `${AGENT_LABELS[s.agent]} · ${OUTCOME_LABELS[s.outcome]}`, detail: s.id, session: s })),
    { title, placeHolder: 'Pick a session', matchOnDetail: true },
  );
  return pick?.session;
}

function isFilterArg(arg: unknown): arg is SessionFilter {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return false;
  const f = arg as Record<string, unknown>;
  const listOf = (v: unknown, allowed?: readonly string[]): boolean =>
    v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string' && (!allowed || allowed.includes(x))));
  return (
    listOf(f.agents, AGENTS) &&
    listOf(f.outcomes, OUTCOMES) &&
    listOf(f.categories, CATEGORIES) &&
    listOf(f.capabilities) &&
    listOf(f.models) &&
    (f.deniedOnly === undefined || typeof f.deniedOnly === 'boolean')
  );
}

async function filterSessions(ctx: CommandContext, arg: unknown): Promise<void> {
  if (isFilterArg(arg)) {
    ctx.setFilter(normalizeFilter(arg));
    return;
  }
  const sessions = ctx.service.sessions();
  const current = ctx.service.filter;
  type Item = vscode.QuickPickItem & { apply?: (f: SessionFilter) => void };
  const items: Item[] = [];
  const section = (label: string): void => void items.push({ label, kind: vscode.QuickPickItemKind.Separator });
  const count = (pred: (s: Session) => boolean): string => `${sessions.filter(pred).length}`;

  const agents = AGENTS.filter((a) => sessions.some((s) => s.agent === a));
  if (agents.length > 0) section('Agent');
  for (const a of agents) {
    items.push({ label: AGENT_LABELS[a], description: count((s) => s.agent === a), picked: current.agents?.includes(a), apply: (f) => void (f.agents ??= []).push(a) });
  }
  section('Outcome');
  for (const o of OUTCOMES) {
    items.push({ label: OUTCOME_LABELS[o], description: count((s) => s.outcome === o), picked: current.outcomes?.includes(o), apply: (f) => void (f.outcomes ??= []).push(o) });
  }
  section('Category');
  for (const c of CATEGORIES) {
    items.push({ label: CATEGORY_LABELS[c], description: count((s) => s.category === c), picked: current.categories?.includes(c), apply: (f) => void (f.categories ??= []).push(c) });
  }
  const caps = [...new Set(sessions.flatMap((s) => Object.keys(s.capabilities)))].sort();
  if (caps.length > 0) section('Capability');
  for (const id of caps) {
    items.push({ label: capabilityInfo(id).label, description: `${id} · ${count((s) => id in s.capabilities)}`, picked: current.capabilities?.includes(id), apply: (f) => void (f.capabilities ??= []).push(id) });
  }
  const models = [...new Set(sessions.flatMap((s) => s.models))].sort();
  if (models.length > 0) section('Model');
  for (const m of models) {
    items.push({ label: m, description: count((s) => s.models.includes(m)), picked: current.models?.includes(m), apply: (f) => void (f.models ??= []).push(m) });
  }
  section('Tool calls');
  items.push({ label: 'Only sessions with denied calls', description: count((s) => s.toolCalls.some((c) => c.status === 'denied')), picked: current.deniedOnly === true, apply: (f) => void (f.deniedOnly = true) });

  const picked = await vscode.window.showQuickPick(items, {
    title: 'Agent Audit: Filter Sessions',
    placeHolder: 'Pick what to show (within a group any may match; across groups all must). Pick nothing to clear.',
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!picked) return;
  const filter: SessionFilter = {};
  for (const p of picked) p.apply?.(filter);
  ctx.setFilter(normalizeFilter(filter));
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const { service } = ctx;
  const groupBy = (mode: GroupMode) => (): void => ctx.tree.setMode(mode);
  const handlers: Record<(typeof COMMANDS)[keyof typeof COMMANDS], (...args: unknown[]) => unknown> = {
    [COMMANDS.openSession]: async (arg) => {
      const s = sessionFromArg(service, arg) ?? (arg === undefined ? await pickSession(ctx, 'Agent Audit: Open Session') : undefined);
      if (s) ctx.sessionPanels.open(s);
      return s ? keyOf(s) : undefined;
    },
    [COMMANDS.revealSourceLog]: async (arg) => {
      const s = sessionFromArg(service, arg) ?? (await pickSession(ctx, 'Agent Audit: Reveal Source Log'));
      const src = s?.sources[0];
      if (src) await openFileAt(src.path, src.firstLine);
      return src?.path;
    },
    [COMMANDS.copySessionId]: async (arg) => {
      const s = sessionFromArg(service, arg) ?? (await pickSession(ctx, 'Agent Audit: Copy Session ID'));
      if (!s) return undefined;
      await vscode.env.clipboard.writeText(s.id);
      vscode.window.setStatusBarMessage(`Agent Audit: copied session id ${s.id}`, 3000);
      return s.id;
    },
    [COMMANDS.exportSession]: async (arg, options) => {
      const s = sessionFromArg(service, arg) ?? (await pickSession(ctx, 'Agent Audit: Export Session'));
      return s ? (await exportSession(service, s, parseExportArgs(options)))?.fsPath : undefined;
    },
    [COMMANDS.exportReport]: async (arg) => (await exportReport(service, parseExportArgs(arg)))?.fsPath,
    [COMMANDS.openOverview]: () => ctx.overview.open(),
    [COMMANDS.refresh]: () => service.refresh(),
    [COMMANDS.filterSessions]: (arg) => filterSessions(ctx, arg),
    [COMMANDS.clearFilter]: () => ctx.setFilter({}),
    [COMMANDS.sessionsTouchingFile]: (arg) => showSessionsTouching(service, arg, (key) => void vscode.commands.executeCommand(COMMANDS.openSession, key)),
    [COMMANDS.groupByAgent]: groupBy('agent'),
    [COMMANDS.groupByCapability]: groupBy('capability'),
    [COMMANDS.groupByDay]: groupBy('day'),
    [COMMANDS.groupByOutcome]: groupBy('outcome'),
    [COMMANDS.permissionReport]: (period) => showPermissionReport(service, ctx.policy, period),
    [COMMANDS.keepCopies]: (folder) => keepLogCopies(service, ctx.policy, folder),
    [COMMANDS.createPolicy]: (folder) => createPolicy(ctx.policy, folder),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
