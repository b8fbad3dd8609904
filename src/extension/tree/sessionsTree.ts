/**
 * The Sessions view: sessions grouped by agent -> capability (default), by capability, by day or
 * by outcome. Built from the service's sessions on every change; expansion survives rebuilds
 * because every node has a stable id.
 */
import * as vscode from 'vscode';
import { capabilityInfo } from '../../core/capabilities';
import type { Session } from '../../core/model';
import { agentLabel, CATEGORY_LABELS, OUTCOME_DESCRIPTIONS, OUTCOME_LABELS, shortModel } from '../../protocol/labels';
import type { AuditService } from '../auditService';
import { displayText, markdownCodeText, markdownText, notificationText } from '../displayText';
import { describeFilter } from '../filter';
import { keyOf } from '../indexer/sessionIndex';
import { sessionCounts } from '../panels/snapshots';
import { executedOutOfScopeCount, outOfScopeCalls } from '../policy/outOfScope';
import { capabilityIcon, outcomeIcon, sourceGoneIcon } from './icons';

export const GROUP_MODES = ['agent', 'capability', 'day', 'outcome'] as const;
export type GroupMode = (typeof GROUP_MODES)[number];

export const SESSION_SCHEME = 'agent-audit-session';

export interface GroupNode {
  kind: 'group';
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: vscode.ThemeIcon;
  children: TreeNode[];
  parent?: GroupNode;
  /** What the group is, for tests and context menus. */
  groupKind: 'agent' | 'capability' | 'day' | 'outcome' | 'none';
}

export interface SessionNode {
  kind: 'session';
  id: string;
  key: string;
  session: Session;
  parent?: GroupNode;
}

export type TreeNode = GroupNode | SessionNode;

/** What a test sees of the tree: labels, descriptions and children. */
export interface TreeNodeSnapshot {
  label: string;
  description?: string;
  kind: TreeNode['kind'];
  sessionKey?: string;
  /** The hover's Markdown source (sessions). */
  tooltip?: string;
  children?: TreeNodeSnapshot[];
}

const NO_CAPABILITY = '(none)';

export function sessionUri(key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SESSION_SCHEME, path: `/${encodeURIComponent(key)}` });
}

export function keyFromSessionUri(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== SESSION_SCHEME) return undefined;
  try {
    return decodeURIComponent(uri.path.slice(1));
  } catch {
    return undefined;
  }
}

