/**
 * The regular expressions secretlint's rules run over a scanned text, caught in the act: every
 * string and RegExp method is watched while the real detector (our configuration of the
 * recommended preset) scans a text, and whatever touches that text is recorded.
 */
import { createSecretDetector } from '../../src/core/secrets/detector';

export interface RuleReads {
  /** Each distinct pattern the rules matched against the text. */
  patterns: RegExp[];
  /** Any other use of the text (method and arguments), which the tests require to be none. */
  otherUses: string[];
}

/** structured-source (inside secretlint's core) finds the line starts once per text, to give line numbers. */
const LINE_INDEX = /[\r\n\u2028\u2029]/g;

const STRING_METHODS = [
  'at', 'charAt', 'charCodeAt', 'codePointAt', 'concat', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'localeCompare',
  'match', 'matchAll', 'normalize', 'padEnd', 'padStart', 'repeat', 'replace', 'replaceAll', 'search', 'slice', 'split',
  'startsWith', 'substring', 'substr', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim',
  'trimStart', 'trimEnd',
] as const;

export async function ruleReads(): Promise<RuleReads> {
  // No secret, no carriage return, no byte order mark: nothing is reported, nothing else is read.
  const text = `rule patterns probe ${Date.now()}\nsecond line: a text an agent handled, with a URL https://example.com/x and sk- and AKIA`;
  const patterns = new Map<string, RegExp>();
  const otherUses: string[] = [];
  const isLineIndex = (re: RegExp): boolean => re.source === LINE_INDEX.source && re.flags === LINE_INDEX.flags;
  const sawPattern = (re: RegExp): void => {
    if (!isLineIndex(re)) patterns.set(`/${re.source}/${re.flags}`, re);
  };

  const proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const reProto = RegExp.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved: [Record<string, unknown>, string, unknown][] = [];
  const patch = (target: Record<string, (...args: unknown[]) => unknown>, name: string, watch: (self: unknown, args: unknown[]) => void): void => {
    const original = target[name]!;
    saved.push([target, name, original]);
    target[name] = function (this: unknown, ...args: unknown[]) {
      watch(this, args);
      return original.apply(this, args);
    };
  };
  for (const name of STRING_METHODS) {
    patch(proto, name, (self, args) => {
      if (self !== text) return;
      if (args[0] instanceof RegExp) return sawPattern(args[0]);
      // The core's byte order mark check, and structured-source's check for \r\n at each line end.
      if (name === 'charCodeAt' && (args[0] === 0 || /[\r\n\u2028\u2029]/.test(text[Number(args[0])] ?? ''))) return;
      otherUses.push(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
    });
  }
  for (const name of ['exec', 'test']) {
    patch(reProto, name, (self, args) => {
      if (args[0] === text) sawPattern(self as RegExp);
    });
  }
  const parse = JSON.parse;
  JSON.parse = function (s: string, ...rest: unknown[]) {
    if (s === text) otherUses.push('JSON.parse');
    return parse.call(JSON, s, ...(rest as []));
  } as typeof JSON.parse;
  try {
    const found = await createSecretDetector({ everyText: true }).detect(text);
    if (found.length > 0) otherUses.push(`found ${JSON.stringify(found)} in the probe`);
  } finally {
    for (const [target, name, original] of saved) target[name] = original;
    JSON.parse = parse;
  }
  return { patterns: [...patterns.values()], otherUses };
}
