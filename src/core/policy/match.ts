/**
 * Matching for scopes: path globs (picomatch), command patterns over the shell analyser's argv words,
 * network destinations (host globs) and capability id globs.
 *
 * Command pattern syntax (docs/policy.md): whitespace-separated words, each a glob over one argv word
 * (`*` any characters, `?` one, `[ab]` a class; quotes group words with spaces). A last word `**` matches
 * any further arguments (none included). Claude Code's `npm run test:*` is accepted as a prefix pattern:
 * `npm run test*` followed by `**`. A compound line (`a && b | c`) is allowed only when each of its simple
 * commands is.
 */
import picomatch from 'picomatch';

// --- paths ---------------------------------------------------------------------------------------

export interface PathContext {
  /** The folder relative globs are read against (the session's project or cwd). */
  root?: string;
  /** The user's home folder, for `~/` globs and paths. */
  home?: string;
}

export type PathMatcher = (path: string, ctx: PathContext) => boolean;

const GLOB_OPTIONS = { dot: true, nocase: false } as const;

/** Throws on a glob picomatch cannot compile (the parser reports it with the field). */
export function compilePathGlob(glob: string): PathMatcher {
  const g = glob.replace(/\\/g, '/');
  if (g.startsWith('~/')) {
    const rest = picomatch(g.slice(2), GLOB_OPTIONS);
    return (path, ctx) => {
      const p = normalize(path);
      if (p.startsWith('~/')) return rest(p.slice(2));
      const home = ctx.home ? trimSlash(ctx.home) : undefined;
      return home !== undefined && p.startsWith(`${home}/`) && rest(p.slice(home.length + 1));
    };
  }
  if (g.startsWith('/') || /^[A-Za-z]:\//.test(g)) {
    const abs = picomatch(g, GLOB_OPTIONS);
    return (path, ctx) => abs(expandHome(normalize(path), ctx.home));
  }
  // Relative: against the root; a glob with no slash (`*.md`) matches a name anywhere below it.
  const rel = picomatch(g.replace(/^\.\//, ''), { ...GLOB_OPTIONS, basename: !g.includes('/') });
  return (path, ctx) => {
    const p = expandHome(normalize(path), ctx.home);
    if (!p.startsWith('/') && !/^[A-Za-z]:\//.test(p)) return rel(p.replace(/^\.\//, ''));
    const root = ctx.root ? trimSlash(normalize(ctx.root)) : undefined;
    if (root === undefined || !(p === root || p.startsWith(`${root}/`))) return false;
    return rel(p === root ? '.' : p.slice(root.length + 1));
  };
}

function normalize(p: string): string {
  return p.replace(/\\/g, '/');
}

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

function expandHome(p: string, home: string | undefined): string {
  return home && p.startsWith('~/') ? `${trimSlash(home)}/${p.slice(2)}` : p;
}

// --- commands ------------------------------------------------------------------------------------

export type CommandMatcher = (argv: readonly string[]) => boolean;

/** Splits a pattern into words: whitespace separates, single or double quotes group. */
export function patternWords(pattern: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pattern)) !== null) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/** Compiles a command pattern; throws with a reason when it is empty or a word is a bad glob. */
export function compileCommandPattern(pattern: string): CommandMatcher {
  let text = pattern.trim();
  // Claude Code's prefix form `git commit:*`: the last word is itself a prefix, anything may follow.
  const claudePrefix = text.endsWith(':*');
  if (claudePrefix) text = text.slice(0, -2);
  const words = patternWords(text);
  let rest = claudePrefix;
  if (words[words.length - 1] === '**') {
    words.pop();
    rest = true;
    if (words.length === 0) return () => true;
  }
  if (words.length === 0) throw new Error('a command pattern needs at least the program name');
  if (claudePrefix && !words[words.length - 1].endsWith('*')) words[words.length - 1] += '*';
  const matchers = words.map(wordGlob);
  return (argv) => {
    if (argv.length < matchers.length || (!rest && argv.length !== matchers.length)) return false;
    return matchers.every((m, i) => m(programWord(argv[i], i)));
  };
}

/** A glob over one argv word: `*` is any characters (slashes too: words are not paths), `?` one, `[..]` a class. */
export function wordGlob(glob: string): (word: string) => boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) re += escapeRe(glob[++i]);
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw new Error(`'${glob}' has a '[' without its ']'`);
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  const compiled = new RegExp(`^${re}$`, 's');
  return (word) => compiled.test(word);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The program word is matched by its base name too (`/usr/bin/git` matches `git`). */
function programWord(word: string, index: number): string {
  return index === 0 ? word.replace(/^.*\//, '') : word;
}

// --- network -------------------------------------------------------------------------------------

export type HostMatcher = (destination: string) => boolean;

/** `example.com`, `*.example.com`, `example.com:443`, `https://api.example.com/v1/`, or `*`. */
export function compileHostPattern(pattern: string): HostMatcher {
  const p = pattern.trim().toLowerCase();
  if (p === '*') return () => true;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(p)) return (dest) => dest.toLowerCase().startsWith(p);
  const [hostGlob, port] = splitPort(p);
  const host = picomatch(hostGlob, { dot: true });
  const bareAlsoMatchesSub = hostGlob.startsWith('*.') ? picomatch(hostGlob.slice(2), { dot: true }) : undefined;
  return (dest) => {
    const d = destinationHost(dest);
    if (!d) return false;
    if (port !== undefined && d.port !== port) return false;
    return host(d.host) || (bareAlsoMatchesSub?.(d.host) ?? false);
  };
}

function splitPort(p: string): [string, string | undefined] {
  const m = /^(.*):(\d+)$/.exec(p);
  return m ? [m[1], m[2]] : [p, undefined];
}

/** The host (and port) of a URL, `user@host:path` spec, or bare host. */
export function destinationHost(dest: string): { host: string; port?: string } | undefined {
  const d = dest.trim();
  if (d === '') return undefined;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(d)) {
      const u = new URL(d);
      if (!u.hostname) return undefined;
      return { host: u.hostname.toLowerCase().replace(/^\[|\]$/g, ''), ...(u.port ? { port: u.port } : {}) };
    }
  } catch {
    return undefined;
  }
  const tcp = /^\/dev\/(?:tcp|udp)\/([^/]+)\/(\d+)/.exec(d);
  if (tcp) return { host: tcp[1].toLowerCase(), port: tcp[2] };
  const spec = /^(?:[\w.+-]+@)?([\w.-]+)(?::(\d+))?(?::|$)/.exec(d);
  return spec ? { host: spec[1].toLowerCase(), ...(spec[2] ? { port: spec[2] } : {}) } : undefined;
}

// --- capability ids ------------------------------------------------------------------------------

export type IdMatcher = (id: string) => boolean;

/** `shell-exec`, `code-*`, `mcp:*`. */
export function compileIdGlob(glob: string): IdMatcher {
  const m = picomatch(glob, { dot: true });
  return (id) => m(id);
}

/** True when a glob is well formed (picomatch would compile it and its brackets and braces close). */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'is empty';
  let depth = 0;
  let bracket = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (bracket) {
      if (c === ']') bracket = false;
      continue;
    }
    if (c === '[') bracket = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    if (depth < 0) return "has a '}' without its '{'";
  }
  if (bracket) return "has a '[' without its ']'";
  if (depth > 0) return "has a '{' without its '}'";
  try {
    picomatch.makeRe(glob);
  } catch (e) {
    return `is not a valid glob (${(e as Error).message})`;
  }
  return undefined;
}
