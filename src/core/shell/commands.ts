/**
 * One simple command (argv after quote removal) -> effects. Wrappers (sudo, env, xargs, timeout, ...) hand the
 * program they run back to the dispatcher; shells given a script (`bash -c`, eval, a heredoc) have it re-parsed.
 */
import type { CompiledRules } from '../capabilities';
import { findUrls, hasOption, isSecretName, optionValues, parseArgs } from './argv';
import type { Effects, Handler } from './effects';
import { FILE_HANDLERS } from './files';
import { NETWORK_HANDLERS } from './network';
import { fetchingRunner, PACKAGE_HANDLERS } from './packages';
import { SYSTEM_HANDLERS } from './system';
import { git } from './vcs';

/** Programs that change nothing by themselves (redirections are accounted separately). */
const READ_ONLY = new Set([
  'ls', 'dir', 'pwd', 'cd', 'pushd', 'popd', 'echo', 'printf', 'which', 'whereis', 'type', 'whoami', 'id', 'groups', 'date',
  'uname', 'hostname', 'uptime', 'nproc', 'free', 'df', 'du', 'ps', 'pgrep', 'tree', 'realpath', 'readlink', 'basename',
  'dirname', 'test', '[', '[[', 'true', 'false', ':', 'sleep', 'seq', 'expr', 'bc', 'tty', 'locale', 'getconf', 'lsof',
  'lsblk', 'history', 'jobs', 'wait', 'exit', 'return', 'help', 'man', 'info', 'tldr', 'cal', 'top', 'htop', 'w', 'who',
  'ss', 'netstat', 'arch', 'sw_vers', 'lscpu', 'tput', 'clear', 'apropos', 'whatis', 'read', 'shift', 'break',
  'continue', 'wc', 'tr', 'rev', 'shuf', 'numfmt', 'printenv', 'env', 'set', 'hash', 'pstree', 'vmstat', 'iostat',
]);

/** Programs whose URL arguments are text, not destinations (echo "see https://..."). */
const URLS_ARE_TEXT = new Set(['echo', 'printf', 'git', 'test', '[', '[[', 'logger', 'notify-send', 'say', 'wall', 'read', 'alias', 'export', 'set']);

/** Programs that only run another program: their own arguments carry no URLs or files of interest. */
const WRAPPERS = new Set<string>();

const ALIASES: Record<string, string> = {
  egrep: 'grep', fgrep: 'grep', ggrep: 'grep', gsed: 'sed', gawk: 'awk', mawk: 'awk', nawk: 'awk', gtar: 'tar', bsdtar: 'tar',
  gtimeout: 'timeout', batcat: 'bat', nodejs: 'node', pypy: 'python', pypy3: 'python', ncat: 'nc', netcat: 'nc',
  podman: 'docker', nerdctl: 'docker', tofu: 'terraform', mongo: 'mongosh', mariadb: 'mysql', proxychains4: 'proxychains',
  gpg2: 'gpg', gmake: 'make', ksh93: 'ksh', rbash: 'bash',
};

