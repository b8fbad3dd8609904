/**
 * The file side of policies: the workspace policy file, the Claude Code settings files read as scopes,
 * the age of session logs (for retention) and copying logs that are about to be deleted.
 * Never writes next to, moves or alters an agent's log.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ClaudeSettings, parseClaudeSettings } from '../core/policy/native';
import { formatPolicyErrors, parsePolicy } from '../core/policy/parse';
import type { Policy } from '../core/policy/types';

export const POLICY_FILE = path.join('.agent-audit', 'policy.json');

export interface LoadedPolicy {
  policy?: Policy;
  /** `file:line:column: field: why`, ready to print. */
  errors: string[];
  file?: string;
}

/** Reads a policy file. A missing file is no error when `optional`; a bad one is, with every problem listed. */
export function loadPolicyFile(file: string, optional = false, extraCapabilities: readonly string[] = []): LoadedPolicy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (optional && (e as NodeJS.ErrnoException).code === 'ENOENT') return { errors: [] };
    return { errors: [`${file}: cannot read the policy file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`], file };
  }
  const parsed = parsePolicy(text, file, { extraCapabilities });
  return { ...(parsed.policy ? { policy: parsed.policy } : {}), errors: formatPolicyErrors(parsed.errors, file), file };
}

/** The project's `.agent-audit/policy.json`, when there is one. */
export function loadProjectPolicy(project: string, extraCapabilities: readonly string[] = []): LoadedPolicy {
  return loadPolicyFile(path.join(project, POLICY_FILE), true, extraCapabilities);
}

/** Claude Code's settings folders (CLAUDE_CONFIG_DIR replaces `~/.claude`). */
export function claudeConfigDirs(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  return env.CLAUDE_CONFIG_DIR ? env.CLAUDE_CONFIG_DIR.split(',').map((d) => d.trim()).filter(Boolean) : [path.join(home, '.claude')];
}

/**
 * The Claude Code settings that declare permissions: the user's own (every project) and, for each project
 * folder given, `.claude/settings.json` and `.claude/settings.local.json`. Missing files are skipped.
 */
export function loadClaudeSettings(projects: readonly string[], env: NodeJS.ProcessEnv = process.env, home = os.homedir()): ClaudeSettings[] {
  const out: ClaudeSettings[] = [];
  for (const dir of claudeConfigDirs(env, home)) {
    const s = readSettings(path.join(dir, 'settings.json'));
    if (s) out.push(s);
  }
  for (const project of [...new Set(projects)]) {
    for (const name of ['settings.json', 'settings.local.json']) {
      const s = readSettings(path.join(project, '.claude', name), project);
      if (s) out.push(s);
    }
  }
  return out;
}

function readSettings(file: string, project?: string): ClaudeSettings | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseClaudeSettings(text, file, project);
}

/** A log's last change, in ms since the epoch; undefined when it cannot be read. */
export function logModifiedMs(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Copies logs into `dir`, each under a name that keeps it apart from the others (its parent folder and
 * name). Never moves or changes the originals; an existing copy with the same size is left as is.
 */
export function keepCopies(files: readonly string[], dir: string): { copied: string[]; failed: string[] } {
  const copied: string[] = [];
  const failed: string[] = [];
  fs.mkdirSync(dir, { recursive: true });
  for (const file of [...new Set(files)]) {
    const name = `${path.basename(path.dirname(file))}__${path.basename(file)}`.replace(/[^\w.-]+/g, '_');
    const target = path.join(dir, name);
    try {
      const src = fs.statSync(file);
      const existing = fs.existsSync(target) ? fs.statSync(target) : undefined;
      if (!existing || existing.size !== src.size) fs.copyFileSync(file, target);
      copied.push(target);
    } catch (e) {
      failed.push(`${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { copied, failed };
}
