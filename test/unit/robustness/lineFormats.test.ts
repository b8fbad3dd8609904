/**
 * Properties every line format must keep on hostile input: it never throws, a bad record costs at
 * most a gap, CRLF reads like LF, and a file cut at any byte still yields what its complete records say.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LINE_FORMATS } from '../../../src/core/formats';
import { parseLines, type LineFormat } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import {
  allPaths,
  assertDraftShape,
  DEEP_DEPTH,
  deepJsonText,
  deepVariants,
  described,
  hostileBytes,
  junkLine,
  logsOf,
  mutatedLines,
  RUNS,
  SAMPLES,
  sampleLines,
  sampleText,
  replaceAt,
  showPath,
  stringifyWithDeep,
  valueAt,
  vocabulary,
  vocabularyObject,
  type CorpusLog,
  type LineSample,
  type PathStep,
} from '../../helpers/arbitraries';

const BIG = 3 * 1024 * 1024;
/** Fields that carry prose, outputs or file contents: never to be kept whole. */
const PROSE_KEYS = new Set(['text', 'content', 'output', 'thinking', 'thought', 'file_text', 'new_string', 'old_string', 'newText', 'oldText', 'stdout', 'stderr', 'last_agent_message', 'input']);

function sourceOf(format: LineFormat, log?: CorpusLog): string {
  const sample = SAMPLES[format.id] as LineSample;
  const name = log && !log.rel.startsWith('sample:') ? log.rel.split('/').pop() : sample.file;
  return `/logs/2025-03-01-some-run/${name}`;
}