export function baseName(program: string): string {
  const trimmed = program.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/** `/usr/bin/python3.12` -> `python`, `mkfs.ext4` -> `mkfs`, `Git.exe` -> `git`. */
export function canonicalProgram(program: string): string {
  let name = baseName(program);
  if (/\.exe$/i.test(name)) name = name.slice(0, -4).toLowerCase();
  if (/^python\d*(\.\d+)*$/.test(name)) return 'python';
  if (/^pip\d*(\.\d+)*$/.test(name)) return 'pip';
  if (/^mkfs(\.\w+)?$/.test(name)) return 'mkfs';
  return ALIASES[name] ?? name;
}

const SCRIPT_EXTENSION = /\.(py|sh|bash|zsh|js|mjs|cjs|ts|mts|rb|pl|php|lua|r)$/i;
const SYSTEM_BIN = /^\/(usr\/)?(local\/)?s?bin\//;

function wrapper(values: readonly string[], leadingOperands = 0, onOptions?: (parsed: ReturnType<typeof parseArgs>, fx: Effects) => void): Handler {
  return (argv, fx, stdin) => {
    const parsed = parseArgs(argv.slice(1), { values, stopAtOperand: true });
    onOptions?.(parsed, fx);
    const inner = [...parsed.operands, ...parsed.rest].slice(leadingOperands);
    if (inner.length > 0) fx.run(inner, stdin);
    return true;
  };
}

const privileged = (values: readonly string[]) =>
  wrapper(values, 0, (_parsed, fx) => {
    fx.cap('privileged', 'write');
  });

const sudo: Handler = (argv, fx, stdin) => {
  const parsed = parseArgs(argv.slice(1), {
    values: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group', '--chdir', '--host', '--prompt', '--role', '--type', '--close-from', '--other-user', '--command-timeout'],
    stopAtOperand: true,
  });
  const inner = [...parsed.operands, ...parsed.rest];
  if (hasOption(parsed, '-l', '--list', '-v', '--validate', '-k', '-K', '--reset-timestamp', '--remove-timestamp') && inner.length === 0) {
    fx.cap('privileged', 'read');
    return true;
  }
  fx.cap('privileged', 'write');
  if (argv[0] === 'sudoedit' || hasOption(parsed, '-e', '--edit')) {
    for (const f of inner) fx.touch(f, 'write');
    return;
  }
  if (inner.length > 0) fx.run(inner, stdin);
  return true;
};

const su: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '-w'] });
  fx.cap('privileged', 'write');
  for (const script of optionValues(parsed, '-c', '--command')) fx.script(script);
  return true;
};

/** env [-i] [-u NAME] [NAME=VALUE...] [command]: alone it prints the environment, secrets included. */
const env: Handler = (argv, fx, stdin) => {
  const args = argv.slice(1);
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '-u' || a === '--unset' || a === '-C' || a === '--chdir') i++;
    else if (a === '-S' || a === '--split-string') {
      if (args[i + 1] !== undefined) fx.script(args[i + 1]);
      return true;
    } else if (a === '--') continue;
    else if (a.startsWith('-')) continue;
    else if (/^[A-Za-z_]\w*=/.test(a)) {
      if (isSecretName(a.slice(0, a.indexOf('=')))) fx.cap('secrets-access', 'read');
    } else break;
  }
  if (i >= args.length) fx.cap('secrets-access', 'read');
  else fx.run(args.slice(i), stdin);
  return true;
};

const printenv: Handler = (argv, fx) => {
  const names = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (names.length === 0 || names.some(isSecretName)) fx.cap('secrets-access', 'read');
  return true;
};

/** `set` alone lists every shell variable; `set -e` only changes options. */
const set: Handler = (argv, fx) => {
  if (argv.length === 1) fx.cap('secrets-access', 'read');
  return true;
};

const xargs: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), {
    values: ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--max-lines', '--eof', '--max-chars', '--process-slot-var'],
    stopAtOperand: true,
  });
  for (const f of optionValues(parsed, '-a', '--arg-file')) fx.touch(f, 'read');
  const inner = [...parsed.operands, ...parsed.rest];
  fx.run(inner.length > 0 ? inner : ['echo']);
  return true;
};

const command: Handler = (argv, fx, stdin) => {
  const parsed = parseArgs(argv.slice(1), { stopAtOperand: true });
  if (hasOption(parsed, '-v', '-V')) return true;
  const inner = [...parsed.operands, ...parsed.rest];
  if (inner.length > 0) fx.run(inner, stdin);
  return true;
};

const time: Handler = (argv, fx, stdin) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-f', '-o', '--format', '--output'], stopAtOperand: true });
  for (const out of optionValues(parsed, '-o', '--output')) fx.touch(out, 'write');
  const inner = [...parsed.operands, ...parsed.rest];
  if (inner.length > 0) fx.run(inner, stdin);
  return true;
};

/** watch 'cmd' and flock -c 'cmd' take shell text; otherwise the rest is the command. */
const watch: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-n', '--interval', '-q', '--equexit'], stopAtOperand: true });
  const inner = [...parsed.operands, ...parsed.rest];
  if (inner.length > 0) fx.script(inner.join(' '));
  return true;
};

