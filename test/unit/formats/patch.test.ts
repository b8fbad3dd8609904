import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffLineRange, parsePatch } from '../../../src/core/formats/patch';

describe('parsePatch: *** Begin Patch envelope', () => {
  it('reads added, updated, deleted and moved files in order', () => {
    const patch = [
      '*** Begin Patch',
      '*** Add File: docs/new.md',
      '+# Title',
      '+',
      '+body',
      '*** Update File: src/app.ts',
      '@@ function main() {',
      '-  old();',
      '+  fresh();',
      '*** Delete File: src/legacy.ts',
      '*** Update File: src/a.ts',
      '*** Move to: src/b.ts',
      '@@',
      '-x',
      '+y',
      '*** End Patch',
    ].join('\n');
    assert.deepEqual(parsePatch(patch), [
      { path: 'docs/new.md', access: 'create', lines: { start: 1, end: 3 } },
      { path: 'src/app.ts', access: 'write' },
      { path: 'src/legacy.ts', access: 'delete' },
      { path: 'src/a.ts', access: 'write', moveTo: 'src/b.ts' },
    ]);
  });

  it('fills lines from numbered hunk headers, over all hunks of a file', () => {
    const patch = [
      '*** Begin Patch',
      '*** Update File: /repo/x.py',
      '@@ -10,3 +12,4 @@',
      ' a',
      '+b',
      '@@ -40,2 +45,2 @@',
      '-c',
      '+d',
      '*** End Patch',
    ].join('\n');
    assert.deepEqual(parsePatch(patch), [{ path: '/repo/x.py', access: 'write', lines: { start: 12, end: 46 } }]);
  });

  it('tolerates CRLF, indented markers, a missing Begin line and trailing spaces in paths', () => {
    const patch = '  *** Update File: a b.txt  \r\n@@\r\n-x\r\n+y\r\n*** Add File: c.txt\r\n+1\r\n';
    assert.deepEqual(parsePatch(patch), [
      { path: 'a b.txt', access: 'write' },
      { path: 'c.txt', access: 'create', lines: { start: 1, end: 1 } },
    ]);
  });

  it('does not take added content that looks like a marker for a file header', () => {
    const patch = '*** Begin Patch\n*** Add File: notes.md\n+*** Delete File: important.txt\n*** End Patch';
    assert.deepEqual(parsePatch(patch), [{ path: 'notes.md', access: 'create', lines: { start: 1, end: 1 } }]);
  });

  it('adds an empty file without a line range', () => {
    assert.deepEqual(parsePatch('*** Begin Patch\n*** Add File: empty.txt\n*** End Patch'), [
      { path: 'empty.txt', access: 'create' },
    ]);
  });
});

describe('parsePatch: unified diff fallback', () => {
  it('reads a git diff: a/ b/ prefixes stripped, new-side range over all hunks', () => {
    const diff = [
      'diff --git a/src/x.ts b/src/x.ts',
      'index 1111111..2222222 100644',
      '--- a/src/x.ts',
      '+++ b/src/x.ts',
      '@@ -1,3 +1,4 @@',
      ' one',
      '+two',
      ' three',
      ' four',
      '@@ -20,2 +21,3 @@ class X',
      ' a',
      '+b',
      ' c',
    ].join('\n');
    assert.deepEqual(parsePatch(diff), [{ path: 'src/x.ts', access: 'write', lines: { start: 1, end: 23 } }]);
  });

  it('treats /dev/null as create and delete', () => {
    const diff = [
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1,2 @@',
      '+a',
      '+b',
      '--- a/old.txt',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a',
      '-b',
    ].join('\n');
    assert.deepEqual(parsePatch(diff), [
      { path: 'new.txt', access: 'create', lines: { start: 1, end: 2 } },
      { path: 'old.txt', access: 'delete' },
    ]);
  });

  it('keeps plain paths and drops the timestamp after a tab', () => {
    const diff = '--- lib/a.c\t2024-01-01 10:00:00\n+++ lib/a.c\t2024-01-02 10:00:00\n@@ -5 +5 @@\n-x\n+y\n';
    assert.deepEqual(parsePatch(diff), [{ path: 'lib/a.c', access: 'write', lines: { start: 5, end: 5 } }]);
  });

  it('reads renames, with and without hunks', () => {
    const diff = [
      'diff --git a/old/name.ts b/new/name.ts',
      'similarity index 100%',
      'rename from old/name.ts',
      'rename to new/name.ts',
      'diff --git a/p.ts b/q.ts',
      '--- a/p.ts',
      '+++ b/q.ts',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ].join('\n');
    assert.deepEqual(parsePatch(diff), [
      { path: 'old/name.ts', access: 'write', moveTo: 'new/name.ts' },
      { path: 'p.ts', access: 'write', moveTo: 'q.ts', lines: { start: 1, end: 1 } },
    ]);
  });

  it('does not read removed lines that look like headers as a new file', () => {
    const diff = ['--- a/sql.sql', '+++ b/sql.sql', '@@ -1,3 +1,1 @@', '--- a comment', '-++ b/other', ' keep'].join('\n');
    assert.deepEqual(parsePatch(diff), [{ path: 'sql.sql', access: 'write', lines: { start: 1, end: 1 } }]);
  });

  it('returns nothing for text that is no patch, and for non-strings', () => {
    assert.deepEqual(parsePatch('just some words\n@@ not a hunk'), []);
    assert.deepEqual(parsePatch(''), []);
    assert.deepEqual(parsePatch(undefined as unknown as string), []);
    assert.deepEqual(parsePatch(42 as unknown as string), []);
  });
});

describe('diffLineRange', () => {
  it('spans the new side of every hunk, skipping pure deletions', () => {
    assert.deepEqual(diffLineRange('@@ -3,2 +3,3 @@\n a\n+b\n c\n@@ -20,1 +21,0 @@\n-x\n@@ -30 +31 @@ ctx\n-y\n+z\n'), { start: 3, end: 31 });
    assert.equal(diffLineRange('no hunks here'), undefined);
    assert.equal(diffLineRange(undefined), undefined);
  });
});
