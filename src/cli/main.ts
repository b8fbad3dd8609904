/**
 * The `agent-audit` command: argument parsing, progress and output only; the work is in core and node.
 * Exit codes: 0 done, 2 bad arguments, 1 an unexpected failure. Everything written to the terminal
 * that may hold log content (paths, notes, the Markdown report) is inert text: no escape sequences.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { inertText } from '../core/inertText';
import { AGENTS, type Agent } from '../core/model';
import { type ReportFormat, renderJsonChunks, renderReport } from '../core/render';
import { filterSessions } from '../core/engine';
import { buildPermissionReport } from '../core/permissions';
import { CLAUDE_CLEANUP_DEFAULT_DAYS } from '../core/policy/native';
import type { Policy } from '../core/policy/types';
import { renderPermissions, type PermissionsFormat } from '../core/render/permissions';
import { readRulesFile, runAudit } from '../node/audit';
import { collectGarbage } from '../node/collectGarbage';
import { keepCopies, loadClaudeSettings, loadPolicyFile, loadProjectPolicy, logModifiedMs } from '../node/policy';
import { gitRoot } from '../node/project';
import { createProgress } from './progress';

const FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'csv'];

export const USAGE = `Usage: agent-audit report [PATH...] [options]
       agent-audit permissions [PATH...] [--since 7d] [--format md|json|html] [--keep-copies DIR] [options]

report: reads autonomous coding agents' session logs and reports what every session touched.
permissions: per agent and scope, the capabilities taken, denied, granted but unused, newly acquired,
and the high-risk sessions whose logs the agent will delete soon (--keep-copies DIR copies them there).
Without PATH, reads every agent's default log location (Claude Code, Codex, gptme, Gemini CLI).
Both apply the project's .agent-audit/policy.json and Claude Code's permission settings (docs/policy.md).

Options:
  --format <html|md|json|csv>  report format (default: from --out's extension, else md)
  --out <file>                 write the report to a file instead of stdout
  --since <when>               only sessions active since: 2026-11-01, 2026-11-01T12:00Z, 7d, 12h, 2w
  --until <when>               only sessions active until then (same forms)
  --agent <id>                 only these agents (repeat or comma-separate): ${AGENTS.join(', ')}
  --all-projects               every project's sessions (default: only the current project's)
  --project <dir>              the project to report on (default: the git root of the current folder)
  --rules <file>               extra capability rules (JSON, see docs/capability-rules.md)
  --reveal-secrets             show detected secrets as they are (default: masked, e.g. ghp_wW…[secret: github])
  --policy <file>              scopes to judge calls by (default: the project's .agent-audit/policy.json)
  --keep-copies <dir>          permissions: copy the logs of high-risk sessions due for deletion into dir
  --quiet                      no progress and no notes on stderr
  -h, --help                   this help
  -v, --version                the version`;

export class UsageError extends Error {}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  cwd: string;
  now?: Date;
  /** Environment for locating settings (CLAUDE_CONFIG_DIR); the process's by default. */
  env?: NodeJS.ProcessEnv;
}

interface ReportArgs {
  roots: string[];
  format: ReportFormat;
  policy?: string;
  keepCopies?: string;
  out?: string;
  since?: Date;
  until?: Date;
  agents?: Agent[];
  project?: string;
  rules?: string;
  revealSecrets: boolean;
  quiet: boolean;
}