const flock: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'], stopAtOperand: true });
  for (const script of optionValues(parsed, '-c', '--command')) fx.script(script);
  const inner = [...parsed.operands, ...parsed.rest].slice(1);
  if (inner.length > 0 && inner[0] !== '-c') fx.run(inner);
  else if (inner[0] === '-c' && inner[1] !== undefined) fx.script(inner[1]);
  return true;
};

const evalText: Handler = (argv, fx) => {
  if (argv.length > 1) fx.script(argv.slice(1).join(' '));
  return true;
};

/** bash/sh/zsh: `-c TEXT` is re-parsed, a script operand is executed, no operand reads stdin (a heredoc). */
const shell: Handler = (argv, fx, stdin) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-o', '-O', '+O', '+o', '--rcfile', '--init-file', '-C'], stopAtOperand: true });
  const commandText = hasOption(parsed, '-c', '--command') ? parsed.operands[0] ?? optionValues(parsed, '--command')[0] : undefined;
  if (commandText !== undefined) {
    fx.script(commandText);
    return true;
  }
  const scriptPath = hasOption(parsed, '-s') ? undefined : parsed.operands[0];
  if (scriptPath !== undefined && scriptPath !== '-') {
    fx.touch(scriptPath, 'exec');
    return;
  }
  if (stdin !== undefined) {
    fx.script(stdin);
    return true;
  }
};

/** PowerShell: -Command text is not bash, so only a -File script is recorded. */
const powershell: Handler = (argv, fx) => {
  const i = argv.findIndex((a) => /^-f(ile)?$/i.test(a));
  if (i > 0 && argv[i + 1] !== undefined) fx.touch(argv[i + 1], 'exec');
};

interface InterpreterSpec {
  /** Options whose value is inline code: nothing is executed from a file. */
  inline: readonly string[];
  values?: readonly string[];
}

/** python/node/ruby/...: the first operand is a script that gets executed. */
function interpreter(spec: InterpreterSpec): Handler {
  return (argv, fx) => {
    const args = argv.slice(1);
    const values = new Set(spec.values ?? []);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (spec.inline.includes(a)) return;
      if (argv[0] === 'python' && a.startsWith('-m')) {
        const module = a.length > 2 ? a.slice(2) : args[i + 1];
        const rest = args.slice(a.length > 2 ? i + 1 : i + 2);
        if (module === 'pip') fx.run(['pip', ...rest]);
        else if (module === 'venv' || module === 'virtualenv') for (const dir of rest.filter((r) => !r.startsWith('-'))) fx.touch(dir, 'create');
        return;
      }
      if (a === '--env-file' && args[i + 1] !== undefined) fx.touch(args[++i], 'read');
      else if (a.startsWith('--env-file=')) fx.touch(a.slice(11), 'read');
      else if (values.has(a)) i++;
      else if (a.startsWith('-')) continue;
      else {
        if (a !== '-') fx.touch(a, 'exec');
        return;
      }
    }
  };
}

/** perl: a script, or -e code editing files in place with -i. */
const perl: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-e', '-E', '-I', '-M', '-m', '-x', '-0', '-l', '-F'] });
  if (hasOption(parsed, '-e', '-E')) {
    const inPlace = hasOption(parsed, '-i');
    for (const f of parsed.operands) fx.touch(f, inPlace ? 'write' : 'read');
    return !inPlace;
  }
  if (parsed.operands[0] !== undefined) fx.touch(parsed.operands[0], 'exec');
};

/** deno run/bun run script, otherwise a package manager. */
function scriptRunner(manager: Handler | undefined): Handler {
  return (argv, fx, stdin) => {
    const parsed = parseArgs(argv.slice(1), { values: ['--config', '-c', '--import-map', '--env-file', '--cwd'] });
    const [first, second] = parsed.operands;
    const script = first === 'run' ? second : first;
    if (script !== undefined && SCRIPT_EXTENSION.test(script)) {
      fx.touch(script, 'exec');
      return;
    }
    if (argv[0] === 'deno' && (first === 'install' || first === 'add')) {
      fx.cap('pkg-install', 'write');
      fx.cap('net-egress', 'read');
      return;
    }
    return manager?.(argv, fx, stdin);
  };
}

