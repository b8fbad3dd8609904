/** The permission report across sessions: taken, denied, granted but unused, newly acquired, retention. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPermissionReport } from '../../../src/core/permissions';
import { renderPermissions } from '../../../src/core/render/permissions';
import { audit, draft, policy } from './helpers';

const DAY = 86_400_000;
const now = new Date('2026-03-10T12:00:00Z');
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();

const team = policy({
  version: 1,
  id: 'team',
  scopes: [{ id: 'dev', match: { agents: ['claude-code'] }, capabilities: ['shell-exec', 'net-egress', 'pkg-install', 'config-systemd', 'vcs-write'], write: ['**'], network: ['*'] }],
});

async function history() {
  return audit(
    [
      // Before the period: the agent ran shell commands and installed packages.
      draft('old', 'claude-code', [
        { id: 'o1', command: 'ls', startedAt: at(20) },
        { id: 'o2', command: 'npm install lit', startedAt: at(20) },
      ]),
      // In the period: first time it touched systemd; one denied call.
      draft('new', 'claude-code', [
        { id: 'n1', command: 'npm install zod', startedAt: at(2) },
        { id: 'n2', command: 'systemctl --user restart app.service', startedAt: at(2) },
        { id: 'n3', command: 'curl https://example.com', startedAt: at(1), status: 'denied', error: "The user doesn't want to proceed with this tool use." },
      ]),
      draft('cx', 'codex', [{ id: 'c1', command: 'ls', startedAt: at(1) }]),
    ],
    { policy: team },
  );
}

describe('permission report', () => {
  it('lists per agent and scope what was taken, denied, never used and newly acquired', async () => {
    const sessions = await history();
    const r = buildPermissionReport({ sessions, since: at(7), now, policy: team, retentionDays: () => undefined, logModifiedMs: () => undefined });
    const dev = r.usage.find((u) => u.agent === 'claude-code' && u.scope === 'team/dev')!;
    assert.equal(dev.sessions, 1);
    assert.deepEqual(dev.taken, { 'config-systemd': 1, 'pkg-install': 1, 'shell-exec': 2, 'net-egress': 1 });
    assert.deepEqual(dev.denied, { Bash: 1 });
    assert.deepEqual(dev.unusedGrants, ['vcs-write']);
    assert.deepEqual(
      dev.newlyAcquired.map((n) => n.capability),
      ['config-systemd'],
    );
    assert.equal(dev.newlyAcquired[0].sessionId, 'new');
    const codex = r.usage.find((u) => u.agent === 'codex')!;
    assert.equal(codex.scope, '(no scope)');
    assert.deepEqual(codex.newlyAcquired, [], 'nothing is "new" for an agent without earlier history');
  });

  it('lists high-risk sessions whose logs the agent deletes soon', async () => {
    const sessions = await audit([
      draft('risky', 'claude-code', [{ id: 'k', tool: 'Read', kind: 'read', touches: [{ path: '/home/u/.ssh/id_ed25519', access: 'read' }] }]),
      draft('calm', 'claude-code', [{ id: 'k', tool: 'Read', kind: 'read', touches: [{ path: '/work/app/README.md', access: 'read' }] }]),
      draft('fresh', 'claude-code', [{ id: 'k', tool: 'Read', kind: 'read', touches: [{ path: '/home/u/.aws/credentials', access: 'read' }] }]),
    ]);
    const mtimes: Record<string, number> = {
      '/logs/risky.jsonl': now.getTime() - 26 * DAY,
      '/logs/calm.jsonl': now.getTime() - 29 * DAY,
      '/logs/fresh.jsonl': now.getTime() - 2 * DAY,
    };
    const r = buildPermissionReport({ sessions, now, retentionDays: (a) => (a === 'claude-code' ? 30 : undefined), logModifiedMs: (p) => mtimes[p] });
    assert.deepEqual(
      r.retention.map((e) => [e.sessionId, e.daysLeft, e.risk, e.reasons]),
      [['risky', 4, 'high', ['secrets']]],
    );
    assert.equal(r.retention[0].deletesAt, new Date(mtimes['/logs/risky.jsonl'] + 30 * DAY).toISOString());
    const md = renderPermissions(r, 'md');
    assert.match(md, /## Logs due for deletion \(high risk\)/);
    assert.match(md, /--keep-copies DIR/);
    const html = renderPermissions(r, 'html');
    assert.match(html, /<section id="retention">/);
    assert.deepEqual(JSON.parse(renderPermissions(r, 'json')).retention.length, 1);
  });
});
