/**
 * A crafted session in the real workbench: headless Chromium hovers it in the tree, opens its
 * panel and clicks its links. Nothing may run: no dialog, no terminal, no element created from
 * log text, no link in a notification; the text is shown as it is, and a file outside the
 * workspace opens read-only.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { displayText } from '../../src/extension/displayText';
import { type CraftedSession, writeCraftedSession } from '../harness/craftedSession';
import { eventually, inWebview, openWorkbench, screenshot, type Workbench } from '../harness/browser';
import { REPO_ROOT, type RunningCodeServer, startCodeServer } from '../harness/codeServer';
import { createTestWorkspace, type TestWorkspace } from '../harness/fixtureWorkspace';

const vsix = process.env.AGENT_AUDIT_VSIX ? path.resolve(process.env.AGENT_AUDIT_VSIX) : undefined;

function treeRow(page: Page, text: string) {
  return page.locator('[id="workbench.view.extension.agentAudit"] .monaco-list-row', { hasText: text }).first();
}

/** Runs in every frame (workbench and webviews): did any payload run? */
async function pwnedFrames(page: Page): Promise<string[]> {
  const hits: string[] = [];
  for (const frame of page.frames()) {
    const v = await frame.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned).catch(() => undefined);
    if (v !== undefined) hits.push(`${frame.url()}: ${String(v)}`);
  }
  return hits;
}

describe(`a crafted session in the browser (${vsix ? 'packaged VSIX' : 'extension under development'})`, { timeout: 600_000 }, () => {
  let ws: TestWorkspace;
  let server: RunningCodeServer;
  let wb: Workbench;
  let crafted: CraftedSession;
  let panel: Frame;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  const shownTitle = (): string => displayText(crafted.title);

  before(async () => {
    if (!vsix) execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-extension.mjs')], { stdio: 'inherit' });
    ws = createTestWorkspace('agent-audit-sec-');
    crafted = writeCraftedSession(ws.claudeDir, ws.folder, path.join(ws.root, 'outside'));
    server = await startCodeServer({ workspace: ws.folder, env: ws.env, ...(vsix ? { vsix, extensionDevelopmentPath: null } : {}) });
    wb = await openWorkbench(server.url);
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    wb.page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  after(async () => {
    await wb?.close();
    await server?.stop();
    ws?.remove();
  });

  it('shows the title as plain text in the tree and its hover', async () => {
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Agent Audit"]').first().click();
    await treeRow(page, 'Claude Code').waitFor({ timeout: 60_000 });
    await treeRow(page, 'Claude Code').click();
    await treeRow(page, 'Markdown and prose docs').click();
    const row = treeRow(page, 'Red <img src=x');
    await row.waitFor({ timeout: 20_000 });
    assert.ok((await row.innerText()).includes(shownTitle().slice(0, 60)));

    // The workbench shows a hover after a delay, and only for a pointer that moved onto the row.
    const hover = page.locator('.monaco-hover .hover-contents, .workbench-hover .hover-contents').first();
    await eventually(async () => {
      await page.mouse.move(900, 880);
      await row.hover();
      return hover.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
    }, 'the hover of the crafted session', 30_000);
    const text = await hover.innerText();
    assert.ok(text.includes('Red <img src=x onerror="window.__pwned=1">'), text);
    assert.ok(text.includes('[click](command:workbench.action.terminal.new)'), text);
    assert.ok(text.includes('<U+202E>fdp.exe'), 'the override is named, not applied');
    assert.equal(await hover.locator('a, img, script').count(), 0, 'no link, image or script in the hover');
    await screenshot(page, 'security-tree-hover');
    await page.mouse.move(900, 880);
  });

  it('shows the panel with the text as it is and nothing created from it', async () => {
    const { page } = wb;
    await treeRow(page, 'Red <img src=x').click();
    const { frame, locator: title } = await inWebview(page, 'aa-session-view h1');
    panel = frame;
    await eventually(async () => (await title.first().innerText()) === shownTitle(), 'the panel title');
    // Locators pierce the components' shadow roots: no element came out of the log text.
    assert.equal(await frame.locator('img[src="x"]').count(), 0);
    // Every script is ours (under the nonce), our embedded JSON data, or VS Code's own API bootstrap.
    const scripts = await frame
      .locator('script')
      .evaluateAll((els) => els.map((e) => ({ nonce: e.hasAttribute('nonce'), type: e.getAttribute('type') ?? '', text: e.textContent ?? '' })));
    for (const sc of scripts) {
      const known = sc.nonce || sc.type === 'application/json' || sc.text.includes('acquireVsCodeApi');
      const runnable = sc.type !== 'application/json';
      assert.ok(known && !(runnable && sc.text.includes('__pwned')), JSON.stringify({ ...sc, text: sc.text.slice(0, 120) }));
    }
    assert.equal(await frame.locator('a[href]').count(), 0, 'links are buttons that post messages, never hrefs');
    const args = frame.locator('aa-tool-timeline .args', { hasText: 'echo "red' }).first();
    const shown = await args.innerText();
    assert.ok(shown.includes('echo "red <U+202E>txt.sh" # <script>window.__pwned=2</script>'), `the command shows as it is, minus its escape sequences: ${shown}`);
    await screenshot(page, 'security-panel');
  });

  it('clicking a missing file shows a notice without links', async () => {
    const { page } = wb;
    await panel.locator('li[data-path*="/missing "] button.file').first().click();
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'does not exist' }).first();
    await toast.waitFor({ timeout: 15_000 });
    assert.equal(await toast.locator('.notification-list-item-message a').count(), 0, 'no link in the notice');
    assert.match(await toast.innerText(), /\[click\] \(command:workbench\.action\.terminal\.new\)/);
    await screenshot(page, 'security-missing-notice');
  });

  it('opens a file outside the workspace read-only, with a notice', async () => {
    const { page } = wb;
    const before = fs.readFileSync(crafted.outsideFile, 'utf8');
    await panel.locator(`li[data-path^="${path.dirname(crafted.outsideFile)}/"] button.file`).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'notes [click]' }).waitFor({ timeout: 20_000 });
    const notice = page.locator('.notifications-toasts .notification-list-item', { hasText: 'outside the workspace' }).first();
    await notice.waitFor({ timeout: 15_000 });
    assert.equal(await notice.locator('.notification-list-item-message a').count(), 0);
    // As a user would: type into the editor and save. A read-only editor takes neither.
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.type('EDITED ');
    await page.keyboard.press('Control+S');
    await page.waitForTimeout(1000);
    assert.doesNotMatch(await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText(), /EDITED/);
    assert.equal(fs.readFileSync(crafted.outsideFile, 'utf8'), before);
    await screenshot(page, 'security-outside-readonly');
  });

  it('ran nothing: no dialog, no terminal, no payload, no policy violation', async () => {
    const { page } = wb;
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('.terminal-tabs-entry, .xterm').count(), 0, 'no terminal was opened');
    assert.deepEqual(await pwnedFrames(page), []);
    assert.deepEqual(cspViolations, []);
  });
});
