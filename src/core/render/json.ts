/**
 * The report as JSON (`--format json`): the `agent-audit/report@1` contract, byte-stable.
 * Object keys are sorted (with `schema` first) so the same report always prints the same bytes,
 * whatever order its producer built the objects in; arrays keep their order. Characters that a
 * terminal or a viewer would act on are written as `\uXXXX` escapes, so `cat report.json` is safe.
 */
import { inertJson } from '../inertText';
import type { Report } from '../report';

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}

/**
 * The same text in pieces, one session at a time: a long history's report is tens of megabytes,
 * and written this way it is never one string, nor one sorted copy of the whole report.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const { schema, ...rest } = report;
  yield `{\n  "schema": ${JSON.stringify(schema)}`;
  for (const key of Object.keys(rest).sort()) {
    const value = (rest as Record<string, unknown>)[key];
    if (value === undefined) continue;
    yield `,\n  ${JSON.stringify(key)}: `;
    if (key === 'sessions' && Array.isArray(value) && value.length > 0) {
      for (let i = 0; i < value.length; i++) yield `${i === 0 ? '[' : ','}\n    ${pretty(value[i], '    ')}`;
      yield '\n  ]';
    } else {
      yield pretty(value, '  ');
    }
  }
  yield '\n}\n';
}

/** A value as JSON.stringify(…, null, 2) prints it nested at `indent`, keys sorted. */
function pretty(value: unknown, indent: string): string {
  // Escapes what a terminal or viewer could act on (C1 controls, bidi controls); parses back the same.
  // JSON text holds no raw newline but between tokens, so indenting every line is safe.
  return inertJson(JSON.stringify(sortKeys(value), null, 2)).replace(/\n/g, `\n${indent}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // No prototype: a key named `__proto__` from a log stays an ordinary key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
