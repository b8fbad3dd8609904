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

/** An array longer than this is written an element at a time (with what holds it); anything smaller in one piece. */
const LONG_ARRAY = 256;

/**
 * The same text in pieces: a long history's report is tens of megabytes and a single session's
 * can be too, so long arrays (sessions, a session's calls and touches) are written an element at
 * a time and the report is never one string, nor one sorted copy.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const { schema, ...rest } = report;
  yield `{\n  "schema": ${JSON.stringify(schema)}`;
  for (const [key, value] of sortedEntries(rest)) {
    yield `,\n  ${inertJson(JSON.stringify(key))}: `;
    yield* valueChunks(value, '  ');
  }
  yield '\n}\n';
}

/** `value` as JSON.stringify(…, null, 2) prints it nested at `indent`, keys sorted. */
function* valueChunks(value: unknown, indent: string): Generator<string> {
  if (!holdsLongArray(value, 3)) {
    yield pretty(value, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '[' : ','}\n${inner}`;
      // As in JSON.stringify, an array slot that has no JSON value is written as null.
      yield* isJsonValue(value[i]) ? valueChunks(value[i], inner) : ['null'];
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = sortedEntries(value as object);
  for (let i = 0; i < entries.length; i++) {
    yield `${i === 0 ? '{' : ','}\n${inner}${inertJson(JSON.stringify(entries[i]![0]))}: `;
    yield* valueChunks(entries[i]![1], inner);
  }
  yield `\n${indent}}`;
}

/** A long array, or an object holding one within `depth` levels. */
function holdsLongArray(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    if (value.length > LONG_ARRAY) return true;
    if (depth > 0) for (const v of value) if (holdsLongArray(v, depth - 1)) return true;
    return false;
  }
  if (depth > 0) for (const key in value) if (holdsLongArray((value as Record<string, unknown>)[key], depth - 1)) return true;
  return false;
}

/** The members JSON.stringify would write (not undefined, functions or symbols), in sortKeys' order. */
function sortedEntries(value: object): [string, unknown][] {
  // Keys set in sorted order on a plain object come back in JS's own order (integer-like keys first), as in sortKeys.
  const order: Record<string, true> = Object.create(null);
  for (const key of Object.keys(value).sort()) order[key] = true;
  const out: [string, unknown][] = [];
  for (const key of Object.keys(order)) {
    const v = (value as Record<string, unknown>)[key];
    if (isJsonValue(v)) out.push([key, v]);
  }
  return out;
}

function isJsonValue(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

function pretty(value: unknown, indent: string): string {
  // Most values are built with their keys in order already: then there is nothing to copy.
  const json = JSON.stringify(inOrder(value) ? value : sortKeys(value), null, 2);
  // Escapes what a terminal or viewer could act on (C1 controls, bidi controls); parses back the same.
  // JSON text holds no raw newline but between tokens, so indenting every line is safe.
  return inertJson(json).replace(/\n/g, `\n${indent}`);
}

/** True when JSON.stringify writes `value` as it would write sortKeys(value): every key already in order. */
function inOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!inOrder(v)) return false;
    return true;
  }
  // sortKeys turns an object with its own JSON form (a Date) into {}; leave such cases to it.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (!isArrayIndex(key)) {
      // Integer-like keys come first in ascending order in any object: only the others can be out of order.
      if (previous !== undefined && previous > key) return false;
      previous = key;
    }
    if (!inOrder((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const n = Number(key);
  return String(n) === key && n < 4294967295;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // No prototype: a key named `__proto__` from a log stays an ordinary key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