function parse(format: LineFormat, text: string, source = sourceOf(format)): SessionDraft[] {
  const drafts = parseLines(format, text, source);
  assertDraftShape(drafts);
  return drafts;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The calls, as a reader would compare two readings of the same records (ids may embed line numbers). */
function callsOf(drafts: SessionDraft[]): string[] {
  return drafts.flatMap((d, i) => d.toolCalls.map((c) => `session ${i + 1}: ${c.tool} ${c.kind} ${c.status} ${c.args}`));
}

/** The hand-written log and the corpus logs of a format, named by file in counterexamples. */
const realLogs = (format: LineFormat): CorpusLog[] =>
  logsOf(format.id)
    .filter((l) => (l.lines ?? []).length > 0)
    .map((l) => described({ ...l }, l.rel));

for (const format of LINE_FORMATS) {
  const sample = SAMPLES[format.id] as LineSample;

  describe(`${format.id}: never throws`, () => {
    it('on arbitrary text lines, LF or CRLF', () => {
      fc.assert(
        fc.property(fc.array(junkLine, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
          parse(format, lines.join(eol));
        }),
        RUNS,
      );
    });

    it('on arbitrary bytes, invalid UTF-8 included, decoded as the scanner does', () => {
      fc.assert(
        fc.property(hostileBytes, (bytes) => {
          parse(format, Buffer.from(bytes).toString('utf8'));
        }),
        RUNS,
      );
    });

    it('on arbitrary JSON values, one a line', () => {
      fc.assert(
        fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 12 }), (values) => {
          parse(format, values.map((v) => JSON.stringify(v)).join('\n') + '\n');
        }),
        RUNS,
      );
    });

    it('on objects made of the keys its own records use, mixed into a valid log', () => {
      const logs = realLogs(format);
      const keys = vocabulary(logs);
      fc.assert(
        fc.property(fc.constantFrom(...logs), fc.array(fc.tuple(fc.nat(), vocabularyObject(keys)), { maxLength: 8 }), (log, inserts) => {
          const lines = [...(log.lines ?? [])];
          for (const [at, obj] of inserts) lines.splice(at % (lines.length + 1), 0, stringifyWithDeep(obj));
          parse(format, lines.join('\n') + '\n', sourceOf(format, log));
        }),
        RUNS,
      );
    });

    it('when fields of real records (any depth) have the wrong type or are missing', () => {
      const logs = realLogs(format);
      fc.assert(
        fc.property(
          fc.constantFrom(...logs).chain((log) => mutatedLines(log.lines ?? [], log.rel).map((m) => described({ log, ...m }, m.summary))),
          ({ log, lines }) => {
            parse(format, lines.join('\n') + '\n', sourceOf(format, log));
          },
        ),
        { ...RUNS, numRuns: 150, interruptAfterTimeLimit: 8000 },
      );
    });
  });

  describe(`${format.id}: deep nesting`, () => {
    it(`a value nested ${DEEP_DEPTH} levels at any field of a valid record (JSON text in strings too) is at most a gap`, () => {
      for (const v of deepVariants(sampleLines(sample))) {
        assert.doesNotThrow(() => parse(format, v.lines.join('\n') + '\n'), v.where);
      }
    });

    it('a whole line of deeply nested JSON (arrays or objects) costs no call of the other records', () => {
      const lines = sampleLines(sample);
      const plain = parse(format, lines.join('\n') + '\n');
      for (const shape of ['array', 'object'] as const) {
        for (let at = 1; at <= lines.length; at++) {
          const withDeep = [...lines.slice(0, at), deepJsonText(undefined, shape), ...lines.slice(at)];
          const drafts = parse(format, withDeep.join('\n') + '\n');
          if (format.jsonLines) assert.deepEqual(callsOf(drafts), callsOf(plain), `${shape} after line ${at}`);
        }
      }
    });

    it('deep values inside corpus records, at random fields', () => {
      const variants = realLogs(format)
        .filter((l) => !l.rel.startsWith('sample:'))
        .flatMap((log) => deepVariants(log.lines ?? []).map((v) => described({ log, lines: v.lines }, `${log.rel} ${v.where}`)));
      if (variants.length === 0) return;
      fc.assert(
        fc.property(fc.constantFrom(...variants), ({ log, lines }) => {
          parse(format, lines.join('\n') + '\n', sourceOf(format, log));
        }),
        { ...RUNS, numRuns: 60 },
      );
    });
  });

  describe(`${format.id}: a line of several megabytes`, () => {
    it('in a text field of a valid record, or as junk: read, and the text not kept whole', () => {
      const lines = sampleLines(sample);
      const plain = parse(format, lines.join('\n') + '\n');
      const variants: { where: string; lines: string[]; prose: boolean }[] = [];
      if (sample.records) {
        // Every prose field made huge, and of the other strings (ids, paths, names) the longest of each record.
        sample.records.forEach((rec, i) => {
          const strings = allPaths(rec).filter((p) => typeof valueAt(rec, p) === 'string');
          const isProse = (p: PathStep[]) => PROSE_KEYS.has(String(p.filter((step) => typeof step === 'string').pop()));
          const others = strings.filter((p) => !isProse(p)).sort((a, b) => String(valueAt(rec, b)).length - String(valueAt(rec, a)).length);
          for (const p of [...strings.filter(isProse), ...others.slice(0, 1)]) {
            const big = `${'é'.repeat(BIG / 2)} ${'x'.repeat(1000)}\n${String(valueAt(rec, p))}`;
            const line = JSON.stringify(replaceAt(rec, p, big));
            variants.push({ where: `line ${i + 1} ${showPath(p)}`, lines: lines.map((l, j) => (j === i ? line : l)), prose: isProse(p) });
          }
        });
      } else {
        // Text formats: a prose line (the first without a fence or a marker) made huge.
        const at = lines.findIndex((l) => /^[A-Z][a-z]/.test(l));
        variants.push({ where: `line ${at + 1}`, lines: lines.map((l, j) => (j === at ? `${l} ${'word '.repeat(BIG / 5)}` : l)), prose: true });
      }
      variants.push({ where: 'junk line', lines: [...lines.slice(0, 1), 'x'.repeat(BIG), ...lines.slice(1)], prose: true });
      variants.push({ where: 'cut JSON line', lines: [...lines.slice(0, 1), `{"a":"${'y'.repeat(BIG)}`, ...lines.slice(1)], prose: true });
      for (const v of variants) {
        const drafts = parse(format, v.lines.join('\n') + '\n');
        assert.ok(drafts.length >= Math.min(1, plain.length), `${v.where}: sessions kept`);
        if (!v.prose) continue; // ids, paths, names and commands are kept as written
        const kept = JSON.stringify(drafts).length;
        assert.ok(kept < 256 * 1024, `${v.where}: ${kept} characters kept from a ${BIG}-character text`);
      }
    });
  });

  describe(`${format.id}: CRLF`, () => {
    it('gives the same sessions and calls as LF (hand-written and corpus logs)', () => {
      for (const log of realLogs(format)) {
        const lines = log.lines ?? [];
        const source = sourceOf(format, log);
        assert.deepEqual(parse(format, lines.map((l) => `${l}\r\n`).join(''), source), parse(format, lines.map((l) => `${l}\n`).join(''), source), log.rel);
      }
    });

    it('also for records with wrong-type fields, and without a final newline', () => {
      fc.assert(
        fc.property(fc.constantFrom(...realLogs(format)).chain((log) => mutatedLines(log.lines ?? [], log.rel).map((m) => described({ log, ...m }, m.summary))), fc.boolean(), ({ log, lines }, finalNewline) => {
          const source = sourceOf(format, log);
          const end = (eol: string) => (finalNewline ? eol : '');
          assert.deepEqual(parse(format, lines.join('\r\n') + end('\r\n'), source), parse(format, lines.join('\n') + end('\n'), source));
        }),
        { ...RUNS, numRuns: 40 },
      );
    });
  });

  describe(`${format.id}: a file cut at every byte offset`, () => {
    /** Every offset, or with `nearLineEnds` only those next to a CR or LF (where CRLF differs from LF). */
    const cases: { name: string; text: string; source: string; nearLineEnds?: boolean }[] = [
      { name: 'hand-written', text: sampleText(sample), source: sourceOf(format) },
      { name: 'hand-written, CRLF', text: sampleText(sample, '\r\n'), source: sourceOf(format), nearLineEnds: true },
    ];
    const corpus = realLogs(format).find((l) => !l.rel.startsWith('sample:'));
    if (corpus) {
      // The first few corpus lines, up to ~3 KB: every offset of a large file would be slow for no gain.
      const lines: string[] = [];
      for (const l of corpus.lines ?? []) {
        if (lines.join('\n').length + l.length > 3000 && lines.length > 0) break;
        lines.push(l);
      }
      if (lines.join('\n').length <= 8000) cases.push({ name: corpus.rel, text: lines.map((l) => `${l}\n`).join(''), source: sourceOf(format, corpus) });
    }

    for (const c of cases) {
      it(`${c.name}: every prefix parses; once a complete record is in, a session is; a cut record is a partial-line gap`, () => {
        const bytes = Buffer.from(c.text, 'utf8');
        assert.ok(bytes.length > c.text.length || c.name !== 'hand-written', 'the sample has multi-byte characters to cut through');
        const lines = c.text.split('\n').slice(0, -1);
        const full = parse(format, c.text, c.source);
        assert.ok(full.length > 0, 'the whole file has a session');
        // The fewest complete lines that make a session (one record for JSON lines formats).
        let need = 1;
        while (parse(format, lines.slice(0, need).map((l) => `${l}\n`).join(''), c.source).length === 0) need++;
        if (format.jsonLines) assert.equal(need, 1, 'the first record alone makes a session');
        for (let k = 0; k <= bytes.length; k++) {
          if (c.nearLineEnds && ![bytes[k - 2], bytes[k - 1], bytes[k]].some((b) => b === 0x0a || b === 0x0d)) continue;
          const prefix = bytes.subarray(0, k).toString('utf8');
          const drafts = parse(format, prefix, c.source);
          const complete = prefix.split('\n').length - 1;
          const tail = prefix.slice(prefix.lastIndexOf('\n') + 1);
          const cutRecord = format.jsonLines && tail !== '' && !parsesAsJson(tail);
          const records = complete + (tail !== '' && !cutRecord ? 1 : 0);
          if (records >= need) assert.ok(drafts.length >= 1, `offset ${k}: no session from ${records} complete records`);
          if (cutRecord) {
            for (const d of drafts) {
              assert.ok(
                d.gaps.some((g) => g.kind === 'partial-line' && g.line === complete + 1),
                `offset ${k}: session ${d.id} lacks the partial-line gap for line ${complete + 1}`,
              );
            }
          }
        }
      });
    }
  });
}
