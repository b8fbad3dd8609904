/**
 * Just enough of a regular expression parser to reason about secretlint's rule patterns: which
 * characters a match can start or end with, which it can hold anywhere, what lookarounds examine,
 * and which literal strings every match must contain. It throws on syntax it does not know
 * (backreferences, the `v` flag, a lone `{`), so a pattern it cannot vouch for fails the tests
 * instead of slipping through.
 */

export type Node =
  | { t: 'char'; src: string; exact?: string }
  | { t: 'assert'; src: string }
  | { t: 'look'; behind: boolean; body: Node }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'quant'; body: Node; min: number; max: number };

export function parseRegex(re: RegExp): Node {
  if (/[vy]/.test(re.flags)) throw new Error(`unsupported flags /${re.flags}`);
  const src = re.source;
  const unicode = re.flags.includes('u');
  const ignoreCase = re.flags.includes('i');
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i} in /${src}/`);
  };
  // A literal character stands for exactly itself unless case is ignored and it has another case.
  const literal = (text: string, c: string): Node => ({ t: 'char', src: text, ...(ignoreCase && c.toLowerCase() !== c.toUpperCase() ? {} : { exact: c }) });

  const alt = (): Node => {
    const options = [seq()];
    while (src[i] === '|') {
      i++;
      options.push(seq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  };
  const seq = (): Node => {
    const items: Node[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') items.push(quantified());
    return { t: 'seq', items };
  };
  const quantified = (): Node => {
    let node = atom();
    for (;;) {
      const q = /^(?:([?*+])|\{(\d+)(,(\d*))?\})/.exec(src.slice(i));
      if (!q) {
        if (src[i] === '{') fail('a { that is no quantifier');
        return node;
      }
      if (node.t === 'assert' || node.t === 'look') fail('a quantified assertion');
      i += q[0].length;
      if (src[i] === '?') i++; // lazy: the same language
      const [min, max] = q[1] === '?' ? [0, 1] : q[1] === '*' ? [0, Infinity] : q[1] === '+' ? [1, Infinity] : [Number(q[2]), q[3] === undefined ? Number(q[2]) : q[4] === '' ? Infinity : Number(q[4])];
      node = { t: 'quant', body: node, min, max };
    }
  };
  const atom = (): Node => {
    const c = src[i]!;
    if (c === '(') {
      const head = /^\((\?:|\?=|\?!|\?<=|\?<!|\?<[A-Za-z_$][\w$]*>)?/.exec(src.slice(i))![0];
      i += head.length;
      const body = alt();
      if (src[i] !== ')') fail('an unclosed group');
      i++;
      if (head === '(?=' || head === '(?!') return { t: 'look', behind: false, body };
      if (head === '(?<=' || head === '(?<!') return { t: 'look', behind: true, body };
      return body;
    }
    if (c === '[') {
      const start = i;
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      if (src[i] !== ']') fail('an unclosed class');
      i++;
      return { t: 'char', src: src.slice(start, i) };
    }
    if (c === '\\') return escape();
    if (c === '^' || c === '$') {
      i++;
      return { t: 'assert', src: c };
    }
    if (c === '.') {
      i++;
      return { t: 'char', src: c };
    }
    if ('*+?{}])'.includes(c)) fail(`a stray ${c}`);
    const ch = unicode ? String.fromCodePoint(src.codePointAt(i)!) : c;
    i += ch.length;
    return literal(ch, ch);
  };
  const escape = (): Node => {
    const rest = src.slice(i);
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
    let m: RegExpExecArray | null;
    if ((m = /^\\[bB]/.exec(rest))) {
      i += 2;
      return { t: 'assert', src: m[0] };
    }
    if ((m = /^\\[dDwWsS]/.exec(rest)) || (m = /^\\[pP]\{[^}]+\}/.exec(rest))) {
      i += m[0].length;
      return { t: 'char', src: m[0] };
    }
    if (/^\\([1-9]|k)/.test(rest)) fail('a backreference');
    if ((m = /^\\x([0-9a-fA-F]{2})/.exec(rest)) || (m = /^\\u([0-9a-fA-F]{4})/.exec(rest)) || (unicode && (m = /^\\u\{([0-9a-fA-F]+)\}/.exec(rest)))) {
      i += m[0].length;
      return literal(m[0], String.fromCodePoint(parseInt(m[1]!, 16)));
    }
    if ((m = /^\\0(?![0-9])/.exec(rest))) {
      i += 2;
      return literal(m[0], '\0');
    }
    if ((m = /^\\([nrtfv])/.exec(rest))) {
      i += 2;
      return literal(m[0], simple[m[1]!]!);
    }
    if ((m = /^\\c[A-Za-z]/.exec(rest))) {
      i += 3;
      return literal(m[0], String.fromCharCode(m[0].charCodeAt(2) % 32));
    }
    if ((m = /^\\([^A-Za-z0-9])/.exec(rest))) {
      i += 2;
      return literal(m[0], m[1]!);
    }
    return fail('an unknown escape');
  };

  const node = alt();
  if (i !== src.length) fail('an unmatched )');
  return node;
}

/** Whether a consuming atom of `re` accepts a character (asked of the engine itself, with the pattern's flags). */
export function accepts(atom: Extract<Node, { t: 'char' }>, flags: string, ch: string): boolean {
  return new RegExp(`^(?:${atom.src})$`, flags.replace(/[gymd]/g, '')).test(ch);
}

export function nullable(n: Node): boolean {
  switch (n.t) {
    case 'char':
      return false;
    case 'assert':
    case 'look':
      return true;
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.options.some(nullable);
    case 'quant':
      return n.min === 0 || nullable(n.body);
  }
}

type Atom = Extract<Node, { t: 'char' }>;

/** The atoms that can consume the first character of a match (`last`: the last one). */
export function edgeAtoms(n: Node, last: boolean): Atom[] {
  switch (n.t) {
    case 'char':
      return [n];
    case 'assert':
    case 'look':
      return [];
    case 'seq': {
      const out: Atom[] = [];
      for (const item of last ? [...n.items].reverse() : n.items) {
        out.push(...edgeAtoms(item, last));
        if (!nullable(item)) break;
      }
      return out;
    }
    case 'alt':
      return n.options.flatMap((o) => edgeAtoms(o, last));
    case 'quant':
      return n.max === 0 ? [] : edgeAtoms(n.body, last);
  }
}

/** Every consuming atom, and whether it sits inside a lookaround (where it examines without consuming). */
export function atoms(n: Node, inLook = false): { atom: Atom; inLook: boolean }[] {
  switch (n.t) {
    case 'char':
      return [{ atom: n, inLook }];
    case 'assert':
      return [];
    case 'look':
      return atoms(n.body, true);
    case 'seq':
      return n.items.flatMap((x) => atoms(x, inLook));
    case 'alt':
      return n.options.flatMap((x) => atoms(x, inLook));
    case 'quant':
      return atoms(n.body, inLook);
  }
}

export function assertions(n: Node): string[] {
  switch (n.t) {
    case 'char':
      return [];
    case 'assert':
      return [n.src];
    case 'look':
      return assertions(n.body);
    case 'seq':
      return n.items.flatMap(assertions);
    case 'alt':
      return n.options.flatMap(assertions);
    case 'quant':
      return assertions(n.body);
  }
}

const MAX_SET = 256;

/** Every string the node can match, when that is a small finite set; otherwise undefined. */
function language(n: Node): Set<string> | undefined {
  switch (n.t) {
    case 'char':
      return n.exact !== undefined ? new Set([n.exact]) : undefined;
    case 'assert':
    case 'look':
      return new Set(['']);
    case 'seq': {
      let out: Set<string> | undefined = new Set(['']);
      for (const item of n.items) out = out && product(out, language(item));
      return out;
    }
    case 'alt': {
      const out = unionOf(n.options, language);
      return out && out.size <= MAX_SET ? out : undefined;
    }
    case 'quant': {
      if (n.max === Infinity || n.max > 4) return undefined;
      const body = language(n.body);
      if (!body) return undefined;
      const out = new Set<string>();
      let run: Set<string> | undefined = new Set(['']);
      for (let k = 0; k <= n.max && run; k++) {
        if (k >= n.min) for (const s of run) out.add(s);
        run = product(run, body);
      }
      return out.size <= MAX_SET ? out : undefined;
    }
  }
}

/** The union of what `of` gives for each node; undefined when it gives undefined for any. */
function unionOf(nodes: readonly Node[], of: (n: Node) => Set<string> | undefined): Set<string> | undefined {
  const out = new Set<string>();
  for (const n of nodes) {
    const set = of(n);
    if (!set) return undefined;
    for (const x of set) out.add(x);
  }
  return out;
}

function product(a: Set<string>, b: Set<string> | undefined): Set<string> | undefined {
  if (!b || a.size * b.size > MAX_SET) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** The better clue set: every member long, few members. */
function better(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a || !b) return a ?? b;
  const shortest = (s: Set<string>): number => Math.min(...[...s].map((x) => x.length));
  return shortest(b) > shortest(a) || (shortest(b) === shortest(a) && b.size < a.size) ? b : a;
}

/**
 * Strings of which every match of the node holds at least one (non-empty, each as it is), or
 * undefined when no such set was found. Consecutive parts with a small exact language are taken
 * together (`(ghp|gho)_` gives `ghp_`, `gho_`).
 */
export function mustContain(n: Node): Set<string> | undefined {
  const usable = (s: Set<string> | undefined): Set<string> | undefined => (s && s.size > 0 && ![...s].includes('') ? s : undefined);
  switch (n.t) {
    case 'char':
      return usable(language(n));
    case 'assert':
    case 'look':
      return undefined;
    case 'alt':
      return unionOf(n.options, mustContain);
    case 'quant':
      return n.min >= 1 ? (usable(language(n)) ?? mustContain(n.body)) : undefined;
    case 'seq': {
      let best: Set<string> | undefined;
      let run: Set<string> = new Set(['']);
      for (const item of n.items) {
        const l = language(item);
        const joined = l && product(run, l);
        if (joined) {
          run = joined;
          continue;
        }
        best = better(best, usable(run));
        best = better(best, mustContain(item));
        run = l ?? new Set(['']);
      }
      return better(best, usable(run));
    }
  }
}
