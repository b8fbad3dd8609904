/** git: which subcommands write history, rewrite it, reach the network or only look. */
import { findUrls, hasOption, isRemoteSpec, parseArgs, type ParsedArgs } from './argv';
import type { Effects, Handler } from './effects';

const GLOBAL_VALUES = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix'];

const READ_ONLY = new Set([
  'status', 'log', 'diff', 'show', 'blame', 'annotate', 'rev-parse', 'ls-files', 'ls-tree', 'cat-file', 'describe',
  'shortlog', 'grep', 'whatchanged', 'merge-base', 'rev-list', 'for-each-ref', 'show-ref', 'name-rev', 'help',
  'version', 'check-ignore', 'check-attr', 'count-objects', 'fsck', 'var', 'diff-tree', 'diff-files', 'diff-index',
  'show-branch', 'range-diff', 'cherry', 'verify-commit', 'verify-tag', 'format-patch', 'bisect', 'difftool',
]);

/** Subcommands that are read-only only in some forms (listing vs creating). */
function isListing(sub: string, parsed: ParsedArgs): boolean {
  const ops = parsed.operands;
  switch (sub) {
    case 'branch':
      return ops.length === 0 && !hasOption(parsed, '-d', '-D', '-m', '-M', '-c', '-C', '-f', '--delete', '--move', '--copy', '--force', '-u', '--set-upstream-to', '--unset-upstream', '--edit-description');
    case 'tag':
      return ops.length === 0 || hasOption(parsed, '-l', '--list', '-v', '--verify');
    case 'remote':
      return ops.length === 0 || ['show', 'get-url'].includes(ops[0]);
    case 'config':
      return hasOption(parsed, '--get', '--get-all', '--get-regexp', '-l', '--list') || ops.length === 1 || ops[0] === 'get' || ops[0] === 'list';
    case 'stash':
      return ['list', 'show'].includes(ops[0]);
    case 'worktree':
      return ops[0] === 'list';
    case 'submodule':
      return ops.length === 0 || ops[0] === 'status' || ops[0] === 'summary';
    case 'reflog':
      return ops.length === 0 || ops[0] === 'show';
    case 'notes':
      return ops.length === 0 || ['list', 'show'].includes(ops[0]);
    default:
      return false;
  }
}

function remoteTargets(fx: Effects, operands: readonly string[]): void {
  for (const op of operands) {
    for (const url of findUrls(op)) fx.url(url);
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(op) && isRemoteSpec(op) && op.includes('@')) fx.url(op);
  }
}

function push(parsed: ParsedArgs, fx: Effects): void {
  fx.cap('vcs-write', 'write');
  fx.cap('net-egress', 'write');
  const forced = parsed.options.some((o) =>
    ['-f', '--force', '--force-with-lease', '--force-if-includes', '--mirror', '-d', '--delete', '--prune'].includes(o.name),
  );
  const refspecs = parsed.operands.slice(1);
  if (forced || refspecs.some((r) => r.startsWith('+') || r.startsWith(':'))) fx.cap('vcs-rewrite', 'write');
  remoteTargets(fx, parsed.operands.slice(0, 1));
}

const SUB_VALUES: Record<string, string[]> = {
  commit: ['-m', '-F', '-C', '-c', '--message', '--file', '--author', '--date', '--fixup', '--squash', '--reuse-message', '--cleanup', '-t', '--template'],
  push: ['-o', '--push-option', '--repo', '--receive-pack', '--exec', '--recurse-submodules'],
  clone: ['-b', '--branch', '-o', '--origin', '--depth', '-c', '--config', '--reference', '--template', '-u', '--upload-pack', '--filter', '-j', '--jobs', '--separate-git-dir', '--shallow-since', '--shallow-exclude'],
  pull: ['-s', '--strategy', '-X', '--strategy-option', '--depth', '-j', '--jobs'],
  fetch: ['--depth', '-j', '--jobs', '--shallow-since', '--shallow-exclude', '--refmap', '-o', '--server-option', '--filter'],
  tag: ['-m', '-F', '-u', '--message', '--file', '--local-user', '--sort', '--format', '--contains', '--points-at'],
  merge: ['-m', '-F', '-s', '-X', '--strategy', '--strategy-option', '--message', '--file'],
  rebase: ['--onto', '-s', '-X', '--strategy', '--strategy-option', '-x', '--exec'],
  reset: [],
  branch: ['-u', '--set-upstream-to', '--sort', '--format', '--contains', '--merged', '--no-merged', '--points-at'],
  checkout: ['-b', '-B', '--orphan', '--conflict'],
  switch: ['-c', '-C', '--create', '--force-create', '--orphan', '--conflict'],
  config: ['--file', '-f', '--type', '--default', '--blob'],
  log: ['-n', '--max-count', '--author', '--grep', '--since', '--until', '--format', '--pretty', '--skip'],
  apply: ['-p', '-C', '--directory', '--exclude', '--include'],
  am: ['-p', '-C', '--directory', '--exclude', '--include', '-S'],
  stash: ['-m', '--message'],
  'cherry-pick': ['-m', '--mainline', '-X', '--strategy-option', '-s', '--strategy'],
  revert: ['-m', '--mainline', '-X', '--strategy-option', '-s', '--strategy'],
  clean: ['-e', '--exclude'],
  rm: [],
  mv: [],
};