export function parseReportArgs(argv: readonly string[], cwd: string, now: Date): ReportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        since: { type: 'string' },
        until: { type: 'string' },
        agent: { type: 'string', multiple: true },
        'all-projects': { type: 'boolean' },
        project: { type: 'string' },
        rules: { type: 'string' },
        'reveal-secrets': { type: 'boolean' },
        policy: { type: 'string' },
        'keep-copies': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const v = parsed.values;
  const out = v.out ? path.resolve(cwd, v.out) : undefined;
  const format = (v.format ?? formatFromExtension(out) ?? 'md') as ReportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format '${v.format}': use one of ${FORMATS.join(', ')}`);

  const agents = v.agent?.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  for (const a of agents ?? []) {
    if (!(AGENTS as readonly string[]).includes(a)) throw new UsageError(`unknown --agent '${a}': use one of ${AGENTS.join(', ')}`);
  }
  if (v['all-projects'] && v.project) throw new UsageError('--all-projects and --project exclude each other');

  const since = v.since !== undefined ? parseWhen(v.since, now, '--since') : undefined;
  const until = v.until !== undefined ? parseWhen(v.until, now, '--until', true) : undefined;
  if (since && until && since > until) throw new UsageError('--since is after --until');

  const project = v['all-projects'] ? undefined : v.project ? path.resolve(cwd, v.project) : (gitRoot(cwd) ?? cwd);
  return {
    roots: parsed.positionals.map((p) => path.resolve(cwd, p)),
    format,
    ...(out ? { out } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(agents && agents.length > 0 ? { agents: agents as Agent[] } : {}),
    ...(project ? { project } : {}),
    ...(v.rules ? { rules: path.resolve(cwd, v.rules) } : {}),
    revealSecrets: v['reveal-secrets'] === true,
    ...(v.policy ? { policy: path.resolve(cwd, v.policy) } : {}),
    ...(v['keep-copies'] ? { keepCopies: path.resolve(cwd, v['keep-copies']) } : {}),
    quiet: v.quiet === true,
  };
}

function formatFromExtension(out: string | undefined): ReportFormat | undefined {
  const ext = out ? path.extname(out).toLowerCase() : '';
  return ext === '.html' || ext === '.htm' ? 'html' : ext === '.md' || ext === '.markdown' ? 'md' : ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : undefined;
}

/** `7d`, `12h`, `30m`, `2w` back from now, or a date / date-time. A bare date as `--until` means its end. */
export function parseWhen(text: string, now: Date, flag: string, endOfDay = false): Date {
  const rel = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2].toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() - Number(rel[1]) * unit);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    const d = new Date(`${text.trim()}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) return endOfDay ? new Date(d.getTime() + 86_400_000 - 1) : d;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) {
    const d = new Date(text.trim());
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`${flag} '${text}' is not a date (2026-11-01, 2026-11-01T12:00Z) or a span back from now (7d, 12h, 2w)`);
}

/** `--policy FILE`, else the project's `.agent-audit/policy.json` when there is one. A bad policy is a usage error. */
function policyFor(args: ReportArgs, io: CliIo): Policy | undefined {
  const loaded = args.policy ? loadPolicyFile(args.policy) : loadProjectPolicy(args.project ?? gitRoot(io.cwd) ?? io.cwd);
  if (loaded.errors.length > 0) throw new UsageError(`the policy has problems:\n  ${loaded.errors.join('\n  ')}`);
  return loaded.policy;
}

