/**
 * The audit must not become the leak: real logs seeded with fake secrets (prompts, commands, file
 * paths, tool results) go through every export format, by the render functions and by the command
 * line, and no seeded secret comes out. With --reveal-secrets the shown ones do (so this can fail).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPORT_EXTENSIONS, REPORT_FORMATS, renderReport, renderSessionsCsv } from '../../../src/core/render';
import type { Report } from '../../../src/core/report';
import { runAudit } from '../../../src/node/audit';
import { corpusSkip } from '../../helpers/corpus';
import { FAKE, READ_ONLY, SHOWN, seededCorpus } from '../../helpers/fakeSecrets';
import { runCli } from '../../helpers/cli';

const NOW = new Date('2026-11-22T00:00:00Z');
const ALL = Object.values(FAKE);

/** A secret leaks when it, or any 12 characters of it past the kept prefix (a cut-short copy), is in the text. */
function leaks(text: string, secrets: readonly string[]): string[] {
  const fragments = (s: string): string[] => [s, s.slice(6, 18), s.slice(-12)];
  return secrets.filter((s) => fragments(s).some((f) => text.includes(f))).map((s) => `${s.slice(0, 10)}…`);
}

function cli(args: string[]) {
  return runCli(args, { cwd: path.dirname(args[1] ?? '.'), now: NOW });
}

describe('redacted exports', { skip: corpusSkip }, () => {
  let seeded: ReturnType<typeof seededCorpus>;
  let outDir: string;
  let report: Report;
  before(async () => {
    seeded = seededCorpus();
    outDir = fs.mkdtempSync(path.join(path.dirname(seeded.dir), 'aa-secrets-out-'));
    report = (await runAudit({ roots: [seeded.dir], now: NOW })).report;
  });
  after(() => {
    fs.rmSync(seeded.dir, { recursive: true, force: true });
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('the seeded logs really hold every secret (the greps below could find them)', () => {
    assert.ok(leaks(`x ${FAKE.anthropic.slice(0, 30)}…`, [FAKE.anthropic]).length === 1, 'a cut-short copy counts as a leak');
    const logs = fs.readFileSync(seeded.claude, 'utf8') + fs.readFileSync(seeded.codex, 'utf8');
    assert.deepEqual(leaks(logs, ALL).length, ALL.length);
  });

  it('counts the exposures in the report', () => {
    assert.ok(report.totals.secretFindings >= 8, `findings: ${report.totals.secretFindings}`);
    assert.equal(report.totals.secretFindings, report.sessions.filter((s) => !s.replay).reduce((n, s) => n + s.secretFindings.length, 0));
  });

  for (const format of REPORT_FORMATS) {
    it(`${format} (render function): no seeded secret, the findings listed`, () => {
      const text = renderReport(report, format);
      assert.deepEqual(leaks(text, ALL), []);
      assert.ok(text.includes('[secret: anthropic]'), 'the masked command is shown');
      if (format !== 'csv') assert.ok(text.includes('database-connection-string'), 'the finding is listed');
    });
  }

  it('csv sessions table: no seeded secret, the findings counted', () => {
    const text = renderSessionsCsv(report);
    assert.deepEqual(leaks(text, ALL), []);
    assert.ok(text.split('\r\n')[0].endsWith(',secret_findings'));
  });

  for (const format of REPORT_FORMATS) {
    it(`${format} (agent-audit report --out): no seeded secret; --reveal-secrets shows the shown ones`, async () => {
      const out = path.join(outDir, `masked${REPORT_EXTENSIONS[format]}`);
      const masked = await cli(['report', seeded.dir, '--all-projects', '--format', format, '--out', out]);
      assert.equal(masked.code, 0, masked.stderr);
      assert.deepEqual(leaks(fs.readFileSync(out, 'utf8'), ALL), []);
      assert.deepEqual(leaks(masked.stderr, ALL), []);
      assert.match(masked.stderr, /secret exposure\(s\) found, masked/);

      const open = path.join(outDir, `revealed${REPORT_EXTENSIONS[format]}`);
      const revealed = await cli(['report', seeded.dir, '--all-projects', '--format', format, '--out', open, '--reveal-secrets']);
      assert.equal(revealed.code, 0, revealed.stderr);
      const text = fs.readFileSync(open, 'utf8');
      // Markdown lists only denied and failed calls: the title and the touched paths carry its secrets.
      const expected = format === 'md' ? [FAKE.github, FAKE.awsKeyId, FAKE.slack] : SHOWN;
      assert.deepEqual(leaks(text, SHOWN), leaks(expected.join(' '), SHOWN), 'revealed secrets are shown');
      // What a session only read is found but never printed, revealed or not.
      assert.deepEqual(leaks(text, READ_ONLY), []);
    });
  }

  it('stdout (no --out): no seeded secret', async () => {
    const r = await cli(['report', seeded.dir, '--all-projects', '--format', 'md']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(leaks(r.stdout + r.stderr, ALL), []);
    assert.match(r.stdout, /## Secrets exposed/);
  });
});
