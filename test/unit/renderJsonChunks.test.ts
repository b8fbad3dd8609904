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

  it('writes the real corpus report exactly as stringifying it whole', { skip: corpusSkip }, async () => {
    const { report } = await runAudit({ roots: [CORPUS], now: new Date('2026-11-01T00:00:00Z'), workerFile: '' });
    assert.ok(report.sessions.length > 50);
    assert.equal(renderJson(report), wholeAtOnce(report));
  });
});
