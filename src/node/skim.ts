/**
 * Lazy reading of bulky records. Most of a long history's bytes are a few string values that the
 * parsers only glance at: tool output, file contents, thinking text, encrypted reasoning. Parsing
 * them in full costs most of a scan, so before JSON.parse a long line is "skimmed": each string
 * value longer than `BULK_BYTES` under one of the format's bulk keys is cut to its first
 * `KEEP_BYTES`, and the record keeps its shape and every other field. Walking the line costs one
 * `indexOf` per quote character; nothing is decoded but what is kept.
 */

/** Lines shorter than this are parsed as they are. */
export const SKIM_LINE_BYTES = 4 * 1024;
/** A string value longer than this (in bytes of JSON text) is cut... */
export const BULK_BYTES = 3 * 1024;
/**
 * ...to this many bytes. Parsers read at most the first 2,000 characters of such a value (an
 * excerpt, an exit code, a first line), which fits unless the text is mostly escapes.
 */
export const KEEP_BYTES = 2 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SPACE = 0x20;

/**
 * The line `buf[start, end)` as text, with bulky values cut; undefined when nothing was cut (the
 * caller decodes the line as usual) or the line is not well-formed enough to walk.
 */
export function skimLine(buf: Buffer, start: number, end: number, bulkKeys: ReadonlySet<string>): string | undefined {
  let pieces: string[] | undefined;
  let copied = start;
  let pos = start;
  for (;;) {
    // Between tokens there are no quotes, so the next one opens a string (a key or a value).
    const open = buf.indexOf(QUOTE, pos);
    if (open < 0 || open >= end) break;
    const close = closingQuote(buf, open + 1, end);
    if (close < 0) return undefined;
    if (close - open - 1 > BULK_BYTES && isBulkValue(buf, start, open, bulkKeys)) {
      const cut = safeCut(buf, open + 1 + KEEP_BYTES, open + 1);
      pieces ??= [];
      // '…' closes a cut value, so that a reader can tell.
      pieces.push(buf.toString('utf8', copied, cut), '\u2026');
      copied = close;
    }
    pos = close + 1;
  }
  if (!pieces) return undefined;
  pieces.push(buf.toString('utf8', copied, end));
  // Pieces decoded one by one (each cut falls between characters): no copy of the kept bytes first.
  return pieces.join('');
}

/** The index of the quote closing a string whose text starts at `from`, or -1. */
function closingQuote(buf: Buffer, from: number, end: number): number {
  let at = from;
  for (;;) {
    const q = buf.indexOf(QUOTE, at);
    if (q < 0 || q >= end) return -1;
    // Escaped when preceded by an odd run of backslashes.
    let k = q - 1;
    while (k >= from && buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    at = q + 1;
  }
}

/** True when the string opening at `open` is the value of a bulk key (`"key": "…"`). */
function isBulkValue(buf: Buffer, start: number, open: number, bulkKeys: ReadonlySet<string>): boolean {
  let colon = open - 1;
  if (colon > start && buf[colon] === SPACE) colon--;
  if (colon <= start || buf[colon] !== COLON) return false;
  let keyClose = colon - 1;
  if (keyClose > start && buf[keyClose] === SPACE) keyClose--;
  if (buf[keyClose] !== QUOTE) return false;
  const keyOpen = buf.lastIndexOf(QUOTE, keyClose - 1);
  if (keyOpen < start || keyClose - keyOpen > 40) return false;
  return bulkKeys.has(buf.toString('latin1', keyOpen + 1, keyClose));
}

/** `at` moved back so that the cut splits neither an escape sequence nor a UTF-8 character. */
function safeCut(buf: Buffer, at: number, min: number): number {
  let cut = at;
  // A backslash within the last 5 bytes may open an escape (`\uXXXX` is the longest) that the cut would split.
  for (let i = cut - 1; i >= Math.max(min, cut - 5); i--) {
    if (buf[i] !== BACKSLASH) continue;
    let k = i;
    while (k > min && buf[k - 1] === BACKSLASH) k--;
    // An odd run ending at i: the escape starts at i. An even run is complete pairs.
    if ((i - k + 1) % 2 === 1) cut = i;
    break;
  }
  while (cut > min && (buf[cut]! & 0xc0) === 0x80) cut--;
  return cut;
}
