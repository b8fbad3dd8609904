/**
 * The scanner on hostile files: bytes that are not UTF-8, files cut at any byte, CRLF, huge and deeply
 * nested lines. A readable file never comes back "unreadable" (that is the scanner's last-resort catch),
 * and no record needs the scanner's per-record safety net: parsers handle it themselves.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { DOCUMENT_FORMATS, LINE_FORMATS } from '../../../src/core/formats';
import { LineSplitter } from '../../../src/node/lines';
import { scanFile, type FileScan } from '../../../src/node/scan';
import { assertDraftShape, badUtf8Bytes, deepJsonText, deepVariants, described, hostileBytes, logsOf, RUNS, SAMPLES, sampleText, type DocumentSample, type LineSample } from '../../helpers/arbitraries';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-robust-scan-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

let fileCounter = 0;
/**
 * A fresh folder holding one file of the given name (names matter to detection). The file's own folder
 * is always `run`, as some formats name sessions after it.
 */
function write(name: string, content: string | Uint8Array): string {
  const dir = path.join(root, String(++fileCounter), 'run');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** scanFile, plus the checks every scan must pass: shape, no last-resort catch, no parser exception. */
async function scan(file: string): Promise<FileScan> {
  const r = await scanFile(file);
  assertDraftShape(r.drafts);
  const all = [...r.gaps, ...r.drafts.flatMap((d) => d.gaps)];
  const unreadable = all.find((g) => g.kind === 'unreadable');
  assert.equal(unreadable, undefined, `a readable file was reported unreadable: ${unreadable?.detail}`);
  const thrown = all.find((g) => g.detail.startsWith('could not interpret record'));
  assert.equal(thrown, undefined, `a parser threw on line ${thrown?.line}: ${thrown?.detail}`);
  return r;
}

/** Results with the temp path replaced, to compare scans of two files. */
function normalized(r: FileScan, file: string): unknown {
  const unique = path.dirname(path.dirname(file));
  return JSON.parse(JSON.stringify(r).split(JSON.stringify(unique).slice(1, -1)).join('<dir>'));
}

const lineSamples = LINE_FORMATS.map((f) => ({ format: f, sample: SAMPLES[f.id] as LineSample }));
const docSamples = DOCUMENT_FORMATS.map((f) => ({ format: f, sample: SAMPLES[f.id] as DocumentSample }));
const fileNames = [...lineSamples, ...docSamples].map((s) => s.sample.file);

describe('scanFile: arbitrary bytes', () => {
  it('never fails on random bytes and invalid UTF-8, under any log file name', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBytes, fc.constantFrom(...fileNames), async (bytes, name) => {
        await scan(write(name, bytes));
      }),
      { ...RUNS, numRuns: 80 },
    );
  });

  it('invalid UTF-8 spliced into a valid log costs at most that record', async () => {
    const cases = lineSamples.map(({ format, sample }) => described({ format, sample, bytes: Buffer.from(sampleText(sample)) }, format.id));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases).chain((c) => fc.tuple(fc.constant(c), fc.nat(c.bytes.length), badUtf8Bytes)),
        async ([{ format, sample, bytes }, at, bad]) => {
          // Not in the first line: detection needs one intact record in the head.
          const firstLineEnd = bytes.indexOf(0x0a) + 1;
          const offset = Math.max(at, firstLineEnd);
          const r = await scan(write(sample.file, Buffer.concat([bytes.subarray(0, offset), bad, bytes.subarray(offset)])));
          assert.equal(r.format, format.id);
          assert.ok(r.drafts.length >= 1, 'sessions kept');
        },
      ),
      { ...RUNS, numRuns: 60 },
    );
  });
});

describe('scanFile: a file cut at any byte', () => {
  for (const { format, sample } of lineSamples) {
    it(`${format.id}: a cut log gives its complete records' sessions, and a partial-line gap for a cut record`, async () => {
      const bytes = Buffer.from(sampleText(sample), 'utf8');
      const firstLine = bytes.indexOf(0x0a) + 1;
      const full = await scan(write(sample.file, bytes));
      const need = full.drafts.length > 0 ? 1 : 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (k) => {
          const prefix = bytes.subarray(0, k);
          const r = await scan(write(sample.file, prefix));
          if (r.format !== format.id) return; // too little left to recognise the format
          const lastNl = prefix.lastIndexOf(0x0a);
          const tail = prefix.subarray(lastNl + 1).toString('utf8').replace(/\r$/, '');
          const cutRecord = format.jsonLines && tail !== '' && !parses(tail);
          if (format.jsonLines && k >= firstLine && need) assert.ok(r.drafts.length >= 1, `cut at ${k}: no session`);
          if (cutRecord) {
            for (const d of r.drafts) assert.ok(d.gaps.some((g) => g.kind === 'partial-line'), `cut at ${k}: ${d.id} lacks the partial-line gap`);
          }
        }),
        { ...RUNS, numRuns: 40 },
      );
    });
  }

  it('a document cut short is a gap ("not valid JSON"), never a failure', async () => {
    const cases = docSamples.map(({ format, sample }) => described({ sample, bytes: Buffer.from(JSON.stringify(sample.doc, null, 2)) }, format.id));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases).chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: 1, max: c.bytes.length - 1 }))),
        async ([{ sample, bytes }, k]) => {
          const r = await scan(write(sample.file, bytes.subarray(0, k)));
          assert.equal(r.drafts.length, 0);
          assert.ok(r.gaps.length > 0, 'the cut document is reported');
        },
      ),
      { ...RUNS, numRuns: 60 },
    );
  });
});

