/**
 * Headless Chromium (the system's) driven by playwright-core, pointed at a code-server workbench,
 * plus the few moves a person makes: run a command from the palette, find things inside webviews.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Frame, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from './codeServer';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

export interface Workbench {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(url: string, opts: { width?: number; height?: number } = {}): Promise<Workbench> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 }, colorScheme: 'dark' });
  // Clipboard for "Copy Session ID" (loopback origin).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin }).catch(() => undefined);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  return { browser, page, close: () => browser.close() };
}

/** Runs a command by its palette title ("Agent Audit: Open Overview"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Picks a colour theme the way a user does (the web workbench may start from its light default). */
export async function setColorTheme(page: Page, label: string): Promise<void> {
  // Right after start the theme list may still be loading: try again a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommand(page, 'Preferences: Color Theme');
      const input = page.locator('.quick-input-widget input');
      await input.fill(label);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (e) {
      await page.keyboard.press('Escape').catch(() => undefined);
      if (attempt >= 4) throw e;
      await page.waitForTimeout(1000);
    }
  }
}

/** Finds a visible element inside any webview frame (webviews are nested iframes; hidden panels keep theirs). */
export async function inWebview(page: Page, selector: string, timeoutMs = 30_000): Promise<{ frame: Frame; locator: Locator }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const locator = frame.locator(selector);
      try {
        if ((await locator.count()) > 0 && (await locator.first().isVisible())) return { frame, locator };
      } catch {
        // the frame went away while we looked
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview element matches ${selector}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Polls until `check` returns a truthy value (UI settles asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError instanceof Error ? lastError.message : String(lastError)}` : ''}`);
}
