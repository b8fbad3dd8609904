/**
 * The session panel's real webview bundle in headless Chromium, fed the snapshot the host builds for
 * a real log seeded with fake secrets: the "Secrets exposed" section lists the findings, and no
 * seeded secret is anywhere in the page (the host never sends one).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { sessionSnapshot } from '../../src/extension/panels/snapshots';
import { createClassifier, runAudit } from '../../src/node/audit';
import { corpusSkip } from '../helpers/corpus';
import { FAKE, seededCorpus } from '../helpers/fakeSecrets';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must run the browser tests.`);
const BUNDLE = path.resolve(__dirname, '../../dist/webview/main.js');
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

describe('session panel: secrets exposed', { skip: corpusSkip || (hasChromium ? false : `no Chromium at ${CHROMIUM}`) }, () => {
  let browser: Browser;
  let page: Page;
  let seeded: ReturnType<typeof seededCorpus>;
  let dir: string;

  before(async () => {
    assert.ok(fs.existsSync(BUNDLE), 'run npm run build first');
    seeded = seededCorpus();
    const { sessions } = await runAudit({ roots: [seeded.dir], now: new Date('2026-11-22T00:00:00Z') });
    const session = sessions.find((s) => s.agent === 'claude-code' && (s.secretFindings?.length ?? 0) > 0)!;
    const snapshot = sessionSnapshot(session.id, session, await createClassifier());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-secrets-panel-'));
    fs.copyFileSync(BUNDLE, path.join(dir, 'main.js'));
    const initial = JSON.stringify({ snapshot, ui: { kind: 'session', sessionId: session.id, agent: session.agent } }).replace(/</g, '\\u003c');
    fs.writeFileSync(
      path.join(dir, 'panel.html'),
      `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<script>window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });</script>
<script type="application/json" id="agent-audit-initial">${initial}</script></head>
<body><agent-audit-app></agent-audit-app><script type="module" src="main.js"></script></body></html>`,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(path.join(dir, 'panel.html')).href);
    await page.locator('aa-secret-list tr[data-secret-rule]').first().waitFor({ timeout: 15_000 });
  });

  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(seeded.dir, { recursive: true, force: true });
  });

  it('lists each finding with its rule, call and masked preview', async () => {
    const rules = await page.locator('aa-secret-list tr[data-secret-rule]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-secret-rule')));
    for (const rule of ['github', 'aws', 'anthropic', 'openai', 'privatekey', 'slack']) assert.ok(rules.includes(rule), `${rule} in ${rules}`);
    const text = await page.locator('aa-secret-list table').innerText();
    assert.match(text, /sk-ant…\[secret: anthropic\]/);
    assert.match(await page.locator("aa-session-view h2#sx").innerText(), /secrets exposed/i);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'session-panel-secrets.png'), fullPage: true });
  });

  it('has no seeded secret anywhere in the page, shadow roots included', async () => {
    // A string, not a function: the test runner's transform would add helpers the page lacks.
    const all = await page.evaluate<string>(`(() => {
      const texts = [];
      const walk = (root) => {
        texts.push(root === document ? document.documentElement.outerHTML : root.innerHTML);
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return texts.join('\\n');
    })()`);
    assert.ok(all.includes('[secret: github]'), 'the masked title is on the page');
    for (const secret of Object.values(FAKE)) assert.equal(all.includes(secret) || all.includes(secret.slice(6, 18)), false, `leaks ${secret.slice(0, 8)}`);
  });
});
