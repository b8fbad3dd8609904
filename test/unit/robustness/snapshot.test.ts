/**
 * The live tailer feeds a line parser in batches and calls snapshot() after each: snapshots must be
 * repeatable, must not change what later snapshots say, and batching must not change the result.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LINE_FORMATS } from '../../../src/core/formats';
import type { LineFormat } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { described, junkLine, logsOf, mutatedLines, RUNS, SAMPLES, type LineSample } from '../../helpers/arbitraries';

/** Feeds lines one by one, taking a snapshot after each line whose index is in `snapAfter`. */
function feed(format: LineFormat, lines: readonly string[], snapAfter: ReadonlySet<number> = new Set()): { final: SessionDraft[]; taken: SessionDraft[][] } {
  const parser = format.open({ source: `/logs/run/${(SAMPLES[format.id] as LineSample).file}` });
  const taken: SessionDraft[][] = [];
  lines.forEach((l, i) => {
    parser.line(l, i + 1);
    if (snapAfter.has(i + 1)) taken.push(parser.snapshot());
  });
  return { final: parser.snapshot(), taken };
}

/** Changes everything a caller could change in a snapshot. */
function scribble(drafts: SessionDraft[]): void {
  for (const d of drafts) {
    d.id = 'changed';
    d.toolCalls.push({ id: 'x', tool: 'x', kind: 'other', status: 'failed', args: '' });
    for (const c of d.toolCalls) c.status = 'denied';
    d.touches.push({ path: '/x', access: 'write', evidence: 'observed' });
    for (const g of d.gaps) g.count += 100;
    d.gaps.push({ kind: 'malformed-line', detail: 'x', count: 1 });
    d.models.push('changed');
    d.sources.push({ path: '/x' });
    d.meta.changed = true;
    d.end.completed = !d.end.completed;
  }
}

for (const format of LINE_FORMATS) {
  const logs = logsOf(format.id)
    .filter((l) => (l.lines ?? []).length > 0)
    .map((l) => described({ ...l }, l.rel));
  /** A real log, maybe with wrong-type fields, maybe with junk lines in it. */
  const anyLog = fc
    .constantFrom(...logs)
    .chain((log) => fc.oneof(fc.constant({ lines: log.lines ?? [], summary: log.rel }), mutatedLines(log.lines ?? [], log.rel)))
    .chain((m) =>
      fc.array(fc.tuple(fc.nat(), junkLine), { maxLength: 3 }).map((junk) => {
        const lines = [...m.lines];
        for (const [at, l] of junk) lines.splice(at % (lines.length + 1), 0, l);
        return described({ lines }, `${m.summary}${junk.length ? ` + junk ${JSON.stringify(junk)}` : ''}`);
      }),
    );

  describe(`${format.id}: snapshot()`, () => {
    it('twice in a row gives deep-equal results', () => {
      fc.assert(
        fc.property(anyLog, fc.nat(), ({ lines }, cut) => {
          const parser = format.open({ source: '/logs/run/x' });
          lines.slice(0, cut % (lines.length + 1)).forEach((l, i) => parser.line(l, i + 1));
          assert.deepEqual(parser.snapshot(), parser.snapshot());
        }),
        RUNS,
      );
    });

    it('feeding in batches with snapshots in between ends as feeding all at once', () => {
      fc.assert(
        fc.property(anyLog, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), ({ lines }, cuts) => {
          const at = new Set(cuts.map((c) => 1 + (c % Math.max(lines.length, 1))));
          assert.deepEqual(feed(format, lines, at).final, feed(format, lines).final);
        }),
        { ...RUNS, numRuns: 100 },
      );
    });

    it('a snapshot taken mid-way says what the lines so far say', () => {
      fc.assert(
        fc.property(anyLog, fc.nat(), ({ lines }, c) => {
          const k = 1 + (c % Math.max(lines.length, 1));
          const { taken } = feed(format, lines, new Set([k]));
          assert.deepEqual(taken[0] ?? [], feed(format, lines.slice(0, k)).final);
        }),
        RUNS,
      );
    });

    it('changing a returned snapshot changes neither later snapshots nor the final result', () => {
      fc.assert(
        fc.property(anyLog, fc.nat(), ({ lines }, c) => {
          const k = 1 + (c % Math.max(lines.length, 1));
          const parser = format.open({ source: `/logs/run/${(SAMPLES[format.id] as LineSample).file}` });
          lines.forEach((l, i) => {
            parser.line(l, i + 1);
            if (i + 1 === k) scribble(parser.snapshot());
          });
          const again = parser.snapshot();
          scribble(parser.snapshot());
          assert.deepEqual(parser.snapshot(), again);
          assert.deepEqual(again, feed(format, lines).final);
        }),
        RUNS,
      );
    });
  });
}
