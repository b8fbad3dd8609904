/** Programs whose arguments name files: what each reads, writes, creates or deletes. */
import type { Access } from '../model';
import { hasOption, optionValues, parseArgs } from './argv';
import type { Effects, Handler } from './effects';

function touchAll(fx: Effects, paths: readonly string[], access: Access): void {
  for (const p of paths) fx.touch(p, access);
}

function basename(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/** Reads every operand (cat, head, wc, diff, sha256sum, ...). */
function reader(values: readonly string[] = []): Handler {
  return (argv, fx) => {
    touchAll(fx, parseArgs(argv.slice(1), { values }).operands, 'read');
    return true;
  };
}

const HEAD_TAIL = ['-n', '-c', '--lines', '--bytes', '-s', '--sleep-interval', '--pid'];
const CUT = ['-d', '-f', '-c', '-b', '--delimiter', '--fields', '--characters', '--bytes', '--output-delimiter'];
const SORT = ['-k', '-t', '-o', '-S', '-T', '--key', '--field-separator', '--output', '--buffer-size', '--temporary-directory'];

const GREP_VALUES = [
  '-e', '-f', '-m', '-A', '-B', '-C', '-d', '-D', '--regexp', '--file', '--max-count', '--after-context',
  '--before-context', '--context', '--include', '--exclude', '--exclude-dir', '--exclude-from', '--label',
];
const RG_VALUES = [
  '-e', '-f', '-g', '-t', '-T', '-m', '-A', '-B', '-C', '-j', '-M', '-r', '-E', '-d', '--regexp', '--file', '--glob',
  '--iglob', '--type', '--type-not', '--type-add', '--max-count', '--max-depth', '--replace', '--encoding', '--sort',
  '--sortr', '--max-filesize', '--pre', '--pre-glob', '--colors', '--ignore-file', '--context-separator',
  '--path-separator', '--threads', '--max-columns', '--engine', '--after-context', '--before-context', '--context',
];

/** grep/rg/ag: the first operand is the pattern unless -e/-f gave it; the rest are searched. */
function searcher(values: readonly string[]): Handler {
  return (argv, fx) => {
    const parsed = parseArgs(argv.slice(1), { values });
    touchAll(fx, optionValues(parsed, '-f', '--file', '--exclude-from', '--ignore-file'), 'read');
    const patternGiven = hasOption(parsed, '-e', '--regexp', '-f', '--file', '--files', '--type-list');
    touchAll(fx, patternGiven ? parsed.operands : parsed.operands.slice(1), 'read');
    return true;
  };
}

/** jq/yq: the filter comes first unless read from a file; `--arg name value` takes two words. */
const jsonQuery: Handler = (argv, fx) => {
  const args: string[] = [];
  const rest = argv.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--args' || a === '--jsonargs') break;
    if (['--arg', '--argjson'].includes(a)) i += 2;
    else if (['--slurpfile', '--rawfile'].includes(a)) {
      if (rest[i + 2] !== undefined) fx.touch(rest[i + 2], 'read');
      i += 2;
    } else args.push(a);
  }
  const parsed = parseArgs(args, { values: ['-f', '--from-file', '--indent', '-L', '--output-format', '-o', '-p', '--input-format'] });
  const fromFile = optionValues(parsed, '-f', '--from-file');
  touchAll(fx, fromFile, 'read');
  let operands = parsed.operands;
  if (/^(yq|gojq-yq)$/.test(argv[0]) && ['eval', 'e', 'eval-all', 'ea'].includes(operands[0])) operands = operands.slice(1);
  const files = fromFile.length > 0 ? operands : operands.slice(1);
  const inPlace = hasOption(parsed, '-i', '--inplace');
  touchAll(fx, files, inPlace ? 'write' : 'read');
  return !inPlace;
};

const awk: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-f', '-v', '-F', '-i', '--file', '--assign', '--field-separator', '--include'] });
  const programFiles = optionValues(parsed, '-f', '--file');
  touchAll(fx, programFiles, 'read');
  const inPlace = optionValues(parsed, '-i', '--include').includes('inplace');
  const files = (programFiles.length > 0 ? parsed.operands : parsed.operands.slice(1)).filter((a) => !/^\w+=/.test(a));
  touchAll(fx, files, inPlace ? 'write' : 'read');
  return !inPlace;
};

