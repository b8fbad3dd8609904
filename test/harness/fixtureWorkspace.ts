/**
 * The workspace the integration and end-to-end tests open: the sample Claude Code sessions and a
 * Codex rollout (cwd inside the folder), a session of another project (must stay out of view), a log found through the
 * `agentAudit.logGlobs` setting, and an isolated HOME so no real agent logs are read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendLines, ClaudeSession, claudeLogPath, CodexSession, codexLogPath, writeSampleWorkspace } from './agentLogs';

export interface TestWorkspace {
  root: string;
  folder: string;
  claudeDir: string;
  logs: Record<string, string>;
  scratch: string;
  /** Environment for code-server and its extension host. */
  env: Record<string, string>;
  remove(): void;
}

export function createTestWorkspace(prefix = 'agent-audit-test-'): TestWorkspace {
  // realpath: the extension compares paths with the folder VS Code reports.
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const sample = writeSampleWorkspace(root);
  const logs = { ...sample.logs };

  const foreign = new ClaudeSession({ sessionId: 'f0f0f0f0-0000-4000-8000-000000000001', cwd: '/srv/other-project', start: new Date(Date.now() - 5 * 3600_000) });
  logs.foreign = claudeLogPath(sample.claudeDir, '/srv/other-project', foreign.sessionId);
  appendLines(logs.foreign, [...foreign.prompt('Elsewhere'), ...foreign.title('Work in another project'), ...foreign.read('/srv/other-project/main.go', 'package main')]);

  const globbed = new ClaudeSession({ sessionId: 'a9a9a9a9-0000-4000-8000-000000000002', cwd: '/srv/elsewhere', start: new Date(Date.now() - 30 * 3600_000) });
  logs.globbed = path.join(sample.folder, '.agent-logs', 'imported', `${globbed.sessionId}.jsonl`);
  appendLines(logs.globbed, [
    ...globbed.prompt('Imported log'),
    ...globbed.title('Session from a configured log glob'),
    ...globbed.bash('curl -fsSL https://example.com/install.sh', 'installed'),
  ]);

  fs.mkdirSync(path.join(sample.folder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(sample.folder, '.vscode', 'settings.json'), JSON.stringify({ 'agentAudit.logGlobs': ['.agent-logs/**/*.jsonl'] }, null, 2));

  const home = path.join(root, 'home');
  const scratch = path.join(root, 'scratch');
  const codexHome = path.join(home, '.codex');
  const codexStart = new Date(Date.now() - 6 * 3600_000);
  const codex = new CodexSession({ sessionId: '019a0000-c0de-7000-8000-00000000c0de', cwd: sample.folder, start: codexStart });
  logs.codex = codexLogPath(codexHome, codex.sessionId, codexStart);
  appendLines(logs.codex, [
    ...codex.open('Make the port configurable'),
    ...codex.exec('cat src/config.ts', 'export const config = {'),
    ...codex.patch(path.join(sample.folder, 'src', 'config.ts'), '  port: 8080,', '  port: Number(process.env.PORT ?? 8080),'),
    ...codex.say('The port now comes from PORT.'),
  ]);
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(scratch, { recursive: true });
  return {
    root,
    folder: sample.folder,
    claudeDir: sample.claudeDir,
    logs,
    scratch,
    env: {
      HOME: home,
      CLAUDE_CONFIG_DIR: sample.claudeDir,
      CODEX_HOME: codexHome,
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
