import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codePointName, inertJson, inertText } from '../../../src/core/inertText';

describe('inertText', () => {
  it('removes ANSI escape sequences, 7-bit and 8-bit', () => {
    assert.equal(inertText('\u001b[31mred\u001b[0m'), 'red');
    assert.equal(inertText('a\u001b[1;32;48;5;17mb'), 'ab');
    assert.equal(inertText('\u009b31mred'), 'red');
    // OSC 8 hyperlink and OSC 52 clipboard write (terminated by BEL or ST).
    assert.equal(inertText('\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007'), 'link');
    assert.equal(inertText('\u001b]52;c;ZXZpbA==\u001b\\ok'), 'ok');
    assert.equal(inertText('x\u001bcy'), 'xy');
  });

  it('removes other control characters and keeps tabs as spaces', () => {
    assert.equal(inertText('a\u0000b\u0007c\u0008d\u007fe\u0085f'), 'abcdef');
    assert.equal(inertText('a\tb'), 'a b');
  });

  it('shows bidirectional controls visibly', () => {
    assert.equal(inertText('invoice\u202efdp.exe'), 'invoice<U+202E>fdp.exe');
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      assert.equal(inertText(`a${c}b`), `a<${codePointName(c)}>b`);
    }
  });

  it('puts text on one line unless asked to keep line breaks', () => {
    assert.equal(inertText('a\nb\r\nc\rd\u2028e\u2029f'), 'a b c d e f');
    assert.equal(inertText('a\nb\r\nc\u2028d', { multiline: true }), 'a\nb\nc\nd');
  });

  it('leaves ordinary text, including non-Latin scripts, as it is', () => {
    for (const s of ['/home/dev/app/src/main.ts', 'Fix the <b>bug</b> [x](y)', 'שלום עולם', 'مرحبا', '日本語 🙂', 'naïve café']) assert.equal(inertText(s), s);
    assert.equal(inertText(undefined), '');
    assert.equal(inertText(42), '42');
  });
});

describe('inertJson', () => {
  it('escapes C1 and bidi controls and parses back to the same value', () => {
    const value = { t: 'a\u009b31m\u202eb\u2066c\u2028d\u007f', n: 1 };
    const json = inertJson(JSON.stringify(value));
    assert.doesNotMatch(json, /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028]/);
    assert.match(json, /\\u202e/);
    assert.deepEqual(JSON.parse(json), value);
  });
});
