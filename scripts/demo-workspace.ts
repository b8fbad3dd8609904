/**
 * A demo workspace for `npm start`: a small project and two weeks of Claude Code sessions about
 * it (code, docs, infrastructure, a denied sudo, a secrets read, a failed build, an interrupted
 * run), generated here rather than copied from real logs. `liveSession()` keeps one session
 * growing, so the tree, the panel and the status bar show live tailing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendLines, ClaudeSession, claudeLogPath } from '../test/harness/agentLogs';

export interface DemoWorkspace {
  folder: string;
  claudeDir: string;
  /** Environment that points the agents' default log locations into the demo. */
  env: Record<string, string>;
}

const SOURCES: Record<string, string> = {
  'package.json': '{\n  "name": "orders-api",\n  "version": "1.4.0",\n  "scripts": { "build": "tsc", "test": "vitest run" }\n}\n',
  'src/server.ts': "import { createServer } from 'node:http';\nimport { routes } from './routes';\n\nexport function start(port: number) {\n  return createServer(routes).listen(port);\n}\n",
  'src/routes.ts': "import type { IncomingMessage, ServerResponse } from 'node:http';\n\nexport function routes(req: IncomingMessage, res: ServerResponse) {\n  if (req.url === '/orders') return res.end('[]');\n  res.statusCode = 404;\n  res.end();\n}\n",
  'src/db.ts': "export const db = { url: process.env.DATABASE_URL ?? 'postgres://localhost/orders' };\n",
  'docs/README.md': '# Orders API\n\nA small HTTP service for orders.\n',
  'docs/ops.md': '# Operations\n\nDeploy with `scripts/deploy.sh`.\n',
  'scripts/deploy.sh': '#!/bin/sh\nset -e\nnpm run build\nrsync -a dist/ deploy@orders:/srv/orders/\n',
  'deploy/orders.service': '[Unit]\nDescription=Orders API\n\n[Service]\nExecStart=/usr/bin/node /srv/orders/server.js\n',
  '.env': 'DATABASE_URL=postgres://orders:secret@db/orders\n',
  // The demo lives inside this repository's .cache: keep VS Code's Git from offering the parent repository.
  '.vscode/settings.json': '{\n  "git.openRepositoryInParentFolders": "never"\n}\n',
};

