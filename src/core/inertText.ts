/**
 * Log content made inert for display. Everything an agent log holds (titles, paths, commands,
 * output) is untrusted: a terminal would run its escape sequences, a right-to-left override
 * would make `txt.exe` read as `exe.txt`, invisible controls would hide what is really there.
 * Every display surface (tree, tooltips, notifications, panels, exports, terminal output) puts
 * such text through one of these helpers first. Markup escaping (HTML, Markdown) is the job of
 * each surface's own escaper, on top of this.
 */

/**
 * ANSI / ECMA-48 escape sequences, 7-bit and 8-bit: CSI (`ESC [` or U+009B ... final byte),
 * OSC, DCS, SOS, PM, APC strings (up to BEL or ST), and two-byte `ESC x` escapes.
 */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;

/** C0 and C1 control characters and DEL; tab and line breaks are handled apart. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Bidirectional formatting characters (embeddings, overrides, isolates, and the invisible
 * marks): they reorder what is shown without changing what is there ("Trojan Source").
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `U+202E` style name of a character. */
export function codePointName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface InertOptions {
  /** Keep `\n` (and turn `\r\n`, `\r`, U+2028/2029 into `\n`); otherwise every line break becomes a space. */
  multiline?: boolean;
}

/**
 * Text that shows exactly what it is: escape sequences removed, other control characters
 * removed, bidirectional controls shown visibly as `<U+202E>`, tabs as a space, and (unless
 * `multiline`) one line.
 */
export function inertText(value: unknown, opts: InertOptions = {}): string {
  const text = String(value ?? '')
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL, '')
    .replace(/\t/g, ' ')
    .replace(BIDI, (c) => `<${codePointName(c)}>`);
  return opts.multiline ? text : text.replace(/\n+/g, ' ');
}

/**
 * JSON text with every character a terminal or a viewer could act on written as a `\uXXXX`
 * escape. JSON.stringify already escapes C0 controls; this adds DEL, C1 controls (U+009B is a
 * one-byte CSI), bidi controls and line separators. The value parses back unchanged.
 */
export function inertJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
