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

const ALNUM = 'q7ZxT2mN9pL4vB8cR1sW6yK3hJ5dF0gA2eU7iO9wQ4tY1rE6uP3aS8dG5fH2jK0lZ9xC7vB4nM1';
const HEX = '0f4ae9c1d2e3b5a6';
const fill = (n: number, from = ALNUM): string => from.repeat(Math.ceil(n / from.length)).slice(0, n);
/** A 1Password service account token: `ops_` and a base64 JSON object (one whose base64 ends in `fQ==`). */
const opsToken = (): string => {
  const json = (pad: string): string => JSON.stringify({ email: 'svc9q2k@1passwordserviceaccounts.example', secretKey: 'A3-FAKE01-FAKE02-FAKE03', signInAddress: `fake.1password.example${pad}` });
  return `ops_${Buffer.from(['', ' ', '  '].map(json).find((j) => j.length % 3 === 1)!).toString('base64')}`;
};

/**
 * One fake secret (or more) for every rule of the recommended preset that can find anything in an
 * agent's texts, in the shape the rule requires: `text` holds it, `secret` is what the finding covers.
 * (gcp only reads .json and .p12 files; filter-comments is switched off.)
 */
export const RULE_EXAMPLES: readonly { rule: string; text: string; secret: string }[] = [
  { rule: 'aws', text: `export AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}`, secret: FAKE.awsSecret },
  { rule: 'aws', text: `key ${FAKE.awsKeyId}`, secret: FAKE.awsKeyId },
  { rule: 'privatekey', text: PRIVATE_KEY, secret: PRIVATE_KEY },
  { rule: 'npm', text: `//registry.npmjs.org/:_authToken=npm_${fill(36)}`, secret: `npm_${fill(36)}` },
  { rule: 'basicauth', text: 'curl https://deploy:Tr0ub4dorX9@ci.example.com/hook', secret: 'https://deploy:Tr0ub4dorX9@ci.example.com' },
  { rule: 'slack', text: FAKE.slack, secret: FAKE.slack },
  { rule: 'slack', text: `https://hooks.slack.com/services/T0F4KE123/B0F4KE456/${fill(24)}`, secret: `https://hooks.slack.com/services/T0F4KE123/B0F4KE456/${fill(24)}` },
  { rule: 'sendgrid', text: `SG.${fill(22)}.${fill(43)}`, secret: `SG.${fill(22)}.${fill(43)}` },
  { rule: 'shopify', text: `shpat_${fill(32, HEX)}`, secret: `shpat_${fill(32, HEX)}` },
  { rule: 'stripe', text: `STRIPE_KEY=sk_live_${fill(24)}`, secret: `sk_live_${fill(24)}` },
  { rule: 'github', text: FAKE.github, secret: FAKE.github },
  { rule: 'github', text: `github_pat_${fill(22)}_${fill(59)}`, secret: `github_pat_${fill(22)}_${fill(59)}` },
  { rule: 'gitlab', text: `glpat-${fill(20)}`, secret: `glpat-${fill(20)}` },
  { rule: 'grafana', text: `glc_${fill(44)}=`, secret: `glc_${fill(44)}=` },
  { rule: 'grafana', text: `glsa_${fill(32)}_${fill(8, HEX)}`, secret: `glsa_${fill(32)}_${fill(8, HEX)}` },
  { rule: 'openai', text: FAKE.openai, secret: FAKE.openai },
  { rule: 'anthropic', text: FAKE.anthropic, secret: FAKE.anthropic },
  { rule: 'groq', text: `gsk_${fill(52)}`, secret: `gsk_${fill(52)}` },
  { rule: 'huggingface', text: `hf_${fill(34, 'qZxTmNpLvBcRsWyKhJdFgAeUiOwQtYrEuP')}`, secret: `hf_${fill(34, 'qZxTmNpLvBcRsWyKhJdFgAeUiOwQtYrEuP')}` },
  { rule: 'linear', text: `lin_api_${fill(40)}`, secret: `lin_api_${fill(40)}` },
  { rule: 'notion', text: `ntn_${fill(11, '3141592653')}${fill(35)}`, secret: `ntn_${fill(11, '3141592653')}${fill(35)}` },
  { rule: '1password', text: opsToken(), secret: opsToken() },
  { rule: 'database-connection-string', text: `psql postgres://admin:${FAKE.dbPassword}@db.internal:5432/app`, secret: `postgres://admin:${FAKE.dbPassword}@db.internal:5432/app` },
  { rule: 'database-connection-string', text: 'mongodb+srv://appuser:Qz7xT2mN9pL4@cluster0.example.net/prod', secret: 'mongodb+srv://appuser:Qz7xT2mN9pL4@cluster0.example.net/prod' },
  { rule: 'database-connection-string', text: 'mysql://root:Hq8vB4nM1qW3@10.0.0.5:3306/shop', secret: 'mysql://root:Hq8vB4nM1qW3@10.0.0.5:3306/shop' },
  { rule: 'hashicorp-vault', text: `VAULT_TOKEN=hvs.${fill(95)}`, secret: `hvs.${fill(95)}` },
  { rule: 'vercel', text: `vcp_${fill(24)}`, secret: `vcp_${fill(24)}` },
  { rule: 'databricks', text: `dapi${fill(32, HEX)}`, secret: `dapi${fill(32, HEX)}` },
  { rule: 'docker', text: `dckr_pat_${fill(27)}`, secret: `dckr_pat_${fill(27)}` },
  { rule: 'figma', text: `figd_${fill(43)}`, secret: `figd_${fill(43)}` },
  { rule: 'cloudflare', text: `cfk_${fill(40)}${fill(8, HEX)}`, secret: `cfk_${fill(40)}${fill(8, HEX)}` },
  { rule: 'tailscale', text: `tskey-auth-k${fill(9)}-${fill(22)}`, secret: `tskey-auth-k${fill(9)}-${fill(22)}` },
];
