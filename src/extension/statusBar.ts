/** The status bar items: sessions being written right now, and calls run out of scope. Both open the overview. */
import * as vscode from 'vscode';
import { agentLabel } from '../protocol/labels';
import type { AuditService } from './auditService';
import { displayText, markdownText } from './displayText';

/** An item that opens the overview and is redrawn whenever the sessions change. */
abstract class OverviewStatusItem implements vscode.Disposable {
  protected readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(
    protected readonly service: AuditService,
    id: string,
    name: string,
    priority: number,
  ) {
    this.item = vscode.window.createStatusBarItem(id, vscode.StatusBarAlignment.Left, priority);
    this.item.name = name;
    this.item.command = 'agentAudit.openOverview';
    this.subscription = service.onDidChange(() => this.update());
  }

  abstract update(): void;

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

export class LiveStatus extends OverviewStatusItem {
  constructor(service: AuditService) {
    super(service, 'agentAudit.live', 'Agent Audit: live sessions', 10);
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  update(): void {
    const live = this.service.liveSessions();
    this.item.text = live.length > 0 ? `$(pulse) ${live.length} live` : '$(eye) Agent Audit';
    // Untrusted Markdown without icons: session titles are log text.
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    if (live.length === 0) {
      md.appendMarkdown(`No agent session is being written right now.\n\n${this.service.sessions().length} session(s) in ${markdownText(this.service.scopeLabel)}.`);
    } else {
      md.appendMarkdown(`**${live.length} agent session(s) live right now**\n\n`);
      for (const s of live.slice(0, 8)) md.appendMarkdown(`- ${markdownText(agentLabel(s.agent))}: ${markdownText(displayText(s.title ?? s.id).slice(0, 60))}\n`);
    }
    md.appendMarkdown('\n\nClick to open the Agent Audit overview.');
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: live.length > 0 ? `${live.length} agent sessions live` : 'Agent Audit: no live sessions' };
  }
}

/**
 * The loudest number: calls that ran although no scope allowed them. Shown only when there are
 * some, on the error background; opens the overview, whose top section lists them.
 */
export class OutOfScopeStatus extends OverviewStatusItem {
  constructor(service: AuditService) {
    super(service, 'agentAudit.outOfScope', 'Agent Audit: executed although out of scope', 11);
    this.update();
  }

  /** The item's text, empty when it is hidden (tests). */
  get text(): string {
    return this.count > 0 ? this.item.text : '';
  }

  private count = 0;

  update(): void {
    const sessions = this.service.sessions();
    let count = 0;
    let hit = 0;
    for (const s of sessions) {
      const n = s.policy?.executedOutOfScope ?? 0;
      count += n;
      if (n > 0) hit++;
    }
    this.count = count;
    if (count === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(shield) ${count} out of scope`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.tooltip = `${count} agent tool call(s) in ${hit} session(s) executed although out of scope. Click to open the Agent Audit overview.`;
    this.item.accessibilityInformation = { label: `Agent Audit: ${count} calls executed although out of scope` };
    this.item.show();
  }
}
