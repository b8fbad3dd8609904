/**
 * Guards over the source itself: the webview never turns text into markup or real links, and
 * the host never trusts Markdown or builds a command link. Each pattern here is a way log text
 * could become active; adding one fails this test and has to be argued for.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(rel) : e.name.endsWith('.ts') ? [rel] : [];
  });
}

function hits(files: string[], patterns: RegExp[]): string[] {
  return files.flatMap((f) => {
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    return patterns.flatMap((p) => (p.test(text) ? [`${f}: ${p}`] : []));
  });
}

describe('source guards', () => {
  it('the webview renders text only through lit bindings: no raw HTML, no hrefs, no eval', () => {
    assert.deepEqual(
      hits(tsFiles('webview'), [
        /\bunsafe(HTML|SVG|CSS|Static)\b/,
        /\.(inner|outer)HTML\s*=/,
        /insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/,
        /\bhref\s*=/,
        /\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*['"`]/,
        /\bwindow\.open\s*\(/,
      ]),
      [],
    );
  });

  it('the host never trusts Markdown, never enables HTML in it, and builds no command links', () => {
    assert.deepEqual(
      hits(
        tsFiles('src/extension').filter((f) => !f.endsWith('displayText.ts')),
        [/isTrusted\s*=\s*(true|\{)/, /supportHtml\s*=\s*true/, /\]\(command:/, /Uri\.parse\(/, /new\s+vscode\.MarkdownString\([^)]*,\s*true\)/, /supportThemeIcons\s*=\s*true/],
      ),
      [],
    );
  });

  it('the host opens files only through Uri.file', () => {
    const files = tsFiles('src/extension').filter((f) => /showTextDocument|openTextDocument|'vscode\.open'/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    for (const f of files) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      assert.doesNotMatch(text, /Uri\.(parse|from)\(/, `${f} builds a URI that is not Uri.file`);
    }
  });
});
