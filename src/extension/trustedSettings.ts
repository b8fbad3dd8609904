/**
 * Settings an untrusted workspace must not set (Workspace Trust). A folder someone else wrote can
 * carry `.vscode/settings.json`: its log globs could make the extension read and show arbitrary
 * files, its capability rules could relabel what sessions did, and a privacy switch could reveal
 * secrets. In an untrusted workspace only the user's own (and default) values of these apply.
 * VS Code also drops them through `restrictedConfigurations` in package.json; this is the same
 * rule in our own code, so it holds whatever the host does. No `vscode` here.
 */

/** Setting keys under `agentAudit.`; package.json's restrictedConfigurations lists the same. */
export const RESTRICTED_SETTINGS = ['logGlobs', 'capabilityRules', 'privacy.revealSecrets'] as const;
export type RestrictedSetting = (typeof RESTRICTED_SETTINGS)[number];

/** The part of `WorkspaceConfiguration.inspect()` this needs. */
export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface TrustedValue<T> {
  value: T | undefined;
  /** A workspace or folder value was there and was left out. */
  ignoredWorkspaceValue: boolean;
}

/**
 * The value to use: in a trusted workspace what VS Code resolves (`resolved`), in an untrusted
 * one the user's value, else the default.
 */
export function trustedValue<T>(resolved: T | undefined, inspected: InspectedValue<T> | undefined, trusted: boolean): TrustedValue<T> {
  if (trusted) return { value: resolved, ignoredWorkspaceValue: false };
  return {
    value: inspected?.globalValue ?? inspected?.defaultValue,
    ignoredWorkspaceValue: inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined,
  };
}

export function untrustedNotice(key: RestrictedSetting): string {
  return `workspace is not trusted: its agentAudit.${key} setting is ignored (the user setting applies)`;
}