async function report(argv: readonly string[], io: CliIo, command: 'report' | 'permissions' = 'report'): Promise<number> {
  const now = io.now ?? new Date();
  const args = parseReportArgs(argv, io.cwd, now);
  if (command === 'permissions' && !['md', 'json', 'html'].includes(args.format)) throw new UsageError(`permissions --format is md, json or html, not '${args.format}'`);
  if (command === 'report' && args.keepCopies) throw new UsageError('--keep-copies belongs to the permissions command');
  const policy = policyFor(args, io);
  const projectRoot = args.project ?? gitRoot(io.cwd) ?? io.cwd;
  const claudeSettings = loadClaudeSettings([projectRoot], io.env ?? process.env);
  let rules: unknown;
  if (args.rules) {
    try {
      rules = readRulesFile(args.rules);
    } catch (e) {
      throw new UsageError(`--rules ${args.rules}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const progress = args.quiet ? undefined : createProgress(io.stderr);
  const result = await runAudit({
    ...(args.roots.length > 0 ? { roots: args.roots } : {}),
    ...(args.agents ? { agents: args.agents } : {}),
    ...(args.since ? { since: args.since } : {}),
    ...(args.until ? { until: args.until } : {}),
    ...(args.project ? { project: args.project } : {}),
    rules,
    revealSecrets: args.revealSecrets,
    now,
    ...(policy ? { policy } : {}),
    claudeSettings,
    ...(progress ? { onProgress: progress.update } : {}),
    keepSessions: command === 'permissions',
    // JSON is written a session at a time: each report session is made only then.
    deferReportSessions: command !== 'permissions' && args.format === 'json',
    betweenPhases: collectGarbage,
  });
  progress?.stop();

  if (command === 'permissions') return permissions(args, io, now, result, policy, claudeSettings);
  // What building the report dropped (and the sessions, unless the JSON writer makes the report's as it goes): collected before it is written.
  collectGarbage();

  // JSON is written a piece at a time: a long history's report is never one string.
  const chunks = args.format === 'json' ? batched(renderJsonChunks(result.report, result.reportSessions)) : [renderReport(result.report, args.format)];
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    const fd = fs.openSync(args.out, 'w');
    try {
      for (const chunk of chunks) fs.writeSync(fd, chunk);
    } finally {
      fs.closeSync(fd);
    }
  } else {
    for (const chunk of chunks) io.stdout.write(chunk);
  }

  if (!args.quiet) {
    const note = (line: string): void => void io.stderr.write(`agent-audit: ${inertText(line)}\n`);
    for (const e of result.ruleErrors) note(`rules: ${e}`);
    const unreadable = result.report.gaps.filter((g) => g.kind === 'unreadable');
    for (const g of unreadable) note(`unreadable: ${g.detail}`);
    if (result.filteredOut > 0 && args.project) {
      note(`${result.filteredOut} session(s) outside ${args.project} or the time/agent filters were left out (--all-projects includes other projects)`);
    }
    const secrets = result.report.totals.secretFindings;
    if (secrets > 0) note(`${secrets} secret exposure(s) found, ${args.revealSecrets ? 'shown as they are (--reveal-secrets)' : 'masked in the report'}`);
    if (args.out) note(`${result.report.totals.sessions} session(s) from ${result.report.totals.files} file(s) written to ${args.out}`);
  }
  return 0;
}

/** Small pieces joined up to about `size` characters, so that writing takes one call per batch, not per tool call. */
function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

function permissions(
  args: ReportArgs,
  io: CliIo,
  now: Date,
  result: Awaited<ReturnType<typeof runAudit>>,
  policy: Policy | undefined,
  claudeSettings: ReturnType<typeof loadClaudeSettings>,
): number {
  const cleanup = [...claudeSettings].reverse().find((s) => s.cleanupPeriodDays !== undefined)?.cleanupPeriodDays ?? CLAUDE_CLEANUP_DEFAULT_DAYS;
  const permissionReport = buildPermissionReport({
    // The period's sessions and the earlier ones of the same project and agents: what is new is told against them.
    sessions: filterSessions(result.allSessions, {
      ...(args.agents ? { agents: args.agents } : {}),
      ...(args.project ? { project: args.project, keepUnplaced: args.roots.length > 0 } : {}),
    }),
    ...(args.since ? { since: args.since.toISOString() } : {}),
    ...(args.until ? { until: args.until.toISOString() } : {}),
    now,
    ...(policy ? { policy } : {}),
    retentionDays: (agent) => (agent === 'claude-code' ? cleanup : undefined),
    logModifiedMs,
  });
  const text = renderPermissions(permissionReport, args.format as PermissionsFormat);
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, text);
  } else io.stdout.write(text);
  const note = (line: string): void => void (args.quiet ? undefined : io.stderr.write(`agent-audit: ${line}\n`));
  if (args.keepCopies) {
    const logs = permissionReport.retention.flatMap((r) => r.logs);
    const { copied, failed } = keepCopies(logs, args.keepCopies);
    note(`kept ${copied.length} log copy(ies) in ${args.keepCopies}`);
    for (const f of failed) io.stderr.write(`agent-audit: could not copy ${f}\n`);
    if (failed.length > 0) return 1;
  }
  return 0;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    if (command === undefined) throw new UsageError("missing command: try 'agent-audit report'");
    if (command !== 'report' && command !== 'permissions') throw new UsageError(`unknown command '${command}': try 'agent-audit report' or 'agent-audit permissions'`);
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return await report(rest, io, command);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`agent-audit: ${inertText(e.message)}\n`);
      return 2;
    }
    io.stderr.write(`agent-audit: ${inertText(e instanceof Error ? (e.stack ?? e.message) : String(e), { multiline: true })}\n`);
    return 1;
  }
}

function version(): string {
  for (const p of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      return (JSON.parse(fs.readFileSync(p, 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (bundled in dist/ or run from src/cli)
    }
  }
  return 'unknown';
}

if (require.main === module) {
  void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
