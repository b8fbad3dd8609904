/**
 * `npm run bench`: Agent Audit against the tools a heavy user would pick instead, on a generated
 * corpus with a real heavy user's profile (see profile.ts), in one run and on one machine.
 *
 * 1. builds the CLI, generates (or reuses) the corpus and a single very large session file;
 * 2. installs the peers (ccusage 20 native, ccusage 17 TypeScript) into .cache/bench/peers;
 * 3. cold-scans the corpus's Claude Code part with each tool, runs interleaved, the first round a
 *    page-cache warm-up that is discarded, the median of the rest reported; in the same rounds,
 *    the floor (parseFloor.ts): Agent Audit's reader and JSON.parse alone, with no audit;
 * 4. runs Agent Audit on the whole corpus and on the large file for peak memory;
 * 5. adds the extension host's numbers when scripts/bench/hostMetrics.ts is there;
 * 6. prints a table and a PASS/FAIL line per target, and writes .cache/bench/results.json.
 *
 * Run: `npm run bench -- [--quick] [--seed S] [--files N] [--total 1.2GiB] [--large 1GiB]
 *       [--runs 3] [--regenerate] [--skip-peers] [--no-build]`
 */
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { existingCorpus, generateCorpus, generateLargeFile, largeFile, type Manifest } from './corpus';
import { measure, median, type RunResult } from './measure';
import { ensurePeers, type Peer } from './peers';
import { HEAVY_USER_PROFILE, QUICK_PROFILE, scaledProfile, type SizeProfile } from './profile';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BENCH_DIR = path.join(REPO_ROOT, '.cache', 'bench');
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Memory target: 300 MB (decimal) peak RSS. */
const RSS_LIMIT_BYTES = 300 * 1000 * 1000;

const USAGE = `Usage: npm run bench -- [options]

  --quick            small profile (120 files, 40 MB, 64 MiB large file) for a smoke run
  --seed <text>      corpus seed (default: agent-audit)
  --files <n>        number of session files (default: 3142)
  --total <size>     total corpus size, e.g. 1.2GiB, 500MB (default: 1.2GiB)
  --large <size>     size of the single large file for the memory check (default: 1GiB; 0 skips it)
  --runs <n>         runs per tool; the first is a discarded warm-up when n > 1 (default: 3)
  --regenerate       generate the corpus again even if one with these parameters exists
  --skip-peers       only Agent Audit (no ccusage install or runs)
  --no-build         do not rebuild the CLI first
  -h, --help         this help`;

interface Options {
  seed: string;
  profile: SizeProfile;
  largeBytes: number;
  runs: number;
  regenerate: boolean;
  skipPeers: boolean;
  build: boolean;
}

export interface HostMetrics {
  warmStartMs: number;
  files: number;
  appendP95Ms: number;
  maxEventLoopBlockMs: number;
}

interface ToolSpec {
  name: string;
  version: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Where the tool's result ends up (its --out file, or its stdout). */
  output: string;
  stdoutFile: string;
  /** What the output says was read; `ok` false when it is not what the command should write. */
  check(output: string): Listed;
}

interface Listed {
  ok: boolean;
  sessions?: number;
  gaps?: number;
}

interface ToolResult {
  name: string;
  version: string;
  runs: RunResult[];
  wallMs: number;
  cpuMs?: number;
  mibPerSec: number;
  peakRssBytes?: number;
  rssSampled: boolean;
  ok: boolean;
  /** Sessions the tool listed, as a sanity check that it read the corpus. */
  sessions?: number;
  error?: string;
}

