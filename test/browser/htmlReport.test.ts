/**
 * The HTML report as a reader meets it: written to disk, opened from file:// in headless Chromium,
 * checked for what a person would look at, and photographed to test-artifacts/.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { renderHtml } from '../../src/core/render/html';
import { HOSTILE, SAMPLE_FACTS, sampleReport } from '../helpers/sampleReport';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must run the browser tests.`);

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

describe('the HTML report in a browser', { skip: hasChromium ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let fileUrl: string;
  const requests: string[] = [];
  const errors: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-html-'));
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, renderHtml(sampleReport()));
    fileUrl = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(fileUrl);
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const visibleSessions = (): Promise<number> => page.locator('#sessions-table > tbody:visible').count();

  it('shows the section headings', async () => {
    for (const name of ['Overview', 'Agents', 'Category × outcome', 'Capabilities', 'Activity', 'Sessions', 'Touched paths', 'Gaps and problems']) {
      await assert.doesNotReject(page.getByRole('heading', { level: 2, name, exact: true }).waitFor({ state: 'visible', timeout: 2000 }), name);
    }
  });

  it('shows the right number in the category × outcome matrix', async () => {
    const cell = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Category \\ Outcome' }) });
    const codeRow = cell.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Code', exact: true }) });
    const productiveColumn = await cell
      .getByRole('columnheader')
      .evaluateAll((ths) => ths.findIndex((th) => th.textContent?.trim() === 'Productive'));
    assert.ok(productiveColumn > 0);
    const text = await codeRow.locator('th, td').nth(productiveColumn).innerText();
    assert.equal(text.trim(), String(SAMPLE_FACTS.matrix.codeProductive));
    assert.equal((await page.locator('td[data-category="research"][data-outcome="blocked"]').innerText()).trim(), String(SAMPLE_FACTS.matrix.researchBlocked));
  });

  it('lists one row per session', async () => {
    assert.equal(await page.locator('#sessions-table tr.session-row').count(), SAMPLE_FACTS.listedSessions);
    assert.equal(await visibleSessions(), SAMPLE_FACTS.listedSessions);
    await assert.doesNotReject(page.getByText(`${SAMPLE_FACTS.listedSessions} sessions`, { exact: true }).waitFor({ timeout: 2000 }));
  });

  it('hides the sessions that do not match the filter', async () => {
    const filter = page.getByPlaceholder(/Filter sessions/);
    await filter.fill('rustbox');
    assert.equal(await visibleSessions(), 2);
    await filter.fill('codex secrets-access');
    assert.equal(await visibleSessions(), 1);
    assert.equal(await page.locator('#sessions-table > tbody:visible .stitle').innerText(), 'Fix the release build a | b c');
    await filter.fill('no such thing anywhere');
    assert.equal(await visibleSessions(), 0);
    assert.ok(await page.getByText('No session matches the filter.').isVisible());
    await filter.fill('');
    assert.equal(await visibleSessions(), SAMPLE_FACTS.listedSessions);
  });

  it('sorts the sessions by a column', async () => {
    const firstTitle = (): Promise<string> => page.locator('#sessions-table > tbody .stitle').first().innerText();
    const calls = page.locator('#sessions-table > thead').getByRole('button', { name: 'Calls' });
    await calls.click();
    assert.equal(await firstTitle(), 'What does EADDRINUSE mean?');
    await calls.click();
    assert.equal(await firstTitle(), 'Fix cart total rounding');
    await page.locator('#sessions-table > thead').getByRole('button', { name: 'Start (UTC)' }).click();
    assert.equal(await firstTitle(), 'Fix cart total rounding');
    assert.equal(await page.locator('#sessions-table > tbody .stitle').last().innerText(), 'Rename the config loader');
  });

  it('expands a session to its tool calls and touched files', async () => {
    const group = page.locator('#sessions-table > tbody').filter({ hasText: 'Deploy the worker as a systemd service' });
    const detail = group.locator('tr.session-detail');
    assert.equal(await detail.isVisible(), false);
    await group.getByRole('button', { name: /Deploy the worker/ }).click();
    assert.ok(await detail.isVisible());
    assert.equal(await detail.locator('table.calls > tbody > tr').count(), 5);
    assert.ok(await detail.getByText('sudo systemctl restart worker', { exact: true }).isVisible());
    assert.ok(await detail.getByText('/srv/ops-scripts/deploy/worker.service').first().isVisible());
    await group.getByRole('button', { name: /Deploy the worker/ }).click();
    assert.equal(await detail.isVisible(), false);
  });

  it('opens a session from the path index', async () => {
    const row = page.locator('#paths-table tbody tr').filter({ hasText: '/home/dev/rustbox/.env' });
    await row.getByRole('link').click();
    const group = page.locator('#sessions-table > tbody').filter({ hasText: 'Fix the release build' });
    assert.ok(await group.locator('tr.session-detail').isVisible());
    assert.match(page.url(), /#s-\d+$/);
  });

  it('renders hostile strings as text and injects nothing', async () => {
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate('document.scripts.length'), 1);
    const pathCell = page.locator('#paths-table td.path').filter({ hasText: 'notes/' });
    assert.equal(await pathCell.innerText(), HOSTILE.scriptPath);
    const jsCell = page.locator('#paths-table td.path').filter({ hasText: 'javascript:' });
    assert.equal(await jsCell.innerText(), HOSTILE.jsUrlPath);
    assert.equal(await jsCell.locator('a').count(), 0);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) assert.match(href, /^#[a-z][\w-]*$/, href);
  });

  it('requested nothing from the network and logged no errors', async () => {
    assert.ok(requests.length > 0);
    for (const url of requests) assert.match(url, /^(file|data):/, url);
    assert.deepEqual(errors, []);
  });

  it('leaves a full-page screenshot, light and dark', async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.getByPlaceholder(/Filter sessions/).fill('');
    await page.getByRole('button', { name: 'Collapse all' }).click();
    const group = page.locator('#sessions-table > tbody').filter({ hasText: 'Fix the release build' });
    await group.getByRole('button', { name: /Fix the release build/ }).click();
    assert.ok(await group.locator('tr.session-detail').isVisible());
    await page.evaluate('window.scrollTo(0, 0)');
    const light = path.join(ARTIFACTS, 'html-report.png');
    await page.screenshot({ path: light, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = path.join(ARTIFACTS, 'html-report-dark.png');
    await page.screenshot({ path: dark, fullPage: true });
    assert.ok(fs.statSync(light).size > 50_000);
    assert.ok(fs.statSync(dark).size > 50_000);
    assert.deepEqual(errors, []);
  });
});
