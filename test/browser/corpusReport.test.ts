/**
 * The report a user actually gets: the real corpus through the real command, written as HTML,
 * opened from disk in headless Chromium, checked against the JSON of the same run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Report } from '../../src/core/report';
import { CORPUS, corpusSkip } from '../helpers/corpus';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must run the browser tests.`);
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
const BIN = path.resolve(__dirname, '../../bin/agent-audit.js');

function agentAudit(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, 'report', CORPUS, '--all-projects', '--quiet', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('the corpus HTML report in a browser', { skip: corpusSkip || (hasChromium ? false : `no Chromium at ${CHROMIUM}`) }, () => {
  let browser: Browser;
  let page: Page;
  let report: Report;
  const requests: string[] = [];
  const errors: string[] = [];

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-corpus-'));
    const file = path.join(dir, 'audit.html');
    agentAudit('--format', 'html', '--out', file);
    report = JSON.parse(agentAudit('--format', 'json')) as Report;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the four sections of the capability audit and the sessions table', async () => {
    for (const name of ['Agents', 'Category × outcome', 'Capabilities', 'Activity', 'Sessions']) {
      await page.getByRole('heading', { level: 2, name, exact: true }).waitFor({ state: 'visible', timeout: 5000 });
    }
  });

  it('lists every session of the JSON report, and the matrix adds up to the counted sessions', async () => {
    assert.equal(await page.locator('#sessions-table tr.session-row').count(), report.sessions.length);
    let sum = 0;
    for (const cell of await page.locator('td[data-category][data-outcome]').allInnerTexts()) sum += Number(cell.trim() || 0);
    assert.equal(sum, report.totals.sessions);
  });

  it('shows a session the corpus is known for, with its denied calls', async () => {
    // spotter__short.jsonl: a Claude Code session whose Bash and Glob calls were both rejected by the user.
    const short = report.sessions.find((s) => s.id === '55604662-cf2a-4331-851a-ec234028f8ca');
    assert.ok(short, 'the spotter short session is in the report');
    assert.equal(short.toolCalls.filter((c) => c.status === 'denied').length, 2);
    const row = page.locator('#sessions-table tr.session-row', { hasText: '55604662' });
    assert.equal(await row.count(), 1);
  });

  it('made no network request and logged no error; screenshot kept', async () => {
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
    assert.deepEqual(errors, []);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'corpus-report.png'), fullPage: true });
  });
});
