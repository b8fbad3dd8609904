/**
 * The panels with a lot in them, in headless Chromium: a real 5,000-call Claude Code session (its
 * log written, read and audited by the engine) and an overview of 10,000 sessions. The webview
 * bundle runs under the panels' Content Security Policy with a stand-in for VS Code's webview API
 * that records what the page posts and answers row requests with the host's own paging code.
 * Asserts that only a screenful of rows is in the DOM, that the last call / session can be
 * scrolled to, and that rows still work; prints (does not assert) render and scroll timings.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Classifier } from '../../src/core/finalize';
import type { Agent, Category, Outcome, Session } from '../../src/core/model';
import { FIRST_PAGE, SessionRowList } from '../../src/extension/panels/sessionRows';
import { SessionUpdates } from '../../src/extension/panels/sessionUpdates';
import { overviewSnapshot, sessionSnapshot } from '../../src/extension/panels/snapshots';
import type { HostMessage } from '../../src/protocol/messages';
import type { OverviewSnapshot, PanelSnapshot, PanelUiState, SessionSnapshot } from '../../src/protocol/state';
import { createClassifier, runAudit } from '../../src/node/audit';
import { appendLines, ClaudeSession, claudeLogPath } from '../harness/agentLogs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must run the browser tests.`);

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const ORIGIN = 'https://panel.invalid';
const CALLS = 5_000;
const SESSIONS = 10_000;
/** Far more than a screenful, far fewer than the data: the DOM holds what is near the viewport. */
const MAX_ROWS_IN_DOM = 200;

/** The webview bundle, built as the extension's build does (browser ES module). */
async function bundle(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [path.join(ROOT, 'webview/main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    tsconfig: path.join(ROOT, 'webview/tsconfig.json'),
  });
  return out.outputFiles[0].text;
}

/** The panel page as the host writes it: strict CSP under a nonce, the first snapshot embedded. */
function panelPage(initial: { snapshot: PanelSnapshot; ui: PanelUiState }): string {
  const nonce = 'dGVzdC1ub25jZQ==';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src ${ORIGIN} 'nonce-${nonce}'; font-src ${ORIGIN}; img-src ${ORIGIN} data:">
<style nonce="${nonce}">html, body { margin: 0; padding: 0; } body { color: #ccc; background: #1e1e1e; font-family: sans-serif; font-size: 13px; }</style>
<script nonce="${nonce}">
  window.litNonce = ${JSON.stringify(nonce)};
  window.posted = [];
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage(m) {
      window.posted.push(m);
      // The stand-in host answers row requests as the overview panel does.
      if (m && m.type === 'sessionRows') window.hostAnswer(m).then((reply) => reply && window.postMessage(reply, '*'));
    },
    getState: () => state,
    setState: (s) => { state = s; },
  });
</script>
<script type="application/json" id="agent-audit-initial">${JSON.stringify(initial).replace(/</g, '\\u003c')}</script>
</head><body><agent-audit-app></agent-audit-app>
<script type="module" nonce="${nonce}" src="${ORIGIN}/main.js"></script></body></html>`;
}

/** A real Claude Code log of `CALLS` calls over many files: reads, edits, commands, failures, denials. */
function writeBigSession(dir: string): { log: string; session: ClaudeSession; cwd: string } {
  const cwd = '/work/big-app';
  const id = '99999999-aaaa-4bbb-8ccc-dddddddddddd';
  const log = claudeLogPath(dir, cwd, id);
  const s = new ClaudeSession({ sessionId: id, cwd, start: new Date('2025-06-02T08:00:00Z') });
  const lines = [...s.prompt('Migrate every module to the new logger'), ...s.title('Migrate every module to the new logger')];
  for (let i = 0; i < CALLS; i++) {
    const file = `${cwd}/src/module-${String(i).padStart(4, '0')}/index.ts`;
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
        lines.push(...s.read(file, 'export {};'));
        break;
      case 3:
      case 4:
        lines.push(...s.edit(file, 'console.log(x)', 'log.info(x)\nlog.flush()', 10 + (i % 40)));
        break;
      case 5:
        lines.push(...s.bash(`npx tsc --noEmit -p src/module-${i % 1500}`, 'ok'));
        break;
      case 6:
        lines.push(...s.bash(`npm test -- module-${i % 1500}`, 'FAIL 1 test', 1));
        break;
      case 7:
        lines.push(...s.denied('Bash', { command: `rm -rf ${cwd}/dist-${i}` }));
        break;
      case 8:
        lines.push(...s.write(`${cwd}/docs/notes-${i}.md`, `# Note ${i}\n`));
        break;
      default:
        lines.push(...s.say(`Module ${i} done, moving on.`), ...s.read(`${cwd}/package.json`, '{}'));
    }
  }
  appendLines(log, lines);
  return { log, session: s, cwd };
}

