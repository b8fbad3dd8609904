/**
 * The extension host's side of the benchmark: drives the real index client and worker (the
 * bundle the extension runs, built from the current sources) outside VS Code.
 *
 * - cold scan of the given log folders, while the main thread's event loop delay is sampled;
 * - warm start: a fresh client (new worker) from the persisted index, timed until the cached
 *   sessions are on the host side (what the Sessions tree draws from);
 * - live append: 50 lines appended to a watched log, each timed until its session update arrives
 *   through the real watcher.
 *
 *   node --import tsx scripts/bench/hostMetrics.ts <claudeDir> [codexDir]
 *   node --import tsx scripts/bench/hostMetrics.ts --synthetic <files> [outDir]   (corpus from the shared Claude Code samples)
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { IndexClient, type IndexUpdate } from '../../src/extension/indexer/indexClient';
import { toIndexPolicy } from '../../src/extension/indexer/indexPolicy';
import type { IndexConfig } from '../../src/extension/indexer/indexProtocol';
import type { RootSpec } from '../../src/extension/indexer/roots';
import { keyOf } from '../../src/extension/indexer/sessionIndex';
import { appendLines, ClaudeSession } from '../../test/harness/agentLogs';
// @ts-expect-error plain JS build helpers shared with the extension build
import { copyShellParserWasm, nodeBundle } from '../esbuild-options.mjs';

export interface HostMetrics {
  /** From starting a fresh client (worker included) to the cached sessions being available. */
  warmStartMs: number;
  /** Log files followed. */
  files: number;
  /** 95th percentile of append-to-update latency over 50 appends. */
  appendP95Ms: number;
  /** Longest the main thread's event loop was blocked during the cold scan. */
  maxEventLoopBlockMs: number;
  /**
   * The same during the cold scan, counting only the time the main thread ran (Linux: its on-CPU
   * time between two ticks of the probe): its own work, without the time the machine gave other
   * threads (the worker's among them) while the main thread waited to run.
   */
  maxEventLoopCpuMs?: number;
  /** Extra detail: cold scan duration, warm start until every file was checked, sessions, append median. */
  coldScanMs?: number;
  warmValidatedMs?: number;
  sessions?: number;
  appendP50Ms?: number;
}

const APPENDS = 50;
const REPO = path.resolve(__dirname, '..', '..');

