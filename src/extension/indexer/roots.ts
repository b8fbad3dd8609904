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
      const match = picomatch(full, { dot: true });
      out.set(full, { path: base || '/', explicit: true, accepts: (f) => match(toPosix(f)), label: `setting agentAudit.logGlobs: ${glob}` });
    }
  }
  return [...out.values()];
}
