/** Package managers: installs (pkg-install + download), publishes (upload), and the runners that wrap a program. */
import { hasOption, optionValues, parseArgs } from './argv';
import type { Handler } from './effects';

interface PackageManager {
  /** Subcommand word sequences that install packages ('' means the bare command, as in `yarn`). */
  install: string[];
  /** Subcommands that only download or query a registry. */
  download?: string[];
  /** Subcommands that upload to a registry. */
  publish?: string[];
  /** Subcommands that run a program fetched on the fly (yarn dlx x): the rest is analysed as a command. */
  fetchAndRun?: string[];
  /** Options that take a value, so their value is not mistaken for a subcommand. */
  values?: string[];
  /** Raw arguments that make the call an install by themselves (pacman -S). */
  installFlags?: RegExp;
}

const NPM_INSTALL = ['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci',
  'clean-install', 'install-test', 'it', 'install-ci-test', 'cit', 'update', 'up', 'upgrade', 'udpate'];

const MANAGERS: Record<string, PackageManager> = {
  npm: {
    install: NPM_INSTALL,
    download: ['view', 'info', 'show', 'v', 'search', 'outdated', 'audit', 'pack'],
    publish: ['publish', 'unpublish', 'deprecate', 'dist-tag add', 'owner add', 'access'],
    values: ['--prefix', '-w', '--workspace', '--registry', '--tag', '--otp'],
  },
  yarn: { install: ['', 'install', 'add', 'up', 'upgrade', 'global add'], download: ['info', 'outdated', 'npm info'], publish: ['publish', 'npm publish'], fetchAndRun: ['dlx'], values: ['--cwd'] },
  pnpm: { install: ['install', 'i', 'add', 'update', 'up', 'upgrade'], download: ['view', 'outdated', 'audit'], publish: ['publish'], fetchAndRun: ['dlx'], values: ['-C', '--dir', '--filter', '-F'] },
  bun: { install: ['install', 'i', 'add', 'update'], download: ['outdated'], publish: ['publish'], fetchAndRun: ['x'] },
  pip: { install: ['install'], download: ['download', 'search', 'index'], values: ['-r', '-c', '-e', '-i', '--index-url', '--target', '-t', '--prefix'] },
  pipx: { install: ['install', 'inject', 'upgrade', 'upgrade-all', 'reinstall'], fetchAndRun: ['run'] },
  uv: { install: ['add', 'sync', 'pip install', 'pip sync', 'tool install', 'tool upgrade', 'python install', 'lock --upgrade'], publish: ['publish'], fetchAndRun: ['tool run', 'x'], values: ['--directory', '--project', '-p', '--python', '--with'] },
  poetry: { install: ['add', 'install', 'update', 'self add'], publish: ['publish'] },
  pdm: { install: ['add', 'install', 'update', 'sync'], publish: ['publish'] },
  pipenv: { install: ['install', 'update', 'sync'] },
  conda: { install: ['install', 'create', 'update', 'env create', 'env update'], values: ['-n', '--name', '-c', '--channel', '-p', '--prefix'] },
  gem: { install: ['install', 'update'], publish: ['push'] },
  bundle: { install: ['', 'install', 'add', 'update'] },
  cargo: { install: ['install', 'add', 'binstall'], download: ['fetch', 'update', 'search'], publish: ['publish', 'yank', 'owner'] },
  go: { install: ['install', 'get'], download: ['mod download', 'mod tidy'] },
  composer: { install: ['require', 'install', 'update', 'global require'] },
  'apt-get': { install: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'reinstall'], download: ['update', 'download', 'source'] },
  aptitude: { install: ['install', 'upgrade', 'safe-upgrade', 'full-upgrade'], download: ['update'] },
  dnf: { install: ['install', 'in', 'upgrade', 'update', 'reinstall', 'groupinstall', 'group install'], download: ['makecache', 'download'] },
  zypper: { install: ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup'], download: ['refresh', 'ref'] },
  pacman: { install: [], installFlags: /^-(S[^sigl]*|U\w*)$/ },
  apk: { install: ['add', 'upgrade'], download: ['update', 'fetch'] },
  brew: { install: ['install', 'reinstall', 'upgrade', 'tap', 'bundle'], download: ['update', 'fetch'] },
  port: { install: ['install', 'upgrade'], download: ['selfupdate', 'sync'] },
  snap: { install: ['install', 'refresh'] },
  flatpak: { install: ['install', 'update'] },
  'nix-env': { install: [], installFlags: /^(-i\w*|--install|-u|--upgrade)$/ },
  nix: { install: ['profile install', 'profile upgrade'], download: ['flake update'] },
  choco: { install: ['install', 'upgrade'] },
  winget: { install: ['install', 'upgrade'] },
  scoop: { install: ['install', 'update'] },
  dotnet: { install: ['add package', 'tool install', 'tool update', 'restore'] },
  rustup: { install: ['install', 'update', 'toolchain install', 'target add', 'component add'] },
  mix: { install: ['deps.get', 'archive.install'] },
  luarocks: { install: ['install'] },
  opam: { install: ['install', 'upgrade'] },
  cpanm: { install: [''] },
  cpan: { install: ['', '-i'] },
};
MANAGERS.apt = MANAGERS['apt-get'];
MANAGERS.yum = MANAGERS.dnf;
MANAGERS.microdnf = MANAGERS.dnf;
MANAGERS.yay = MANAGERS.pacman;
MANAGERS.paru = MANAGERS.pacman;
MANAGERS.mamba = MANAGERS.conda;
MANAGERS.micromamba = MANAGERS.conda;
MANAGERS.bundler = MANAGERS.bundle;
MANAGERS['cargo-binstall'] = { install: [''] };

