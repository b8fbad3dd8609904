/**
 * A crafted session in the real extension host: its text reaches the tree, the hover and the
 * panel as inert text, the panel's page keeps its policy, and nothing a panel sends outside the
 * protocol (or about paths it does not show) is acted on.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACTIVE_CHARACTERS, CRAFTED_SESSION_ID, type CraftedSession, HOSTILE_TEXT, writeCraftedSession } from '../../harness/craftedSession';
import { api, eventually, EXTENSION_ID, fixture, flatten } from './helpers';

const key = `claude-code\u0000${CRAFTED_SESSION_ID}`;

describe('security: a crafted session', () => {
  const f = fixture();
  let crafted: CraftedSession;

  before(() => {
    crafted = writeCraftedSession(f.claudeDir, f.folder, path.join(f.scratch, 'outside'));
  });

  after(async () => {
    fs.rmSync(crafted.log, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const a = await api();
    // A deleted log's session stays (source gone) until Refresh reads what is on disk again.
    await vscode.commands.executeCommand('agentAudit.refresh');
    await eventually(() => !a.sessions().some((s) => s.id === CRAFTED_SESSION_ID), 'the crafted session to leave');
  });

  it('shows its title in the tree and the hover as plain text', async () => {
    const a = await api();
    const node = await eventually(() => flatten(a.tree()).find((x) => x.node.sessionKey === key), 'the crafted session in the tree', 30_000);
    assert.doesNotMatch(node.node.label, ACTIVE_CHARACTERS);
    assert.match(node.node.label, /^Red <img src=x onerror=/);
    const tooltip = node.node.tooltip ?? '';
    assert.ok(tooltip.includes('\\<U\\+202E\\>fdp.exe'), 'the override is named in the hover');
    assert.doesNotMatch(tooltip, ACTIVE_CHARACTERS);
    assert.doesNotMatch(tooltip, /(?<!\\)\]\(|(?<!\\)<img|(?<!\\)<script/, 'no link, no HTML in the hover');
  });

  it('opens a panel whose page keeps the policy, with a new nonce per load and only the bundle as resource root', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.openSession', key);
    const snap = await eventually(() => a.sessionPanelSnapshot(key)?.session, 'the panel snapshot');
    assert.doesNotMatch(JSON.stringify(snap), /\\u001b|\\u202e|\u001b|\u202e/i);
    const first = a.sessionPanelWebview(key)!;
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.deepEqual(first.localResourceRoots, [vscode.Uri.joinPath(ext.extensionUri, 'dist', 'webview').toString()]);
    const nonce = (html: string): string => /script-src 'nonce-([^']+)'/.exec(html)?.[1] ?? '';
    assert.ok(nonce(first.html).length >= 22);
    assert.match(first.html, /default-src 'none'/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually(() => !a.openSessionPanels().includes(key), 'the panel to close');
    await vscode.commands.executeCommand('agentAudit.openSession', key);
    const second = await eventually(() => a.sessionPanelWebview(key), 'the panel again');
    assert.notEqual(nonce(second.html), nonce(first.html));
  });

  it('acts on nothing outside the protocol and opens only files the panel shows', async () => {
    const a = await api();
    if (!a.openSessionPanels().includes(key)) await vscode.commands.executeCommand('agentAudit.openSession', key);
    await eventually(() => a.sessionPanelSnapshot(key)?.session, 'the panel snapshot');
    const terminals = vscode.window.terminals.length;
    const editorBefore = vscode.window.activeTextEditor?.document.uri.toString();
    for (const m of [
      { type: 'openFile', path: crafted.outsideFile, extra: 1 },
      { type: 'openFile', path: crafted.outsideFile, line: '1' },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'openFile', path: HOSTILE_TEXT.commandUri },
      { type: 'openFile', path: HOSTILE_TEXT.jsUri },
      { type: 'revealSource', path: crafted.outsideFile },
      { type: 'openFile', path: crafted.missingFile },
    ]) {
      assert.equal(await a.deliverToSessionPanel(key, m), false, JSON.stringify(m));
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(vscode.window.terminals.length, terminals, 'no terminal was opened');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editorBefore, 'no editor was opened');

    // The file the session wrote outside the workspace is shown, and opens (read-only) through Uri.file.
    assert.equal(await a.deliverToSessionPanel(key, { type: 'openFile', path: crafted.outsideFile }), true);
    const editor = await eventually(() => vscode.window.activeTextEditor, 'the opened file');
    assert.equal(editor.document.uri.scheme, 'file');
    assert.equal(editor.document.uri.fsPath, crafted.outsideFile);
    assert.equal(vscode.window.terminals.length, terminals);
  });
});

describe('security: workspace trust', () => {
  const f = fixture();
  const expectUntrusted = process.env.AGENT_AUDIT_EXPECT_UNTRUSTED === '1';

  after(async () => {
    const c = vscode.workspace.getConfiguration('agentAudit');
    await c.update('capabilityRules', undefined, vscode.ConfigurationTarget.Workspace);
    await c.update('capabilityRules', undefined, vscode.ConfigurationTarget.Global);
    const a = await api();
    await eventually(() => !a.sessions().some((s) => 'user-rule' in s.capabilities), 'the rules to be gone');
    await a.whenIdle();
  });

  it('runs in the trust state this run was started for', () => {
    assert.equal(vscode.workspace.isTrusted, !expectUntrusted);
  });

  it("applies the workspace's log globs and capability rules only when it is trusted; the user's always", async () => {
    const a = await api();
    const globbed = (): boolean => a.sessions().some((s) => s.sources.some((src) => src.path.startsWith(path.join(f.folder, '.agent-logs'))));
    await eventually(() => a.sessions().length > 0, 'the sessions');
    assert.equal(globbed(), vscode.workspace.isTrusted, 'the session found through the workspace log glob');

    const c = vscode.workspace.getConfiguration('agentAudit');
    await c.update('capabilityRules', { paths: [{ glob: '**/src/**', capability: 'workspace-rule' }] }, vscode.ConfigurationTarget.Workspace);
    await c.update('capabilityRules', { commands: [{ program: 'npm', capability: 'user-rule' }] }, vscode.ConfigurationTarget.Global);
    const has = (cap: string): boolean => a.sessions().some((s) => cap in s.capabilities);
    await eventually(() => has('user-rule'), 'the user rule to apply', 30_000);
    await a.whenIdle();
    assert.equal(has('workspace-rule'), vscode.workspace.isTrusted, 'the workspace rule');
  });
});
