/**
 * Project identity: a session's cwd folded to its git root, so worktrees and subfolders of one
 * repository group together. A cwd that does not exist here (a log from another machine) stays as is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class ProjectResolver {
  private readonly cache = new Map<string, string>();

  resolve(cwd: string | undefined): string | undefined {
    if (!cwd) return undefined;
    const known = this.cache.get(cwd);
    if (known !== undefined) return known;
    const project = gitRoot(cwd) ?? cwd;
    this.cache.set(cwd, project);
    return project;
  }
}

/** The main repository root for a folder, following a worktree's `.git` file back to its repository. */
export function gitRoot(start: string): string | undefined {
  if (!path.isAbsolute(start)) return undefined;
  for (let dir = start; ; ) {
    const dotGit = path.join(dir, '.git');
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(dotGit);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) return dir;
    if (st?.isFile()) return worktreeMainRoot(dotGit) ?? dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `.git` file of a worktree: `gitdir: /repo/.git/worktrees/name` -> `/repo`. */
function worktreeMainRoot(dotGitFile: string): string | undefined {
  try {
    const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGitFile, 'utf8'));
    if (!m) return undefined;
    const gitdir = path.resolve(path.dirname(dotGitFile), m[1].trim());
    const idx = gitdir.lastIndexOf(`${path.sep}.git${path.sep}worktrees${path.sep}`);
    return idx >= 0 ? gitdir.slice(0, idx) : undefined;
  } catch {
    return undefined;
  }
}

/** True when `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