async function auditOne(dir: string): Promise<Session> {
  const result = await runAudit({ roots: [dir], now: new Date('2025-06-02T08:00:00Z') });
  assert.equal(result.sessions.length, 1);
  return result.sessions[0];
}

/** `SESSIONS` sessions made from a real one, spread over agents, outcomes, categories and time. */
function manySessions(template: Session): Session[] {
  const agents: Agent[] = ['claude-code', 'codex', 'gptme', 'gemini-cli'];
  const outcomes: Outcome[] = ['productive', 'noop', 'failed', 'blocked', 'abandoned'];
  const categories: Category[] = ['code', 'research', 'content', 'infrastructure', 'cleanup'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  return Array.from({ length: SESSIONS }, (_, i) => ({
    ...template,
    id: `session-${String(i).padStart(5, '0')}`,
    agent: agents[i % agents.length],
    title: `Generated session number ${i}`,
    startedAt: new Date(start + i * 37 * 60_000).toISOString(),
    endedAt: new Date(start + i * 37 * 60_000 + 600_000).toISOString(),
    outcome: outcomes[i % outcomes.length],
    category: categories[i % categories.length],
    toolCalls: template.toolCalls.slice(0, 1 + (i % 7)),
    touches: template.touches.slice(0, i % 5),
  }));
}

// Page-side code is written as strings: this file is compiled without the DOM's types.
const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';
const SCROLL_TO_END = 'window.scrollTo(0, document.scrollingElement.scrollHeight)';
/** The `data-index` of the row holding the deepest focused element (through shadow roots). */
const FOCUSED_ROW = `(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  const row = el && el.closest('li');
  return row ? row.dataset.index : undefined;
})()`;
/** An element inside the session view's shadow root. */
const inSessionView = (selector: string): string =>
  `document.querySelector('agent-audit-app').shadowRoot.querySelector('aa-session-view').shadowRoot.querySelector(${JSON.stringify(selector)})`;

/** What the page posted to the host, of one type. */
function posted(page: Page, type: string): Promise<unknown[]> {
  return page.evaluate(`window.posted.filter((m) => m.type === ${JSON.stringify(type)})`);
}

/** Runs in the page: rows of a virtual list currently in the (shadow) DOM. */
async function rowsInDom(page: Page, selector: string): Promise<number> {
  return page.locator(selector).count();
}

/** Scrolls the document to its end until the row `selector` is inside the viewport. */
async function scrollToEndUntil(page: Page, selector: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    await page.evaluate(SCROLL_TO_END);
    await page.evaluate(TWO_FRAMES);
    const row = page.locator(selector);
    if ((await row.count()) > 0 && (await row.first().isVisible())) {
      const box = await row.first().boundingBox();
      const viewport = page.viewportSize()!;
      if (box && box.y >= 0 && box.y + box.height <= viewport.height + 1) return;
    }
  }
  assert.fail(`${selector} never scrolled into view`);
}

/** Scrolls down in steps, one per frame, and reports the frame times (ms) it saw. */
async function scrollFrames(page: Page, steps: number, by: number): Promise<{ p50: number; p95: number; max: number; overBudget: number; load: string }> {
  const times: number[] = await page.evaluate(`(async () => {
    const out = [];
    let last = performance.now();
    for (let i = 0; i < ${steps}; i++) {
      window.scrollBy(0, ${by});
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      last = now;
    }
    return out;
  })()`);
  const sorted = [...times].sort((a, b) => a - b);
  const pick = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  return { p50: pick(0.5), p95: pick(0.95), max: pick(1), overBudget: times.filter((t) => t > 1000 / 60 + 1).length, load: os.loadavg()[0].toFixed(1) };
}