export async function measureHost(opts: { claudeDir: string; codexDir?: string }): Promise<HostMetrics> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-host-bench-'));
  try {
    const workerFile = await bundleWorker(path.join(work, 'dist'));
    const claudeRoot = existingChild(opts.claudeDir, 'projects');
    const roots: RootSpec[] = [{ path: claudeRoot, explicit: false, label: 'claude-code logs' }];
    if (opts.codexDir) roots.push({ path: existingChild(opts.codexDir, 'sessions'), explicit: false, label: 'codex logs' });
    const config: IndexConfig = {
      roots,
      capabilityRules: {},
      version: 'bench',
      cacheFile: path.join(work, 'storage', 'session-index.bin'),
      // As the extension runs it (auditService.ts).
      debounceMs: 40,
      maxWaitMs: 150,
      persistDelayMs: 60_000,
      // The extension judges every session (no workspace policy here, as in a folder without one).
      policy: toIndexPolicy({ claude: [], home: os.homedir() }),
    };

    // Cold scan, with the main thread's event loop watched.
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    const probe = driftProbe(5);
    histogram.enable();
    const coldStart = performance.now();
    const cold = new IndexClient({ workerFile, onLog: benchLog });
    const coldResult = await cold.load(config, false);
    const coldScanMs = performance.now() - coldStart;
    histogram.disable();
    const { worstMs: maxDriftMs, worstCpuMs } = probe.stop();
    const maxEventLoopBlockMs = Math.max(histogram.max / 1e6, maxDriftMs);
    const sessions = cold.allSessions().length;
    await cold.persist();
    await cold.dispose();

    // Warm start: a new worker from the persisted index.
    const warmStart = performance.now();
    const warm = new IndexClient({ workerFile, onLog: benchLog });
    const cached = new Promise<number>((resolve) => {
      const sub = warm.onDidUpdate((u) => {
        if (u.source !== 'cache') return;
        sub.dispose();
        resolve(performance.now() - warmStart);
      });
    });
    const loading = warm.load(config, true);
    const warmStartMs = await Promise.race([cached, loading.then(() => Number.NaN)]);
    const warmResult = await loading;
    const warmValidatedMs = performance.now() - warmStart;
    if (!(warmStartMs >= 0)) throw new Error('the warm start showed no cached sessions');
    if (warm.allSessions().length !== sessions) throw new Error(`warm start has ${warm.allSessions().length} sessions, the cold scan had ${sessions}`);
    if (warmResult.fromCache !== coldResult.files) throw new Error(`only ${warmResult.fromCache} of ${coldResult.files} files came from the cache`);

    // Live appends through the watcher.
    const latencies = await measureAppends(warm, claudeRoot);
    await warm.dispose();
    latencies.sort((a, b) => a - b);
    return {
      warmStartMs: round(warmStartMs),
      files: coldResult.files,
      appendP95Ms: round(percentile(latencies, 0.95)),
      maxEventLoopBlockMs: round(maxEventLoopBlockMs),
      ...(worstCpuMs !== undefined ? { maxEventLoopCpuMs: round(worstCpuMs) } : {}),
      coldScanMs: round(coldScanMs),
      warmValidatedMs: round(warmValidatedMs),
      sessions,
      appendP50Ms: round(percentile(latencies, 0.5)),
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Appends one tool call at a time to a new live log and times each until the host has it. */
async function measureAppends(client: IndexClient, claudeRoot: string): Promise<number[]> {
  const id = randomUUID();
  const cwd = path.join(os.tmpdir(), 'agent-audit-bench-project');
  const log = path.join(claudeRoot, '-agent-audit-bench-live', `${id}.jsonl`);
  const key = keyOf({ agent: 'claude-code', id });
  const session = new ClaudeSession({ sessionId: id, cwd, start: new Date() });
  fs.mkdirSync(path.dirname(log), { recursive: true });
  try {
    const calls = (): number => client.byKey(key)?.toolCalls.length ?? -1;
    appendLines(log, [...session.prompt('Benchmark live appends'), ...session.title('Live append benchmark')]);
    await until(client, () => calls() === 0, 10_000, 'the live log to be followed');
    const out: number[] = [];
    for (let i = 1; i <= APPENDS; i++) {
      const [use, result] = session.bash(`echo ${i}`, String(i));
      const started = performance.now();
      appendLines(log, [use, result]);
      await until(client, () => calls() === i, 5_000, `append ${i}`);
      out.push(performance.now() - started);
      // Appends a little apart, as an agent writes: each is its own change, not one burst.
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
    }
    return out;
  } finally {
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
  }
}

function until(client: IndexClient, done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const sub = client.onDidUpdate((_u: IndexUpdate) => {
      if (!done()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** The worker bundle as the extension build makes it, with the shell parser's wasm beside it. */
async function bundleWorker(outdir: string): Promise<string> {
  fs.mkdirSync(outdir, { recursive: true });
  await esbuild.build({ ...nodeBundle(true), absWorkingDir: REPO, entryPoints: { indexWorker: 'src/extension/indexer/indexWorker.ts' }, outdir });
  copyShellParserWasm(outdir);
  return path.join(outdir, 'indexWorker.js');
}

/**
 * A timer that should fire every `everyMs`: how much later than that it fired, at worst; and,
 * where the system tells it (Linux), the most time the main thread spent on a CPU between two ticks.
 */
function driftProbe(everyMs: number): { stop(): { worstMs: number; worstCpuMs?: number } } {
  let last = performance.now();
  let worst = 0;
  const cpu = mainThreadCpuMs();
  let lastCpu = cpu?.();
  let worstCpu = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - everyMs);
    last = now;
    if (cpu && lastCpu !== undefined) {
      const c = cpu();
      worstCpu = Math.max(worstCpu, c - lastCpu);
      lastCpu = c;
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { worstMs: worst, ...(cpu ? { worstCpuMs: worstCpu } : {}) };
    },
  };
}

/** The main thread's on-CPU time in ms (Linux schedstat), or undefined where it cannot be read. */
function mainThreadCpuMs(): (() => number) | undefined {
  const file = `/proc/self/task/${process.pid}/schedstat`;
  const read = (): number => Number(fs.readFileSync(file, 'utf8').split(' ')[0]) / 1e6;
  try {
    return Number.isFinite(read()) ? read : undefined;
  } catch {
    return undefined;
  }
}

function existingChild(dir: string, child: string): string {
  const sub = path.join(dir, child);
  return fs.existsSync(sub) ? sub : dir;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const round = (n: number): number => Math.round(n * 10) / 10;

function benchLog(level: string, text: string): void {
  if (level === 'warn' || level === 'error') process.stderr.write(`index ${level}: ${text.split('\n')[0]}\n`);
}

/** Copies the shared Claude Code samples into `files` logs with fresh ids (a long history's shape). */
export function writeSyntheticClaudeCorpus(out: string, files: number): string {
  const src = path.join(REPO, '..', 'shared', 'corpus', 'claude-code');
  const samples = fs
    .readdirSync(src)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => fs.readFileSync(path.join(src, f), 'utf8'));
  if (samples.length === 0) throw new Error(`no Claude Code samples in ${src}`);
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  for (let i = 0; i < files; i++) {
    const ids = new Map<string, string>();
    const text = samples[i % samples.length].replace(uuid, (u) => ids.get(u) ?? (ids.set(u, randomUUID()), ids.get(u)!));
    const dir = path.join(out, 'projects', `-project-${i % 40}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${randomUUID()}.jsonl`), text);
  }
  return out;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  void (async () => {
    let claudeDir: string | undefined = args[0];
    let codexDir: string | undefined = args[1];
    let cleanup: string | undefined;
    if (args[0] === '--synthetic') {
      const n = Number(args[1] ?? 3142);
      claudeDir = args[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-synthetic-'));
      if (!args[2]) cleanup = claudeDir;
      writeSyntheticClaudeCorpus(claudeDir, n);
      codexDir = undefined;
    }
    if (!claudeDir) {
      process.stderr.write('usage: node --import tsx scripts/bench/hostMetrics.ts <claudeDir> [codexDir] | --synthetic <files> [outDir]\n');
      process.exit(2);
    }
    try {
      const m = await measureHost({ claudeDir, ...(codexDir ? { codexDir } : {}) });
      process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
    } finally {
      if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
    }
  })().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
