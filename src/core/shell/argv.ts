/** Splitting a command's arguments into options and operands, the way getopt-style programs read them. */

export interface ParsedOption {
  /** `-r`, `--recursive` (short clusters are split: `-rf` gives `-r` and `-f`). */
  name: string;
  value?: string;
}

export interface ParsedArgs {
  options: ParsedOption[];
  operands: string[];
}

export interface ArgSpec {
  /** Options that take a value (`-o`, `--output`): the value is the rest of the cluster or the next argument. */
  values?: readonly string[];
  /** Stop at the first operand: what follows belongs to it (a wrapped command, a script's own arguments). */
  stopAtOperand?: boolean;
}

export function parseArgs(args: readonly string[], spec: ArgSpec = {}): ParsedArgs & { rest: string[] } {
  const values = new Set(spec.values ?? []);
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) options.push({ name: arg.slice(0, eq), value: arg.slice(eq + 1) });
      else if (values.has(arg) && i + 1 < args.length) options.push({ name: arg, value: args[++i] });
      else options.push({ name: arg });
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const name = '-' + arg[j];
        if (values.has(name)) {
          const inline = arg.slice(j + 1);
          if (inline) options.push({ name, value: inline });
          else if (i + 1 < args.length) options.push({ name, value: args[++i] });
          else options.push({ name });
          break;
        }
        options.push({ name });
      }
      continue;
    }
    if (spec.stopAtOperand) {
      return { options, operands: [arg], rest: args.slice(i + 1) };
    }
    operands.push(arg);
  }
  return { options, operands, rest: [] };
}

export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((o) => names.includes(o.name));
}

export function optionValues(parsed: ParsedArgs, ...names: string[]): string[] {
  const out: string[] = [];
  for (const o of parsed.options) if (names.includes(o.name) && o.value !== undefined) out.push(o.value);
  return out;
}

const URL_PATTERN = /\b(?:https?|ftps?|wss?|sftp|ssh|git|rsync|s3|gs):\/\/[^\s'"<>`|;&()]+/gi;

export function findUrls(text: string): string[] {
  return text.match(URL_PATTERN) ?? [];
}

/** `host:path`, `user@host:path` (scp, rsync, git), but not `C:\x` or `./a:b`. */
export function isRemoteSpec(arg: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return true;
  return /^(?:[\w.+-]+@)?[\w.-]+:/.test(arg) && !/^[A-Za-z]:[\\/]/.test(arg) && !arg.startsWith('.');
}

/** Words that stand for no file we could name: variables, substitutions, stdin. */
export function isPathLike(arg: string): boolean {
  if (arg === '' || arg === '-' || arg.includes('{}')) return false;
  if (/^\$\(|^`|^<\(|^>\(/.test(arg)) return false;
  if (/^"?\$[\w{@*#?!-]/.test(arg) && !arg.includes('/')) return false;
  return !/[\n\r]/.test(arg);
}

/** Device files that are not really files (write to /dev/null is nothing). */
export function isPseudoFile(path: string): boolean {
  return /^\/dev\/(null|zero|u?random|stdin|stdout|stderr|tty|fd\/\d+)$/.test(path) || /^\/proc\/self\/fd\//.test(path);
}

const SECRET_NAME = /(^|_)(TOKENS?|SECRETS?|PASSWORD|PASSWD|PASSPHRASE|APIKEY|API_KEY|ACCESS_KEY|SECRET_KEY|PRIVATE_KEY|CREDENTIALS?)(_|$)|PASSWORD/i;
const COUNTED_TOKENS = /(MAX|MIN|NUM)_TOKENS?$|_TOKENS?_(LIMIT|COUNT)$/i;

/** Environment variable names that usually hold a secret (GITHUB_TOKEN, OPENAI_API_KEY, PGPASSWORD). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !COUNTED_TOKENS.test(name);
}