const sed: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-e', '-f', '-l', '--expression', '--file', '--line-length'] });
  const inPlace = hasOption(parsed, '-i', '--in-place');
  let operands = parsed.operands;
  if (inPlace && operands[0] === '') operands = operands.slice(1); // BSD `sed -i '' ...`
  touchAll(fx, optionValues(parsed, '-f', '--file'), 'read');
  const files = hasOption(parsed, '-e', '--expression', '-f', '--file') ? operands : operands.slice(1);
  touchAll(fx, files, inPlace ? 'write' : 'read');
  return !inPlace;
};

const sort: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: SORT });
  touchAll(fx, parsed.operands, 'read');
  const outputs = optionValues(parsed, '-o', '--output');
  touchAll(fx, outputs, 'write');
  return outputs.length === 0;
};

const uniq: Handler = (argv, fx) => {
  const { operands } = parseArgs(argv.slice(1), { values: ['-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars'] });
  if (operands[0] !== undefined) fx.touch(operands[0], 'read');
  if (operands[1] !== undefined) fx.touch(operands[1], 'write');
  return operands[1] === undefined;
};

const tee: Handler = (argv, fx) => {
  touchAll(fx, parseArgs(argv.slice(1)).operands, 'write');
};

function creator(values: readonly string[]): Handler {
  return (argv, fx) => {
    const parsed = parseArgs(argv.slice(1), { values });
    touchAll(fx, optionValues(parsed, '-r', '--reference'), 'read');
    touchAll(fx, parsed.operands, 'create');
  };
}

const rm: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1));
  touchAll(fx, parsed.operands, 'delete');
  if (hasOption(parsed, '-r', '-R', '--recursive')) fx.cap('destructive', 'write');
};

const deleter: Handler = (argv, fx) => {
  touchAll(fx, parseArgs(argv.slice(1)).operands, 'delete');
};

const shred: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-n', '-s', '--iterations', '--size', '--random-source'] });
  touchAll(fx, parsed.operands, hasOption(parsed, '-u', '--remove') ? 'delete' : 'write');
  fx.cap('destructive', 'write');
};

const truncate: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-s', '-r', '--size', '--reference'] });
  touchAll(fx, parsed.operands, 'write');
  fx.cap('destructive', 'write');
};

/** cp/mv/install: sources then a destination (or -t DIR); a folder destination gets each source's name. */
function copier(sourceAccess: Access, extraValues: readonly string[] = []): Handler {
  return (argv, fx) => {
    const parsed = parseArgs(argv.slice(1), { values: ['-t', '-S', '--target-directory', '--suffix', ...extraValues] });
    if (argv[0] === 'install' && hasOption(parsed, '-d', '--directory')) {
      touchAll(fx, parsed.operands, 'create');
      return;
    }
    const targetDir = optionValues(parsed, '-t', '--target-directory')[0];
    const sources = targetDir !== undefined ? parsed.operands : parsed.operands.slice(0, -1);
    const dest = targetDir ?? parsed.operands[parsed.operands.length - 1];
    if (dest === undefined || sources.length === 0) return;
    touchAll(fx, sources, sourceAccess);
    const intoFolder = targetDir !== undefined || dest.endsWith('/') || sources.length > 1;
    for (const src of sources) fx.touch(intoFolder ? `${dest.replace(/\/+$/, '')}/${basename(src)}` : dest, 'write');
  };
}

const ln: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-t', '-S', '--target-directory', '--suffix'] });
  const { operands } = parsed;
  const targetDir = optionValues(parsed, '-t', '--target-directory')[0];
  if (targetDir !== undefined) for (const t of operands) fx.touch(`${targetDir}/${basename(t)}`, 'create');
  else if (operands.length >= 2) fx.touch(operands[operands.length - 1], 'create');
  else if (operands.length === 1) fx.touch(basename(operands[0]), 'create');
};

const WORLD_WRITABLE = /^(0?777|[ugoa]*\+[rx]*w[rx]*|o\+\w*w\w*)$/;

const chmod: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1));
  // `chmod -w f` writes its mode like an option; GNU chmod's own short options are only -c -f -v -R.
  const modeIsOption = parsed.options.some((o) => /^-[^cfvR-]$/.test(o.name));
  const byReference = parsed.options.some((o) => o.name === '--reference');
  const [mode, ...files] = byReference || modeIsOption ? ['', ...parsed.operands] : parsed.operands;
  touchAll(fx, files, 'write');
  if (hasOption(parsed, '-R', '--recursive') && WORLD_WRITABLE.test(mode)) fx.cap('destructive', 'write');
};

