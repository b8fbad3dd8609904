/** `agent-audit permissions` and `report --policy` end to end, on logs written to a temp folder. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PermissionReport } from '../../../src/core/permissions';
import type { Report } from '../../../src/core/report';
import { runCli } from '../../helpers/cli';

const NOW = new Date('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return runCli(args, { cwd, now: NOW, env });
}

/** A Claude Code transcript: the user asks, the agent explains and writes a file, then a denied command. */
function transcript(file: string, cwd: string, id: string, when: string, writePath: string): void {
  const base = { sessionId: id, cwd, version: '2.1.0' };
  const t = (s: number) => new Date(Date.parse(when) + s * 1000).toISOString();
  const lines = [
    { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: t(0), message: { role: 'user', content: 'Please update the hosts file for the demo' } },
    {
      ...base,
      type: 'assistant',
      uuid: 'a1',
      parentUuid: 'u1',
      timestamp: t(1),
      message: { id: 'm1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'I will add the demo host to the hosts file.' }, { type: 'tool_use', id: 'w1', name: 'Write', input: { file_path: writePath, content: '127.0.0.1 demo\n' } }] },
    },
    { ...base, type: 'user', uuid: 'u2', parentUuid: 'a1', timestamp: t(2), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'w1', content: 'File created successfully' }] }, toolUseResult: { type: 'create', filePath: writePath } },
    {
      ...base,
      type: 'assistant',
      uuid: 'a2',
      parentUuid: 'u2',
      timestamp: t(3),
      message: { id: 'm2', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Now restart the resolver.' }, { type: 'tool_use', id: 'b1', name: 'Bash', input: { command: 'sudo systemctl restart systemd-resolved' } }] },
    },
    {
      ...base,
      type: 'user',
      uuid: 'u3',
      parentUuid: 'a2',
      timestamp: t(4),
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'b1', is_error: true, content: "The user doesn't want to proceed with this tool use. The tool use was rejected." }] },
    },
  ];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

describe('agent-audit permissions and report --policy', () => {
  let tmp: string;
  let project: string;
  let logs: string;
  let env: NodeJS.ProcessEnv;
  let recent: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-policy-'));
    project = path.join(tmp, 'app');
    logs = path.join(tmp, 'logs');
    fs.mkdirSync(path.join(project, '.agent-audit'), { recursive: true });
    fs.writeFileSync(
      path.join(project, '.agent-audit', 'policy.json'),
      JSON.stringify({ version: 1, id: 'team', scopes: [{ id: 'dev', match: { agents: ['claude-code'] }, capabilities: ['shell-exec', 'config-data', 'doc-markdown', 'code-*'], write: ['src/**'] }] }),
    );
    const config = path.join(tmp, 'claude-config');
    fs.mkdirSync(config);
    fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({ cleanupPeriodDays: 20 }));
    env = { CLAUDE_CONFIG_DIR: config };
    // Old history (before the period) and a recent session that wrote outside the scope.
    transcript(path.join(logs, 'old.jsonl'), project, 'old', '2026-10-01T09:00:00Z', path.join(project, 'src', 'a.ts'));
    recent = path.join(logs, 'recent.jsonl');
    transcript(recent, project, 'recent', '2026-11-20T09:00:00Z', '/etc/hosts');
    // The recent log was last changed 18 days ago by its clock: Claude Code deletes it in 2 days.
    const mtime = new Date(NOW.getTime() - 18 * DAY);
    fs.utimesSync(recent, mtime, mtime);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('report applies the project policy: the out-of-scope write is the top section and in the JSON', async () => {
    const md = await run(['report', logs, '--project', project, '--format', 'md', '--quiet'], tmp, env);
    assert.equal(md.code, 0, md.stderr);
    const top = md.stdout.indexOf('## Executed although out of scope');
    assert.ok(top > 0 && top < md.stdout.indexOf('## Overview'), 'the section comes before the overview');
    assert.match(md.stdout, /\| `Write \/etc\/hosts` \| `\/etc\/hosts` \| `team\/dev` · `write` \|/);

    const json = await run(['report', logs, '--project', project, '--format', 'json', '--quiet'], tmp, env);
    const report = JSON.parse(json.stdout) as Report;
    assert.deepEqual(
      report.outOfScope?.map((r) => [r.sessionId, r.tool, r.path, r.policyId, r.ruleId]),
      [['recent', 'Write', '/etc/hosts', 'team/dev', 'write']],
    );
    const recentSession = report.sessions.find((s) => s.id === 'recent')!;
    assert.equal(recentSession.policy?.risk.level, 'high');
    const denied = recentSession.policy!.journal.find((e) => e.toolCallId === 'b1')!;
    assert.equal(denied.request, 'Please update the hosts file for the demo');
    assert.equal(denied.agentSaid, 'Now restart the resolver.');
    assert.equal(denied.decidedBy, 'the user');

    const html = await run(['report', logs, '--project', project, '--format', 'html', '--quiet'], tmp, env);
    assert.ok(html.stdout.indexOf('id="out-of-scope"') < html.stdout.indexOf('id="overview"'), 'the HTML page opens with the section');
    assert.match(html.stdout, /<td><code>Write \/etc\/hosts<\/code><\/td><td><code>\/etc\/hosts<\/code><\/td>/);

    const csv = await run(['report', logs, '--project', project, '--format', 'csv', '--quiet'], tmp, env);
    const row = csv.stdout.split('\r\n').find((l) => l.includes('/etc/hosts'))!;
    assert.match(row, /,out-of-scope,true,team\/dev,write,/);
  });

  it('permissions --since 7d: taken, denied, unused grants and the log due for deletion; --keep-copies copies it', async () => {
    const keep = path.join(tmp, 'kept');
    const r = await run(['permissions', logs, '--project', project, '--since', '7d', '--format', 'json', '--keep-copies', keep], tmp, env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as PermissionReport;
    const dev = report.usage.find((u) => u.scope === 'team/dev')!;
    assert.equal(dev.sessions, 1);
    assert.equal(dev.outOfScope, 1);
    assert.deepEqual(dev.denied, { Bash: 1 });
    // The write to /etc/hosts exercised no capability and the one command was denied: every grant went unused.
    assert.deepEqual(dev.taken, {});
    assert.deepEqual(dev.unusedGrants, ['shell-exec', 'config-data', 'doc-markdown', 'code-*']);
    assert.deepEqual(dev.newlyAcquired, []);
    assert.deepEqual(report.retention.map((e) => [e.sessionId, e.daysLeft]), [['recent', 2]]);
    const copy = path.join(keep, 'logs__recent.jsonl');
    assert.equal(fs.readFileSync(copy, 'utf8'), fs.readFileSync(recent, 'utf8'));
    assert.ok(fs.existsSync(recent), 'the original stays where it was');
    assert.match(r.stderr, /kept 1 log copy/);
  });

  it('a bad policy file stops with its line, field and why', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{\n  "version": 1,\n  "scopes": [{ "id": "x", "write": "src/**" }]\n}');
    const r = await run(['report', logs, '--policy', bad, '--quiet'], tmp, env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.json:3:\d+: scopes\[0\]\.write: must be a list of strings/);
    const wrong = await run(['permissions', logs, '--format', 'csv'], tmp, env);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /permissions --format is md, json or html/);
  });
});
