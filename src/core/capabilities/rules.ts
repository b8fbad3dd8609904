/**
 * User capability rules (from settings or a JSON file): extra path globs and command patterns.
 * Input is untrusted JSON: every problem becomes a one-line error naming the field, and the entry is skipped.
 */
import picomatch from 'picomatch';

export interface CapabilityRules {
  paths?: { glob: string; capability: string }[];
  commands?: {
    program: string;
    /** Every one of these must appear among the command's arguments. */
    args?: string[];
    capability: string;
    /** Default `write`: a rule usually flags something that changes state. */
    access?: 'read' | 'write';
  }[];
}

export interface CompiledPathRule {
  glob: string;
  capability: string;
  matches(path: string): boolean;
}

export interface CompiledCommandRule {
  program: string;
  args: readonly string[];
  capability: string;
  access: 'read' | 'write';
}

export interface CompiledRules {
  readonly paths: readonly CompiledPathRule[];
  readonly commands: readonly CompiledCommandRule[];
}

export const EMPTY_RULES: CompiledRules = Object.freeze({ paths: [], commands: [] });

const CAPABILITY_ID = /^[a-z0-9][a-z0-9._-]*(:[a-z0-9._@/-]+)?$/;

/**
 * The part of a path below a home folder (`~/x`, `$HOME/x`, `/home/u/x`, `/Users/u/x`, `/root/x`, `C:/Users/u/x`),
 * or undefined when the path is not under a recognisable home.
 */
export function homeRelative(path: string, home?: string): string | undefined {
  const p = path.replace(/\\/g, '/');
  if (home) {
    const h = home.replace(/\\/g, '/').replace(/\/+$/, '');
    if (h && p.startsWith(h + '/')) return p.slice(h.length + 1);
  }
  const m = /^(?:~|\$HOME|\$\{HOME\}|\/home\/[^/]+|\/Users\/[^/]+|\/root|[A-Za-z]:\/Users\/[^/]+)\/(.*)$/.exec(p);
  return m ? m[1] : undefined;
}

function normalizeForMatch(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** `~/` globs match below any home; `/` globs are anchored; other globs match at any depth. */
function compileGlob(glob: string, home?: string): (path: string) => boolean {
  const options = { dot: true };
  if (glob.startsWith('~/')) {
    const below = picomatch(glob.slice(2), options);
    return (path) => {
      const rest = homeRelative(path, home);
      return rest !== undefined && below(rest);
    };
  }
  if (glob.startsWith('/')) {
    const anchored = picomatch(glob, options);
    return (path) => anchored(normalizeForMatch(path));
  }
  if (!glob.includes('/')) {
    const byName = picomatch(glob, { ...options, basename: true });
    return (path) => byName(normalizeForMatch(path));
  }
  const anywhere = picomatch(glob.startsWith('**/') ? glob : `**/${glob}`, options);
  return (path) => anywhere(normalizeForMatch(path));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCapability(value: unknown, field: string, errors: string[]): string | undefined {
  if (typeof value !== 'string' || !CAPABILITY_ID.test(value)) {
    errors.push(`${field}: expected a capability id such as "infra-deploy" (lowercase letters, digits, . _ - and an optional :suffix)`);
    return undefined;
  }
  return value;
}

function checkUnknownFields(entry: Record<string, unknown>, allowed: string[], field: string, errors: string[]): void {
  for (const key of Object.keys(entry)) {
    if (!allowed.includes(key)) errors.push(`${field}.${key}: unknown field (expected ${allowed.join(', ')})`);
  }
}

function compilePathRule(entry: unknown, field: string, errors: string[], home?: string): CompiledPathRule | undefined {
  if (!isRecord(entry)) {
    errors.push(`${field}: expected an object with glob and capability`);
    return undefined;
  }
  checkUnknownFields(entry, ['glob', 'capability'], field, errors);
  const { glob } = entry;
  if (typeof glob !== 'string' || glob.trim() === '') {
    errors.push(`${field}.glob: expected a non-empty glob string`);
    return undefined;
  }
  const capability = checkCapability(entry.capability, `${field}.capability`, errors);
  if (!capability) return undefined;
  try {
    return { glob, capability, matches: compileGlob(glob.trim(), home) };
  } catch (err) {
    errors.push(`${field}.glob: invalid glob (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}

function compileCommandRule(entry: unknown, field: string, errors: string[]): CompiledCommandRule | undefined {
  if (!isRecord(entry)) {
    errors.push(`${field}: expected an object with program and capability`);
    return undefined;
  }
  checkUnknownFields(entry, ['program', 'args', 'capability', 'access'], field, errors);
  const { program, args, access } = entry;
  if (typeof program !== 'string' || !/^[^\s/]+$/.test(program)) {
    errors.push(`${field}.program: expected a program name without spaces or slashes, e.g. "kubectl"`);
    return undefined;
  }
  if (args !== undefined && (!Array.isArray(args) || !args.every((a) => typeof a === 'string' && a !== ''))) {
    errors.push(`${field}.args: expected an array of non-empty strings`);
    return undefined;
  }
  if (access !== undefined && access !== 'read' && access !== 'write') {
    errors.push(`${field}.access: expected "read" or "write"`);
    return undefined;
  }
  const capability = checkCapability(entry.capability, `${field}.capability`, errors);
  if (!capability) return undefined;
  return { program, args: (args as string[] | undefined) ?? [], capability, access: access ?? 'write' };
}

function compileList<T>(value: unknown, field: string, errors: string[], one: (entry: unknown, field: string) => T | undefined): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push(`${field}: expected an array`);
    return [];
  }
  const out: T[] = [];
  value.forEach((entry, i) => {
    const compiled = one(entry, `${field}[${i}]`);
    if (compiled) out.push(compiled);
  });
  return out;
}

/** Validates user JSON. `home` (optional) lets `~/` globs match that folder exactly too. */
export function compileRules(input: unknown, options: { home?: string } = {}): { rules: CompiledRules; errors: string[] } {
  const errors: string[] = [];
  if (input === undefined || input === null) return { rules: EMPTY_RULES, errors };
  if (!isRecord(input)) {
    return { rules: EMPTY_RULES, errors: ['rules: expected an object with "paths" and/or "commands"'] };
  }
  checkUnknownFields(input, ['paths', 'commands'], 'rules', errors);
  const paths = compileList(input.paths, 'paths', errors, (e, f) => compilePathRule(e, f, errors, options.home));
  const commands = compileList(input.commands, 'commands', errors, (e, f) => compileCommandRule(e, f, errors));
  return { rules: { paths, commands }, errors };
}
