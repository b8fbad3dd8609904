/**
 * Runs the integration suite (test/integration/suite) inside a real extension host: code-server
 * on loopback with the extension under development (or the packaged VSIX when AGENT_AUDIT_VSIX
 * names one), opened by headless Chromium. The suite writes its results to a file this test reads.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { openWorkbench } from '../harness/browser';
import { REPO_ROOT, startCodeServer, waitForFile } from '../harness/codeServer';
import { createTestWorkspace } from '../harness/fixtureWorkspace';

const SUITE = path.join(REPO_ROOT, 'out', 'test', 'integration');
const vsix = process.env.AGENT_AUDIT_VSIX ? path.resolve(process.env.AGENT_AUDIT_VSIX) : undefined;

describe(`integration suite in the extension host (${vsix ? 'packaged VSIX' : 'extension under development'})`, () => {
  it('passes every test', { timeout: 600_000 }, (t) => runSuite(t, { minPassed: 20 }));

  // Restricted mode: the same workspace, not trusted; only the suite's trust tests run.
  it('keeps the workspace settings that need trust out of an untrusted workspace', { timeout: 600_000 }, (t) =>
    runSuite(t, { minPassed: 2, untrusted: true, grep: 'security: workspace trust' }),
  );
});

async function runSuite(t: TestContext, opts: { minPassed: number; untrusted?: boolean; grep?: string }): Promise<void> {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-extension.mjs'), '--tests'], { stdio: 'inherit' });
  const ws = createTestWorkspace();
  const resultFile = path.join(ws.root, 'integration-result.json');
  const server = await startCodeServer({
    workspace: ws.folder,
    extensionTestsPath: path.join(SUITE, 'index'),
    // The workbench runs a test suite only in an extension development window: with the VSIX, the
    // window develops an empty stand-in extension, and Agent Audit is the installed one.
    ...(vsix ? { vsix, extensionDevelopmentPath: testRunnerStub(ws.root) } : {}),
    ...(opts.untrusted ? { untrusted: true } : {}),
    env: {
      ...ws.env,
      AGENT_AUDIT_TEST_RESULT: resultFile,
      AGENT_AUDIT_TEST_FIXTURE: JSON.stringify({ folder: ws.folder, claudeDir: ws.claudeDir, logs: ws.logs, scratch: ws.scratch }),
      ...(opts.grep ? { AGENT_AUDIT_TEST_GREP: opts.grep } : process.env.AGENT_AUDIT_TEST_GREP ? { AGENT_AUDIT_TEST_GREP: process.env.AGENT_AUDIT_TEST_GREP } : {}),
      ...(opts.untrusted ? { AGENT_AUDIT_EXPECT_UNTRUSTED: '1' } : {}),
      ...(vsix ? { AGENT_AUDIT_EXPECT_INSTALLED: '1' } : {}),
    },
  });
  let workbench: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  try {
    workbench = await openWorkbench(server.url);
    const text = await waitForFile(resultFile, 300_000);
    const result = JSON.parse(text) as { passed: number; failed: number; passedTitles: string[]; failures: { title: string; error: string }[] };
    for (const title of result.passedTitles) t.diagnostic(`ok: ${title}`);
    for (const f of result.failures) t.diagnostic(`FAILED: ${f.title}\n${f.error}`);
    assert.equal(result.failed, 0, result.failures.map((f) => `${f.title}: ${f.error.split('\n')[0]}`).join('\n'));
    assert.ok(result.passed >= opts.minPassed, `only ${result.passed} integration tests ran`);
  } catch (e) {
    const logs = path.join(server.stateDir, 'user-data', 'logs');
    const ours = fs.existsSync(logs) ? findFiles(logs, (f) => f.endsWith('Agent Audit.log') || f.endsWith('remoteexthost.log')) : [];
    for (const f of ours) t.diagnostic(`--- ${path.basename(f)}\n${fs.readFileSync(f, 'utf8').slice(-3000)}`);
    throw e;
  } finally {
    await workbench?.close();
    await server.stop();
    ws.remove();
  }
}

/** An extension with nothing in it, to host the test run in an extension development window. */
function testRunnerStub(root: string): string {
  const dir = path.join(root, 'test-runner-extension');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'agent-audit-test-runner', publisher: 'agent-audit', version: '0.0.0', engines: { vscode: '^1.100.0' } }, null, 2),
  );
  return dir;
}

function findFiles(dir: string, keep: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? findFiles(p, keep) : keep(p) ? [p] : [];
  });
}
