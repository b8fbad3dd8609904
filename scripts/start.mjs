#!/usr/bin/env node
// `npm start [-- FOLDER] [--port N]`: builds the extension, then opens it in code-server (the real
// VS Code workbench) on 127.0.0.1 and prints the URL. Without FOLDER it opens a demo workspace of
// generated sample sessions (one of them keeps growing, to show live tailing); with FOLDER it shows
// that folder's sessions from the agents' real log locations. Ctrl+C stops the server it started.
//
// Run through tsx (the script reuses the test harness, which is TypeScript): `node --import tsx scripts/start.mjs`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { install } from './code-server.mjs';
import { liveSession, writeDemoWorkspace } from './demo-workspace.ts';
import { REPO_ROOT, startCodeServer } from '../test/harness/codeServer.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' }, 'no-live': { type: 'boolean' } },
});
const log = (line) => process.stderr.write(`agent-audit start: ${line}\n`);

execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-extension.mjs')], { stdio: 'inherit' });
install();

let workspace;
let env = {};
let stopLive = () => {};
if (positionals[0]) {
  workspace = path.resolve(positionals[0]);
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) {
    log(`${workspace} is not a folder`);
    process.exit(2);
  }
} else {
  const demo = writeDemoWorkspace(path.join(REPO_ROOT, '.cache', 'demo'));
  workspace = demo.folder;
  env = demo.env;
  if (!values['no-live']) stopLive = liveSession(demo);
  log(`demo workspace with sample sessions: ${workspace}`);
}

const server = await startCodeServer({
  workspace,
  // A profile that survives restarts (theme, layout), kept out of the repository's history.
  stateDir: path.join(REPO_ROOT, '.cache', 'code-server-profile'),
  env,
  ...(values.port ? { port: Number(values.port) } : {}),
});

process.stdout.write(`\nAgent Audit is running in VS Code (code-server ${'4.100.3'}) on loopback:\n\n  ${server.url}\n\nPress Ctrl+C to stop.\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  stopLive();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