interface Target {
  name: string;
  status: 'PASS' | 'FAIL' | 'SKIP';
  detail: string;
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: '${text}' (use e.g. 1.2GiB, 500MB, 40000000)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: MiB, gb: 1e9, gib: GiB };
  return Math.round(Number(m[1]) * mult[unit]!);
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      seed: { type: 'string' },
      files: { type: 'string' },
      total: { type: 'string' },
      large: { type: 'string' },
      runs: { type: 'string' },
      regenerate: { type: 'boolean' },
      'skip-peers': { type: 'boolean' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const base = values.quick ? QUICK_PROFILE : HEAVY_USER_PROFILE;
  const files = values.files !== undefined ? Number(values.files) : base.files;
  if (!Number.isInteger(files) || files < 1) throw new Error(`--files must be a positive whole number, not '${values.files}'`);
  const total = values.total !== undefined ? parseSize(values.total) : values.files !== undefined ? Math.round((base.totalBytes / base.files) * files) : base.totalBytes;
  if (total < files * 4000) throw new Error(`--total ${total} bytes is too small for ${files} files (at least 4 kB a file)`);
  const runs = values.runs !== undefined ? Number(values.runs) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not '${values.runs}'`);
  return {
    seed: values.seed ?? 'agent-audit',
    profile: files === base.files && total === base.totalBytes ? base : scaledProfile(files, total, base),
    largeBytes: values.large !== undefined ? parseSize(values.large) : values.quick ? 64 * MiB : GiB,
    runs,
    regenerate: values.regenerate ?? false,
    skipPeers: values['skip-peers'] ?? false,
    build: !values['no-build'],
  };
}

function corpusFor(opts: Options): { root: string; manifest: Manifest } {
  const p = opts.profile;
  const root = path.join(BENCH_DIR, `corpus-${opts.seed.replace(/[^\w.-]/g, '_')}-${p.files}-${p.totalBytes}`);
  const params = { seed: opts.seed, profile: p };
  const existing = opts.regenerate ? undefined : existingCorpus(root, params);
  if (existing) {
    log(`reusing corpus ${path.relative(REPO_ROOT, root)}`);
    return { root, manifest: existing };
  }
  log(`generating corpus: ${p.files} files, ${fmtBytes(p.totalBytes)} (seed '${opts.seed}') into ${path.relative(REPO_ROOT, root)}`);
  const started = Date.now();
  let lastReport = 0;
  const manifest = generateCorpus(root, params, (done, total) => {
    if (Date.now() - lastReport > 5000 || done === total) {
      lastReport = Date.now();
      log(`  ${done}/${total} files`);
    }
  });
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { root, manifest };
}

function largeFor(opts: Options): { file: string; claudeDir: string; bytes: number } | undefined {
  if (opts.largeBytes <= 0) return undefined;
  const root = path.join(BENCH_DIR, `large-${opts.seed.replace(/[^\w.-]/g, '_')}-${opts.largeBytes}`);
  const existing = largeFile(root, opts.seed, opts.largeBytes);
  if (existing.done && !opts.regenerate) {
    log(`reusing large file ${path.relative(REPO_ROOT, existing.file)}`);
    return { ...existing, bytes: fs.statSync(existing.file).size };
  }
  log(`generating a single ${fmtBytes(opts.largeBytes)} Claude Code session`);
  return generateLargeFile(root, opts.seed, opts.largeBytes);
}

/** A home with nothing in it, so peers that look in default places find only the corpus. */
function isolatedEnv(claudeDir: string): NodeJS.ProcessEnv {
  const home = path.join(BENCH_DIR, 'empty-home');
  fs.mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    CODEX_HOME: path.join(home, '.codex'),
    CLAUDE_CONFIG_DIR: claudeDir,
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
}

function agentAuditSpec(name: string, roots: string[], claudeDir: string, tag: string): ToolSpec {
  const output = path.join(BENCH_DIR, 'out', `agent-audit-${tag}.json`);
  return {
    name,
    version: (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    command: process.execPath,
    args: [path.join(REPO_ROOT, 'bin', 'agent-audit.js'), 'report', ...roots, '--all-projects', '--format', 'json', '--quiet', '--out', output],
    env: isolatedEnv(claudeDir),
    output,
    stdoutFile: path.join(BENCH_DIR, 'out', `agent-audit-${tag}.stdout`),
    check: sessionsListed,
  };
}

function peerSpec(peer: Peer, claudeDir: string, tag: string): ToolSpec {
  const output = path.join(BENCH_DIR, 'out', `${tag}.json`);
  return { name: peer.name, version: peer.version, command: peer.command, args: [...peer.args, 'session', '--json', '--offline'], env: isolatedEnv(claudeDir), output, stdoutFile: output, check: sessionsListed };
}

const FLOOR_NAME = 'floor: read + JSON.parse only';

/**
 * The floor (parseFloor.ts), bundled like the CLI so that it runs the same code at the same speed;
 * its run counts only when it read every line the corpus has.
 */
function floorSpec(roots: string[], expected: { files: number; lines: number }): ToolSpec {
  const script = path.join(BENCH_DIR, 'parse-floor.js');
  buildSync({ entryPoints: [path.join(__dirname, 'parseFloor.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning' });
  const output = path.join(BENCH_DIR, 'out', 'floor.json');
  const check = (file: string): Listed => {
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: unknown; lines?: unknown };
      return { ok: r.files === expected.files && r.lines === expected.lines };
    } catch {
      return { ok: false };
    }
  };
  return { name: FLOOR_NAME, version: '-', command: process.execPath, args: [script, ...roots], env: process.env, output, stdoutFile: output, check };
}

function claudeLines(manifest: Manifest): { files: number; lines: number } {
  const claude = manifest.files.filter((f) => f.agent === 'claude-code');
  return { files: claude.length, lines: claude.reduce((n, f) => n + f.lines, 0) };
}

/** Sessions a tool's output lists; not ok when the output is not what the tool should write. */
function sessionsListed(output: string): Listed {
  try {
    const doc = JSON.parse(fs.readFileSync(output, 'utf8')) as Record<string, unknown>;
    if (Array.isArray(doc.sessions) && doc.schema) {
      const gaps = (doc.gaps as { count?: number }[]).reduce((n, g) => n + (g.count ?? 1), 0) + (doc.sessions as { gaps?: { count?: number }[] }[]).reduce((n, s) => n + (s.gaps ?? []).reduce((m, g) => m + (g.count ?? 1), 0), 0);
      return { ok: true, sessions: doc.sessions.length, gaps };
    }
    if (Array.isArray(doc.session)) return { ok: true, sessions: doc.session.length };
    if (Array.isArray(doc.sessions)) return { ok: true, sessions: doc.sessions.length };
  } catch {
    // Not JSON: reported as a failed run.
  }
  return { ok: false };
}

/** Runs every tool `runs` times, interleaved round by round so drift in machine load hits all alike. */
async function coldScans(specs: ToolSpec[], runs: number, bytes: number): Promise<ToolResult[]> {
  const all = specs.map(() => [] as RunResult[]);
  for (let round = 0; round < runs; round++) {
    for (const [i, spec] of specs.entries()) {
      const r = await measure({ command: spec.command, args: spec.args, env: spec.env, stdoutFile: spec.stdoutFile });
      log(`  round ${round + 1}/${runs} ${spec.name}: ${(r.wallMs / 1000).toFixed(2)} s${round === 0 && runs > 1 ? ' (warm-up, discarded)' : ''}${r.exitCode !== 0 ? ` exit ${r.exitCode ?? r.signal}` : ''}`);
      all[i]!.push(r);
    }
  }
  return specs.map((spec, i) => summarize(spec, runs > 1 ? all[i]!.slice(1) : all[i]!, bytes));
}

function summarize(spec: ToolSpec, runs: RunResult[], bytes: number): ToolResult {
  const ok = runs.every((r) => r.exitCode === 0);
  const wallMs = median(runs.map((r) => r.wallMs));
  const rss = runs.map((r) => r.peakRssBytes).filter((x): x is number => x !== undefined);
  const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
  const listed: Listed = ok ? spec.check(spec.output) : { ok: false };
  const failed = runs.find((r) => r.exitCode !== 0);
  return {
    name: spec.name,
    version: spec.version,
    runs,
    wallMs,
    ...(cpu.length === runs.length ? { cpuMs: median(cpu) } : {}),
    mibPerSec: bytes / MiB / (wallMs / 1000),
    peakRssBytes: rss.length ? Math.max(...rss) : undefined,
    rssSampled: runs.some((r) => r.rssSampled),
    ok: ok && listed.ok,
    sessions: listed.sessions,
    ...(failed ? { error: `exit ${failed.exitCode ?? failed.signal}: ${failed.stderrTail}` } : !listed.ok ? { error: 'output is not the expected JSON' } : {}),
    ...(listed.gaps ? { error: `${listed.gaps} gaps reported` } : {}),
  };
}

/** The extension host's numbers from `file` (scripts/bench/hostMetrics.ts), or undefined when there is no such module. */
export async function loadHostMetrics(file: string, claudeDir: string, codexDir: string): Promise<HostMetrics | undefined> {
  if (!fs.existsSync(file)) return undefined;
  // Imported by path: the module belongs to the extension's work and may not be there.
  const mod = (await import(pathToFileURL(file).href)) as { measureHost?: (o: { claudeDir: string; codexDir?: string }) => Promise<HostMetrics> };
  if (typeof mod.measureHost !== 'function') throw new Error('scripts/bench/hostMetrics.ts does not export measureHost');
  return mod.measureHost({ claudeDir, codexDir });
}

interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  loadAverage1m: number;
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / GiB) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

function fmtBytes(n: number): string {
  return n >= GiB ? `${(n / GiB).toFixed(2)} GiB` : n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function cpuText(r: { cpuMs?: number }): string {
  return r.cpuMs === undefined ? 'n/a' : (r.cpuMs / 1000).toFixed(2);
}

function rssText(r: { peakRssBytes?: number; rssSampled: boolean }): string {
  return r.peakRssBytes === undefined ? 'n/a' : `${(r.peakRssBytes / MiB).toFixed(0)}${r.rssSampled ? '+' : ''}`;
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (!opts) return 0;
  // Other work on the machine skews every tool's time: the load is reported with the results.
  const loadAtStart = Math.round(os.loadavg()[0]! * 100) / 100;
  fs.mkdirSync(path.join(BENCH_DIR, 'out'), { recursive: true });
  if (opts.build || !fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'))) {
    log('building the CLI');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), '--production'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const { root, manifest } = corpusFor(opts);
  const large = largeFor(opts);
  const claudeDir = path.join(root, 'claude');
  const codexDir = path.join(root, 'codex');
  const claudeBytes = manifest.claude.totalBytes;
  const peers = opts.skipPeers ? [] : ensurePeers(path.join(BENCH_DIR, 'peers'), log);

  const claudeRoots = [path.join(claudeDir, 'projects')];
  const specs = [agentAuditSpec('agent-audit', claudeRoots, claudeDir, 'claude'), ...peers.map((p, i) => peerSpec(p, claudeDir, `peer-${i}`)), floorSpec(claudeRoots, claudeLines(manifest))];
  log(`cold scan of the Claude Code part (${manifest.claude.files} files, ${fmtBytes(claudeBytes)}), ${opts.runs} runs each`);
  const scans = await coldScans(specs, opts.runs, claudeBytes);

  log('Agent Audit on the whole corpus (Claude Code + Codex)');
  const wholeSpec = agentAuditSpec('agent-audit', [path.join(claudeDir, 'projects'), path.join(codexDir, 'sessions')], claudeDir, 'all');
  const whole = summarize(wholeSpec, [await measure(wholeSpec)], manifest.all.totalBytes);
  let largeRun: ToolResult | undefined;
  if (large) {
    log(`Agent Audit on the single ${fmtBytes(large.bytes)} file`);
    const spec = agentAuditSpec('agent-audit', [large.file], large.claudeDir, 'large');
    largeRun = summarize(spec, [await measure(spec)], large.bytes);
  }

  let host: HostMetrics | undefined;
  let hostError: string | undefined;
  try {
    host = await loadHostMetrics(path.join(__dirname, 'hostMetrics.ts'), claudeDir, codexDir);
  } catch (e) {
    hostError = e instanceof Error ? e.message : String(e);
  }

  // Report.
  const aa = scans[0]!;
  const floor = scans.find((s) => s.name === FLOOR_NAME)!;
  const rows = [['tool', 'version', 'wall s', 'CPU s', 'MiB/s', 'peak RSS MiB', 'sessions', 'Agent Audit time / tool time']];
  for (const s of scans) {
    const ratio = s === aa ? '1.00' : s === floor ? '-' : (aa.wallMs / s.wallMs).toFixed(2);
    rows.push([s.name, s.version, (s.wallMs / 1000).toFixed(2), cpuText(s), s.mibPerSec.toFixed(1), rssText(s), !s.ok ? 'FAILED' : String(s.sessions ?? '-'), ratio]);
  }
  const m = { ...machine(), loadAverage1mAtStart: loadAtStart };
  const out: string[] = [];
  out.push('');
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, node ${m.node}, ${m.os}, load average ${m.loadAverage1mAtStart} at start, ${m.loadAverage1m} at end`);
  const c = manifest.claude;
  out.push(`Corpus (seed '${opts.seed}'): ${manifest.all.files} files, ${fmtBytes(manifest.all.totalBytes)}; Claude Code part ${c.files} files, ${fmtBytes(c.totalBytes)}, median ${fmtBytes(c.medianBytes)}, p99 ${fmtBytes(c.p99Bytes)}, largest ${fmtBytes(c.maxBytes)}; Codex ${manifest.codex.files} files, ${fmtBytes(manifest.codex.totalBytes)}`);
  const subagents = manifest.files.filter((f) => f.agent === 'claude-code' && f.role === 'subagent').length;
  out.push(`Claude Code sessions: ${c.files - subagents} main + ${subagents} subagent transcripts (ccusage 20 lists main sessions; ccusage 17 groups its "sessions" by project folder).`);
  out.push(`Runs: ${opts.runs} per tool, interleaved${opts.runs > 1 ? ', first discarded as warm-up, median of the rest' : ''}. Peak RSS from ${scans.some((s) => s.rssSampled) ? 'sampled VmHWM (+ = lower bound)' : 'GNU time (kernel ru_maxrss)'}.`);
  out.push('');
  out.push('Cold scan, Claude Code part:');
  out.push(table(rows));
  for (const s of scans) if (!s.ok) out.push(`  ${s.name}: ${s.error}`);
  out.push(`The floor reads every Claude Code line through Agent Audit's reader and skimmer and only JSON.parses it, on one thread (scripts/bench/parseFloor.ts).`);
  out.push(`CPU s is user + system time over all threads; no run takes less wall time than its CPU time divided by the cores (${os.availableParallelism()}).`);
  out.push('');
  out.push('Agent Audit memory:');
  const memRows = [['input', 'size', 'wall s', 'MiB/s', 'peak RSS MiB', 'sessions', 'result']];
  const memRuns: [string, number, ToolResult][] = [['Claude Code part', claudeBytes, aa], ['whole corpus (Claude Code + Codex)', manifest.all.totalBytes, whole]];
  if (large && largeRun) memRuns.push([`single large file`, large.bytes, largeRun]);
  for (const [label, bytes, r] of memRuns) memRows.push([label, fmtBytes(bytes), (r.wallMs / 1000).toFixed(2), r.mibPerSec.toFixed(1), rssText(r), String(r.sessions ?? '-'), r.ok && !r.error ? 'ok' : `FAILED: ${r.error ?? ''}`]);
  out.push(table(memRows));
  out.push('');
  if (host) {
    out.push(`Extension host (${host.files} files): warm start ${host.warmStartMs.toFixed(0)} ms, live-append latency p95 ${host.appendP95Ms.toFixed(0)} ms, longest event-loop block ${host.maxEventLoopBlockMs.toFixed(0)} ms`);
  } else {
    out.push(`host metrics: not available${hostError ? ` (${hostError})` : ''}`);
  }
  out.push('');

  const targets: Target[] = [];
  const ratioTarget = (name: string, peerName: string, max: number, phrase: string): void => {
    const peer = scans.find((s) => s.name === peerName);
    if (!peer) return void targets.push({ name, status: 'SKIP', detail: 'peer not run' });
    if (!peer.ok || !aa.ok) return void targets.push({ name, status: 'FAIL', detail: `${!aa.ok ? 'agent-audit' : peer.name} failed` });
    const ratio = aa.wallMs / peer.wallMs;
    const cpu = aa.cpuMs !== undefined && peer.cpuMs !== undefined ? `; CPU ${cpuText(aa)} s vs ${cpuText(peer)} s (floor ${cpuText(floor)} s)` : '';
    targets.push({ name, status: ratio <= max ? 'PASS' : 'FAIL', detail: `ratio ${ratio.toFixed(2)} (${phrase}); ${(aa.wallMs / 1000).toFixed(2)} s vs ${(peer.wallMs / 1000).toFixed(2)} s${cpu}` });
  };
  ratioTarget('cold scan vs ccusage (Rust)', 'ccusage (Rust)', 1.0, 'target <= 1.00');
  ratioTarget('cold scan vs ccusage (TypeScript)', 'ccusage (TypeScript)', 0.1, 'target <= 0.10, i.e. >= 10x faster');
  for (const [label, , r] of memRuns) {
    const mib = r.peakRssBytes === undefined ? undefined : r.peakRssBytes / MiB;
    const okRun = r.ok && !r.error;
    targets.push({
      name: `peak RSS < 300 MB: ${label}`,
      status: okRun && r.peakRssBytes !== undefined && r.peakRssBytes < RSS_LIMIT_BYTES ? 'PASS' : 'FAIL',
      detail: `${mib === undefined ? 'n/a' : `${mib.toFixed(0)} MiB (${((r.peakRssBytes ?? 0) / 1e6).toFixed(0)} MB)`}${okRun ? '' : `, run failed: ${r.error}`}`,
    });
  }
  if (large && largeRun) targets.push({ name: `${fmtBytes(large.bytes)} file read without error`, status: largeRun.ok && !largeRun.error ? 'PASS' : 'FAIL', detail: largeRun.ok && !largeRun.error ? `${largeRun.sessions} session, no gaps` : largeRun.error ?? 'failed' });
  const hostTarget = (name: string, value: number | undefined, ok: (v: number) => boolean, unit: string, limit: string): void => {
    targets.push(value === undefined ? { name, status: 'SKIP', detail: 'host metrics not available' } : { name, status: ok(value) ? 'PASS' : 'FAIL', detail: `${value.toFixed(0)} ${unit} (target ${limit})` });
  };
  hostTarget('warm start', host?.warmStartMs, (v) => v < 300, 'ms', '< 300 ms');
  hostTarget('live-append latency p95', host?.appendP95Ms, (v) => v < 250, 'ms', '< 250 ms');
  hostTarget('extension-host blocking', host?.maxEventLoopBlockMs, (v) => v <= 50, 'ms', '<= 50 ms');
  out.push('Targets:');
  const width = Math.max(...targets.map((t) => t.name.length));
  for (const t of targets) out.push(`  ${t.status.padEnd(4)}  ${t.name.padEnd(width)}  ${t.detail}`);
  process.stdout.write(`${out.join('\n')}\n`);

  const results = {
    generatedAt: new Date().toISOString(),
    machine: m,
    options: { seed: opts.seed, profile: opts.profile, largeBytes: opts.largeBytes, runs: opts.runs },
    corpus: { root: path.relative(REPO_ROOT, root), claude: manifest.claude, codex: manifest.codex, all: manifest.all },
    coldScan: scans.map(({ runs, ...s }) => ({ ...s, ratio: aa.wallMs / s.wallMs, runsMs: runs.map((r) => r.wallMs) })),
    memory: memRuns.map(([input, bytes, { runs, ...r }]) => ({ input, bytes, ...r })),
    host: host ?? null,
    targets,
  };
  fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${path.relative(REPO_ROOT, path.join(BENCH_DIR, 'results.json'))}`);
  // Missed targets are findings, not a broken benchmark: exit 0 unless a run itself failed.
  return scans.every((s) => s.ok) && whole.ok && (!largeRun || largeRun.ok) ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      log(e instanceof Error ? e.message : String(e));
      process.exit(2);
    },
  );
}
