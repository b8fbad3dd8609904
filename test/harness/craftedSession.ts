/**
 * A hostile Claude Code session: its title, prompt, paths and commands carry what a crafted log
 * could use against the reader (HTML and script, `javascript:` and `command:` URIs, Markdown
 * links, terminal escape sequences, a right-to-left override). Every surface must show it as
 * plain text and run nothing. Used by the unit tests of the renderers and the command line and
 * by the end-to-end test of the real panel.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendLines, ClaudeSession, claudeLogPath } from './agentLogs';

export const CRAFTED_SESSION_ID = 'e71e71e7-0000-4000-8000-00000000bad1';

export const HOSTILE_TEXT = {
  ansi: '\u001b[31m',
  rlo: '\u202e',
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=2</script>',
  commandLink: '[click](command:workbench.action.terminal.new)',
  jsUri: 'javascript:alert(1)',
  commandUri: 'command:workbench.action.terminal.new',
} as const;

/** The session's title as the log writes it (tree label, panel heading, exports). */
export const CRAFTED_TITLE = `${HOSTILE_TEXT.ansi}Red${'\u001b[0m'} ${HOSTILE_TEXT.img} ${HOSTILE_TEXT.script} ${HOSTILE_TEXT.commandLink} ${HOSTILE_TEXT.rlo}fdp.exe`;

export interface CraftedSession {
  log: string;
  sessionId: string;
  title: string;
  /** An existing file outside the workspace the session wrote (opens read-only). */
  outsideFile: string;
  /** A file in the workspace the session wrote that does not exist (a warning names it). */
  missingFile: string;
  /** Paths that are not absolute local paths (never opened). */
  uriPaths: string[];
  command: string;
}

/**
 * Writes the session under `claudeDir` with `cwd` as its working directory; `outsideDir` is a
 * folder outside the workspace where the "outside" file is created.
 */
export function writeCraftedSession(claudeDir: string, cwd: string, outsideDir: string, start = new Date(Date.now() - 2 * 3600_000)): CraftedSession {
  const s = new ClaudeSession({ sessionId: CRAFTED_SESSION_ID, cwd, start });
  fs.mkdirSync(outsideDir, { recursive: true });
  const outsideFile = path.join(outsideDir, `notes ${HOSTILE_TEXT.commandLink}.md`);
  fs.writeFileSync(outsideFile, '# Outside the workspace\n\nThis file must open read-only.\n');
  const missingFile = path.join(cwd, `missing ${HOSTILE_TEXT.commandLink} ${HOSTILE_TEXT.img}.md`);
  const command = `echo "${HOSTILE_TEXT.ansi}red\u001b[0m ${HOSTILE_TEXT.rlo}txt.sh" # ${HOSTILE_TEXT.script} ${HOSTILE_TEXT.commandLink}`;
  const log = claudeLogPath(claudeDir, cwd, CRAFTED_SESSION_ID);
  appendLines(log, [
    ...s.prompt(`Please ${HOSTILE_TEXT.img} ${HOSTILE_TEXT.commandLink} ${HOSTILE_TEXT.ansi}now`),
    ...s.title(CRAFTED_TITLE),
    ...s.say(`Reading ${HOSTILE_TEXT.jsUri} and ${HOSTILE_TEXT.script}`),
    ...s.read(HOSTILE_TEXT.jsUri, 'x'),
    ...s.read(HOSTILE_TEXT.commandUri, 'y'),
    ...s.write(outsideFile, '# Outside the workspace\n'),
    ...s.write(missingFile, 'gone\n'),
    ...s.bash(command, `${HOSTILE_TEXT.ansi}red\u001b[0m`),
  ]);
  return { log, sessionId: CRAFTED_SESSION_ID, title: CRAFTED_TITLE, outsideFile, missingFile, uriPaths: [HOSTILE_TEXT.jsUri, HOSTILE_TEXT.commandUri], command };
}

/** Text a surface shows must not carry any of these characters raw. */
export const ACTIVE_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
