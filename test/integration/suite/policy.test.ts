/**
 * Scopes in the real extension host: a workspace policy that allows writes only to `src/**` for the
 * sessions it selects, a session that wrote `secrets/out.txt` anyway (a diagnostic on that file, a
 * badge on the session and its agent, the status bar count, the overview's top section) and a denied
 * call (in the permission journal with its context). A broken policy file shows its errors on itself
 * and is not used. Everything written here is removed again: the other suites see no policy.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { appendLines, ClaudeSession, claudeLogPath } from '../../harness/agentLogs';
import { api, eventually, fixture, flatten } from './helpers';

const SESSION_ID = '0badc0de-0000-4000-8000-00000000b001';
const key = `claude-code\u0000${SESSION_ID}`;
const TITLE = 'Policy test: keep the deploy token';

describe('scopes and verdicts', () => {
  const f = fixture();
  const policyFile = path.join(f.folder, '.agent-audit', 'policy.json');
  const log = claudeLogPath(f.claudeDir, f.folder, SESSION_ID);
  const outside = path.join(f.folder, 'secrets', 'out.txt');
  const diagnosticsOn = (file: string): vscode.Diagnostic[] => vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'Agent Audit');

  const writePolicy = (text: string): void => {
    fs.mkdirSync(path.dirname(policyFile), { recursive: true });
    fs.writeFileSync(policyFile, text);
  };

  after(async () => {
    // The file alone first: a folder deleted with it would swallow the file's own delete event.
    fs.rmSync(policyFile, { force: true });
    fs.rmSync(log, { force: true });
    const a = await api();
    // A deleted log's session stays (source gone) until Refresh reads what is on disk again.
    await vscode.commands.executeCommand('agentAudit.refresh');
    await eventually(
      () => !a.sessions().some((s) => s.id === SESSION_ID || s.policy?.scopes.some((id) => !id.includes(':'))) && diagnosticsOn(outside).length === 0,
      'the policy test to leave no trace',
    );
    fs.rmSync(path.dirname(policyFile), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('flags a write outside the scope: diagnostic, tree badges, status bar and overview', async () => {
    const a = await api();
    writePolicy(
      JSON.stringify({ version: 1, id: 'itest', scopes: [{ id: 'narrow', match: { titles: ['policy test*'] }, read: ['**'], write: ['src/**'] }] }, null, 2),
    );
    const s = new ClaudeSession({ sessionId: SESSION_ID, cwd: f.folder, start: new Date(Date.now() - 20 * 60_000) });
    appendLines(log, [
      ...s.prompt('Keep the deploy token somewhere safe'),
      ...s.title(TITLE),
      ...s.say('Putting the token into a file in the project.'),
      ...s.write(outside, 'not-a-real-token\n'),
      ...s.say('Now removing the old copies with rm.'),
      ...s.denied('Bash', { command: 'rm -rf ~/.deploy-tokens', description: 'Remove old tokens' }),
    ]);

    const [d] = await eventually(() => (diagnosticsOn(outside).length > 0 ? diagnosticsOn(outside) : undefined), 'a diagnostic on secrets/out.txt');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.code, 'write');
    assert.match(d.message, /Executed although out of scope/);
    assert.match(d.message, /Claude Code/);
    assert.match(d.message, /Policy test: keep the deploy token/);
    assert.match(d.message, /Write/);
    assert.match(d.message, /itest\/narrow/);
    assert.match(d.message, /outside the write globs/);

    const nodes = flatten(a.tree());
    const leaf = nodes.find((x) => x.node.kind === 'session' && x.node.label === TITLE);
    assert.ok(leaf, 'the session is in the tree');
    assert.match(leaf.node.description ?? '', /^⚠ 1 out of scope · /);
    const agent = nodes.find((x) => x.trail.length === 1 && x.node.label === 'Claude Code');
    assert.match(agent?.node.description ?? '', /⚠ 1 out of scope/);
    // Sessions no scope selects carry no badge.
    assert.ok(!nodes.some((x) => x.node.kind === 'session' && x.node.label !== TITLE && /out of scope/.test(x.node.description ?? '')));

    await eventually(() => /\b1 out of scope\b/.test(a.outOfScopeText()), 'the status bar count');

    await vscode.commands.executeCommand('agentAudit.openOverview');
    const overview = await eventually(() => (a.overviewSnapshot()?.outOfScope.total === 1 ? a.overviewSnapshot() : undefined), 'the overview top section');
    assert.equal(overview.outOfScope.scopesDeclared, true);
    assert.deepEqual(
      overview.outOfScope.calls.map((c) => [c.sessionId, c.tool, c.path, c.ruleId]),
      [[SESSION_ID, 'Write', outside, 'write']],
    );
  });

  it('lists the denied call in the permission journal with the request and the agent’s words', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.openSession', key);
    const snap = await eventually(() => (a.sessionPanelSnapshot(key)?.session?.journal.length ? a.sessionPanelSnapshot(key) : undefined), 'the session panel');
    const journal = snap.session!.journal;
    assert.deepEqual(
      journal.map((e) => e.decision),
      ['out-of-scope', 'denied'],
    );
    const denied = journal[1];
    assert.equal(denied.args, 'rm -rf ~/.deploy-tokens');
    assert.equal(denied.request, 'Keep the deploy token somewhere safe');
    assert.equal(denied.agentSaid, 'Now removing the old copies with rm.');
    assert.equal(denied.decidedBy, 'the user');
    assert.equal(denied.executed, false);
    assert.equal(snap.session!.toolCalls[0].verdict?.verdict, 'out-of-scope');
  });

  it('shows a broken policy file’s errors on the file itself and stops judging by it', async () => {
    const a = await api();
    writePolicy('{\n  "version": 1,\n  "scopes": [\n    { "id": "narrow", "match": {}, "writes": ["src/**"] }\n  ]\n}\n');
    const problems = await eventually(() => (diagnosticsOn(policyFile).length > 0 ? diagnosticsOn(policyFile) : undefined), 'diagnostics on the policy file');
    const unknown = problems.find((p) => /writes/.test(p.message));
    assert.ok(unknown, problems.map((p) => p.message).join('\n'));
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(unknown.range.start.line, 3);
    assert.ok(unknown.range.start.character > 0);
    // The broken policy judges nothing: the out-of-scope diagnostic and the status bar count go away.
    await eventually(() => diagnosticsOn(outside).length === 0 && a.outOfScopeText() === '', 'the old verdicts to clear');

    writePolicy(JSON.stringify({ version: 1, id: 'itest', scopes: [{ id: 'narrow', match: { titles: ['policy test*'] }, write: ['src/**'] }] }));
    await eventually(() => diagnosticsOn(policyFile).length === 0 && diagnosticsOn(outside).length === 1, 'a fixed policy to judge again');
  });

  it('renders the permission report for a period and creates a starter policy', async () => {
    const text = await vscode.commands.executeCommand<string>('agentAudit.permissionReport', '7d');
    assert.match(text, /^# Permission report/);
    assert.match(text, /## Executed although out of scope\n\n\*\*1\*\* call\(s\) ran although out of scope/);
    assert.match(text, /claude-code · `itest\/narrow`/);
    await eventually(() => vscode.window.activeTextEditor?.document.languageId === 'markdown', 'the report in an editor');

    fs.rmSync(policyFile);
    await eventually(async () => diagnosticsOn(outside).length === 0 && (await api()).outOfScopeText() === '', 'no policy, no verdicts');
    const created = await vscode.commands.executeCommand<string>('agentAudit.createPolicy', f.folder);
    assert.equal(created, policyFile);
    assert.match(fs.readFileSync(policyFile, 'utf8'), /"write": \["src\/\*\*"/);
    await eventually(() => vscode.window.activeTextEditor?.document.uri.fsPath === policyFile, 'the new policy in the editor');
    assert.deepEqual(diagnosticsOn(policyFile), [], 'the starter policy has no problems');
  });
});
