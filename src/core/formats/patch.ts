/**
 * Patch texts agents hand to their edit tools, reduced to the files they touch: the
 * `*** Begin Patch` envelope (Codex apply_patch, OpenCode) and, as a fallback, unified diffs.
 */
import type { LineRange } from '../model';

export interface PatchFile {
  path: string;
  access: 'create' | 'write' | 'delete';
  /** Update with `*** Move to:` (or a diff between two names): where the file ends up. */
  moveTo?: string;
  /** New-side lines the patch covers, when the text says where (numbered hunks, added files). */
  lines?: LineRange;
}

const ENVELOPE_MARKER = /^[ \t]*\*\*\* (Add|Update|Delete) File:/m;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parsePatch(text: string): PatchFile[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const lines = text.split('\n');
  return ENVELOPE_MARKER.test(text) ? parseEnvelope(lines) : parseUnifiedDiff(lines);
}

/** The new-side lines a bare unified diff's hunks cover (`@@ -a,b +c,d @@`), over all its hunks. */
export function diffLineRange(diff: string | undefined): LineRange | undefined {
  if (typeof diff !== 'string') return undefined;
  const file: PatchFile = { path: '', access: 'write' };
  for (const line of diff.split('\n')) {
    const hunk = HUNK_HEADER.exec(line);
    if (hunk) extend(file, Number(hunk[3]), hunk[4] === undefined ? 1 : Number(hunk[4]));
  }
  return file.lines;
}

/** Grows a file's line range by a hunk's new side (`+start,count`); empty sides add nothing. */
function extend(file: PatchFile, start: number, count: number): void {
  if (count <= 0 || start < 1) return;
  const end = start + count - 1;
  file.lines = file.lines
    ? { start: Math.min(file.lines.start, start), end: Math.max(file.lines.end, end) }
    : { start, end };
}

function parseEnvelope(lines: string[]): PatchFile[] {
  const files: PatchFile[] = [];
  let current: PatchFile | undefined;
  let added = 0;
  const closeAdd = (): void => {
    if (current?.access === 'create' && added > 0) current.lines = { start: 1, end: added };
    added = 0;
  };
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const marker = line.trim();
    if (marker.startsWith('*** ')) {
      const m = /^\*\*\* (Add File|Update File|Delete File|Move to):\s*(.*?)\s*$/.exec(marker);
      if (!m) continue; // Begin/End Patch, End of File
      const [, what, path] = m;
      if (what === 'Move to') {
        if (current && path) current.moveTo = path;
        continue;
      }
      closeAdd();
      current = undefined;
      if (!path) continue;
      current = { path, access: what === 'Add File' ? 'create' : what === 'Delete File' ? 'delete' : 'write' };
      files.push(current);
      continue;
    }
    if (!current) continue;
    if (current.access === 'create') {
      if (line.startsWith('+')) added++;
      continue;
    }
    const hunk = HUNK_HEADER.exec(line);
    if (hunk) extend(current, Number(hunk[3]), hunk[4] === undefined ? 1 : Number(hunk[4]));
  }
  closeAdd();
  return files;
}

/** `--- a/x` / `+++ b/x` names: without the tab-separated timestamp, quotes and git's a/ b/ prefixes. */
function diffName(raw: string, gitPrefix: 'a/' | 'b/' | undefined): string {
  let name = raw.split('\t')[0].trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  if (gitPrefix && name.startsWith(gitPrefix)) name = name.slice(2);
  return name;
}

const DEV_NULL = '/dev/null';

function parseUnifiedDiff(lines: string[]): PatchFile[] {
  const files: PatchFile[] = [];
  let current: PatchFile | undefined;
  // Lines still expected in the open hunk, so a removed line that reads `--- x` is not a header.
  let oldLeft = 0;
  let newLeft = 0;
  let renameFrom: string | undefined;
  let gitStyle = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (oldLeft > 0 || newLeft > 0) {
      const c = line[0];
      if (c === ' ' || line === '') {
        oldLeft--;
        newLeft--;
        continue;
      }
      if (c === '-') {
        oldLeft--;
        continue;
      }
      if (c === '+') {
        newLeft--;
        continue;
      }
      if (c === '\\') continue;
      oldLeft = newLeft = 0; // a short hunk: fall through and read the line as a header
    }
    if (line.startsWith('diff --git ')) {
      gitStyle = true;
      renameFrom = undefined;
      current = undefined;
      continue;
    }
    if (line.startsWith('rename from ')) {
      renameFrom = line.slice('rename from '.length).trim();
      continue;
    }
    if (line.startsWith('rename to ') && renameFrom) {
      current = { path: renameFrom, access: 'write', moveTo: line.slice('rename to '.length).trim() };
      files.push(current);
      renameFrom = undefined;
      continue;
    }
    if (line.startsWith('--- ') && i + 1 < lines.length && lines[i + 1].startsWith('+++ ')) {
      const oldRaw = line.slice(4);
      const newRaw = lines[i + 1].slice(4).replace(/\r$/, '');
      i++;
      const prefixed =
        gitStyle ||
        ((/^"?a\//.test(oldRaw) || oldRaw.startsWith(DEV_NULL)) &&
          (/^"?b\//.test(newRaw) || newRaw.startsWith(DEV_NULL)));
      const oldName = diffName(oldRaw, prefixed ? 'a/' : undefined);
      const newName = diffName(newRaw, prefixed ? 'b/' : undefined);
      // A rename already recorded from the git header owns this pair.
      const renamed = current?.moveTo !== undefined && current.path === oldName && current.moveTo === newName;
      if (renamed) continue;
      if (oldName === DEV_NULL && newName === DEV_NULL) {
        current = undefined;
        continue;
      }
      if (oldName === DEV_NULL) current = { path: newName, access: 'create' };
      else if (newName === DEV_NULL) current = { path: oldName, access: 'delete' };
      else if (oldName !== newName) current = { path: oldName, access: 'write', moveTo: newName };
      else current = { path: newName, access: 'write' };
      files.push(current);
      continue;
    }
    const hunk = HUNK_HEADER.exec(line);
    if (hunk) {
      oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
      if (current && current.access !== 'delete') extend(current, Number(hunk[3]), newLeft);
    }
  }
  return files;
}
