/**
 * The packaged extension: `npm run package` builds the VSIX, which is installed offline into a
 * fresh code-server; then the integration suite and the browser tests run against it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../harness/codeServer';

const VSIX = path.join(REPO_ROOT, 'agent-audit.vsix');

describe('packaged VSIX', { skip: process.env.AGENT_AUDIT_VSIX ? 'already running against a VSIX' : false }, () => {
  it('packages into a small VSIX of bundles only', { timeout: 300_000 }, () => {
    fs.rmSync(VSIX, { force: true });
    const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(fs.existsSync(VSIX));
    const listing = zipEntries(fs.readFileSync(VSIX)).join('\n');
    assert.match(listing, /extension\/dist\/extension\.js/);
    assert.match(listing, /extension\/dist\/webview\/main\.js/);
    assert.match(listing, /extension\/dist\/tree-sitter-bash\.wasm/);
    assert.doesNotMatch(listing, /node_modules|\/src\/|\.ts\b|\.map\b/);
    assert.ok(fs.statSync(VSIX).size < 3 * 1024 * 1024, `VSIX is ${fs.statSync(VSIX).size} bytes`);
  });

  it('installs offline and passes the integration and browser tests', { timeout: 1_200_000 }, (t) => {
    assert.ok(fs.existsSync(VSIX), 'no VSIX: the packaging test failed');
    // A test run of its own (not a child of this one): without node's test-runner context variable.
    const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', 'test/integration/run.test.ts', 'test/e2e/ui.test.ts'],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...env, AGENT_AUDIT_VSIX: VSIX }, maxBuffer: 64 * 1024 * 1024 },
    );
    const summary = r.stdout.split('\n').filter((l) => /^# (tests|pass|fail)|^not ok|^\s+not ok|FAILED/.test(l));
    for (const line of summary) t.diagnostic(line);
    assert.equal(r.status, 0, `${r.stdout.slice(-6000)}\n${r.stderr.slice(-3000)}`);
    const passed = Number(/^# pass (\d+)/m.exec(r.stdout)?.[1] ?? 0);
    assert.ok(passed >= 6, `only ${passed} tests passed against the VSIX`);
  });
});

/** File names in a zip archive, read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from('PK\x05\x06'));
  const names: string[] = [];
  let at = zip.readUInt32LE(end + 16);
  while (at < end && zip.readUInt32LE(at) === 0x02014b50) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}