export const git: Handler = (argv, fx) => {
  const global = parseArgs(argv.slice(1), { values: GLOBAL_VALUES, stopAtOperand: true });
  const sub = global.operands[0];
  if (sub === undefined) return true;
  const parsed = parseArgs(global.rest, { values: SUB_VALUES[sub] ?? [] });
  const ops = parsed.operands;
  if (READ_ONLY.has(sub) || isListing(sub, parsed)) return true;
  switch (sub) {
    case 'push':
      push(parsed, fx);
      return;
    case 'clone':
      fx.cap('net-egress', 'read');
      remoteTargets(fx, ops.slice(0, 1));
      if (ops[1] !== undefined) fx.touch(ops[1], 'create');
      return;
    case 'fetch':
    case 'ls-remote':
      fx.cap('net-egress', 'read');
      remoteTargets(fx, ops.slice(0, 1));
      return sub === 'ls-remote';
    case 'pull':
      fx.cap('net-egress', 'read');
      fx.cap('vcs-write', 'write');
      remoteTargets(fx, ops.slice(0, 1));
      return;
    case 'commit':
      fx.cap('vcs-write', 'write');
      if (hasOption(parsed, '--amend')) fx.cap('vcs-rewrite', 'write');
      return;
    case 'tag':
      fx.cap('vcs-write', 'write');
      if (hasOption(parsed, '-f', '--force')) fx.cap('vcs-rewrite', 'write');
      return;
    case 'am':
      for (const p of ops) fx.touch(p, 'read');
      fx.cap('vcs-write', 'write');
      return;
    case 'merge':
    case 'cherry-pick':
    case 'revert':
      fx.cap('vcs-write', 'write');
      return;
    case 'rebase':
      if (hasOption(parsed, '--abort', '--quit', '--show-current-patch')) return;
      fx.cap('vcs-write', 'write');
      fx.cap('vcs-rewrite', 'write');
      return;
    case 'reset':
      if (hasOption(parsed, '--hard')) fx.cap('vcs-rewrite', 'write');
      return;
    case 'filter-branch':
    case 'filter-repo':
      fx.cap('vcs-write', 'write');
      fx.cap('vcs-rewrite', 'write');
      return;
    case 'branch':
      if (hasOption(parsed, '-D') || (hasOption(parsed, '-d', '--delete', '-m', '--move') && hasOption(parsed, '-f', '--force')) || hasOption(parsed, '-M', '-C')) {
        fx.cap('vcs-rewrite', 'write');
      } else if (hasOption(parsed, '-f', '--force') && ops.length > 0) fx.cap('vcs-rewrite', 'write');
      return;
    case 'clean':
      if (hasOption(parsed, '-n', '--dry-run')) return true;
      if (hasOption(parsed, '-f', '--force')) {
        fx.cap('destructive', 'write');
        fx.cap('vcs-rewrite', 'write');
      }
      return;
    case 'update-ref':
      if (hasOption(parsed, '-d')) fx.cap('vcs-rewrite', 'write');
      return;
    case 'reflog':
      if (ops[0] === 'expire' || ops[0] === 'delete') fx.cap('vcs-rewrite', 'write');
      return;
    case 'gc':
    case 'prune':
      if (parsed.options.some((o) => o.name === '--prune' && o.value === 'now') || sub === 'prune') fx.cap('vcs-rewrite', 'write');
      return;
    case 'rm':
      for (const p of ops) fx.touch(p, 'delete');
      return;
    case 'mv':
      if (ops.length >= 2) {
        for (const p of ops.slice(0, -1)) fx.touch(p, 'delete');
        fx.touch(ops[ops.length - 1], 'write');
      }
      return;
    case 'apply':
      for (const p of ops) fx.touch(p, 'read');
      return;
    case 'submodule':
      if (['update', 'add', 'sync', 'foreach'].includes(ops[0])) fx.cap('net-egress', 'read');
      if (ops[0] === 'add') remoteTargets(fx, ops.slice(1, 2));
      return;
    case 'remote':
      if (ops[0] === 'update' || (ops[0] === 'add' && hasOption(parsed, '-f'))) fx.cap('net-egress', 'read');
      return;
    case 'lfs':
      if (['pull', 'fetch', 'clone'].includes(ops[0])) fx.cap('net-egress', 'read');
      if (ops[0] === 'push') fx.cap('net-egress', 'write');
      return;
    case 'send-email':
      fx.cap('net-egress', 'write');
      return;
    case 'credential':
      if (ops[0] === 'fill') fx.cap('secrets-access', 'read');
      return ops[0] === 'fill';
    default:
      return;
  }
};
