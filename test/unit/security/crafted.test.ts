/**
 * A crafted session through every export and the command line: each shows the hostile strings
 * as plain text (escaped, never markup, never a link, never an escape sequence).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { csvField } from '../../../src/core/render/escape';
import type { Report } from '../../../src/core/report';
import { ACTIVE_CHARACTERS, type CraftedSession, HOSTILE_TEXT, writeCraftedSession } from '../../harness/craftedSession';
import { runCli } from '../../helpers/cli';

function run(args: string[], cwd: string) {
  return runCli(args, { cwd });
}

describe('a crafted session in the exports and on the terminal', () => {
  let root: string;
  let crafted: CraftedSession;
  let claudeDir: string;
  const report = (format: string) => run(['report', claudeDir, '--all-projects', '--format', format, '-q'], root);

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aa-crafted-')));
    claudeDir = path.join(root, 'claude');
    crafted = writeCraftedSession(claudeDir, path.join(root, 'ws'), path.join(root, 'outside'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps the data in JSON, with every active character escaped', async () => {
    const r = await report('json');
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout, ACTIVE_CHARACTERS);
    assert.match(r.stdout, /\\u001b\[31mRed/);
    assert.match(r.stdout, /\\u202efdp\.exe/);
    const parsed = JSON.parse(r.stdout) as Report;
    assert.equal(parsed.sessions[0].title, crafted.title, 'JSON keeps the exact text');
    assert.ok(parsed.sessions[0].toolCalls.some((c) => c.args === crafted.command));
  });

  it('prints Markdown to the terminal with no escape sequence, no markup and no link', async () => {
    const r = await report('md');
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout, ACTIVE_CHARACTERS);
    assert.ok(r.stdout.includes('\\<U\\+202E\\>fdp'), 'the override is named, as escaped Markdown text');
    // Outside code spans (which Markdown never renders as markup) nothing is a tag or a link.
    const prose = r.stdout.replace(/(`+)[\s\S]*?\1/g, '');
    assert.doesNotMatch(prose, /(?<!\\)<(img|script)|\]\((command|javascript):/i);
    assert.match(prose, /\\<img src=x onerror=/);
    assert.match(prose, /\\\[click\\\]\\\(command:workbench\.action\.terminal\.new\\\)/);
  });

  it('writes HTML with the strings as escaped text', async () => {
    const r = await report('html');
    assert.doesNotMatch(r.stdout, ACTIVE_CHARACTERS);
    assert.doesNotMatch(r.stdout, /<img src=x|<script>window|href="javascript:|href="command:/);
    assert.match(r.stdout, /&lt;img src=x onerror=&quot;window\.__pwned=1&quot;&gt;/);
    assert.match(r.stdout, /&lt;U\+202E&gt;fdp\.exe/);
  });

  it('writes CSV a spreadsheet or a terminal shows as text', async () => {
    const r = await report('csv');
    assert.doesNotMatch(r.stdout, ACTIVE_CHARACTERS);
    assert.match(r.stdout, /Red <img src=x onerror=""window\.__pwned=1""> /);
    assert.match(r.stdout, /<U\+202E>fdp\.exe/);
  });

  it('defuses a formula hidden behind an escape sequence', () => {
    assert.equal(csvField('\u001b[0m=cmd|" /C calc"!A0'), `"'=cmd|"" /C calc""!A0"`);
    assert.equal(csvField('\u202e=1+1'), '<U+202E>=1+1');
  });

  it('writes notes about unreadable paths to stderr without escape sequences', async () => {
    const missing = path.join(root, `gone ${HOSTILE_TEXT.ansi}\u001b]0;pwned\u0007${HOSTILE_TEXT.rlo}x`);
    const r = await run(['report', missing, '--all-projects', '--format', 'json'], root);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /unreadable: .*gone <U\+202E>x/);
    assert.doesNotMatch(r.stderr, ACTIVE_CHARACTERS);
  });

  it('writes a bad argument back without escape sequences', async () => {
    const r = await run(['report', '--format', `x${HOSTILE_TEXT.ansi}\u001b[2J`], root);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, ACTIVE_CHARACTERS);
  });
});
