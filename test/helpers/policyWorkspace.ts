/**
 * A project with a policy that allows writes only to `src/**`, one Claude Code session that wrote
 * `secrets/out.txt` (executed although out of scope) and one whose command the user denied, each
 * with the request and the agent's words before the call. Shared by the unit and browser tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendLines, ClaudeSession, claudeLogPath } from '../harness/agentLogs';

export const POLICY_JSON = JSON.stringify(
  {
    version: 1,
    id: 'team',
    scopes: [{ id: 'dev', match: {}, capabilities: ['*'], read: ['**'], write: ['src/**'], commands: ['npm test', 'ls **'] }],
  },
  null,
  2,
);

export const OUT_OF_SCOPE_ID = '5e5e5e5e-0000-4000-8000-00000000a001';
export const DENIED_ID = '5e5e5e5e-0000-4000-8000-00000000a002';
export const DENIED_REQUEST = 'Clean up the old build output';
export const DENIED_SAID = 'I will remove the whole build folder with elevated rights.';

export interface PolicyWorkspace {
  root: string;
  folder: string;
  claudeDir: string;
  logs: { outOfScope: string; denied: string };
  remove(): void;
}

/** Writes the logs (and the policy file when `withPolicy`) under a fresh temporary folder. */
export function writePolicyWorkspace(root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aa-policy-'))), withPolicy = true): PolicyWorkspace {
  const folder = path.join(root, 'project');
  const claudeDir = path.join(root, 'claude');
  fs.mkdirSync(path.join(folder, 'src'), { recursive: true });
  if (withPolicy) {
    fs.mkdirSync(path.join(folder, '.agent-audit'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.agent-audit', 'policy.json'), POLICY_JSON);
  }
  const start = new Date(Date.now() - 2 * 3600_000);
  const a = new ClaudeSession({ sessionId: OUT_OF_SCOPE_ID, cwd: folder, start });
  const outOfScope = claudeLogPath(claudeDir, folder, a.sessionId);
  appendLines(outOfScope, [
    ...a.prompt('Store the deploy token for later'),
    ...a.title('Store the deploy token'),
    ...a.say('Writing the source change first.'),
    ...a.write(path.join(folder, 'src', 'token.ts'), 'export const token = process.env.TOKEN;\n'),
    ...a.say('Keeping a copy of the token next to the project.'),
    ...a.write(path.join(folder, 'secrets', 'out.txt'), 'not-a-real-token\n'),
  ]);
  const b = new ClaudeSession({ sessionId: DENIED_ID, cwd: folder, start: new Date(start.getTime() + 600_000) });
  const denied = claudeLogPath(claudeDir, folder, b.sessionId);
  appendLines(denied, [
    ...b.prompt(DENIED_REQUEST),
    ...b.title('Clean up build output'),
    ...b.bash('ls build', 'a.o\nb.o'),
    ...b.say(DENIED_SAID),
    ...b.denied('Bash', { command: 'sudo rm -rf build', description: 'Remove build' }),
  ]);
  return { root, folder, claudeDir, logs: { outOfScope, denied }, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
