import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

describe('activation', () => {
  it('activates and reads the logs of the workspace', async () => {
    const a = await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(ext?.isActive, true);
    assert.ok(a.sessions().length > 0, 'no sessions read');
  });

  it('is the packaged extension when testing the VSIX, else the development folder', async () => {
    await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const fromExtensionsDir = ext.extensionPath.includes(`${'/'}extensions${'/'}agent-audit.agent-audit-`);
    assert.equal(fromExtensionsDir, process.env.AGENT_AUDIT_EXPECT_INSTALLED === '1', ext.extensionPath);
  });

  it('registers every contributed command', async () => {
    await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 10, `only ${contributed.length} commands contributed`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('watches the default Claude Code location from CLAUDE_CONFIG_DIR and the workspace glob', async () => {
    const a = await api();
    const roots = a.watchedRoots();
    assert.ok(roots.includes(`${process.env.CLAUDE_CONFIG_DIR}/projects`), roots.join(', '));
    assert.ok(
      roots.some((r) => r.endsWith('/.agent-logs')),
      roots.join(', '),
    );
  });

  it('shows the live count in the status bar', async () => {
    const a = await api();
    assert.match(a.liveText(), /Agent Audit|\d+ live/);
  });
});
