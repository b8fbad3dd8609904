/**
 * End to end, as a user: headless Chromium clicks through the real workbench (code-server) with
 * the extension under development, or the packaged VSIX when AGENT_AUDIT_VSIX names one.
 * Screenshots of the tree, the session panel and the overview are kept in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { appendLines, ClaudeSession, claudeLogPath } from '../harness/agentLogs';
import { eventually, inWebview, openWorkbench, runCommand, screenshot, setColorTheme, type Workbench } from '../harness/browser';
import { REPO_ROOT, type RunningCodeServer, startCodeServer } from '../harness/codeServer';
import { createTestWorkspace, type TestWorkspace } from '../harness/fixtureWorkspace';

const vsix = process.env.AGENT_AUDIT_VSIX ? path.resolve(process.env.AGENT_AUDIT_VSIX) : undefined;
const suffix = vsix ? '-vsix' : '';

/** A row of the Sessions tree by its label. */
function treeRow(page: Page, label: string) {
  return page.locator('[id="workbench.view.extension.agentAudit"] .monaco-list-row', { hasText: label }).first();
}

/** Clicks a tree row as a user would, once no hover card from a previous click covers it. */
async function clickRow(page: Page, label: string): Promise<void> {
  await page.mouse.move(900, 880);
  await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  await treeRow(page, label).click();
}

/** The decoration badge of a tree row (CSS generated content), if it has one. */
async function badgeText(page: Page, label: string): Promise<string | undefined> {
  const labelEl = treeRow(page, label).locator('.monaco-icon-label').first();
  const cls = (await labelEl.getAttribute('class')) ?? '';
  if (!cls.includes('monaco-decoration-itemBadge')) return undefined;
  // Runs in the browser (this file is compiled without DOM types).
  const content = await labelEl.evaluate(
    (el) => (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } }).getComputedStyle(el, '::after').content,
  );
  return content && content !== 'none' ? content : undefined;
}

