// `npm run test:desktop`: the integration suite in desktop VS Code through @vscode/test-cli (needs a
// display, e.g. `xvfb-run -a npm run test:desktop` on Linux CI, and internet to download VS Code).
// The code-server run (`npm run test:integration`) is the one that works offline.
import { defineConfig } from '@vscode/test-cli';
import { execFileSync } from 'node:child_process';

// The fixture workspace and logs are written by the test harness (TypeScript, hence tsx).
const fixture = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "const w = require('./test/harness/fixtureWorkspace.ts').createTestWorkspace('agent-audit-desktop-'); process.stdout.write(JSON.stringify(w));",
    ],
    { encoding: 'utf8' },
  ),
);
// Desktop VS Code keeps the real HOME; the agents' log locations point into the fixture.
const { HOME: _home, ...env } = fixture.env;

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/*.test.js',
  version: '1.100.3',
  workspaceFolder: fixture.folder,
  env: {
    ...env,
    AGENT_AUDIT_TEST_FIXTURE: JSON.stringify({ folder: fixture.folder, claudeDir: fixture.claudeDir, logs: fixture.logs, scratch: fixture.scratch }),
  },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60_000 },
});
