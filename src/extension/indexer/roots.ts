/**
 * Which folders to watch: the agents' default log locations and the user's workspace globs.
 * No `vscode` here.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { Agent } from '../../core/model';
import { defaultLogLocations } from '../../node/discovery';
import { isCandidateLog } from '../../node/scan';

export interface LogRoot {
  path: string;
  /** Logs the user pointed at: their sessions are shown whatever their cwd. */
  explicit: boolean;
  accepts(file: string): boolean;
  /** What the root is, for the output channel. */
  label: string;
  /** The full glob files must match (workspace globs); none: any file an agent log could be. */
  glob?: string;
}

/** A root as plain data, to cross into the index worker (which rebuilds `accepts`). */
export type RootSpec = Omit<LogRoot, 'accepts'>;

export function rootSpec(r: LogRoot): RootSpec {
  return { path: r.path, explicit: r.explicit, label: r.label, ...(r.glob !== undefined ? { glob: r.glob } : {}) };
}

export function rootFromSpec(spec: RootSpec): LogRoot {
  if (spec.glob === undefined) return { ...spec, accepts: (f) => isCandidateLog(path.basename(f)) };
  const match = picomatch(spec.glob, { dot: true });
  return { ...spec, accepts: (f) => match(toPosix(f)) };
}

const toPosix = (p: string): string => p.replace(/\\/g, '/');

export function defaultRoots(agents: readonly Agent[], env: NodeJS.ProcessEnv = process.env): LogRoot[] {
  return defaultLogLocations(env)
    .filter((l) => agents.includes(l.agent))
    .map((l) => ({ path: l.path, explicit: false, accepts: (f: string) => isCandidateLog(path.basename(f)), label: `${l.agent} logs` }));
}

/** Globs relative to their workspace folder (or absolute, or `~/`) -> folders to watch and matchers. */
export function globRoots(entries: readonly { folder: string; globs: readonly string[] }[], home = process.env.HOME ?? ''): LogRoot[] {
  const out = new Map<string, LogRoot>();
  for (const { folder, globs } of entries) {
    for (const glob of globs) {
      const expanded = glob.startsWith('~/') ? path.join(home, glob.slice(2)) : glob;
      const full = toPosix(path.isAbsolute(expanded) ? expanded : path.join(folder, expanded));
      if (out.has(full)) continue;
      const scan = picomatch.scan(full);
      const base = scan.isGlob ? scan.base : full;
      out.set(full, rootFromSpec({ path: base || '/', explicit: true, glob: full, label: `setting agentAudit.logGlobs: ${glob}` }));
    }
  }
  return [...out.values()];
}
