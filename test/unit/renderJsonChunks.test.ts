/** The JSON report written a session at a time is the very text of the whole report stringified at once. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { inertJson } from '../../src/core/inertText';
import type { Report } from '../../src/core/report';
import { renderJson, renderJsonChunks } from '../../src/core/render/json';
import { runAudit } from '../../src/node/audit';
import { CORPUS, corpusSkip } from '../helpers/corpus';
import { sampleReport } from '../helpers/sampleReport';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** What the report's JSON is defined as: schema first, every key sorted, two-space indent. */
function wholeAtOnce(report: Report): string {
  const { schema, ...rest } = report;
  return `${inertJson(JSON.stringify({ schema, ...(sortKeys(rest) as object) }, null, 2))}\n`;
}

describe('renderJsonChunks', () => {
  it('writes the sample report exactly as stringifying it whole, in more than one piece', () => {
    const report = sampleReport();
    assert.equal(renderJson(report), wholeAtOnce(report));
    assert.ok([...renderJsonChunks(report)].length > report.sessions.length);
  });

  it('holds for empty session lists and arbitrary values in any field', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(fc.array(json, { maxLength: 4 }), // Report fields are names: an integer-like key would be ordered before `schema` by JS itself.
      fc.dictionary(fc.string({ maxLength: 8 }).map((k) => `f${k}`), json, { maxKeys: 5 }), (sessions, extra) => {
        const report = { ...extra, schema: 'agent-audit/report@1', sessions } as unknown as Report;
        assert.equal(renderJson(report), wholeAtOnce(report));
      }),
      { numRuns: 200 },
    );
  });

  it('holds for values JSON leaves out or writes as null (undefined, functions) at every depth', () => {
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined), fc.constant(() => 1), tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ maxLength: 4 }), tie('tree'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 4 }), tree, (sessions, extra) => {
        const report = { schema: 'agent-audit/report@1', sessions, extra } as unknown as Report;
        assert.equal(renderJson(report), wholeAtOnce(report));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts keys under integer-like keys and inside arrays, and keeps keys already in order', () => {
    const report = {
      schema: 'agent-audit/report@1',
      sessions: [{ a: { b: { 10: { z: 1, y: [{ d: 1, c: 2 }] }, 2: { b: 1, a: 2 } } }, b: [{ q: { n: 1, m: 2 } }], c: { a: 1, b: { a: 1 } } }],
    } as unknown as Report;
    assert.equal(renderJson(report), wholeAtOnce(report));
    assert.match(renderJson(report), /"y": \[\n\s+\{\n\s+"c": 2,\n\s+"d": 1/);
  });

  it('writes a session with many calls in pieces far smaller than the session', () => {
    const report = sampleReport();
    const [session] = report.sessions;
    const calls = Array.from({ length: 2000 }, (_, i) => ({ ...session!.toolCalls[0]!, id: `call-${i}` }));
    const big = { ...report, sessions: [{ ...session!, toolCalls: calls }] } as Report;
    const text = renderJson(big);
    const longest = Math.max(...[...renderJsonChunks(big)].map((c) => c.length));
    assert.equal(text, wholeAtOnce(big));
    assert.ok(longest < text.length / 50, `longest piece ${longest} of ${text.length} chars`);
  });

  it('writes the real corpus report exactly as stringifying it whole', { skip: corpusSkip }, async () => {
    const { report } = await runAudit({ roots: [CORPUS], now: new Date('2026-11-01T00:00:00Z'), workerFile: '' });
    assert.ok(report.sessions.length > 50);
    assert.equal(renderJson(report), wholeAtOnce(report));
  });

  it('writes the same text when the report\'s sessions are made as they are written', { skip: corpusSkip }, async () => {
    const now = new Date('2026-11-01T00:00:00Z');
    const { report } = await runAudit({ roots: [CORPUS], now, workerFile: '' });
    const deferred = await runAudit({ roots: [CORPUS], now, workerFile: '', deferReportSessions: true });
    assert.deepEqual(deferred.report.sessions, []);
    assert.ok(deferred.reportSessions);
    assert.equal([...renderJsonChunks(deferred.report, deferred.reportSessions)].join(''), renderJson(report));
  });

  it('writes an empty session list from an empty iterable as []', () => {
    const report = { ...sampleReport(), sessions: [] };
    assert.equal([...renderJsonChunks(sampleReport(), [])].join(''), renderJson(report));
  });
});
