import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, eventually, fixture } from './helpers';

const PRODUCTIVE_ID = '3f6c1c1e-8a4b-4c55-9d0e-1a2b3c4d5e01';
const BLOCKED_ID = '7a1d2e3f-4b5c-4d6e-8f90-a1b2c3d4e502';
const key = (id: string): string => `claude-code\u0000${id}`;

describe('commands', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Open Session opens a panel with the session snapshot', async () => {
    const a = await api();
    const opened = await vscode.commands.executeCommand<string>('agentAudit.openSession', key(PRODUCTIVE_ID));
    assert.equal(opened, key(PRODUCTIVE_ID));
    assert.ok(a.openSessionPanels().includes(key(PRODUCTIVE_ID)));
    const snap = a.sessionPanelSnapshot(key(PRODUCTIVE_ID));
    assert.equal(snap?.session?.title, 'Add /health endpoint and document it');
    assert.equal(snap?.session?.outcome, 'productive');
    const server = snap?.session?.files.find((f) => f.path.endsWith('/src/server.ts'));
    assert.deepEqual(server?.accesses, ['read', 'write']);
    assert.deepEqual(server?.lines, { start: 5, end: 6 });
    assert.deepEqual(snap?.session?.capabilities.map((c) => c.id).sort(), ['code-typescript', 'doc-markdown', 'shell-exec']);
  });

  it('Open Overview opens the overview with the matrix', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.openOverview');
    const snap = await eventually(() => a.overviewSnapshot(), 'overview snapshot');
    assert.equal(snap.totals.sessions, 5);
    assert.equal(snap.matrix.cells.code.productive, 2);
    assert.equal(snap.matrix.cells.research.blocked, 1);
    assert.deepEqual(
      snap.agents.map((x) => [x.agent, x.sessions, x.denied]),
      [
        ['claude-code', 4, 1],
        ['codex', 1, 0],
      ],
    );
    assert.deepEqual(snap.models.map((m) => m.model).sort(), ['claude-opus-4-1-20250805', 'claude-sonnet-4-5-20250929', 'gpt-5-codex']);
  });

  it('Reveal Source Log opens the transcript', async () => {
    const f = fixture();
    const file = await vscode.commands.executeCommand<string>('agentAudit.revealSourceLog', key(BLOCKED_ID));
    assert.equal(file, f.logs.blocked);
    await eventually(() => vscode.window.activeTextEditor?.document.uri.fsPath === f.logs.blocked, 'the log in the editor');
  });

  it('Copy Session ID puts the id on the clipboard', async () => {
    await vscode.env.clipboard.writeText('');
    const id = await vscode.commands.executeCommand<string>('agentAudit.copySessionId', key(BLOCKED_ID));
    assert.equal(id, BLOCKED_ID);
    assert.equal(await vscode.env.clipboard.readText(), BLOCKED_ID);
  });

  it('Export Report writes a valid JSON report of the workspace sessions', async () => {
    const out = path.join(fixture().scratch, 'report.json');
    const written = await vscode.commands.executeCommand<string>('agentAudit.exportReport', { format: 'json', path: out });
    assert.equal(written, out);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { schema: string; totals: { sessions: number }; sessions: { id: string; outcome: string }[] };
    assert.equal(report.schema, 'agent-audit/report@1');
    assert.equal(report.totals.sessions, 5);
    assert.equal(report.sessions.find((s) => s.id === BLOCKED_ID)?.outcome, 'blocked');
  });

  it('Export Report writes HTML, Markdown and CSV through the same renderers', async () => {
    const dir = fixture().scratch;
    for (const [format, check] of [
      ['html', (t: string) => /^<!doctype html>/i.test(t) && t.includes('Deploy the service to production')],
      ['md', (t: string) => t.includes('Deploy the service to production') && t.includes('|')],
      ['csv', (t: string) => t.split('\n')[0].includes(',') && t.includes(BLOCKED_ID)],
    ] as const) {
      const out = path.join(dir, `report.${format}`);
      await vscode.commands.executeCommand('agentAudit.exportReport', { format, path: out });
      const text = fs.readFileSync(out, 'utf8');
      assert.ok(check(text), `${format} report looks wrong: ${text.slice(0, 200)}`);
    }
  });

  it('Export Session writes a report of that one session', async () => {
    const out = path.join(fixture().scratch, 'session.json');
    await vscode.commands.executeCommand('agentAudit.exportSession', key(BLOCKED_ID), { format: 'json', path: out });
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { sessions: { id: string; toolCalls: { status: string }[] }[] };
    assert.deepEqual(
      report.sessions.map((s) => s.id),
      [BLOCKED_ID],
    );
    assert.deepEqual(
      report.sessions[0].toolCalls.map((c) => c.status),
      ['succeeded', 'succeeded', 'denied'],
    );
  });

  it('Show Sessions Touching This File lists the sessions that touched it', async () => {
    const f = fixture();
    const server = vscode.Uri.file(path.join(f.folder, 'src', 'server.ts'));
    const config = vscode.Uri.file(path.join(f.folder, 'src', 'config.ts'));
    const serverKeys = await vscode.commands.executeCommand<string[]>('agentAudit.sessionsTouchingFile', server);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual(serverKeys, [key(PRODUCTIVE_ID)]);
    const configKeys = await vscode.commands.executeCommand<string[]>('agentAudit.sessionsTouchingFile', config);
    // Read by two Claude Code sessions, patched by the Codex one.
    assert.equal(configKeys.length, 3);
    assert.ok(configKeys.includes('codex\u0000019a0000-c0de-7000-8000-00000000c0de'), configKeys.join(', '));
    // Picking an entry opens its session.
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const a = await api();
    await eventually(() => a.openSessionPanels().includes(configKeys[0]), 'the picked session panel');
  });

  it('Show Sessions Touching This File uses the active editor without an argument', async () => {
    const f = fixture();
    const readme = vscode.Uri.file(path.join(f.folder, 'docs', 'README.md'));
    await vscode.window.showTextDocument(readme);
    const keys = await vscode.commands.executeCommand<string[]>('agentAudit.sessionsTouchingFile');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual(keys, [key(PRODUCTIVE_ID)]);
  });

  it('Refresh reads the logs again', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.refresh');
    assert.equal(a.sessions().length, 5);
  });
});
