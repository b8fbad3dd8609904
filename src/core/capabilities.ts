/**
 * The capability taxonomy: stable ids, what they mean, and which ones a touched path implies.
 * Shell commands are mapped to capabilities in src/core/shell; user rules live in ./capabilities/rules.
 */
import { builtinPathCapabilities } from './capabilities/paths';
import type { CompiledRules } from './capabilities/rules';

export { compileRules, EMPTY_RULES, homeRelative } from './capabilities/rules';
export type { CapabilityRules, CompiledCommandRule, CompiledPathRule, CompiledRules } from './capabilities/rules';

export type CapabilityGroup = 'files' | 'actions';

export interface CapabilityInfo {
  label: string;
  /** `files`: what kind of file was touched; `actions`: what the session did (the privacy-relevant part). */
  group: CapabilityGroup;
  description: string;
}

/** Every stable id. `mcp:<server>` and user-defined ids are described by capabilityInfo(). */
export const CAPABILITIES: Record<string, CapabilityInfo> = {
  'code-python': { label: 'Python code', group: 'files', description: '.py, .pyi, .ipynb, pyproject.toml, requirements*.txt and other Python project files' },
  'code-typescript': { label: 'TypeScript / JavaScript code', group: 'files', description: '.ts, .tsx, .js, .jsx, .mjs, .cjs, .vue, .svelte, package.json, tsconfig.json' },
  'code-rust': { label: 'Rust code', group: 'files', description: '.rs, Cargo.toml, Cargo.lock' },
  'code-go': { label: 'Go code', group: 'files', description: '.go, go.mod, go.sum' },
  'code-other': { label: 'Other source code', group: 'files', description: 'C, C++, Java, Kotlin, Ruby, PHP, Swift, C#, SQL and other source files, Makefile, Dockerfile' },
  'doc-markdown': { label: 'Markdown and prose docs', group: 'files', description: '.md, .mdx, .markdown, .rst, .adoc, .org' },
  'config-data': { label: 'Config and data files', group: 'files', description: '.yaml, .yml, .json, .toml, .ini, .cfg, .conf, .xml, .csv, .env.example' },
  'script-shell': { label: 'Shell scripts', group: 'files', description: '.sh, .bash, .zsh, .fish, .ps1, .bat' },
  'config-systemd': { label: 'systemd units', group: 'files', description: '.service, .timer, .socket and files under /etc/systemd, /lib/systemd, ~/.config/systemd; systemctl commands' },
  'web-html': { label: 'Web pages and styles', group: 'files', description: '.html, .htm, .css, .scss, .sass, .less' },
  'knowledge-work': { label: 'Knowledge base', group: 'files', description: 'Files under a journal/ or knowledge/ folder' },
  'internal-ops': { label: 'Agent state and tasks', group: 'files', description: 'Files under a state/ or tasks/ folder' },
  'shell-exec': { label: 'Shell commands', group: 'actions', description: 'Ran a shell command (read when every program is known to change nothing)' },
  'net-egress': { label: 'Network access', group: 'actions', description: 'Reached the network: web fetch or search, curl, wget, ssh, git push/pull/clone, package downloads, cloud CLIs' },
  'pkg-install': { label: 'Package installs', group: 'actions', description: 'Installed packages: npm/yarn/pnpm, pip/uv, cargo, go, gem, apt/dnf/brew and the like' },
  'vcs-write': { label: 'Version control writes', group: 'actions', description: 'git commit, push, pull, tag, merge, am, cherry-pick, revert, rebase' },
  'vcs-rewrite': { label: 'History rewrites', group: 'actions', description: 'git push --force, reset --hard, rebase, commit --amend, filter-branch, branch -D, clean -f' },
  destructive: { label: 'Destructive operations', group: 'actions', description: 'rm -r, find -delete, shred, truncate, dd of=, mkfs, git clean -f, rsync --delete, chmod -R 777, DROP/TRUNCATE' },
  privileged: { label: 'Privilege escalation', group: 'actions', description: 'sudo, su, doas, pkexec, run0' },
  'secrets-access': { label: 'Secrets', group: 'actions', description: '.env, ~/.ssh, ~/.aws, ~/.netrc, *.pem, *.key, keychains, credentials files; printenv/env dumps, secret-named variables, token commands' },
  'password-manager': { label: 'Password managers', group: 'actions', description: 'pass, gopass, op, bw, keepassxc-cli, lpass, security find-*-password, secret-tool' },
  'shell-config': { label: 'Shell configuration', group: 'actions', description: '~/.bashrc, ~/.zshrc, ~/.profile, fish config, /etc/profile and friends' },
  database: { label: 'Databases', group: 'actions', description: 'psql, mysql, sqlite3, redis-cli, mongosh, pg_dump; *.db, *.sqlite files' },
  'subagent-spawn': { label: 'Subagents', group: 'actions', description: 'Started another agent session' },
  'mcp:<server>': { label: 'MCP server', group: 'actions', description: 'Called a tool of an MCP server (one id per server, e.g. mcp:github)' },
};

/** Describes any id, including `mcp:<server>` ids and ids that only user rules define. */
export function capabilityInfo(id: string): CapabilityInfo {
  const known = CAPABILITIES[id];
  if (known) return known;
  if (id.startsWith('mcp:')) {
    const server = id.slice(4);
    return { label: `MCP: ${server}`, group: 'actions', description: `Called a tool of the ${server} MCP server` };
  }
  return { label: id, group: 'actions', description: 'Defined by a user rule' };
}

/** Capability ids implied by a touched path: built-in table first, then user path rules. */
export function pathCapabilities(path: string, rules?: CompiledRules): string[] {
  if (typeof path !== 'string' || path.length === 0) return [];
  const ids = builtinPathCapabilities(path);
  for (const rule of rules?.paths ?? []) {
    if (!ids.includes(rule.capability) && rule.matches(path)) ids.push(rule.capability);
  }
  return ids;
}