export function writeDemoWorkspace(root: string, now = new Date()): DemoWorkspace {
  const folder = path.join(root, 'orders-api');
  const claudeDir = path.join(root, 'agent-logs', 'claude');
  fs.rmSync(claudeDir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(SOURCES)) {
    fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
    if (!fs.existsSync(path.join(folder, rel))) fs.writeFileSync(path.join(folder, rel), text);
  }
  const abs = (rel: string): string => path.join(folder, rel);
  const hour = 3600_000;
  const day = 24 * hour;
  let n = 0;
  const session = (daysAgo: number, title: string, model?: string): { s: ClaudeSession; log: string } => {
    const id = `d0000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const s = new ClaudeSession({ sessionId: id, cwd: folder, start: new Date(now.getTime() - daysAgo * day - (n % 5) * hour), ...(model ? { model } : {}) });
    const log = claudeLogPath(claudeDir, folder, id);
    appendLines(log, [...s.prompt(title), ...s.title(title)]);
    return { s, log };
  };

  {
    const { s, log } = session(13, 'Add the orders endpoint');
    appendLines(log, [...s.read(abs('src/server.ts'), SOURCES['src/server.ts']), ...s.say('I will add a routes module.'), ...s.write(abs('src/routes.ts'), SOURCES['src/routes.ts']), ...s.edit(abs('src/server.ts'), "import { createServer } from 'node:http';", "import { createServer } from 'node:http';\nimport { routes } from './routes';", 1), ...s.bash('npm test', '2 passed')]);
  }
  {
    const { s, log } = session(11, 'Document the API', 'claude-opus-4-1-20250805');
    appendLines(log, [...s.read(abs('docs/README.md'), SOURCES['docs/README.md']), ...s.edit(abs('docs/README.md'), 'A small HTTP service for orders.', 'A small HTTP service for orders.\n\n## Endpoints\n\n- `GET /orders`', 3), ...s.webFetch('https://nodejs.org/api/http.html')]);
  }
  {
    const { s, log } = session(9, 'Install vitest and fix the test setup');
    appendLines(log, [...s.bash('npm install --save-dev vitest', 'added 38 packages'), ...s.read(abs('package.json'), SOURCES['package.json']), ...s.edit(abs('package.json'), '"test": "node --test"', '"test": "vitest run"', 4), ...s.bash('npm test', '2 passed')]);
  }
  {
    const { s, log } = session(7, 'Deploy to production');
    appendLines(log, [...s.read(abs('scripts/deploy.sh'), SOURCES['scripts/deploy.sh']), ...s.say('Installing the unit needs root.'), ...s.denied('Bash', { command: 'sudo cp deploy/orders.service /etc/systemd/system/ && sudo systemctl restart orders', description: 'Install unit' })]);
  }
  {
    const { s, log } = session(6, 'Debug the database connection');
    appendLines(log, [...s.read(abs('src/db.ts'), SOURCES['src/db.ts']), ...s.read(abs('.env'), SOURCES['.env']), ...s.bash('psql "$DATABASE_URL" -c "select count(*) from orders"', 'psql: error: connection refused', 2)]);
  }
  {
    const { s, log } = session(4, 'Write the systemd unit');
    appendLines(log, [...s.write(abs('deploy/orders.service'), SOURCES['deploy/orders.service']), ...s.edit(abs('docs/ops.md'), 'Deploy with `scripts/deploy.sh`.', 'Deploy with `scripts/deploy.sh`, then install `deploy/orders.service`.', 3), ...s.bash('git add -A && git commit -m "Add systemd unit" && git push', 'main -> main')]);
  }
  {
    const { s, log } = session(3, 'Why does the build fail?');
    appendLines(log, [...s.bash('npm run build', "src/routes.ts(4,3): error TS2322: Type 'number' is not assignable to type 'string'.", 2)]);
  }
  {
    const { s, log } = session(2, 'Clean up build output');
    appendLines(log, [...s.bash('rm -rf dist coverage', ''), ...s.bash('git status --short', '')]);
  }
  {
    const { s, log } = session(1, 'Refactor the routes');
    appendLines(log, [...s.read(abs('src/routes.ts'), SOURCES['src/routes.ts']), ...s.edit(abs('src/routes.ts'), "  if (req.url === '/orders') return res.end('[]');", "  if (req.method === 'GET' && req.url === '/orders') return res.end('[]');", 4)]);
    appendLines(log, s.interrupt());
  }

  return {
    folder,
    claudeDir,
    env: {
      CLAUDE_CONFIG_DIR: claudeDir,
      CODEX_HOME: path.join(root, 'agent-logs', 'codex'),
      XDG_DATA_HOME: path.join(root, 'agent-logs', 'xdg-data'),
    },
  };
}

/** Starts a session that gains a tool call every few seconds (stop it with the returned function). */
export function liveSession(demo: DemoWorkspace, everyMs = 5000, steps = 40): () => void {
  const s = new ClaudeSession({ sessionId: 'd0000000-0000-4000-8000-999999999999', cwd: demo.folder, realTime: true });
  const log = claudeLogPath(demo.claudeDir, demo.folder, s.sessionId);
  fs.rmSync(log, { force: true });
  appendLines(log, [...s.prompt('Add pagination to /orders'), ...s.title('Add pagination to /orders (live)')]);
  const file = path.join(demo.folder, 'src', 'routes.ts');
  const actions = [
    () => s.read(file, SOURCES['src/routes.ts']),
    () => s.say('Adding limit and offset parameters.'),
    () => s.edit(file, "return res.end('[]');", "return res.end(JSON.stringify(page(req)));", 4),
    () => s.bash('npm test', '3 passed'),
    () => s.read(path.join(demo.folder, 'docs', 'README.md'), SOURCES['docs/README.md']),
  ];
  let i = 0;
  const timer = setInterval(() => {
    if (i >= steps) return clearInterval(timer);
    appendLines(log, actions[i++ % actions.length]());
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