const chown: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1));
  const byReference = parsed.options.some((o) => o.name === '--reference');
  touchAll(fx, byReference ? parsed.operands : parsed.operands.slice(1), 'write');
};

const dd: Handler = (argv, fx) => {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('if=')) fx.touch(arg.slice(3), 'read');
    if (arg.startsWith('of=')) {
      const target = arg.slice(3);
      fx.touch(target, 'write');
      if (target !== '/dev/null') fx.cap('destructive', 'write');
    }
  }
};

/** mkfs, wipefs, fdisk, ...: every operand is a device being rewritten. */
const diskTool: Handler = (argv, fx) => {
  touchAll(fx, parseArgs(argv.slice(1), { values: ['-t', '-L', '-b', '-O', '-o', '-n'] }).operands.filter((a) => a.startsWith('/')), 'write');
  fx.cap('destructive', 'write');
};

/** tar in both styles: `tar -czf out.tgz src` and `tar czf out.tgz src`. */
const tar: Handler = (argv, fx) => {
  let args = argv.slice(1);
  let archive: string | undefined;
  let modes = '';
  if (args[0] && !args[0].startsWith('-')) {
    modes = args[0];
    args = args.slice(1);
    if (modes.includes('f')) {
      archive = args[0];
      args = args.slice(1);
    }
  }
  const parsed = parseArgs(args, { values: ['-f', '-C', '-T', '-X', '-b', '-H', '-I', '--file', '--directory', '--files-from', '--exclude-from', '--use-compress-program', '--format'] });
  archive ??= optionValues(parsed, '-f', '--file')[0];
  for (const o of parsed.options) if (/^-[cxtru]$/.test(o.name)) modes += o.name[1];
  modes += parsed.options.some((o) => o.name === '--create') ? 'c' : '';
  modes += parsed.options.some((o) => o.name === '--extract' || o.name === '--get') ? 'x' : '';
  modes += parsed.options.some((o) => o.name === '--list') ? 't' : '';
  touchAll(fx, optionValues(parsed, '-T', '--files-from', '-X', '--exclude-from'), 'read');
  const writesArchive = /[cru]/.test(modes);
  if (archive !== undefined && archive !== '-') fx.touch(archive, writesArchive ? 'write' : 'read');
  if (writesArchive) touchAll(fx, parsed.operands, 'read');
  if (/x/.test(modes)) {
    for (const dir of optionValues(parsed, '-C', '--directory')) fx.touch(dir, 'write');
    return false;
  }
  return !writesArchive;
};

const zip: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-x', '-i', '-b', '-n', '-P', '-t', '-tt', '-O'] });
  const [archive, ...files] = parsed.operands;
  if (archive === undefined) return;
  fx.touch(archive, 'write');
  touchAll(fx, files, 'read');
};

const unzip: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-d', '-x', '-P', '-O', '-I'] });
  const archive = parsed.operands[0];
  if (archive !== undefined) fx.touch(archive, 'read');
  if (hasOption(parsed, '-l', '-t', '-v', '-Z', '-p', '-c')) return true;
  for (const dir of optionValues(parsed, '-d')) fx.touch(dir, 'write');
};

const compressor: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-S', '--suffix', '-T', '--threads', '-o'] });
  const readOnly = hasOption(parsed, '-c', '--stdout', '--to-stdout', '-l', '--list', '-t', '--test');
  touchAll(fx, parsed.operands, readOnly ? 'read' : 'write');
  return readOnly;
};

const patch: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), {
    values: ['-i', '-p', '-o', '-d', '-r', '-B', '-D', '-F', '-V', '-z', '-Y', '--input', '--output', '--directory', '--strip'],
  });
  touchAll(fx, optionValues(parsed, '-i', '--input'), 'read');
  touchAll(fx, optionValues(parsed, '-o', '--output'), 'write');
  if (parsed.operands[0] !== undefined) fx.touch(parsed.operands[0], 'write');
  if (parsed.operands[1] !== undefined) fx.touch(parsed.operands[1], 'read');
};

