/**
 * What the extension host does with log text and with what a panel sends: display rules, the
 * message guard, which paths open, and the panels' Content Security Policy.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayText, markdownCodeText, markdownText, notificationText, quickPickText } from '../../../src/extension/displayText';
import { acceptWebviewMessage } from '../../../src/extension/panels/messageGuard';
import { decideOpen } from '../../../src/extension/panels/openPolicy';
import { contentSecurityPolicy, newNonce, pageHtml } from '../../../src/extension/panels/webviewPage';
import { isWebviewMessage } from '../../../src/protocol/messages';
import { ACTIVE_CHARACTERS, CRAFTED_TITLE, HOSTILE_TEXT } from '../../harness/craftedSession';

/** VS Code's pattern for links in notifications and view messages (base/common/linkedText.ts); command links run. */
const VSCODE_LINKED_TEXT = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('host display text', () => {
  it('shows a crafted title as one plain line', () => {
    const shown = displayText(CRAFTED_TITLE);
    assert.doesNotMatch(shown, ACTIVE_CHARACTERS);
    assert.match(shown, /^Red <img src=x onerror="window.__pwned=1"> <script>/);
    assert.match(shown, /<U\+202E>fdp\.exe$/);
  });

  it('never lets a notification turn log text into a link', () => {
    const text = notificationText(`Agent Audit: /tmp/${HOSTILE_TEXT.commandLink} and [x](https://evil.example) and [y] (file:///etc/passwd)`);
    assert.deepEqual(text.match(VSCODE_LINKED_TEXT), null);
    assert.match(text, /\[click\] \(command:workbench\.action\.terminal\.new\)/);
    // The pattern itself does match the raw text: the test would notice if the helper stopped working.
    assert.ok(`/tmp/${HOSTILE_TEXT.commandLink}`.match(VSCODE_LINKED_TEXT));
  });

  it('escapes icon syntax in quick picks, and only icon syntax', () => {
    assert.equal(quickPickText('run $(zap) now'), 'run \\$(zap) now');
    assert.equal(quickPickText('echo $(echo hi)'), 'echo $(echo hi)');
    assert.equal(quickPickText(`a${HOSTILE_TEXT.rlo}b`), 'a<U+202E>b');
  });

  it('keeps Markdown hovers free of markup, HTML, links and icons', () => {
    const md = markdownText(CRAFTED_TITLE);
    assert.doesNotMatch(md, /(?<!\\)[<[\]()]/, 'every bracket and angle is escaped');
    assert.doesNotMatch(md, /(?<!\\)\$/);
    assert.doesNotMatch(md, ACTIVE_CHARACTERS);
    assert.equal(markdownText('see https://evil.example'), 'see https\\://evil.example');
    const code = markdownCodeText('/x/`y` [a](command:z)');
    assert.match(code, /^``.*``$/);
  });
});

describe('messages from a panel', () => {
  it('accepts exactly the protocol shapes', () => {
    const lines: string[] = [];
    const log = (l: string): number => lines.push(l);
    assert.deepEqual(acceptWebviewMessage({ type: 'openFile', path: '/a/b.ts', line: 2 }, 'session panel', log), { type: 'openFile', path: '/a/b.ts', line: 2 });
    assert.deepEqual(lines, []);
  });

  it('drops malformed, extra and wrong-typed messages with one line each', () => {
    const bad: unknown[] = [
      undefined,
      42,
      { type: 'openFile', path: '/a', extra: 'x' },
      { type: 'openFile', path: '/a', command: 'workbench.action.terminal.new' },
      { type: 'ready', then: 'x' },
      { type: 'filterTree', model: 'm', __proto__: { polluted: true }, constructor: 'x' },
      { type: 'openFile', path: ['/a'] },
      { type: 'openSession', sessionId: { toString: 'x' } },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: `x${HOSTILE_TEXT.ansi}\u001b]0;t\u0007` },
      { type: 'toString' },
      { type: 'constructor' },
    ];
    for (const m of bad) {
      const lines: string[] = [];
      assert.equal(acceptWebviewMessage(m, 'session panel', (l) => lines.push(l)), undefined, JSON.stringify(m));
      assert.equal(lines.length, 1);
      assert.doesNotMatch(lines[0], ACTIVE_CHARACTERS);
      assert.match(lines[0], /^ignored a malformed message.* from the session panel$/);
    }
  });

  it('rejects extra fields in every message type', () => {
    for (const good of [
      { type: 'ready' },
      { type: 'openFile', path: '/a' },
      { type: 'revealSource', path: '/a' },
      { type: 'openSession', sessionId: 's' },
      { type: 'exportSession', sessionId: 's' },
      { type: 'filterTree', model: 'm' },
    ]) {
      assert.ok(isWebviewMessage(good), JSON.stringify(good));
      assert.equal(isWebviewMessage({ ...good, unexpected: true }), false, `${good.type} with an extra field`);
    }
  });
});