describe('panels with thousands of rows in a browser', { skip: hasChromium ? false : `no Chromium at ${CHROMIUM}`, timeout: 300_000 }, () => {
  let browser: Browser;
  let script: string;
  let dir: string;
  let classifier: Classifier;
  let big: Session;
  let bigLog: { log: string; session: ClaudeSession; cwd: string };
  const errors: string[] = [];

  before(async () => {
    script = await bundle();
    classifier = await createClassifier();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-large-'));
    bigLog = writeBigSession(dir);
    big = await auditOne(dir);
    assert.equal(big.toolCalls.length, CALLS);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page showing `initial`; `answer` plays the host for row requests. */
  async function open(initial: { snapshot: PanelSnapshot; ui: PanelUiState }, answer?: (m: { offset: number; count: number }) => HostMessage): Promise<{ page: Page; loadMs: number }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.exposeFunction('hostAnswer', (m: { offset: number; count: number }) => answer?.(m));
    const html = panelPage(initial);
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url.endsWith('/main.js')) return route.fulfill({ contentType: 'text/javascript', body: script });
      return route.fulfill({ contentType: 'text/html', body: html });
    });
    const t0 = Date.now();
    await page.goto(`${ORIGIN}/index.html`);
    return { page, loadMs: t0 };
  }

  it('renders a 5,000-call session with a screenful of rows and reaches the last call', async () => {
    const snapshot = sessionSnapshot(big.id, big, classifier);
    const view = snapshot.session!;
    const bytes = JSON.stringify(snapshot).length;
    const { page, loadMs } = await open({ snapshot, ui: { kind: 'session', sessionId: big.id, agent: big.agent } });
    await page.locator('aa-tool-timeline li.call').first().waitFor({ timeout: 30_000 });
    const firstPaint = Date.now() - loadMs;
    const inPage = await page.evaluate('Math.round(performance.now())');
    console.log(`# session of ${CALLS} calls, ${view.files.length} files: snapshot ${(bytes / 1024).toFixed(0)} KiB, first rows after ${firstPaint} ms (${inPage} ms since navigation)`);

    assert.ok(view.files.length >= 2500, `the session touched ${view.files.length} files`);
    const calls = await rowsInDom(page, 'aa-session-view aa-tool-timeline li.call');
    const files = await rowsInDom(page, 'aa-session-view aa-touched-files li[data-path]');
    console.log(`# rows in the DOM: ${calls} calls, ${files} files`);
    assert.ok(calls > 0 && calls < MAX_ROWS_IN_DOM, `${calls} call rows in the DOM`);
    assert.ok(files > 0 && files < MAX_ROWS_IN_DOM, `${files} file rows in the DOM`);

    // Rows keep to their card (the virtual list sizes itself to its parent).
    for (const [list, row] of [
      ['aa-tool-timeline', 'aa-tool-timeline li.call'],
      ['aa-touched-files', 'aa-touched-files li[data-path]'],
    ]) {
      const outer = (await page.locator(`aa-session-view ${list}`).first().boundingBox())!;
      const inner = (await page.locator(`aa-session-view ${row}`).first().boundingBox())!;
      assert.ok(inner.x >= outer.x - 1 && inner.x + inner.width <= outer.x + outer.width + 1, `${row} ${JSON.stringify(inner)} inside ${JSON.stringify(outer)}`);
    }

    const idle = await scrollFrames(page, 20, 0);
    const frames = await scrollFrames(page, 90, 700);
    console.log(`# idle frames (no scrolling) for comparison: p50 ${idle.p50} ms, p95 ${idle.p95} ms`);
    console.log(`# session scroll, 90 frames of 700 px: frame p50 ${frames.p50} ms, p95 ${frames.p95} ms, max ${frames.max} ms, ${frames.overBudget} over 17 ms (machine load ${frames.load})`);
    assert.ok((await rowsInDom(page, 'aa-session-view aa-tool-timeline li.call')) < MAX_ROWS_IN_DOM);

    const last = view.toolCalls[CALLS - 1];
    await scrollToEndUntil(page, `aa-session-view aa-tool-timeline li.call[data-call="${last.id}"]`);
    assert.equal(await page.locator(`aa-tool-timeline li.call[data-call="${last.id}"]`).getAttribute('data-index'), String(CALLS - 1));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'session-5000-calls-end.png') });
    assert.ok((await rowsInDom(page, 'aa-session-view aa-tool-timeline li.call')) < MAX_ROWS_IN_DOM);
    await page.close();
  });

  it('jumps to a call in the log and to a file from the middle of the lists, and moves by keyboard', async () => {
    const snapshot = sessionSnapshot(big.id, big, classifier);
    const view = snapshot.session!;
    const { page } = await open({ snapshot, ui: { kind: 'session', sessionId: big.id, agent: big.agent } });
    await page.locator('aa-tool-timeline li.call').first().waitFor({ timeout: 30_000 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'session-5000-calls.png') });
    await page.evaluate('window.scrollTo(0, document.scrollingElement.scrollHeight / 2)');
    await page.evaluate(TWO_FRAMES);

    // The call at the middle of the viewport, by what the page shows.
    const middle: number = await page.evaluate(`(() => {
      const items = [...${inSessionView('aa-tool-timeline')}.shadowRoot.querySelectorAll('li.call')];
      const centre = innerHeight / 2;
      const hit = items.find((li) => {
        const r = li.getBoundingClientRect();
        return r.top <= centre && r.bottom >= centre;
      });
      return hit ? Number(hit.dataset.index) : -1;
    })()`);
    assert.ok(middle > 1000 && middle < CALLS - 1000, `the row in the middle is call #${middle}`);
    const call = view.toolCalls[middle];
    await page.locator(`aa-tool-timeline li.call[data-index="${middle}"] button.tool`).click();
    assert.deepEqual(await posted(page, 'revealSource'), [{ type: 'revealSource', path: call.sourceFile, line: call.sourceLine }]);
    assert.equal(call.sourceFile, bigLog.log);

    // Arrow keys walk the calls; End reaches the last one although it was not in the DOM.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(FOCUSED_ROW), String(middle + 2));
    await page.keyboard.press('End');
    await page.waitForFunction(`${FOCUSED_ROW} === '${CALLS - 1}'`, undefined, { timeout: 10_000 });

    // A file from the middle of the touched files opens at its edited lines.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator('aa-session-view aa-touched-files li[data-path] button.file').first().waitFor();
    const box: { top: number; height: number } = await page.evaluate(`(() => {
      const r = ${inSessionView('aa-touched-files')}.getBoundingClientRect();
      return { top: r.top + scrollY, height: r.height };
    })()`);
    await page.evaluate(`window.scrollTo(0, ${Math.round(box.top + box.height / 2 - 450)})`);
    await page.evaluate(TWO_FRAMES);
    // An edited file (it has lines to jump to) among those in view.
    const pathShown: string = await page.evaluate(`(() => {
      const rows = [...${inSessionView('aa-touched-files')}.shadowRoot.querySelectorAll('li[data-path]')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && li.querySelector('button.file') && li.querySelector('.lines');
      });
      return rows[Math.floor(rows.length / 2)].dataset.path;
    })()`);
    const file = view.files.find((f) => f.path === pathShown)!;
    assert.ok(view.files.indexOf(file) > 100, `file #${view.files.indexOf(file)} is from the middle of the list`);
    await page.locator(`aa-touched-files li[data-path="${pathShown}"] button.file`).first().click();
    assert.deepEqual(await posted(page, 'openFile'), [{ type: 'openFile', path: file.path, line: file.lines!.start, endLine: file.lines!.end }]);
    await page.close();
  });

  it('takes a live append as a small patch and shows the new last call', async () => {
    const first = sessionSnapshot(big.id, big, classifier);
    const updates = new SessionUpdates();
    updates.prepare(first).send();
    const { page } = await open({ snapshot: first, ui: { kind: 'session', sessionId: big.id, agent: big.agent } });
    await page.locator('aa-tool-timeline li.call').first().waitFor({ timeout: 30_000 });

    appendLines(bigLog.log, bigLog.session.bash('git status --short', ' M src/index.ts'));
    const grown = await auditOne(dir);
    const second = sessionSnapshot(grown.id, grown, classifier);
    const update = updates.prepare(second);
    assert.equal(update.unchanged, false);
    const message = update.send();
    const full = JSON.stringify({ type: 'snapshot', snapshot: second }).length;
    const sent = JSON.stringify(message).length;
    console.log(`# live append to a ${CALLS}-call session: ${(sent / 1024).toFixed(0)} KiB posted instead of ${(full / 1024).toFixed(0)} KiB`);
    assert.equal(message.type, 'sessionPatch');
    assert.ok(sent < full / 20, `a patch of ${sent} bytes against ${full}`);

    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    const added = second.session!.toolCalls[CALLS];
    await scrollToEndUntil(page, `aa-session-view aa-tool-timeline li.call[data-call="${added.id}"]`);
    assert.equal(await page.locator(`aa-tool-timeline li.call[data-call="${added.id}"]`).getAttribute('data-index'), String(CALLS));
    assert.match(await page.locator('aa-session-view h2#tl').innerText(), new RegExp(`${(CALLS + 1).toLocaleString('en-US')}|${CALLS + 1}`));
    // The page asked for nothing more: the patch fit what it had.
    assert.equal((await posted(page, 'ready')).length, 1);
    await page.close();
  });

  it('renders a 10,000-session overview with a screenful of rows, fetches the rest and opens one from the middle', async () => {
    const sessions = manySessions(big);
    const rows = new SessionRowList();
    rows.update(sessions);
    const snapshot: OverviewSnapshot = overviewSnapshot(sessions, { scope: 'the test', files: SESSIONS, classifier, sessions: rows.page(0, FIRST_PAGE) });
    const bytes = JSON.stringify(snapshot).length;
    const requests: { offset: number; count: number }[] = [];
    const { page, loadMs } = await open({ snapshot, ui: { kind: 'overview' } }, (m) => {
      requests.push(m);
      return { type: 'sessionRows', page: rows.page(m.offset, m.count) };
    });
    // The list is below the charts: rows are drawn once it comes into view.
    await page.locator('aa-overview-view h2#ss').scrollIntoViewIfNeeded();
    await page.locator('aa-session-table .row[data-session]').first().waitFor({ timeout: 30_000 });
    console.log(`# overview of ${SESSIONS} sessions: snapshot ${(bytes / 1024).toFixed(0)} KiB, first rows after ${Date.now() - loadMs} ms`);
    // The snapshot carries the first rows, not every session.
    assert.ok(bytes < 200 * 1024, `overview snapshot of ${bytes} bytes`);
    assert.equal(snapshot.sessions.total, SESSIONS);
    assert.match(await page.locator('aa-overview-view h2#ss').innerText(), /10,000|10000/);

    assert.ok((await rowsInDom(page, 'aa-session-table .row[data-index]')) < MAX_ROWS_IN_DOM);
    const frames = await scrollFrames(page, 90, 900);
    console.log(`# overview scroll, 90 frames of 900 px: frame p50 ${frames.p50} ms, p95 ${frames.p95} ms, max ${frames.max} ms, ${frames.overBudget} over 17 ms (machine load ${frames.load})`);

    const oldest = rows.page(SESSIONS - 1, 1).rows[0];
    assert.equal(oldest.id, 'session-00000');
    await scrollToEndUntil(page, `aa-session-table .row[data-session="${oldest.id}"]`);
    assert.equal(await page.locator(`aa-session-table .row[data-session="${oldest.id}"]`).getAttribute('data-index'), String(SESSIONS - 1));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-10000-sessions-end.png') });
    assert.ok((await rowsInDom(page, 'aa-session-table .row[data-index]')) < MAX_ROWS_IN_DOM);
    assert.ok(requests.length > 0 && requests.length < 20, `${requests.length} row requests`);
    assert.ok(
      requests.every((r) => r.count <= 500),
      JSON.stringify(requests),
    );

    // A row from the middle opens its session.
    await page.evaluate('window.scrollTo(0, document.scrollingElement.scrollHeight / 2)');
    const mid = page.locator('aa-session-table .row[data-session]');
    await scrollFrames(page, 2, 0);
    const midRow = mid.nth(Math.floor((await mid.count()) / 2));
    await midRow.waitFor();
    const index = Number(await midRow.getAttribute('data-index'));
    assert.ok(index > 2000 && index < SESSIONS - 2000, `row #${index}`);
    const expected = rows.page(index, 1).rows[0];
    await midRow.locator('button.link').click();
    assert.deepEqual(await posted(page, 'openSession'), [{ type: 'openSession', sessionId: expected.id, agent: expected.agent }]);
    await page.close();
  });

  it('logs no errors (CSP included)', () => {
    assert.deepEqual(errors, []);
  });
});
