import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { appendLines, ClaudeSession, claudeLogPath } from '../../harness/agentLogs';
import { api, eventually, fixture, flatten } from './helpers';

const LIVE_ID = '11111111-2222-4333-8444-555566667777';
const key = `claude-code\u0000${LIVE_ID}`;

describe('live tailing', () => {
  const f = fixture();
  const log = claudeLogPath(f.claudeDir, f.folder, LIVE_ID);
  const session = new ClaudeSession({ sessionId: LIVE_ID, cwd: f.folder, start: new Date(Date.now() - 60_000) });

  after(async () => {
    fs.rmSync(log, { force: true });
    const a = await api();
    // A deleted log's session stays (source gone) until Refresh reads what is on disk again.
    await vscode.commands.executeCommand('agentAudit.refresh');
    await eventually(() => !a.sessions().some((s) => s.id === LIVE_ID), 'the deleted log to leave the tree on Refresh');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a new session as soon as its log appears, as live', async () => {
    const a = await api();
    appendLines(log, [...session.prompt('Refactor the config'), ...session.title('Live refactor of the config')]);
    appendLines(log, session.read(path.join(f.folder, 'src', 'config.ts'), 'export const config = {};'));
    const node = await eventually(() => flatten(a.tree()).find((x) => x.node.label === 'Live refactor of the config'), 'the new session in the tree');
    assert.equal(node.trail[0], 'Claude Code');
    const s = a.sessions().find((x) => x.id === LIVE_ID)!;
    assert.equal(s.outcome, 'in-progress');
    assert.equal(s.toolCalls.length, 1);
    await eventually(() => /1 live/.test(a.liveText()), 'the status bar to count it');
  });

  it('adds an appended tool call to the tree and the open panel', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.openSession', key);
    appendLines(log, session.write(path.join(f.folder, 'src', 'new-module.ts'), 'export {};\n'));
    await eventually(() => a.sessions().find((s) => s.id === LIVE_ID)?.toolCalls.length === 2, 'the appended call');
    const node = await eventually(
      () => flatten(a.tree()).find((x) => x.node.label === 'Live refactor of the config' && /1 written/.test(x.node.description ?? '')),
      'the tree to count the written file',
    );
    assert.match(node.node.description ?? '', /1 written · 1 read/);
    const snap = await eventually(() => (a.sessionPanelSnapshot(key)?.session?.toolCalls.length === 2 ? a.sessionPanelSnapshot(key) : undefined), 'the panel snapshot');
    assert.deepEqual(
      snap.session!.toolCalls.map((c) => c.tool),
      ['Read', 'Write'],
    );
  });

  it('holds back a partial line until its newline arrives', async () => {
    const a = await api();
    const [use, result] = session.bash('ls src', 'config.ts\nserver.ts');
    fs.appendFileSync(log, `${use}\n${result.slice(0, 40)}`);
    await eventually(() => a.sessions().find((s) => s.id === LIVE_ID)?.toolCalls.length === 3, 'the bash call');
    const pending = a.sessions().find((s) => s.id === LIVE_ID)!;
    assert.equal(pending.toolCalls[2].status, 'pending');
    assert.ok(pending.gaps.some((g) => g.kind === 'partial-line'), 'the unfinished line is reported as a gap');
    fs.appendFileSync(log, `${result.slice(40)}\n`);
    await eventually(() => a.sessions().find((s) => s.id === LIVE_ID)?.toolCalls[2].status === 'succeeded', 'the call to complete');
    const done = a.sessions().find((s) => s.id === LIVE_ID)!;
    assert.ok(!done.gaps.some((g) => g.kind === 'partial-line'));
  });

  it('reads a truncated or replaced log again from the start', async () => {
    const a = await api();
    const fresh = new ClaudeSession({ sessionId: LIVE_ID, cwd: f.folder });
    const replacement = `${log}.tmp`;
    fs.writeFileSync(replacement, [...fresh.prompt('Start over'), ...fresh.title('Restarted session'), ...fresh.bash('git status', 'clean')].map((l) => `${l}\n`).join(''));
    fs.renameSync(replacement, log);
    await eventually(() => a.sessions().find((s) => s.id === LIVE_ID)?.title === 'Restarted session', 'the replaced log');
    assert.deepEqual(
      a.sessions().find((s) => s.id === LIVE_ID)!.toolCalls.map((c) => c.tool),
      ['Bash'],
    );
    fs.truncateSync(log, 0);
    appendLines(log, [...fresh.prompt('Truncated'), ...fresh.title('Truncated and rewritten')]);
    await eventually(() => a.sessions().find((s) => s.id === LIVE_ID)?.title === 'Truncated and rewritten', 'the truncated log');
    assert.equal(a.sessions().find((s) => s.id === LIVE_ID)!.toolCalls.length, 0);
  });

  it('lists a file it cannot read as a log in the output channel', async () => {
    const a = await api();
    const broken = path.join(f.folder, '.agent-logs', 'broken.jsonl');
    fs.writeFileSync(broken, 'this is not JSON\n');
    try {
      await eventually(() => a.reportedFiles().includes(broken), 'the broken file in the output channel');
    } finally {
      fs.rmSync(broken, { force: true });
    }
  });

  it('coalesces a burst of appends into few updates', async () => {
    const a = await api();
    const burst = new ClaudeSession({ sessionId: LIVE_ID, cwd: f.folder });
    await a.whenIdle();
    const before = a.batchesRead();
    // 40 separate appends (80 records) in one go, as a busy agent writes them.
    for (let i = 0; i < 40; i++) appendLines(log, burst.bash(`echo ${i}`, `${i}`));
    await eventually(() => a.sessions().find((s) => s.id === LIVE_ID)?.toolCalls.length === 40, 'all 40 calls');
    const batches = a.batchesRead() - before;
    assert.ok(batches >= 1 && batches <= 5, `40 appends were read in ${batches} batches`);
  });

  it('keeps a session whose log is deleted, shown as source gone in the tree and the panel', async () => {
    const a = await api();
    await vscode.commands.executeCommand('agentAudit.openSession', key);
    await a.whenIdle();
    const calls = a.sessions().find((s) => s.id === LIVE_ID)!.toolCalls.length;
    fs.rmSync(log);
    const node = await eventually(
      () => flatten(a.tree()).find((x) => x.node.sessionKey === key && /^source gone · /.test(x.node.description ?? '')),
      'the session shown as source gone in the tree',
    );
    assert.equal(node.trail[0], 'Claude Code');
    const kept = a.sessions().find((s) => s.id === LIVE_ID)!;
    assert.equal(kept.sourceGone, true);
    assert.equal(kept.toolCalls.length, calls, 'what was read is kept');
    await eventually(() => a.sessionPanelSnapshot(key)?.session?.sourceGone === true, 'the panel to show the source gone');
    assert.ok(a.reportedFiles().includes(log), 'the deletion is said in the output channel');
  });
});
