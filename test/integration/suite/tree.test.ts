import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, eventually, flatten, sessionLabels } from './helpers';

const PRODUCTIVE = 'Add /health endpoint and document it';
const BLOCKED = 'Deploy the service to production';
const FAILED = 'Investigate failing build';
const GLOB = 'Session from a configured log glob';
const FOREIGN = 'Work in another project';
// Codex sessions are titled by their first prompt.
const CODEX = 'Make the port configurable';

describe('Sessions tree', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('agentAudit.clearFilter');
    await vscode.commands.executeCommand('agentAudit.groupByAgent');
  });

  it('groups agent -> capability -> session by default', async () => {
    const a = await api();
    assert.equal(a.groupMode(), 'agent');
    const tree = a.tree();
    assert.deepEqual(
      tree.map((n) => n.label),
      ['Claude Code', 'Codex'],
    );
    const claude = tree[0];
    assert.equal(claude.description, '4 sessions');
    const caps = (claude.children ?? []).map((c) => c.label);
    // Actions first (what sessions did), then kinds of files.
    assert.deepEqual(caps.slice(0, 2).sort(), ['Network access', 'Shell commands']);
    assert.ok(caps.includes('TypeScript / JavaScript code'), caps.join(', '));
    assert.ok(caps.includes('Markdown and prose docs'), caps.join(', '));

    const net = claude.children!.find((c) => c.label === 'Network access')!;
    // The web fetch of the blocked session, and `curl` in the imported one (read by the shell parser).
    assert.deepEqual(net.children!.map((s) => s.label).sort(), [BLOCKED, GLOB].sort());
    const ts = claude.children!.find((c) => c.label === 'TypeScript / JavaScript code')!;
    assert.deepEqual(ts.children!.map((s) => s.label).sort(), [PRODUCTIVE, FAILED].sort());

    const codex = tree[1];
    assert.equal(codex.description, '1 session');
    const codexCaps = codex.children!.map((c) => c.label);
    assert.ok(codexCaps.includes('Shell commands') && codexCaps.includes('TypeScript / JavaScript code'), codexCaps.join(', '));
    assert.deepEqual(codex.children!.find((c) => c.label === 'TypeScript / JavaScript code')!.children!.map((s) => s.label), [CODEX]);
  });

  it('shows model, start time and files written/read on each session', async () => {
    const a = await api();
    const productive = flatten(a.tree()).find((x) => x.node.label === PRODUCTIVE)!.node;
    assert.match(productive.description ?? '', /^claude-sonnet-4-5 · .+ · 2 written · 2 read$/);
    const blocked = flatten(a.tree()).find((x) => x.node.label === BLOCKED)!.node;
    assert.match(blocked.description ?? '', /^claude-opus-4-1 · .+ · 0 written · 1 read$/);
  });

  it('keeps sessions from other projects out, and logs from the configured glob in', async () => {
    const labels = sessionLabels((await api()).tree());
    assert.deepEqual(labels, [PRODUCTIVE, BLOCKED, FAILED, GLOB, CODEX].sort());
    assert.ok(!labels.includes(FOREIGN));
  });

  it('groups by capability, by day and by outcome', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.groupByOutcome');
    assert.equal(a.groupMode(), 'outcome');
    const outcomes = a.tree().map((n) => n.label);
    assert.ok(outcomes.includes('Productive') && outcomes.includes('Blocked') && outcomes.includes('Failed'), outcomes.join(', '));
    const blocked = a.tree().find((n) => n.label === 'Blocked')!;
    assert.deepEqual(blocked.children!.map((c) => c.label), [BLOCKED]);

    await vscode.commands.executeCommand('agentAudit.groupByCapability');
    assert.equal(a.groupMode(), 'capability');
    assert.ok(a.tree().some((n) => n.label === 'Network access'));

    await vscode.commands.executeCommand('agentAudit.groupByDay');
    assert.equal(a.groupMode(), 'day');
    const days = a.tree();
    assert.ok(days.length >= 2, days.map((d) => d.label).join(', '));
    assert.equal(days.reduce((n, d) => n + (d.children?.length ?? 0), 0), 5);
  });

  it('filters by outcome and category (as a matrix cell does)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.filterSessions', { outcomes: ['blocked'] });
    assert.deepEqual(sessionLabels(a.tree()), [BLOCKED]);
    await vscode.commands.executeCommand('agentAudit.filterSessions', { categories: ['code'], outcomes: ['productive'] });
    assert.deepEqual(sessionLabels(a.tree()), [PRODUCTIVE, CODEX].sort());
    await vscode.commands.executeCommand('agentAudit.filterSessions', { agents: ['codex'] });
    assert.deepEqual(sessionLabels(a.tree()), [CODEX]);
    await vscode.commands.executeCommand('agentAudit.clearFilter');
    assert.equal(sessionLabels(a.tree()).length, 5);
  });

  it('shows every project with agentAudit.includeAllProjects, and reacts to the setting', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('agentAudit');
    try {
      await config.update('includeAllProjects', true, vscode.ConfigurationTarget.Workspace);
      await eventually(() => sessionLabels(a.tree()).includes(FOREIGN), 'the other project\'s session');
    } finally {
      await config.update('includeAllProjects', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await eventually(() => !sessionLabels(a.tree()).includes(FOREIGN), 'the other project\'s session to leave');
    assert.equal(sessionLabels(a.tree()).length, 5);
  });

  it('applies capability rules from the settings', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('agentAudit');
    try {
      await config.update('capabilityRules', { paths: [{ glob: '**/docs/**', capability: 'team-docs' }] }, vscode.ConfigurationTarget.Workspace);
      const node = await eventually(() => flatten(a.tree()).find((x) => x.node.label === 'team-docs'), 'the rule\'s capability in the tree');
      assert.deepEqual(node.node.children!.map((c) => c.label), [PRODUCTIVE]);
    } finally {
      await config.update('capabilityRules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await eventually(() => !flatten(a.tree()).some((x) => x.node.label === 'team-docs'), 'the rule to go away');
  });

  it('ignores a malformed filter argument', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.filterSessions', { outcomes: ['blocked'] });
    // Not a filter (unknown outcome): the command opens its picker instead; dismiss it.
    const pending = vscode.commands.executeCommand('agentAudit.filterSessions', { outcomes: ['nonsense'] });
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await pending;
    assert.deepEqual(a.filter(), { outcomes: ['blocked'] });
  });
});