describe('scanFile: CRLF', () => {
  it('line logs (hand-written and corpus) give the same result with CRLF as with LF', async () => {
    for (const { format } of lineSamples) {
      for (const log of logsOf(format.id)) {
        const name = (SAMPLES[format.id] as LineSample).file;
        const lines = log.lines ?? [];
        const lf = write(name, lines.map((l) => `${l}\n`).join(''));
        const crlf = write(name, lines.map((l) => `${l}\r\n`).join(''));
        assert.deepEqual(normalized(await scan(crlf), crlf), normalized(await scan(lf), lf), `${format.id} ${log.rel}`);
      }
    }
  });

  it('documents printed with CRLF line breaks read the same as with LF', async () => {
    for (const { format, sample } of docSamples) {
      const text = JSON.stringify(sample.doc, null, 2);
      const lf = write(sample.file, text);
      const crlf = write(sample.file, text.replace(/\n/g, '\r\n'));
      assert.deepEqual(normalized(await scan(crlf), crlf), normalized(await scan(lf), lf), format.id);
    }
  });
});

describe('scanFile: huge and deeply nested lines', () => {
  for (const { format, sample } of lineSamples) {
    it(`${format.id}: a line of several megabytes, and (JSON lines) one nested ${deepJsonText().length / 2} deep, cost no session`, async () => {
      const text = sampleText(sample);
      // After the second line: detection reads only the head, and a text format needs its first fence there.
      const nl = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
      // Text formats refuse files with JSON records by design: they get text lines only.
      const json = format.jsonLines ? [`{"type":"x","pad":"${'é'.repeat(2 * 1024 * 1024)}"}`, deepJsonText(), deepJsonText(undefined, 'object')] : [];
      for (const extra of ['z'.repeat(5 * 1024 * 1024), 'word '.repeat(1024 * 1024), ...json]) {
        const file = write(sample.file, `${text.slice(0, nl)}${extra}\n${text.slice(nl)}`);
        const r = await scan(file);
        assert.equal(r.format, format.id);
        assert.ok(r.drafts.length >= 1, 'sessions kept');
      }
    });
  }

  it('records with a field nested deep (one of each shape), in every line format, need no safety net', async () => {
    for (const { format, sample } of lineSamples) {
      if (!format.jsonLines) continue;
      const seen = new Set<string>();
      for (const v of deepVariants(sampleText(sample).split('\n').slice(0, -1), seen)) {
        const r = await scan(write(sample.file, v.lines.join('\n') + '\n'));
        // A header whose type is gone may leave the file unrecognised; a recognised one keeps its session.
        if (r.format === format.id) assert.ok(r.drafts.length >= 1, `${format.id} ${v.where}: sessions kept`);
      }
    }
  });

  it('a document nested deeply, whole or in a field, is a gap or a session, never a failure', async () => {
    await scan(write('deep.json', deepJsonText()));
    await scan(write('deep.json', deepJsonText(undefined, 'object')));
    for (const { format, sample } of docSamples) {
      const text = JSON.stringify(sample.doc);
      // Each string value in turn replaced by a deep array.
      const strings = [...text.matchAll(/:"(?:[^"\\]|\\.)*"/g)];
      for (const m of strings) {
        const at = (m.index ?? 0) + 1;
        await scan(write(sample.file, `${text.slice(0, at)}${deepJsonText()}${text.slice(at + m[0].length - 1)}`));
      }
      assert.ok(strings.length > 0, format.id);
    }
  });
});

describe('LineSplitter: any chunking', () => {
  /** What splitting the whole buffer at once says: lines (CR stripped), oversized ones, tail, consumed. */
  function expected(bytes: Buffer, cap: number) {
    const lines: [number, string][] = [];
    const oversized: [number, number][] = [];
    let start = 0;
    let lineNo = 1;
    for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
      const seg = bytes.subarray(start, nl);
      if (seg.length > cap) oversized.push([lineNo, seg.length]);
      else lines.push([lineNo, stripCr(seg).toString('utf8')]);
      lineNo++;
      start = nl + 1;
    }
    const rest = bytes.subarray(start);
    const tail = rest.length === 0 || rest.length > cap ? undefined : stripCr(rest).toString('utf8');
    return { lines, oversized, tail, consumed: start };
  }

  it('gives the same lines, oversized records, tail and consumed bytes as splitting the whole at once', () => {
    const input = fc.oneof(hostileBytes, fc.constantFrom('{"a":"é✓"}\r\n', 'x'.repeat(50), '\r\n\r\n', '\n', '💥\n').map((s) => new TextEncoder().encode(s)));
    fc.assert(
      fc.property(fc.array(input, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), fc.integer({ min: 1, max: 64 }), (parts, cuts, cap) => {
        const bytes = Buffer.concat(parts.map((p) => Buffer.from(p)));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const lines: [number, string][] = [];
        const oversized: [number, number][] = [];
        const s = new LineSplitter({ line: (t, n) => lines.push([n, t]), oversized: (n, b) => oversized.push([n, b]) }, 1, cap);
        let from = 0;
        for (const p of [...points, bytes.length]) {
          s.push(bytes.subarray(from, p));
          from = p;
        }
        assert.deepEqual({ lines, oversized, tail: s.tail(), consumed: s.consumed }, expected(bytes, cap));
      }),
      { ...RUNS, numRuns: 300 },
    );
  });
});

function stripCr(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 0x0d ? b.subarray(0, b.length - 1) : b;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
