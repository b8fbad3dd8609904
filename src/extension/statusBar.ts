/** The status bar item: how many sessions are being written right now; opens the overview. */
import * as vscode from 'vscode';
import { agentLabel } from '../protocol/labels';
import type { AuditService } from './auditService';
import { displayText, markdownText } from './displayText';

export class LiveStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: AuditService) {
    this.item = vscode.window.createStatusBarItem('agentAudit.live', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Agent Audit: live sessions';
    this.item.command = 'agentAudit.openOverview';
    this.subscription = service.onDidChange(() => this.update());
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

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

/**
 * The loudest number: calls that ran although no scope allowed them. Shown only when there are
 * some, on the error background; opens the overview, whose top section lists them.
 */
export class OutOfScopeStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: AuditService) {
    this.item = vscode.window.createStatusBarItem('agentAudit.outOfScope', vscode.StatusBarAlignment.Left, 11);
    this.item.name = 'Agent Audit: executed although out of scope';
    this.item.command = 'agentAudit.openOverview';
    this.subscription = service.onDidChange(() => this.update());
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

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
