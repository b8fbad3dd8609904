/**
 * Built-in path table: which capability ids a file path implies, from its extension, its name and its folders.
 * Paths arrive as written by the agent (absolute, relative, `~/...`, `$HOME/...`, Windows backslashes).
 */

const EXTENSIONS: Record<string, string> = {};
function byExtension(id: string, exts: string): void {
  for (const ext of exts.split(' ')) EXTENSIONS[ext] = id;
}
byExtension('code-python', '.py .pyi .pyx .pxd .ipynb');
byExtension('code-typescript', '.ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .astro');
byExtension('code-rust', '.rs');
byExtension('code-go', '.go');
byExtension(
  'code-other',
  '.c .h .cc .cpp .cxx .hpp .hh .hxx .m .mm .java .kt .kts .scala .sc .groovy .gradle .rb .php .swift .cs .fs .fsx .vb ' +
    '.lua .pl .pm .r .dart .ex .exs .erl .hrl .hs .ml .mli .clj .cljs .zig .nim .jl .sql .proto .elm .v .sv .vhd .asm .s .cmake',
);
byExtension('doc-markdown', '.md .mdx .markdown .rst .adoc .org');
byExtension('config-data', '.yaml .yml .json .jsonc .json5 .jsonl .ndjson .toml .ini .cfg .conf .xml .plist .properties .csv .tsv');
byExtension('script-shell', '.sh .bash .zsh .ksh .fish .ps1 .psm1 .bat .cmd');
byExtension('config-systemd', '.service .timer .socket');
byExtension('web-html', '.html .htm .xhtml .css .scss .sass .less');
byExtension('database', '.db .sqlite .sqlite3 .db3 .duckdb');

/** Project manifests belong to their language, not to config-data. */
const MANIFESTS: Record<string, string> = {
  'pyproject.toml': 'code-python',
  'setup.cfg': 'code-python',
  pipfile: 'code-python',
  'pipfile.lock': 'code-python',
  'poetry.lock': 'code-python',
  'uv.lock': 'code-python',
  'package.json': 'code-typescript',
  'package-lock.json': 'code-typescript',
  'tsconfig.json': 'code-typescript',
  'jsconfig.json': 'code-typescript',
  'yarn.lock': 'code-typescript',
  'pnpm-lock.yaml': 'code-typescript',
  'bun.lockb': 'code-typescript',
  'cargo.toml': 'code-rust',
  'cargo.lock': 'code-rust',
  'go.mod': 'code-go',
  'go.sum': 'code-go',
  'go.work': 'code-go',
  makefile: 'code-other',
  gnumakefile: 'code-other',
  dockerfile: 'code-other',
  containerfile: 'code-other',
  'cmakelists.txt': 'code-other',
  justfile: 'code-other',
  jenkinsfile: 'code-other',
  gemfile: 'code-other',
  'gemfile.lock': 'code-other',
  rakefile: 'code-other',
};

const SHELL_CONFIG_NAMES = new Set([
  '.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.bash_aliases', '.zshrc', '.zshenv', '.zprofile',
  '.zlogin', '.zlogout', '.profile', '.kshrc', '.cshrc', '.tcshrc', '.inputrc',
]);
const ETC_SHELL_CONFIG = new Set(['profile', 'bashrc', 'bash.bashrc', 'zshrc', 'zshenv', 'zprofile', 'environment']);

const SECRET_NAMES = new Set([
  '.netrc', '_netrc', '.git-credentials', '.pgpass', '.my.cnf', '.npmrc', '.pypirc', '.vault-token', '.envrc',
  '.htpasswd',
]);
const SECRET_EXTENSIONS = new Set(['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.ppk', '.kdbx', '.keychain', '.keychain-db']);
/** Folders whose whole content is secret material. */
const SECRET_DIRS = new Set(['.ssh', '.aws', '.gnupg', '.password-store', '.azure', 'keychains']);
const ENV_TEMPLATES = new Set(['example', 'sample', 'template', 'dist', 'defaults', 'tmpl']);

export function splitPath(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s.length > 0 && s !== '.');
}

function extensionOf(base: string): string {
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

/** `.env`, `.env.local`, `prod.env` are secrets; `.env.example` and friends are templates (config-data). */
function envFileKind(base: string): 'secret' | 'template' | undefined {
  if (base === '.env') return 'secret';
  if (base.startsWith('.env.')) return ENV_TEMPLATES.has(base.slice(5)) ? 'template' : 'secret';
  if (base.endsWith('.env') && base.length > 4) return 'secret';
  return undefined;
}

function isSecretFile(base: string, dirs: string[], segmentsLower: string[]): boolean {
  if (SECRET_NAMES.has(base) || SECRET_EXTENSIONS.has(extensionOf(base))) return true;
  if (/^id_(rsa|dsa|ecdsa|ed25519)(?!.*\.pub$)/.test(base) || /^ssh_host_.*_key$/.test(base)) return true;
  if (/^(.*[_-])?credentials(\.(json|ya?ml|ini|toml|txt|cfg|conf|csv|xml))?$/.test(base)) return true;
  if (/^\.?secrets?(\.(json|ya?ml|ini|toml|txt|cfg|conf|env))?$/.test(base)) return true;
  if (dirs.length === 1 && dirs[0] === 'etc' && (base === 'shadow' || base === 'gshadow')) return true;
  if (dirs.some((d) => SECRET_DIRS.has(d))) return true;
  const joined = '/' + segmentsLower.join('/');
  return (
    joined.includes('/.kube/config') ||
    joined.includes('/.docker/config.json') ||
    joined.includes('/.config/gh/hosts.yml') ||
    joined.includes('/.config/gcloud/')
  );
}

function isShellConfig(base: string, dirs: string[]): boolean {
  if (SHELL_CONFIG_NAMES.has(base)) return true;
  const parent = dirs[dirs.length - 1];
  if (dirs.length === 1 && dirs[0] === 'etc' && ETC_SHELL_CONFIG.has(base)) return true;
  if (parent === 'profile.d' || (dirs.includes('etc') && parent === 'zsh')) return true;
  const fish = dirs.indexOf('fish');
  return fish > 0 && dirs[fish - 1] === '.config';
}

function isSystemdPath(dirs: string[]): boolean {
  const at = dirs.indexOf('systemd');
  return at > 0 && ['etc', 'lib', 'lib64', '.config'].includes(dirs[at - 1]);
}

/** Ids in a stable order: file kind, folder role, then the sensitive ones. */
export function builtinPathCapabilities(path: string): string[] {
  const segments = splitPath(path);
  if (segments.length === 0) return [];
  const lower = segments.map((s) => s.toLowerCase());
  const base = lower[lower.length - 1];
  const dirs = lower.slice(0, -1);
  const ids: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };

  const env = envFileKind(base);
  const manifest = MANIFESTS[base] ?? (base.startsWith('dockerfile.') ? 'code-other' : undefined);
  if (manifest) add(manifest);
  else if (/^requirements.*\.(txt|in)$/.test(base)) add('code-python');
  else if (env === 'template') add('config-data');
  else {
    const byExt = EXTENSIONS[extensionOf(base)];
    if (byExt) add(byExt);
  }
  if (isSystemdPath(dirs)) add('config-systemd');
  if (dirs.includes('journal') || dirs.includes('knowledge')) add('knowledge-work');
  if (dirs.includes('state') || dirs.includes('tasks')) add('internal-ops');
  if (env === 'secret' || isSecretFile(base, dirs, lower)) add('secrets-access');
  if (isShellConfig(base, dirs)) add('shell-config');
  return ids;
}