function byStartDesc(a: Session, b: Session): number {
  return (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || a.id.localeCompare(b.id);
}

/** The badge on sessions and agents with calls that ran although out of scope. */
export function outOfScopeBadge(n: number): string {
  return `⚠ ${n} out of scope`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatStart(iso: string | undefined): string {
  if (!iso) return 'no time';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function localDay(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function dayLabel(day: string, today: Date): string {
  const key = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  if (day === key(today)) return 'Today';
  const y = new Date(today);
  y.setDate(y.getDate() - 1);
  if (day === key(y)) return 'Yesterday';
  const [yy, mm, dd] = day.split('-').map(Number);
  return new Date(yy, mm - 1, dd).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

function sessionTitle(s: Session): string {
  const title = displayText(s.title ?? '').replace(/\s+/g, ' ').trim();
  if (title) return title.length > 72 ? `${title.slice(0, 71)}…` : title;
  return displayText(`${s.agentType ? `${s.agentType} ` : ''}session ${s.id.slice(0, 8)}`);
}

export class SessionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots?: TreeNode[];
  private modeValue: GroupMode;
  private readonly subscription: vscode.Disposable;
  view?: vscode.TreeView<TreeNode>;

  constructor(
    private readonly service: AuditService,
    private readonly state: vscode.Memento,
  ) {
    const saved = state.get<string>('agentAudit.groupBy');
    this.modeValue = (GROUP_MODES as readonly string[]).includes(saved ?? '') ? (saved as GroupMode) : 'agent';
    void vscode.commands.executeCommand('setContext', 'agentAudit.groupBy', this.modeValue);
    this.subscription = service.onDidChange(() => this.refresh());
  }

  get mode(): GroupMode {
    return this.modeValue;
  }

  setMode(mode: GroupMode): void {
    this.modeValue = mode;
    void this.state.update('agentAudit.groupBy', mode);
    void vscode.commands.executeCommand('setContext', 'agentAudit.groupBy', mode);
    this.refresh();
  }

  refresh(): void {
    this.roots = undefined;
    this.updateMessage();
    this.changed.fire(undefined);
  }

  private updateMessage(): void {
    if (!this.view) return;
    const filter = this.service.filter;
    const text = describeFilter(filter, (id) => capabilityInfo(id).label);
    if (!text) {
      this.view.message = undefined;
      this.view.description = undefined;
      return;
    }
    const shown = this.service.filteredSessions().length;
    this.view.description = 'filtered';
    this.view.message = notificationText(shown === 0 ? `No sessions match: ${text}` : `Showing ${plural(shown, 'session')}: ${text}`);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      // Group labels can carry log text (an MCP server's name, an agent id): shown as plain text.
      const item = new vscode.TreeItem(displayText(node.label), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = node.description === undefined ? undefined : displayText(node.description);
      item.tooltip = node.tooltip === undefined ? undefined : displayText(node.tooltip);
      item.iconPath = node.icon;
      item.contextValue = `group.${node.groupKind}`;
      return item;
    }
    return this.sessionItem(node);
  }

  private sessionItem(node: SessionNode): vscode.TreeItem {
    const s = node.session;
    const counts = sessionCounts(s);
    const item = new vscode.TreeItem(sessionTitle(s), vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const model = s.models.length > 0 ? displayText(shortModel(s.models[0])) + (s.models.length > 1 ? ` +${s.models.length - 1}` : '') : 'model unknown';
    const outOfScope = executedOutOfScopeCount(s);
    item.description = [
      ...(outOfScope ? [outOfScopeBadge(outOfScope)] : []),
      ...(s.sourceGone ? ['source gone'] : []),
      model,
      formatStart(s.startedAt),
      `${counts.filesWritten} written · ${counts.filesRead} read`,
    ].join(' · ');
    // The loudest state gets its own icon: a call ran that no scope allowed.
    item.iconPath = outOfScope ? new vscode.ThemeIcon('shield', new vscode.ThemeColor('errorForeground')) : s.sourceGone ? sourceGoneIcon() : outcomeIcon(s.outcome);
    item.resourceUri = sessionUri(node.key);
    item.contextValue = counts.denied > 0 ? 'session.denied' : 'session';
    item.command = { command: 'agentAudit.openSession', title: 'Open Session', arguments: [node.key] };
    item.tooltip = sessionTooltip(s, counts);
    item.accessibilityInformation = {
      label: displayText(
        `${sessionTitle(s)}, ${agentLabel(s.agent)}, ${OUTCOME_LABELS[s.outcome]}, ${item.description}${counts.denied ? `, ${counts.denied} denied calls` : ''}${outOfScope ? `, ${outOfScope} calls executed although out of scope` : ''}`,
      ),
    };
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      this.roots ??= this.build();
      return this.roots;
    }
    return node.kind === 'group' ? node.children : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The first node showing this session (for reveal). */
  findSession(key: string): SessionNode | undefined {
    const walk = (nodes: TreeNode[]): SessionNode | undefined => {
      for (const n of nodes) {
        if (n.kind === 'session' && n.key === key) return n;
        if (n.kind === 'group') {
          const hit = walk(n.children);
          if (hit) return hit;
        }
      }
      return undefined;
    };
    return walk(this.getChildren());
  }

  snapshot(): TreeNodeSnapshot[] {
    const snap = (n: TreeNode): TreeNodeSnapshot => {
      if (n.kind === 'session') {
        const item = this.sessionItem(n);
        const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
        return { kind: 'session', label: String(item.label), description: String(item.description ?? ''), sessionKey: n.key, ...(tooltip ? { tooltip } : {}) };
      }
      const item = this.getTreeItem(n);
      return { kind: 'group', label: String(item.label), ...(item.description ? { description: String(item.description) } : {}), children: n.children.map(snap) };
    };
    return this.getChildren().map(snap);
  }

  private build(): TreeNode[] {
    const sessions = [...this.service.filteredSessions()].sort(byStartDesc);
    switch (this.modeValue) {
      case 'agent':
        return this.byAgent(sessions);
      case 'capability':
        return this.byCapability(sessions, undefined, 'cap');
      case 'day':
        return this.byDay(sessions);
      case 'outcome':
        return this.byOutcome(sessions);
    }
  }

  private leaf(s: Session, parent: GroupNode): SessionNode {
    const key = keyOf(s);
    return { kind: 'session', id: `${parent.id}/s:${key}`, key, session: s, parent };
  }

  private group(id: string, label: string, icon: vscode.ThemeIcon, groupKind: GroupNode['groupKind'], sessions: Session[], parent?: GroupNode): GroupNode {
    const live = sessions.filter((s) => s.outcome === 'in-progress').length;
    const node: GroupNode = {
      kind: 'group',
      id,
      label,
      icon,
      groupKind,
      description: `${plural(sessions.length, 'session')}${live ? ` · ${live} live` : ''}`,
      children: [],
      ...(parent ? { parent } : {}),
    };
    return node;
  }

  private byAgent(sessions: Session[]): TreeNode[] {
    const agents = new Map<string, Session[]>();
    for (const s of sessions) (agents.get(s.agent) ?? agents.set(s.agent, []).get(s.agent)!).push(s);
    return [...agents]
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([agent, list]) => {
        const outOfScope = list.reduce((n, s) => n + executedOutOfScopeCount(s), 0);
        const node = this.group(`a:${agent}`, agentLabel(agent), outOfScope ? new vscode.ThemeIcon('shield', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('hubot'), 'agent', list);
        if (outOfScope) {
          const sessionsHit = list.filter((s) => executedOutOfScopeCount(s) > 0).length;
          node.description = `${outOfScopeBadge(outOfScope)} · ${node.description}`;
          node.tooltip = `${agentLabel(agent)}: ${plural(outOfScope, 'call')} in ${plural(sessionsHit, 'session')} executed although out of scope`;
        }
        node.children = this.byCapability(list, node, `a:${agent}/c`);
        return node;
      });
  }

  private byCapability(sessions: Session[], parent: GroupNode | undefined, idPrefix: string): TreeNode[] {
    const caps = new Map<string, Session[]>();
    for (const s of sessions) {
      const ids = Object.keys(s.capabilities);
      for (const id of ids.length > 0 ? ids : [NO_CAPABILITY]) (caps.get(id) ?? caps.set(id, []).get(id)!).push(s);
    }
    const order = (id: string): number => (id === NO_CAPABILITY ? 2 : capabilityInfo(id).group === 'actions' ? 0 : 1);
    return [...caps]
      .sort((a, b) => order(a[0]) - order(b[0]) || b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([id, list]) => {
        const info = id === NO_CAPABILITY ? undefined : capabilityInfo(id);
        const node = this.group(`${idPrefix}:${id}`, info?.label ?? 'No capability', capabilityIcon(id), 'capability', list, parent);
        node.tooltip = info ? `${info.label} (${id}): ${info.description}` : 'Sessions that touched nothing Agent Audit classifies';
        node.children = list.map((s) => this.leaf(s, node));
        return node;
      });
  }

  private byDay(sessions: Session[]): TreeNode[] {
    const days = new Map<string, Session[]>();
    for (const s of sessions) {
      const day = localDay(s.startedAt ?? s.endedAt) ?? 'unknown';
      (days.get(day) ?? days.set(day, []).get(day)!).push(s);
    }
    const today = new Date();
    return [...days]
      .sort((a, b) => (a[0] === 'unknown' ? 1 : b[0] === 'unknown' ? -1 : b[0].localeCompare(a[0])))
      .map(([day, list]) => {
        const node = this.group(`d:${day}`, day === 'unknown' ? 'Unknown date' : dayLabel(day, today), new vscode.ThemeIcon('calendar'), 'day', list);
        node.children = list.map((s) => this.leaf(s, node));
        return node;
      });
  }

  private byOutcome(sessions: Session[]): TreeNode[] {
    const order = Object.keys(OUTCOME_LABELS) as Session['outcome'][];
    const by = new Map<string, Session[]>();
    for (const s of sessions) (by.get(s.outcome) ?? by.set(s.outcome, []).get(s.outcome)!).push(s);
    return order
      .filter((o) => by.has(o))
      .map((o) => {
        const list = by.get(o)!;
        const node = this.group(`o:${o}`, OUTCOME_LABELS[o], outcomeIcon(o), 'outcome', list);
        node.tooltip = `${OUTCOME_LABELS[o]}: ${OUTCOME_DESCRIPTIONS[o]}`;
        node.children = list.map((s) => this.leaf(s, node));
        return node;
      });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Badges the sessions that have denied calls. */
export class DeniedCallsDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: AuditService) {
    this.subscription = service.onDidChange(() => this.changed.fire(undefined));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const key = keyFromSessionUri(uri);
    if (key === undefined) return undefined;
    const s = this.service.sessionByKey(key);
    if (!s) return undefined;
    const denied = s.toolCalls.filter((c) => c.status === 'denied').length;
    if (denied === 0) return undefined;
    const d = new vscode.FileDecoration(denied > 99 ? '99' : String(denied), `${plural(denied, 'denied call')}`, new vscode.ThemeColor('list.warningForeground'));
    d.propagate = false;
    return d;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * A session's hover. Untrusted Markdown (no command links run, no HTML, no theme icons), and
 * every piece of log text escaped or in a code span: a crafted title stays text.
 */
export function sessionTooltip(s: Session, counts = sessionCounts(s)): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  // The whole title (the label may be cut short).
  md.appendMarkdown(`**${markdownText(s.title?.trim() ? s.title : sessionTitle(s))}**\n\n`);
  const outOfScope = outOfScopeCalls(s);
  if (outOfScope.length > 0) {
    md.appendMarkdown(`**Executed although out of scope: ${plural(outOfScope.length, 'call')}**\n\n`);
    for (const c of outOfScope.slice(0, 5)) {
      md.appendMarkdown(`- ${markdownText(c.tool)}${c.path ? ` ${markdownCodeText(c.path)}` : ''}: ${markdownText(c.reason)}\n`);
    }
    md.appendMarkdown('\n');
  }
  md.appendMarkdown(
    `${markdownText(agentLabel(s.agent))}${s.agentType ? ` (${markdownText(s.agentType)} subagent)` : ''} · ${OUTCOME_LABELS[s.outcome]} (${OUTCOME_DESCRIPTIONS[s.outcome]}) · ${CATEGORY_LABELS[s.category]}\n\n`,
  );
  md.appendMarkdown(`Project: ${markdownCodeText(s.project ?? s.cwd ?? 'unknown')}\n\n`);
  md.appendMarkdown(`Source log: ${markdownCodeText(s.sources.map((x) => x.path).join(', ') || 'unknown')}${s.sourceGone ? ' (deleted; this is what was read before)' : ''}\n\n`);
  md.appendMarkdown(`Models: ${markdownText(s.models.join(', ') || 'unknown')} · Started ${markdownText(formatStart(s.startedAt))}\n\n`);
  md.appendMarkdown(
    `${plural(counts.calls, 'tool call')} · ${counts.filesWritten} files written · ${counts.filesRead} read${counts.denied ? ` · **${counts.denied} denied**` : ''}${counts.failed ? ` · ${counts.failed} failed` : ''}`,
  );
  const secrets = s.secretFindings ?? [];
  if (secrets.length > 0) {
    // The session's texts are already masked; only rule names are listed here.
    const rules = [...new Set(secrets.map((f) => f.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')))].sort();
    md.appendMarkdown(`\n\n**${plural(secrets.length, 'secret')} exposed** (${markdownText(rules.join(', '))})`);
  }
  return md;
}
