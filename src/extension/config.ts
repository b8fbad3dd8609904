/**
 * The extension's settings (`agentAudit.*`), read and sanitised in one place. In an untrusted
 * workspace the restricted ones come from the user's settings only (see trustedSettings).
 */
import * as vscode from 'vscode';
import { AGENTS, type Agent } from '../core/model';
import { type RestrictedSetting, trustedValue, untrustedNotice } from './trustedSettings';

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

let log: (line: string) => void = () => undefined;
const noticed = new Set<string>();

/** Where readSettings says that it ignored an untrusted workspace's setting (once per setting). */
export function setSettingsLog(fn: (line: string) => void): void {
  log = fn;
  noticed.clear();
}

/** A restricted setting: the resolved value when the workspace is trusted, the user's value when not. */
export function restrictedSetting<T>(c: vscode.WorkspaceConfiguration, key: RestrictedSetting): T | undefined {
  const trusted = vscode.workspace.isTrusted;
  const { value, ignoredWorkspaceValue } = trustedValue<T>(trusted ? c.get<T>(key) : undefined, trusted ? undefined : c.inspect<T>(key), trusted);
  if (ignoredWorkspaceValue && !noticed.has(key)) {
    noticed.add(key);
    log(untrustedNotice(key));
  }
  return value;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, null);
  const agents = c.get<unknown>('agents');
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (vscode.workspace.isTrusted) noticed.clear();
  return {
    // A resource setting: each folder may name its own log globs.
    logGlobs: folders.map((f) => ({ folder: f.uri.fsPath, globs: stringList(restrictedSetting<unknown>(vscode.workspace.getConfiguration(SECTION, f.uri), 'logGlobs')) })),
    agents: Array.isArray(agents) ? agents.filter((a): a is Agent => (AGENTS as readonly string[]).includes(a)) : [...AGENTS],
    includeAllProjects: c.get<boolean>('includeAllProjects') === true,
    capabilityRules: restrictedSetting<unknown>(c, 'capabilityRules') ?? {},
    usePolling: c.get<boolean>('usePolling') === true,
    // Only the user's own (machine) value counts: a workspace must not be able to unmask secrets.
    revealSecrets: c.inspect<boolean>('privacy.revealSecrets')?.globalValue === true,
  };
}

/** True when a configuration change touches settings that need the logs to be read again. */
export function affectsIndex(e: vscode.ConfigurationChangeEvent): boolean {
  return ['logGlobs', 'agents', 'includeAllProjects', 'capabilityRules', 'usePolling', 'privacy.revealSecrets'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
