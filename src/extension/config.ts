/** The extension's settings (`agentAudit.*`), read and sanitised in one place. */
import * as vscode from 'vscode';
import { AGENTS, type Agent } from '../core/model';

export interface FolderGlobs {
  folder: string;
  globs: string[];
}

export interface Settings {
  /** Extra log files per workspace folder, as globs relative to the folder (or absolute). */
  logGlobs: FolderGlobs[];
  /** Agents whose default log locations are watched. */
  agents: Agent[];
  /** Show sessions from every project, not only the open workspace folders. */
  includeAllProjects: boolean;
  /** User capability rules (same JSON as the command line's --rules file). */
  capabilityRules: unknown;
  /** Poll the file system instead of native events (network drives, some containers). */
  usePolling: boolean;
  /** Show detected secrets as they are (default: masked). */
  revealSecrets: boolean;
}

export const SECTION = 'agentAudit';

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim()) : [];
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, null);
  const agents = c.get<unknown>('agents');
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  return {
    // A resource setting: each folder may name its own log globs.
    logGlobs: folders.map((f) => ({ folder: f.uri.fsPath, globs: stringList(vscode.workspace.getConfiguration(SECTION, f.uri).get<unknown>('logGlobs')) })),
    agents: Array.isArray(agents) ? agents.filter((a): a is Agent => (AGENTS as readonly string[]).includes(a)) : [...AGENTS],
    includeAllProjects: c.get<boolean>('includeAllProjects') === true,
    capabilityRules: c.get<unknown>('capabilityRules') ?? {},
    usePolling: c.get<boolean>('usePolling') === true,
    // Only the user's own (machine) value counts: a workspace must not be able to unmask secrets.
    revealSecrets: c.inspect<boolean>('privacy.revealSecrets')?.globalValue === true,
  };
}

/** True when a configuration change touches settings that need the logs to be read again. */
export function affectsIndex(e: vscode.ConfigurationChangeEvent): boolean {
  return ['logGlobs', 'agents', 'includeAllProjects', 'capabilityRules', 'usePolling', 'privacy.revealSecrets'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
