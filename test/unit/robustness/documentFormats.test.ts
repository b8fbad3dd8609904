/**
 * Properties every whole-document format must keep on hostile input: parse never throws, a bad
 * field costs at most a gap, and parsing is repeatable and leaves the input alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DOCUMENT_FORMATS } from '../../../src/core/formats';
import type { DocumentFormat } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import {
  allPaths,
  assertDraftShape,
  DEEP_DEPTH,
  DEEP_MARK,
  deepValue,
  described,
  logsOf,
  materializeDeep,
  mutatedDocument,
  replaceAt,
  RUNS,
  SAMPLES,
  showPath,
  valueAt,
  vocabulary,
  vocabularyObject,
  type CorpusLog,
  type DocumentSample,
  type PathStep,
} from '../../helpers/arbitraries';

const BIG = 3 * 1024 * 1024;
/** Fields that carry prose, outputs or file contents: never to be kept whole. */
const PROSE_KEYS = new Set(['text', 'content', 'output', 'thinking', 'thought', 'file_text', 'new_string', 'old_string', 'stdout', 'stderr', 'error', 'result']);

function sourceOf(format: DocumentFormat, log?: CorpusLog): string {
  const name = log && !log.rel.startsWith('sample:') ? log.rel.split('/').pop() : (SAMPLES[format.id] as DocumentSample).file;
  return `/logs/run-1/${name}`;
}

function parse(format: DocumentFormat, doc: unknown, source = sourceOf(format)): SessionDraft[] {
  const drafts = format.parse(doc, source);
  assertDraftShape(drafts);
  return drafts;
}

const docsOf = (format: DocumentFormat): CorpusLog[] =>
  logsOf(format.id)
    .filter((l) => l.doc !== undefined)
    .map((l) => described({ ...l }, l.rel));

for (const format of DOCUMENT_FORMATS) {
  const sample = SAMPLES[format.id] as DocumentSample;

  describe(`${format.id}: never throws`, () => {
    it('on arbitrary JSON values, alone or in a list', () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 8 })), (doc) => {
          parse(format, doc);
        }),
        RUNS,
      );
    });

    it('on objects made of the keys its own documents use, alone or in a list', () => {
      const keys = vocabulary(docsOf(format));
      const obj = vocabularyObject(keys).map(materializeDeep);
      fc.assert(
        fc.property(fc.oneof(obj, fc.array(obj, { maxLength: 8 })), (doc) => {
          parse(format, doc);
        }),
        RUNS,
      );
    });

    it('when fields of real documents (any depth) have the wrong type or are missing', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...docsOf(format)).chain((log) => mutatedDocument(log.doc, log.rel).map((m) => described({ log, ...m }, m.summary))),
          ({ log, doc }) => {
            parse(format, doc, sourceOf(format, log));
          },
        ),
        { ...RUNS, numRuns: 150, interruptAfterTimeLimit: 8000 },
      );
    });
  });

  describe(`${format.id}: deep nesting`, () => {
    it(`a value nested ${DEEP_DEPTH} levels at any field of a valid document is at most a gap`, () => {
      for (const p of allPaths(sample.doc)) {
        const doc = materializeDeep(replaceAt(sample.doc, p, DEEP_MARK));
        assert.doesNotThrow(() => parse(format, doc), showPath(p));
      }
      assert.doesNotThrow(() => parse(format, deepValue()), 'the whole document');
    });

    it('deep values inside corpus documents, at random fields', () => {
      const cases = docsOf(format)
        .filter((l) => !l.rel.startsWith('sample:'))
        .flatMap((log) => allPaths(log.doc, 3000).map((p) => described({ log, p }, `${log.rel} ${showPath(p)}`)));
      if (cases.length === 0) return;
      fc.assert(
        fc.property(fc.constantFrom(...cases), ({ log, p }) => {
          parse(format, materializeDeep(replaceAt(log.doc, p, DEEP_MARK)), sourceOf(format, log));
        }),
        { ...RUNS, numRuns: 60 },
      );
    });
  });

  describe(`${format.id}: strings of several megabytes`, () => {
    it('are read, and prose is not kept whole', () => {
      const plain = parse(format, sample.doc);
      const strings = allPaths(sample.doc).filter((p) => typeof valueAt(sample.doc, p) === 'string');
      const isProse = (p: PathStep[]) => PROSE_KEYS.has(String(p.filter((step) => typeof step === 'string').pop()));
      const longest = strings.filter((p) => !isProse(p)).sort((a, b) => String(valueAt(sample.doc, b)).length - String(valueAt(sample.doc, a)).length)[0];
      for (const p of [...strings.filter(isProse), ...(longest ? [longest] : [])]) {
        const big = `${'é'.repeat(BIG / 2)} ${'x'.repeat(1000)}\n${String(valueAt(sample.doc, p))}`;
        const drafts = parse(format, replaceAt(sample.doc, p, big));
        assert.equal(drafts.length, plain.length, `${showPath(p)}: sessions kept`);
        if (!isProse(p)) continue; // ids, paths, names and commands are kept as written
        const kept = JSON.stringify(drafts).length;
        assert.ok(kept < 256 * 1024, `${showPath(p)}: ${kept} characters kept from a ${BIG}-character text`);
      }
    });
  });

  describe(`${format.id}: repeatable`, () => {
    it('parsing the same document twice gives deep-equal sessions and leaves the document unchanged', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...docsOf(format)).chain((log) => fc.oneof(fc.constant(described({ doc: log.doc, summary: log.rel }, log.rel)), mutatedDocument(log.doc, log.rel))),
          ({ doc }) => {
            const before = structuredCloneOrSelf(doc);
            const first = parse(format, doc);
            const second = parse(format, doc);
            assert.deepEqual(second, first);
            if (before !== doc) assert.deepEqual(doc, before, 'the input document was changed');
          },
        ),
        { ...RUNS, numRuns: 80 },
      );
    });

    it('each parse returns fresh objects: changing one result does not change the next', () => {
      for (const log of docsOf(format)) {
        const first = parse(format, log.doc);
        const expected = structuredClone(first);
        for (const d of first) {
          d.toolCalls.push({ id: 'x', tool: 'x', kind: 'other', status: 'failed', args: '' });
          d.gaps.length = 0;
          d.models.push('changed');
        }
        assert.deepEqual(parse(format, log.doc), expected, log.rel);
      }
    });
  });
}

/** A copy to compare against later; values too deep to copy are compared by identity only. */
function structuredCloneOrSelf(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}
