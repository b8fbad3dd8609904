/**
 * Runs one command and measures it: wall time with process.hrtime around spawn-to-exit, CPU time
 * and peak RSS from the kernel's own accounting.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`), which reports the ru_maxrss that wait4()
 * returns for the child: the kernel's high-water mark for the process, exact however short the
 * peak. (It is the largest single process's peak, not a sum; every tool measured here does its
 * work in one process.) Without GNU time, /proc/<pid>/status VmHWM is sampled every 10 ms:
 * VmHWM is itself a high-water mark, so only growth in the last interval before exit can be
 * missed, and such results are flagged as lower bounds. CPU time (user + system, every thread of
 * the process) is GNU time's `%U` and `%S`; without GNU time it is not measured.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RunSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The command's stdout goes here (the terminal stays clean). */
  stdoutFile: string;
}

export interface RunResult {
  wallMs: number;
  /** User plus system CPU time of the process and all its threads, when it could be measured. */
  cpuMs?: number;
  /** Peak resident set size in bytes, when it could be measured. */
  peakRssBytes?: number;
  /** True when peak RSS was sampled (a lower bound) rather than read from the kernel's rusage. */
  rssSampled: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines of stderr, for reporting failures. */
  stderrTail: string;
}

export const GNU_TIME = '/usr/bin/time';

export function hasGnuTime(): boolean {
  try {
    fs.accessSync(GNU_TIME, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function measure(spec: RunSpec): Promise<RunResult> {
  const gnuTime = hasGnuTime();
  const rssFile = path.join(os.tmpdir(), `agent-audit-bench-rss-${process.pid}-${Date.now()}.txt`);
  const [command, args] = gnuTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, spec.command, ...spec.args]] : [spec.command, spec.args];
  const out = fs.openSync(spec.stdoutFile, 'w');
  let stderr = '';
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: spec.env ?? process.env, cwd: spec.cwd, stdio: ['ignore', out, 'pipe'] });
  fs.closeSync(out);
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  let sampledKb = 0;
  const sampler = gnuTime
    ? undefined
    : setInterval(() => {
        sampledKb = Math.max(sampledKb, vmHwmKb(child.pid) ?? 0);
      }, 10);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (sampler) clearInterval(sampler);
  let peakRssBytes: number | undefined;
  let cpuMs: number | undefined;
  if (gnuTime) {
    // GNU time writes "Command exited with non-zero status N" before the values when the command fails.
    const [kb, user, system] = (readText(rssFile).trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (kb !== undefined && Number.isFinite(kb) && kb > 0) peakRssBytes = kb * 1024;
    if (user !== undefined && system !== undefined && Number.isFinite(user + system)) cpuMs = (user + system) * 1000;
    fs.rmSync(rssFile, { force: true });
  } else if (sampledKb > 0) {
    peakRssBytes = sampledKb * 1024;
  }
  // Through GNU time the child's own exit status is passed on as time's exit status.
  return { wallMs, cpuMs, peakRssBytes, rssSampled: !gnuTime, exitCode: code, signal, stderrTail: stderr.trim().split('\n').slice(-5).join('\n') };
}

function vmHwmKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const m = /VmHWM:\s+(\d+) kB/.exec(readText(`/proc/${pid}/status`));
  return m ? Number(m[1]) : undefined;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