/** find: starting points are listed, not read; -delete and -exec are what matter. */
const find: Handler = (argv, fx) => {
  const args = argv.slice(1);
  let i = 0;
  while (i < args.length && /^-[HLP]$/.test(args[i])) i++;
  while (i < args.length && !/^[-(!]/.test(args[i])) i++;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '-delete') {
      fx.cap('destructive', 'write');
      fx.mutates();
    } else if (/^-(exec|execdir|ok|okdir)$/.test(a)) {
      const inner: string[] = [];
      for (i++; i < args.length && args[i] !== ';' && args[i] !== '+'; i++) inner.push(args[i]);
      if (inner.length > 0) fx.run(inner);
    } else if (/^-(fprint|fprint0|fls)$/.test(a) && args[i + 1] !== undefined) {
      fx.touch(args[++i], 'write');
    } else if (a === '-fprintf' && args[i + 1] !== undefined) {
      fx.touch(args[++i], 'write');
      i++;
    }
  }
  return true;
};

export const FILE_HANDLERS: Record<string, Handler> = {
  cat: reader(),
  tac: reader(),
  nl: reader(['-b', '-n', '-s', '-v', '-w', '-i']),
  head: reader(HEAD_TAIL),
  tail: reader(HEAD_TAIL),
  less: reader(['-p', '-x', '-y', '-z', '-b', '-h', '-j', '-o', '-T']),
  more: reader(),
  most: reader(),
  wc: reader(),
  od: reader(['-A', '-t', '-N', '-j', '-w']),
  xxd: reader(['-c', '-g', '-l', '-s', '-o']),
  hexdump: reader(['-n', '-s', '-e', '-f']),
  hexyl: reader(['-n', '-s']),
  strings: reader(['-n', '-t', '-e']),
  file: reader(['-m', '-F']),
  stat: reader(['-c', '--format', '--printf']),
  md5sum: reader(),
  sha1sum: reader(),
  sha224sum: reader(),
  sha256sum: reader(),
  sha384sum: reader(),
  sha512sum: reader(),
  b2sum: reader(),
  shasum: reader(['-a']),
  cksum: reader(),
  sum: reader(),
  base64: reader(['-w', '--wrap']),
  base32: reader(['-w', '--wrap']),
  bat: reader(['-l', '-r', '--language', '--line-range', '--style', '--theme', '-m', '--map-syntax']),
  diff: reader(['-U', '-C', '-x', '-X', '-I', '-L', '-F', '--label', '--exclude', '--exclude-from', '--ignore-matching-lines']),
  cmp: reader(['-i', '-n', '--ignore-initial', '--bytes']),
  comm: reader(),
  cut: reader(CUT),
  paste: reader(['-d', '--delimiters']),
  join: reader(['-1', '-2', '-t', '-o', '-j', '-e']),
  column: reader(['-s', '-c', '-o', '-N', '-R', '-H']),
  fold: reader(['-w', '--width']),
  fmt: reader(['-w', '--width', '-p']),
  expand: reader(['-t', '--tabs']),
  unexpand: reader(['-t', '--tabs']),
  iconv: reader(['-f', '-t', '--from-code', '--to-code']),
  zcat: reader(),
  bzcat: reader(),
  xzcat: reader(),
  zless: reader(),
  source: reader(),
  '.': reader(),
  grep: searcher(GREP_VALUES),
  rg: searcher(RG_VALUES),
  ag: searcher(['-G', '-g', '-m', '-A', '-B', '-C', '--ignore', '--ignore-dir', '--file-search-regex']),
  ack: searcher(['-m', '-A', '-B', '-C', '--type', '--ignore-dir', '--ignore-file']),
  jq: jsonQuery,
  gojq: jsonQuery,
  jaq: jsonQuery,
  yq: jsonQuery,
  awk,
  sed,
  sort,
  uniq,
  tee,
  touch: creator(['-d', '-t', '-r', '--date', '--reference']),
  mkdir: creator(['-m', '--mode', '--context']),
  rm,
  rmdir: deleter,
  unlink: deleter,
  shred,
  truncate,
  cp: copier('read'),
  mv: copier('delete'),
  install: copier('read', ['-m', '-o', '-g', '--mode', '--owner', '--group']),
  ln,
  chmod,
  chown,
  chgrp: chown,
  dd,
  mkfs: diskTool,
  mke2fs: diskTool,
  mkswap: diskTool,
  wipefs: diskTool,
  fdisk: diskTool,
  sfdisk: diskTool,
  gdisk: diskTool,
  sgdisk: diskTool,
  parted: diskTool,
  blkdiscard: diskTool,
  tar,
  zip,
  unzip,
  gzip: compressor,
  gunzip: compressor,
  bzip2: compressor,
  bunzip2: compressor,
  xz: compressor,
  unxz: compressor,
  zstd: compressor,
  unzstd: compressor,
  lz4: compressor,
  pigz: compressor,
  patch,
  find,
};