function startsWithWords(operands: readonly string[], phrase: string): boolean {
  if (phrase === '') return operands.length === 0;
  const words = phrase.split(' ');
  return words.every((w, i) => operands[i] === w);
}

function packageManager(pm: PackageManager): Handler {
  return (argv, fx) => {
    const parsed = parseArgs(argv.slice(1), { values: pm.values ?? [] });
    const ops = parsed.operands;
    if (ops.length === 0 && hasOption(parsed, '--version', '-v', '-V', '--help', '-h')) return true;
    for (const req of optionValues(parsed, '-r', '--requirement', '-c', '--constraint')) fx.touch(req, 'read');
    const matches = (list: string[] | undefined) => (list ?? []).find((phrase) => startsWithWords(ops, phrase));
    const runner = matches(pm.fetchAndRun);
    if (runner !== undefined) {
      fx.cap('net-egress', 'read');
      const after = argv.slice(argv.indexOf(runner.split(' ').pop() ?? runner) + 1);
      const target = parseArgs(after, { values: ['-p', '--package', '--from', '--with', '--spec'], stopAtOperand: true });
      if (target.operands.length > 0) fx.run([...target.operands, ...target.rest]);
      return true;
    }
    const installs = matches(pm.install) !== undefined || argv.slice(1).some((a) => pm.installFlags?.test(a) ?? false);
    if (installs) {
      fx.cap('pkg-install', 'write');
      fx.cap('net-egress', 'read');
      return;
    }
    if (matches(pm.publish) !== undefined) {
      fx.cap('net-egress', 'write');
      return;
    }
    if (matches(pm.download) !== undefined) {
      fx.cap('net-egress', 'read');
      return;
    }
    return ops.length === 1 && ['list', 'ls', 'show', 'info', 'search', 'help', 'version', 'freeze', 'outdated', 'check', 'why', 'view', 'config'].includes(ops[0])
      ? true
      : undefined;
  };
}

export const PACKAGE_HANDLERS: Record<string, Handler> = Object.fromEntries(
  Object.entries(MANAGERS).map(([name, pm]) => [name, packageManager(pm)]),
);

/** Runners that fetch a package when needed and run it: npx, bunx, pnpx, uvx. The program they run counts too. */
export const fetchingRunner: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-p', '--package', '--from', '--with', '-c', '--call', '--python'], stopAtOperand: true });
  if (argv[0] !== 'npx' || parsed.options.some((o) => ['-y', '--yes', '-p', '--package'].includes(o.name))) fx.cap('net-egress', 'read');
  if (parsed.operands.length > 0) fx.run([...parsed.operands, ...parsed.rest]);
  return true;
};