/** `uv run X`, `poetry run X`, `bundle exec X`: X is what runs. */
function runsSubcommand(verbs: readonly string[], manager: Handler | undefined): Handler {
  return (argv, fx, stdin) => {
    const at = argv.findIndex((a, i) => i > 0 && !a.startsWith('-'));
    if (at > 0 && verbs.includes(argv[at])) {
      const parsed = parseArgs(argv.slice(at + 1), { values: ['--with', '--python', '-p', '--directory', '--project', '--package', '--env-file', '-n', '--name'], stopAtOperand: true });
      for (const f of optionValues(parsed, '--env-file')) fx.touch(f, 'read');
      if (hasOption(parsed, '--with')) fx.cap('net-egress', 'read');
      const inner = [...parsed.operands, ...parsed.rest];
      if (inner.length > 0) fx.run(inner, stdin);
      return true;
    }
    return manager?.(argv, fx, stdin);
  };
}

const SHELLS = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'busybox-sh'];

const HANDLERS: Record<string, Handler> = {
  ...FILE_HANDLERS,
  ...NETWORK_HANDLERS,
  ...PACKAGE_HANDLERS,
  ...SYSTEM_HANDLERS,
  git,
  sudo,
  sudoedit: sudo,
  doas: privileged(['-u', '-C']),
  pkexec: privileged(['--user']),
  run0: privileged(['-u', '--user', '-D', '--chdir', '--unit', '--description', '--property', '-g', '--group']),
  su,
  env,
  printenv,
  set,
  xargs,
  command,
  builtin: wrapper([]),
  exec: wrapper(['-a']),
  nohup: wrapper([]),
  time,
  nice: wrapper(['-n', '--adjustment']),
  ionice: wrapper(['-c', '-n', '-p', '--class', '--classdata']),
  timeout: wrapper(['-s', '-k', '--signal', '--kill-after'], 1),
  stdbuf: wrapper(['-i', '-o', '-e', '--input', '--output', '--error']),
  setsid: wrapper([]),
  taskset: wrapper([], 1),
  chrt: wrapper([], 1),
  unbuffer: wrapper([]),
  caffeinate: wrapper(['-t', '-w']),
  'dbus-run-session': wrapper(['--config-file', '--dbus-daemon']),
  'xvfb-run': wrapper(['-n', '-s', '-f', '-e', '-p', '--server-num', '--server-args', '--auth-file', '--error-file']),
  proxychains: wrapper(['-f']),
  torsocks: wrapper(['-u', '-p', '-a', '-P']),
  strace: wrapper(['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-X', '-P'], 0, (parsed, fx) => {
    for (const out of optionValues(parsed, '-o')) fx.touch(out, 'write');
  }),
  ltrace: wrapper(['-o', '-e', '-p', '-s', '-u', '-a', '-n'], 0, (parsed, fx) => {
    for (const out of optionValues(parsed, '-o')) fx.touch(out, 'write');
  }),
  chroot: wrapper(['--userspec', '--groups'], 1),
  watch,
  flock,
  eval: evalText,
  npx: fetchingRunner,
  bunx: fetchingRunner,
  pnpx: fetchingRunner,
  uvx: fetchingRunner,
  python: interpreter({ inline: ['-c'], values: ['-W', '-X', '-Q'] }),
  node: interpreter({ inline: ['-e', '--eval', '-p', '--print'], values: ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--input-type', '--inspect-port', '--title'] }),
  tsx: interpreter({ inline: ['-e', '--eval', '-p', '--print'], values: ['--tsconfig', '--import', '--require'] }),
  'ts-node': interpreter({ inline: ['-e', '--eval', '-p', '--print'], values: ['-P', '--project', '-r', '--require', '-C', '--compiler'] }),
  ruby: interpreter({ inline: ['-e'], values: ['-I', '-r', '-C', '-E', '-F'] }),
  php: interpreter({ inline: ['-r'], values: ['-c', '-d', '-z', '-t'] }),
  Rscript: interpreter({ inline: ['-e'] }),
  lua: interpreter({ inline: ['-e'], values: ['-l'] }),
  osascript: interpreter({ inline: ['-e'], values: ['-l', '-s'] }),
  perl,
  pwsh: powershell,
  powershell,
  deno: scriptRunner(undefined),
  bun: scriptRunner(PACKAGE_HANDLERS.bun),
  uv: runsSubcommand(['run'], PACKAGE_HANDLERS.uv),
  poetry: runsSubcommand(['run'], PACKAGE_HANDLERS.poetry),
  pipenv: runsSubcommand(['run'], PACKAGE_HANDLERS.pipenv),
  pdm: runsSubcommand(['run'], PACKAGE_HANDLERS.pdm),
  bundle: runsSubcommand(['exec'], PACKAGE_HANDLERS.bundle),
  conda: runsSubcommand(['run'], PACKAGE_HANDLERS.conda),
  pnpm: runsSubcommand(['exec'], PACKAGE_HANDLERS.pnpm),
};
for (const sh of SHELLS) HANDLERS[sh] = shell;
for (const name of [
  'sudo', 'sudoedit', 'doas', 'pkexec', 'run0', 'env', 'xargs', 'command', 'builtin', 'exec', 'nohup', 'time', 'nice', 'ionice',
  'timeout', 'stdbuf', 'setsid', 'taskset', 'chrt', 'unbuffer', 'caffeinate', 'dbus-run-session', 'xvfb-run', 'proxychains',
  'torsocks', 'strace', 'ltrace', 'chroot', 'watch', 'flock', 'eval', 'su', 'find', 'npx', 'bunx', 'pnpx', 'uvx', ...SHELLS,
]) {
  WRAPPERS.add(name);
}

/** User command rules: the program matches by name and every listed argument appears. */
function applyCommandRules(name: string, written: string, args: readonly string[], fx: Effects, rules?: CompiledRules): void {
  for (const rule of rules?.commands ?? []) {
    if ((rule.program === name || rule.program === written) && rule.args.every((a) => args.includes(a))) {
      fx.cap(rule.capability, rule.access);
    }
  }
}

/** Analyses one simple command. `stdin` is a heredoc fed to it, when there is one. */
export function analyzeArgv(argv: readonly string[], fx: Effects, stdin: string | undefined, rules?: CompiledRules): void {
  if (argv.length === 0 || argv[0] === '') return;
  if (/^(\$\(|`|<\()/.test(argv[0]) || /^\$\{?\w+\}?$/.test(argv[0])) {
    fx.mutates(); // the program is only known at run time ($EDITOR, $(which x))
    return;
  }
  const written = baseName(argv[0]);
  const name = canonicalProgram(argv[0]);
  fx.program(written);
  const args = argv.slice(1);
  applyCommandRules(name, written, args, fx, rules);

  if ((argv[0].includes('/') && !SYSTEM_BIN.test(argv[0])) || (SCRIPT_EXTENSION.test(argv[0]) && !HANDLERS[name])) {
    fx.touch(argv[0], 'exec');
  }
  const handler = HANDLERS[name];
  let readOnly: boolean | void;
  try {
    readOnly = handler ? handler([name, ...args], fx, stdin) : READ_ONLY.has(name);
  } catch {
    readOnly = false; // a handler bug must not lose the rest of the command line
  }
  if (readOnly !== true) fx.mutates();

  if (!WRAPPERS.has(name) && !URLS_ARE_TEXT.has(name) && !FILE_HANDLERS[name]) {
    const urls = args.flatMap(findUrls);
    for (const u of urls) fx.url(u);
    if (urls.length > 0 && !NETWORK_HANDLERS[name]) fx.cap('net-egress', 'read');
  }
}