describe('which paths a panel may open', () => {
  const ws = ['/work/app'];

  it('refuses URIs, network paths and relative text', () => {
    for (const p of [
      HOSTILE_TEXT.jsUri,
      HOSTILE_TEXT.commandUri,
      'command:workbench.action.terminal.new?%5B%5D',
      'vscode://settings/x',
      'vscode-remote://host/x',
      'http://evil.example/x',
      'file:///etc/passwd',
      '//evil.example/share/x',
      '\\\\evil.example\\share\\x',
      'src/main.ts',
      '',
      '/a\0b',
    ]) {
      const d = decideOpen(p, ws);
      assert.equal(d.kind, 'refuse', p);
    }
  });

  it('opens absolute local paths, read-only when outside the workspace', () => {
    assert.deepEqual(decideOpen('/work/app/src/a.ts', ws), { kind: 'open', path: '/work/app/src/a.ts', insideWorkspace: true });
    assert.deepEqual(decideOpen('/work/app', ws), { kind: 'open', path: '/work/app', insideWorkspace: true });
    assert.deepEqual(decideOpen('/home/dev/.bashrc', ws), { kind: 'open', path: '/home/dev/.bashrc', insideWorkspace: false });
    assert.deepEqual(decideOpen('/work/app/../../etc/passwd', ws), { kind: 'open', path: '/etc/passwd', insideWorkspace: false });
    assert.deepEqual(decideOpen('/work/application/x', ws), { kind: 'open', path: '/work/application/x', insideWorkspace: false });
    assert.deepEqual(decideOpen('/work/app/x', []), { kind: 'open', path: '/work/app/x', insideWorkspace: false });
    const win = decideOpen('C:\\Users\\dev\\app\\a.ts', ['C:\\Users\\dev\\app']);
    assert.deepEqual(win, { kind: 'open', path: 'C:\\Users\\dev\\app\\a.ts', insideWorkspace: true });
  });
});

describe('the panels\' Content Security Policy', () => {
  const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

  it('allows nothing but the bundle, under a nonce', () => {
    const nonce = 'abcdefghijklmnopqrstuv==';
    const directives = Object.fromEntries(
      contentSecurityPolicy(nonce, cspSource)
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives, {
      'default-src': ["'none'"],
      'script-src': [`'nonce-${nonce}'`],
      'style-src': [cspSource, `'nonce-${nonce}'`],
      'font-src': [cspSource],
      'img-src': [cspSource, 'data:'],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  it('uses a fresh 128-bit nonce on every load, on every script and style', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 16);
    const page = (nonce: string): string => pageHtml({ nonce, cspSource, scriptUri: `${cspSource}/dist/webview/main.js`, initial: { title: CRAFTED_TITLE }, title: CRAFTED_TITLE });
    const html = page('Tm9uY2VOb25jZU5vbmNlMQ==');
    const tags = html.match(/<(script|style)\b[^>]*>/g) ?? [];
    assert.ok(tags.length >= 3);
    for (const tag of tags.filter((t) => !t.includes('type="application/json"'))) assert.match(tag, /nonce="Tm9uY2VOb25jZU5vbmNlMQ=="/, tag);
    assert.notEqual(page(newNonce()), page(newNonce()));
  });

  it('has no inline handlers, no remote resources, and embeds log text as inert data', () => {
    const html = pageHtml({ nonce: newNonce(), cspSource, scriptUri: `${cspSource}/dist/webview/main.js`, initial: { title: `${HOSTILE_TEXT.script}</script><script>alert(1)</script>` }, title: CRAFTED_TITLE });
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, tag);
    assert.doesNotMatch(html, /(src|href)="(?!https:\/\/file\+\.vscode-resource)/);
    assert.equal((html.match(/<script\b/g) ?? []).length, 3, 'the embedded title does not open a script element');
    assert.doesNotMatch(html, /<title>[^<]*<img/);
  });
});