describe(`Agent Audit in the browser (${vsix ? 'packaged VSIX' : 'extension under development'})`, { timeout: 600_000 }, () => {
  let ws: TestWorkspace;
  let server: RunningCodeServer;
  let wb: Workbench;
  const cspViolations: string[] = [];

  before(async () => {
    if (!vsix) execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-extension.mjs')], { stdio: 'inherit' });
    ws = createTestWorkspace('agent-audit-e2e-');
    server = await startCodeServer({ workspace: ws.folder, env: ws.env, ...(vsix ? { vsix, extensionDevelopmentPath: null } : {}) });
    wb = await openWorkbench(server.url);
    wb.page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    await setColorTheme(wb.page, 'Dark Modern');
  });

  after(async () => {
    await wb?.close();
    await server?.stop();
    ws?.remove();
  });

  it('opens the Agent Audit view and expands agent -> capability -> session', async () => {
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Agent Audit"]').first().click();
    await treeRow(page, 'Claude Code').waitFor({ timeout: 60_000 });
    await clickRow(page, 'Claude Code');
    await clickRow(page, 'TypeScript / JavaScript code');
    await treeRow(page, 'Add /health endpoint and document it').waitFor();
    await treeRow(page, 'Investigate failing build').waitFor();
    const row = await treeRow(page, 'Add /health endpoint and document it').innerText();
    assert.match(row, /claude-sonnet-4-5/);
    assert.match(row, /2 written · 2 read/);
    await clickRow(page, 'Network access');
    await treeRow(page, 'Deploy the service to production').waitFor();
    // The denied call shows as a badge (drawn by the workbench's decorations) on that session only.
    const badge = await eventually(() => badgeText(page, 'Deploy the service to production'), 'the denied-calls badge');
    assert.match(badge, /\b1\b/);
    assert.equal(await badgeText(page, 'Add /health endpoint and document it'), undefined);
    await screenshot(page, `tree${suffix}`);
  });

  it('opens the session panel, lists a capability\'s files and opens one at the edited lines', async () => {
    const { page } = wb;
    await clickRow(page, 'Add /health endpoint and document it');
    const { locator: title } = await inWebview(page, 'aa-session-view h1');
    await eventually(async () => (await title.first().innerText()) === 'Add /health endpoint and document it', 'the panel title');
    await screenshot(page, `session-panel${suffix}`);

    const { locator: chip } = await inWebview(page, 'aa-capability-fingerprint button[data-capability="code-typescript"]');
    await chip.first().click();
    const { locator: detail } = await inWebview(page, 'aa-session-view .detail li[data-path$="/src/server.ts"] button.file');
    await screenshot(page, `session-panel-capability${suffix}`);
    await detail.first().click();

    // The file opens in an editor tab, with the edited lines (5-6) selected.
    await page.locator('.tabs-container .tab.active', { hasText: 'server.ts' }).waitFor({ timeout: 20_000 });
    const position = await eventually(async () => {
      const text = await page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText();
      return /Ln 6|Ln 5/.test(text) ? text : undefined;
    }, 'the selection in the status bar');
    assert.match(position, /Ln [56]/);
  });

  it('clicking a matrix cell in the overview filters the tree', async () => {
    const { page } = wb;
    await runCommand(page, 'Agent Audit: Open Overview');
    const { locator: cell } = await inWebview(page, 'aa-outcome-matrix button[data-category="research"][data-outcome="blocked"]');
    await screenshot(page, `overview${suffix}`);
    await cell.first().click();
    const viewPane = page.locator('[id="workbench.view.extension.agentAudit"]');
    try {
      await eventually(async () => (await viewPane.innerText()).includes('Showing 1 session'), 'the filter message');
      assert.match(await viewPane.innerText(), /Research · Blocked/);
      // The tree redraws after the message: only the blocked session is left anywhere in it.
      const rows = await eventually(async () => {
        const texts = await viewPane.locator('.monaco-list-row').allInnerTexts();
        return texts.some((r) => r.includes('Deploy the service to production')) && !texts.some((r) => r.includes('Add /health endpoint')) ? texts : undefined;
      }, 'the tree to show only the blocked session');
      assert.ok(rows.every((r) => !r.includes('Investigate failing build')), rows.join(' | '));
      await screenshot(page, `tree-filtered${suffix}`);
    } finally {
      await runCommand(page, 'Agent Audit: Clear Filter');
    }
    await eventually(async () => !(await viewPane.innerText()).includes('Showing 1 session'), 'the filter to clear');
  });

  it('shows a tool call appended to a live log in the tree and the open panel', async () => {
    const { page } = wb;
    const id = '22222222-3333-4444-8555-666677778888';
    const live = new ClaudeSession({ sessionId: id, cwd: ws.folder, start: new Date(Date.now() - 30_000) });
    const log = claudeLogPath(ws.claudeDir, ws.folder, id);
    appendLines(log, [...live.prompt('Tidy the docs'), ...live.title('Live docs session'), ...live.read(path.join(ws.folder, 'docs', 'README.md'), '# Demo')]);
    await treeRow(page, 'Claude Code').waitFor();
    await clickRow(page, 'Markdown and prose docs');
    await treeRow(page, 'Live docs session').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.statusbar').innerText(), /1 live/);

    await clickRow(page, 'Live docs session');
    await inWebview(page, 'aa-tool-timeline li[data-status="succeeded"]');
    appendLines(log, live.edit(path.join(ws.folder, 'docs', 'README.md'), '# Demo', '# Demo service\n\nUpdated live.', 1));
    const { locator: row } = await inWebview(page, 'aa-session-view aa-tool-timeline li.call >> text=Edit', 20_000);
    assert.ok((await row.count()) > 0);
    await eventually(async () => /1 written/.test(await treeRow(page, 'Live docs session').innerText()), 'the tree to count the edit');
    await screenshot(page, `live-session${suffix}`);
  });

  it('restores the panels and their UI state after a reload', async () => {
    const { page } = wb;
    await clickRow(page, 'Live docs session');
    // With the keyboard this time: the fingerprint's capabilities are buttons.
    const { locator: chip } = await inWebview(page, 'aa-capability-fingerprint button[data-capability="doc-markdown"]');
    await chip.first().focus();
    await page.keyboard.press('Enter');
    await inWebview(page, 'aa-session-view .detail');
    // As a user reloads: the workbench saves its editors (and the panels' state) before it goes.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The serializer brings the panel back, with the selected capability still open.
    const { locator: title } = await inWebview(page, 'aa-session-view h1', 60_000);
    assert.equal(await title.first().innerText(), 'Live docs session');
    const { locator: pressed } = await inWebview(page, 'aa-capability-fingerprint button[data-capability="doc-markdown"][aria-pressed="true"]');
    assert.equal(await pressed.count(), 1);
    await inWebview(page, 'aa-session-view .detail li[data-path$="/docs/README.md"]');
  });

  it('runs the panels under their Content Security Policy without violations', () => {
    console.log(cspViolations);
    assert.deepEqual(cspViolations, []);
  });

  it('follows the editor theme', async () => {
    const { page } = wb;
    // Runs in the browser (this file is compiled without DOM types).
    const color = async (): Promise<string> =>
      (await inWebview(page, 'aa-session-view h1')).locator
        .first()
        .evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
    const darkText = await color();
    await setColorTheme(page, 'Light Modern');
    await eventually(async () => (await color()) !== darkText, 'the panel to change colours');
    await screenshot(page, `live-session-light${suffix}`);
  });
});
