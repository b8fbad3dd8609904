/**
 * Plausible text for generated sessions: source lines, command output, prose. Lines are built once
 * into pools and then picked, because building a gigabyte character by character would make the
 * generator slower than the tools it benchmarks. Everything is ASCII, so a string's length is its
 * UTF-8 byte count (the writers rely on that to track file sizes cheaply).
 */
import type { Rng } from './random';

const IDENTS = ['user', 'order', 'session', 'config', 'result', 'items', 'cache', 'token', 'request', 'response', 'handler', 'payload', 'index', 'buffer', 'entry', 'record', 'state', 'options', 'client', 'server', 'route', 'query', 'schema', 'value', 'count', 'limit', 'offset', 'path', 'file', 'line', 'event', 'queue', 'worker', 'job', 'retry', 'timeout', 'logger', 'metrics', 'parser', 'report'];
const TYPES = ['string', 'number', 'boolean', 'Order[]', 'Promise<void>', 'Map<string, Entry>', 'Record<string, unknown>', 'User | undefined', 'Buffer', 'ReadonlyArray<Item>'];
const WORDS = ['the', 'a', 'this', 'that', 'we', 'it', 'now', 'then', 'should', 'will', 'can', 'test', 'tests', 'function', 'file', 'module', 'change', 'error', 'build', 'fix', 'update', 'check', 'config', 'handler', 'route', 'parser', 'schema', 'migration', 'cache', 'because', 'so', 'when', 'before', 'after', 'instead', 'first', 'next', 'still', 'only', 'also', 'failing', 'passing', 'looks', 'right', 'wrong', 'missing', 'unused', 'import', 'type', 'value', 'null', 'case', 'edge', 'loop', 'call', 'return', 'let', 'me', 'run', 'read', 'add', 'remove', 'rename', 'refactor', 'endpoint', 'query', 'index', 'timeout', 'retry', 'flaky', 'log', 'output', 'line', 'path'];
const LOG_LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
export const LANG_EXT = ['ts', 'ts', 'ts', 'tsx', 'py', 'py', 'go', 'rs', 'md', 'json', 'sql', 'yaml'];

export class TextPool {
  private readonly code: string[] = [];
  private readonly logs: string[] = [];
  private readonly prose: string[] = [];
  private readonly base64: string;

  constructor(private rng: Rng) {
    for (let i = 0; i < 3000; i++) this.code.push(this.codeLine());
    for (let i = 0; i < 2000; i++) this.logs.push(this.logLine(i));
    for (let i = 0; i < 1500; i++) this.prose.push(this.sentence());
    let b = '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let i = 0; i < 65536; i++) b += alphabet[Math.floor(rng.next() * 64)];
    this.base64 = b;
  }

  /** The same pools, picked from with another generator (one per file, so files are independent). */
  using(rng: Rng): TextPool {
    const view = Object.create(TextPool.prototype) as TextPool;
    Object.assign(view, this, { rng });
    return view;
  }

  /** `n` lines of source code, joined by newlines. */
  codeLines(n: number): string {
    return this.pickLines(this.code, n);
  }

  /** Source in `cat -n` form, as Claude Code's Read returns it. */
  numberedCode(startLine: number, n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(`${String(startLine + i).padStart(6, ' ')}\t${this.rng.pick(this.code)}`);
    return out.join('\n');
  }

  logLines(n: number): string {
    return this.pickLines(this.logs, n);
  }

  /** A paragraph of `n` sentences. */
  paragraph(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.rng.pick(this.prose));
    return out.join(' ');
  }

  /** Markdown-ish prose with headings and bullets, `n` paragraphs long. */
  document(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 4 === 0) out.push(`## ${this.words(3)}`);
      out.push(this.rng.chance(0.3) ? `- ${this.paragraph(1)}\n- ${this.paragraph(1)}` : this.paragraph(this.rng.int(2, 5)));
    }
    return out.join('\n\n');
  }

  /** Opaque text of the given length (signatures, encrypted reasoning). */
  opaque(length: number): string {
    const start = this.rng.int(0, this.base64.length - 1);
    let s = '';
    while (s.length < length) s += this.base64.slice(start, start + length - s.length) || this.base64;
    return s.slice(0, length);
  }

  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.rng.pick(WORDS));
    return out.join(' ');
  }

  ident(): string {
    return this.rng.pick(IDENTS);
  }

  private pickLines(pool: readonly string[], n: number): string {
    const out: string[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rng.pick(pool);
    return out.join('\n');
  }

  private sentence(): string {
    const w = this.words(this.rng.int(6, 18));
    return `${w[0]!.toUpperCase()}${w.slice(1)}${this.rng.pick(['.', '.', '.', ':', '?'])}`;
  }

  private codeLine(): string {
    const r = this.rng;
    const a = r.pick(IDENTS);
    const b = r.pick(IDENTS);
    const pad = '  '.repeat(r.int(0, 3));
    switch (r.int(0, 9)) {
      case 0:
        return `${pad}const ${a}${cap(b)} = await ${b}.get${cap(a)}(${r.pick(IDENTS)}Id);`;
      case 1:
        return `${pad}if (!${a} || ${a}.${b} === undefined) return null;`;
      case 2:
        return `${pad}export function ${a}${cap(b)}(${b}: ${r.pick(TYPES)}): ${r.pick(TYPES)} {`;
      case 3:
        return `${pad}for (const ${a} of ${b}s) ${a}s.push(${a}.${r.pick(IDENTS)});`;
      case 4:
        return `${pad}// ${this.words(r.int(4, 10))}`;
      case 5:
        return `${pad}}`;
      case 6:
        return `${pad}def ${a}_${b}(self, ${b}: ${r.pick(['str', 'int', 'dict', 'list[str]'])}) -> ${r.pick(['None', 'bool', 'str'])}:`;
      case 7:
        return `${pad}${a}.${b} = ${r.int(0, 5000)};`;
      case 8:
        return `${pad}throw new Error(\`${a} ${this.words(3)}: \${${b}}\`);`;
      default:
        return `${pad}return { ...${a}, ${b}: ${a}.${b} ?? ${r.pick(['0', "''", '[]', 'null'])} };`;
    }
  }

  private logLine(i: number): string {
    const r = this.rng;
    switch (r.int(0, 5)) {
      case 0:
        return `  ${r.chance(0.9) ? 'ok' : 'not ok'} ${i} - ${this.words(r.int(3, 7))} (${(r.next() * 300).toFixed(3)}ms)`;
      case 1:
        return `${r.int(10, 23)}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}.${r.int(100, 999)} [${r.pick(LOG_LEVELS)}] ${this.words(r.int(4, 9))}`;
      case 2:
        return `src/${r.pick(IDENTS)}/${r.pick(IDENTS)}.${r.pick(LANG_EXT)}:${r.int(1, 900)}:${r.int(1, 80)}: ${this.words(r.int(3, 8))}`;
      case 3:
        return `PASS test/${r.pick(IDENTS)}.test.ts (${(r.next() * 5).toFixed(2)} s)`;
      case 4:
        return `    at ${cap(r.pick(IDENTS))}.${r.pick(IDENTS)} (node:internal/${r.pick(IDENTS)}:${r.int(1, 900)}:${r.int(1, 60)})`;
      default:
        return `${r.pick(['+', '-', ' '])} ${this.words(r.int(2, 9))}`;
    }
  }
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}
