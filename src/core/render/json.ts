/**
 * The report as JSON (`--format json`): the `agent-audit/report@1` contract, byte-stable.
 * Object keys are sorted (with `schema` first) so the same report always prints the same bytes,
 * whatever order its producer built the objects in; arrays keep their order. Characters that a
 * terminal or a viewer would act on are written as `\uXXXX` escapes, so `cat report.json` is safe.
 */
import { inertJson } from '../inertText';
import type { Report, ReportSession } from '../report';

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}

/** An array longer than this is written an element at a time (with what holds it); anything smaller in one piece. */
const LONG_ARRAY = 256;

/**
 * The same text in pieces: a long history's report is tens of megabytes and a single session's
 * can be too, so long arrays (sessions, a session's calls and touches) are written an element at
 * a time and the report is never one string, nor one sorted copy. With `sessions`, the report's
 * sessions are written from it as they come instead (see buildDeferredReport).
 */
export function* renderJsonChunks(report: Report, sessions?: Iterable<ReportSession>): Generator<string> {
  const { schema, ...rest } = report;
  yield `{\n  "schema": ${JSON.stringify(schema)}`;
  for (const [key, value] of sortedEntries(rest)) {
    yield `,\n  ${inertJson(JSON.stringify(key))}: `;
    if (key === 'sessions' && sessions) yield* arrayChunks(sessions, '  ');
    else yield* valueChunks(value, '  ');
  }
  yield '\n}\n';
}

/** `value` as JSON.stringify(…, null, 2) prints it nested at `indent`, keys sorted. */
function* valueChunks(value: unknown, indent: string): Generator<string> {
  if (!holdsLongArray(value, 3)) {
    yield pretty(value, indent);
    return;
  }
  if (Array.isArray(value)) {
    yield* arrayChunks(value, indent);
    return;
  }
  const inner = `${indent}  `;
  const entries = sortedEntries(value as object);
  for (let i = 0; i < entries.length; i++) {
    yield `${i === 0 ? '{' : ','}\n${inner}${inertJson(JSON.stringify(entries[i]![0]))}: `;
    yield* valueChunks(entries[i]![1], inner);
  }
  yield `\n${indent}}`;
}

/** The elements as JSON.stringify(…, null, 2) prints an array at `indent`, one element at a time. */
function* arrayChunks(values: Iterable<unknown>, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const v of values) {
    yield `${first ? '[' : ','}\n${inner}`;
    first = false;
    // As in JSON.stringify, an array slot that has no JSON value is written as null.
    yield* isJsonValue(v) ? valueChunks(v, inner) : ['null'];
  }
  yield first ? '[]' : `\n${indent}]`;
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

/** The members JSON.stringify would write (not undefined, functions or symbols), keys in the order `sorted` gives them. */
function sortedEntries(value: object): [string, unknown][] {
  // Keys set in sorted order on a plain object come back in JS's own order (integer-like keys first).
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

/**
 * `value` stringified with two-space indents as if it stood `indent` deep: it is wrapped in as many
 * one-element arrays, and the wrapping cut off again (a cheap slice, not a pass over the text).
 */
function pretty(value: unknown, indent: string): string {
  const levels = indent.length / 2;
  let wrapped = sorted(value);
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const json = JSON.stringify(wrapped, null, 2);
  // Each level opens with `<its indent>[\n` and closes with `\n<its indent>]`; the value starts after its own indent.
  const head = levels * levels + levels + indent.length;
  const tail = levels * levels + levels;
  // Escapes what a terminal or viewer could act on (C1 controls, bidi controls); parses back the same.
  return inertJson(json.slice(head, json.length - tail));
}

/**
 * `value` with every object's keys in sorted order, as JSON.stringify will write them. Only
 * objects out of order (and what holds them) are copied: most are built in order already, and
 * finding that out allocates nothing.
 */
function sorted(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = sorted(value[i]);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // An object with its own JSON form (a Date) becomes {} as in the copy below: never left as it is.
  if (typeof record.toJSON === 'function') return sortedCopy(record, keys);
  let previous: string | undefined;
  for (const key of keys) {
    // Integer-like keys come first in ascending order in any object: only the others can be out of order.
    if (!isArrayIndex(key)) {
      if (previous !== undefined && previous > key) return sortedCopy(record, keys);
      previous = key;
    }
    const v = record[key];
    if (v !== null && typeof v === 'object' && sorted(v) !== v) return sortedCopy(record, keys);
  }
  return value;
}

function sortedCopy(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  // No prototype: a key named `__proto__` from a log stays an ordinary key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of [...keys].sort()) out[key] = sorted(record[key]);
  return out;
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const n = Number(key);
  return String(n) === key && n < 4294967295;
}
