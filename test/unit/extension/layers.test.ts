/**
 * The direction of imports, checked mechanically: the indexer stays free of `vscode` (it can move
 * into a worker thread), the protocol is shared and plain, and the webview never reaches the host.
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

function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

function violations(files: string[], forbidden: (spec: string, file: string) => boolean): string[] {
  return files.flatMap((f) => imports(f).filter((spec) => forbidden(spec, f)).map((spec) => `${f} imports ${spec}`));
}

describe('layers', () => {
  it('keeps vscode out of the indexer and the snapshot builder', () => {
    const files = [...tsFiles('src/extension/indexer'), 'src/extension/panels/snapshots.ts'];
    assert.deepEqual(
      violations(files, (spec) => spec === 'vscode'),
      [],
    );
  });

  it('keeps the protocol free of host and Node code', () => {
    assert.deepEqual(
      violations(tsFiles('src/protocol'), (spec) => spec === 'vscode' || spec.startsWith('node:') || /\/(node|extension|cli)\//.test(spec)),
      [],
    );
  });

  it('lets the webview reach the host only through the protocol', () => {
    assert.deepEqual(
      violations(tsFiles('webview'), (spec) => spec === 'vscode' || spec.startsWith('node:') || (spec.includes('/src/') && !spec.includes('/src/protocol/'))),
      [],
    );
  });
});
