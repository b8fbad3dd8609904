/**
 * Which paths a panel may open, decided before VS Code sees them. Paths come from logs, so a
 * "path" may really be a URI (`javascript:`, `command:`, `vscode:`, `http:`), a network share
 * (`//host/share`, which Windows would reach over SMB) or relative text. Only absolute local
 * paths open, always through `vscode.Uri.file`; those outside the workspace open read-only.
 * No `vscode` here, so the rules are unit-tested.
 */
import * as path from 'node:path';

export type OpenDecision = { kind: 'open'; path: string; insideWorkspace: boolean } | { kind: 'refuse'; reason: string };

/** `scheme:` at the start, as in RFC 3986; a one-letter "scheme" is a Windows drive (`C:\`). */
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;

function isWindowsDrivePath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p);
}

export function decideOpen(p: string, workspaceFolders: readonly string[]): OpenDecision {
  if (p.includes('\0')) return { kind: 'refuse', reason: 'it holds a NUL character' };
  if (URI_SCHEME.test(p)) return { kind: 'refuse', reason: `it is a URI (${p.slice(0, p.indexOf(':') + 1)}), not a local file path` };
  if (/^[\\/]{2}/.test(p)) return { kind: 'refuse', reason: 'it is a network path' };
  if (!p.startsWith('/') && !isWindowsDrivePath(p)) return { kind: 'refuse', reason: 'it is not an absolute path' };
  const lib = isWindowsDrivePath(p) ? path.win32 : path.posix;
  const resolved = lib.resolve(p);
  return { kind: 'open', path: resolved, insideWorkspace: workspaceFolders.some((f) => isInside(resolved, f, lib)) };
}

function isInside(p: string, folder: string, lib: typeof path.posix): boolean {
  const rel = lib.relative(lib.resolve(folder), p);
  return rel === '' || (!rel.startsWith('..') && !lib.isAbsolute(rel));
}
