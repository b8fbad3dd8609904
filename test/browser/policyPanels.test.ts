/**
 * The panels' real webview bundle in headless Chromium, fed the snapshots the host builds for real
 * Claude Code logs judged by a policy that allows writes only to `src/**`: the overview opens with
 * "Executed although out of scope" listing the write to secrets/out.txt (a click opens its session),
 * the session panel's permission journal lists the denied call with the request and the agent's
 * words before it, and without a policy the overview offers to create one.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Session } from '../../src/core/model';
import { overviewSnapshot, sessionSnapshot } from '../../src/extension/panels/snapshots';
import { createClassifier, runAudit } from '../../src/node/audit';
import { loadProjectPolicy } from '../../src/node/policy';
import type { PanelSnapshot, PanelUiState } from '../../src/protocol/state';
import { DENIED_ID, DENIED_REQUEST, DENIED_SAID, OUT_OF_SCOPE_ID, type PolicyWorkspace, writePolicyWorkspace } from '../helpers/policyWorkspace';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must run the browser tests.`);
const BUNDLE = path.resolve(__dirname, '../../dist/webview/main.js');
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

describe('policy in the panels', { skip: hasChromium ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let browser: Browser;
  let ws: PolicyWorkspace;
  let dir: string;
  let judged: Session[];
  let unjudged: Session[];
  let classifier: Awaited<ReturnType<typeof createClassifier>>;
  const rows = { version: 1, total: 0, offset: 0, rows: [] };

  before(async () => {
    assert.ok(fs.existsSync(BUNDLE), 'run npm run build first');
    ws = writePolicyWorkspace();
    const { policy } = loadProjectPolicy(ws.folder);
    assert.ok(policy);
    classifier = await createClassifier();
    judged = (await runAudit({ roots: [ws.claudeDir], policy })).sessions;
    unjudged = (await runAudit({ roots: [ws.claudeDir] })).sessions;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-policy-panels-'));
    fs.copyFileSync(BUNDLE, path.join(dir, 'main.js'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    ws?.remove();
  });

  async function open(name: string, snapshot: PanelSnapshot, ui: PanelUiState): Promise<Page> {
    const initial = JSON.stringify({ snapshot, ui }).replace(/</g, '\\u003c');
    fs.writeFileSync(
      path.join(dir, `${name}.html`),
      `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<script>window.posted = []; window.acquireVsCodeApi = () => ({ postMessage(m) { window.posted.push(m); }, getState() { return undefined; }, setState() {} });</script>
<script type="application/json" id="agent-audit-initial">${initial}</script></head>
<body><agent-audit-app></agent-audit-app><script type="module" src="main.js"></script></body></html>`,
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(path.join(dir, `${name}.html`)).href);
    return page;
  }

  const posted = (page: Page, type: string): Promise<unknown[]> => page.evaluate(`window.posted.filter((m) => m.type === ${JSON.stringify(type)})`);

  it('opens the overview with the call executed although out of scope, which opens its session', async () => {
    const snapshot = overviewSnapshot(judged, { scope: 'project', files: 2, classifier, sessions: rows, policy: { scopesDeclared: true } });
    const page = await open('overview', snapshot, { kind: 'overview' });
    const row = page.locator('aa-out-of-scope-list tr[data-call]');
    await row.first().waitFor({ timeout: 15_000 });
    assert.equal(await row.count(), 1);
    const text = await row.innerText();
    assert.match(text, /Store the deploy token/);
    assert.match(text, /Write/);
    assert.match(text, /secrets\/out\.txt/);
    assert.match(text, /team\/dev write/);
    assert.match(text, /outside the write globs/);
    // It is the first section, above the totals and everything else.
    const first = await page.locator('aa-overview-view section.card').first().getAttribute('aria-labelledby');
    assert.equal(first, 'oos');
    assert.match(await page.locator('aa-overview-view h2#oos').innerText(), /executed although out of scope\s*1/i);
    await row.locator('button.link').click();
    assert.deepEqual(await posted(page, 'openSession'), [{ type: 'openSession', sessionId: OUT_OF_SCOPE_ID, agent: 'claude-code' }]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-out-of-scope.png'), fullPage: true });
    await page.close();
  });

  it('says no scopes are declared without a policy, and offers to create one', async () => {
    const snapshot = overviewSnapshot(unjudged, { scope: 'project', files: 2, classifier, sessions: rows, policy: { scopesDeclared: false } });
    const page = await open('overview-empty', snapshot, { kind: 'overview' });
    const empty = page.locator('aa-overview-view p.no-scopes');
    await empty.waitFor({ timeout: 15_000 });
    assert.match(await empty.innerText(), /No scopes declared — add \.agent-audit\/policy\.json/);
    assert.equal(await page.locator('aa-out-of-scope-list').count(), 0);
    await empty.locator('button.create-policy').click();
    assert.deepEqual(await posted(page, 'createPolicy'), [{ type: 'createPolicy' }]);
    await page.close();
  });

  it('lists the denied call in the permission journal with the request and the agent’s words before it', async () => {
    const s = judged.find((x) => x.id === DENIED_ID)!;
    const page = await open('session', sessionSnapshot(s.id, s, classifier), { kind: 'session', sessionId: s.id, agent: s.agent });
    const entries = page.locator('aa-permission-journal li.entry');
    await entries.first().waitFor({ timeout: 15_000 });
    assert.deepEqual(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-decision'))), ['in-scope', 'denied']);
    const denied = page.locator('aa-permission-journal li.entry[data-decision="denied"]');
    assert.match(await denied.locator('.decision').innerText(), /^Denied$/);
    assert.match(await denied.locator('.args').innerText(), /sudo rm -rf build/);
    assert.equal(await denied.locator('.request').innerText(), `Request ${DENIED_REQUEST}`);
    assert.equal(await denied.locator('.said').innerText(), `Agent ${DENIED_SAID}`);
    assert.equal(await denied.locator('.decider').innerText(), 'the user');
    // Denied entries stand out from the in-scope ones.
    const [plainBg, deniedBg] = await entries.evaluateAll((els) =>
      els.map((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { borderLeftColor: string } }).getComputedStyle(e).borderLeftColor),
    );
    assert.notEqual(plainBg, deniedBg);
    await page.screenshot({ path: path.join(ARTIFACTS, 'session-permission-journal.png'), fullPage: true });
    await page.close();
  });

  it('opens the session panel with its out-of-scope call on top and marks it on the timeline', async () => {
    const s = judged.find((x) => x.id === OUT_OF_SCOPE_ID)!;
    const page = await open('session-oos', sessionSnapshot(s.id, s, classifier), { kind: 'session', sessionId: s.id, agent: s.agent });
    const top = page.locator('aa-session-view section.out-of-scope');
    await top.waitFor({ timeout: 15_000 });
    assert.match(await top.locator('aa-out-of-scope-list table').innerText(), /secrets\/out\.txt/);
    const marked = page.locator('aa-tool-timeline li.call[data-verdict="out-of-scope"] .verdict');
    assert.equal(await marked.innerText(), 'ran out of scope');
    assert.equal(await page.locator('aa-permission-journal li.entry.loud').count(), 1);
    await page.close();
  });
});
