/**
 * Fake secrets in the exact shapes secretlint's recommended rules recognise (none of them is real),
 * and a copy of real corpus logs seeded with them: in prompts, commands, file paths and tool results.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusPath } from './corpus';

export const FAKE = {
  github: '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',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Wv3Kp2Q',
  awsKeyId: 'AKIAZ7Q3WXPLM4RT2NVB',
  slack: 'xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1',
  dbPassword: 'S3cr3tPassw0rdDb',
  anthropic: 'sk-ant-api03-q7ZxT2mN9pL4vB8cR1sW6yK3hJ5dF0gA2eU7iO9wQ4tY1rE6uP3aS8dG5fH2jK0lZ9xC7vB4nM1qW3eR5tY7uI-AbCdEfAA',
  openai: 'sk-abcdefghij0123456789T3BlbkFJabcdefghij0123456789',
  privateKeyBody: 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi2ZtqL7sa9t8ZxkrbbmAcPMoPa',
} as const;

export const PRIVATE_KEY = `-----BEGIN RSA PRIVATE KEY-----\n${FAKE.privateKeyBody}\nBx7ghvY8kx2lJw3oVS6kMJUIbxGwIRK2ICcTGdqPO0B6eq+5nObQm2bvP5WNTAjG\n-----END RSA PRIVATE KEY-----`;

/** Secrets seeded into text the reports show (prompts, commands, paths): present again with reveal. */
export const SHOWN = [FAKE.github, FAKE.awsSecret, FAKE.awsKeyId, FAKE.slack, FAKE.dbPassword, FAKE.anthropic] as const;
/** Secrets seeded only into tool results: never shown, but found. */
export const READ_ONLY = [FAKE.openai, FAKE.privateKeyBody] as const;

const CLAUDE_LOG = 'claude-code/agentlogs__crud.jsonl';
const CODEX_LOG = 'codex/agentlogs__crud.jsonl';

/** A temp folder with the two real logs, seeded. Returns the folder and the seeded log paths. */
export function seededCorpus(): { dir: string; claude: string; codex: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-secrets-'));
  const claude = path.join(dir, 'claude-session.jsonl');
  const codex = path.join(dir, 'rollout-2026-01-25T10-32-00-seeded.jsonl');
  fs.writeFileSync(claude, seedClaude(fs.readFileSync(corpusPath(CLAUDE_LOG), 'utf8')));
  fs.writeFileSync(codex, seedCodex(fs.readFileSync(corpusPath(CODEX_LOG), 'utf8')));
  return { dir, claude, codex };
}

function seedClaude(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  // The first prompt (the session's title): the user pasted a token into it.
  const first = records.find((r) => r.type === 'user' && typeof (r.message as { content?: unknown })?.content === 'string')!;
  const msg = first.message as { content: string };
  msg.content = `use my token ${FAKE.github} to push, then ${msg.content}`;
  const last = [...records].reverse().find((r) => r.sessionId && r.cwd && r.timestamp)!;
  const base = { sessionId: last.sessionId, cwd: last.cwd, version: last.version, isSidechain: false, userType: 'external' };
  const at = (s: number): string => new Date(Date.parse(String(last.timestamp)) + s * 1000).toISOString();
  const tool = (id: string, name: string, input: Record<string, unknown>, s: number) => ({
    ...base,
    type: 'assistant',
    uuid: `seed-a-${id}`,
    parentUuid: null,
    timestamp: at(s),
    message: { id: `seed-m-${id}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Checking the deployment settings.' }, { type: 'tool_use', id, name, input }] },
  });
  const result = (id: string, content: string, s: number) => ({
    ...base,
    type: 'user',
    uuid: `seed-u-${id}`,
    parentUuid: `seed-a-${id}`,
    timestamp: at(s),
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] },
  });
  records.push(
    tool('seed_bash', 'Bash', { command: `AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret} aws s3 ls && curl -H "x-api-key: ${FAKE.anthropic}" https://api.anthropic.com/v1/models`, description: 'List buckets' }, 1),
    result('seed_bash', `bucket-a\nbucket-b\nOPENAI_API_KEY=${FAKE.openai}\n${PRIVATE_KEY}\n`, 2),
    tool('seed_read', 'Read', { file_path: `/tmp/creds/${FAKE.awsKeyId}/${FAKE.slack}.txt` }, 3),
    result('seed_read', 'nothing here', 4),
  );
  return `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

function seedCodex(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const last = JSON.parse(lines[lines.length - 1]) as { timestamp: string };
  const at = (s: number): string => new Date(Date.parse(last.timestamp) + s * 1000).toISOString();
  const cmd = `psql postgres://admin:${FAKE.dbPassword}@db.internal:5432/app -c 'select 1'`;
  lines.push(
    JSON.stringify({ timestamp: at(1), type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }), call_id: 'call_seed_psql' } }),
    JSON.stringify({
      timestamp: at(2),
      type: 'response_item',
      payload: { type: 'function_call_output', call_id: 'call_seed_psql', output: `Process exited with code 0\nOutput:\n key=${FAKE.openai}\n` },
    }),
  );
  return `${lines.join('\n')}\n`;
}
