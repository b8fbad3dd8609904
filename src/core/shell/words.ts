/** The value a shell word stands for: quotes removed, escapes resolved, expansions left as written. */
import type { SyntaxNode } from './syntax';

const ANSI_C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };

function unescapeBare(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1');
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
}

function decodeAnsiC(text: string): string {
  return text.replace(/\\(.)/gs, (_, c: string) => ANSI_C_ESCAPES[c] ?? c);
}

/** Strips a surrounding pair of quote characters, tolerating an unterminated string. */
function inside(text: string, open: string, close: string): string {
  let body = text.startsWith(open) ? text.slice(open.length) : text;
  if (body.endsWith(close)) body = body.slice(0, -close.length);
  return body;
}

export function wordValue(node: SyntaxNode): string {
  switch (node.type) {
    case 'word':
      return unescapeBare(node.text);
    case 'raw_string':
      return inside(node.text, "'", "'");
    case 'ansi_c_string':
      return decodeAnsiC(inside(node.text, "$'", "'"));
    case 'string':
      return unescapeDoubleQuoted(inside(node.text, '"', '"'));
    case 'translated_string':
      return unescapeDoubleQuoted(inside(node.text, '$"', '"'));
    case 'concatenation': {
      let out = '';
      for (const child of node.children) if (child) out += wordValue(child);
      return out;
    }
    default:
      return node.text;
  }
}
