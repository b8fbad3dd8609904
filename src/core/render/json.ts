/**
 * The report as JSON (`--format json`): the `agent-audit/report@1` contract, byte-stable.
 * Object keys are sorted (with `schema` first) so the same report always prints the same bytes,
 * whatever order its producer built the objects in; arrays keep their order. Characters that a
 * terminal or a viewer would act on are written as `\uXXXX` escapes, so `cat report.json` is safe.
 */
import { inertJson } from '../inertText';
import type { Report } from '../report';

export function renderJson(report: Report): string {
  const { schema, ...rest } = report;
  // Escapes what a terminal or viewer could act on (C1 controls, bidi controls); parses back the same.
  return `${inertJson(JSON.stringify({ schema, ...(sortKeys(rest) as object) }, null, 2))}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // No prototype: a key named `__proto__` from a log stays an ordinary key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
