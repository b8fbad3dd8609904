/** Programs that reach the network: downloads are `read`, uploads and remote changes are `write`. */
import { findUrls, hasOption, isRemoteSpec, optionValues, parseArgs } from './argv';
import type { Effects, Handler } from './effects';

function urlsIn(fx: Effects, args: readonly string[]): void {
  for (const a of args) for (const u of findUrls(a)) fx.url(u);
}

const CURL_VALUES = [
  '-o', '-d', '-H', '-X', '-u', '-A', '-e', '-b', '-c', '-F', '-T', '-K', '-m', '-w', '-x', '-r', '-E', '-U', '-Y', '-y', '-z', '-C', '-P', '-Q', '-t',
  '--output', '--data', '--data-binary', '--data-raw', '--data-ascii', '--data-urlencode', '--json', '--form', '--form-string',
  '--header', '--request', '--user', '--user-agent', '--referer', '--cookie', '--cookie-jar', '--upload-file', '--config',
  '--max-time', '--connect-timeout', '--write-out', '--proxy', '--range', '--cert', '--key', '--cacert', '--capath',
  '--retry', '--retry-delay', '--retry-max-time', '--url', '--resolve', '--connect-to', '--interface', '--limit-rate',
  '--output-dir', '--oauth2-bearer', '--unix-socket', '--max-filesize', '--dns-servers', '--proto', '--proto-redir', '--variable',
];
const CURL_DATA = ['-d', '--data', '--data-binary', '--data-raw', '--data-ascii', '--data-urlencode', '--json'];
const CURL_FORM = ['-F', '--form'];

const curl: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: CURL_VALUES });
  const targets = [...parsed.operands, ...optionValues(parsed, '--url')];
  for (const t of targets) {
    const found = findUrls(t);
    if (found.length > 0) for (const u of found) fx.url(u);
    else if (/^[\w.-]+\.[a-z]{2,}([:/]|$)/i.test(t) || /^localhost([:/]|$)/.test(t)) fx.url(t);
  }
  for (const out of optionValues(parsed, '-o', '--output', '-c', '--cookie-jar')) fx.touch(out, 'write');
  for (const file of optionValues(parsed, '-K', '--config', '--cacert', '--cert', '--key')) fx.touch(file, 'read');
  for (const data of optionValues(parsed, ...CURL_DATA)) if (data.startsWith('@')) fx.touch(data.slice(1), 'read');
  for (const form of optionValues(parsed, ...CURL_FORM)) {
    const at = /=[<@]([^;]+)/.exec(form);
    if (at) fx.touch(at[1], 'read');
  }
  const uploads = optionValues(parsed, '-T', '--upload-file');
  for (const file of uploads) fx.touch(file, 'read');
  const method = optionValues(parsed, '-X', '--request')[0]?.toUpperCase();
  const sends =
    uploads.length > 0 ||
    hasOption(parsed, ...CURL_DATA, ...CURL_FORM, '--form-string') ||
    (method !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method));
  fx.cap('net-egress', sends ? 'write' : 'read');
  return !hasOption(parsed, '-O', '--remote-name', '--remote-name-all');
};

const wget: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), {
    values: ['-O', '-o', '-a', '-P', '-i', '-U', '-t', '-T', '-w', '-e', '-Q', '--output-document', '--output-file', '--append-output',
      '--directory-prefix', '--input-file', '--user-agent', '--tries', '--timeout', '--wait', '--header', '--post-data', '--post-file',
      '--method', '--body-data', '--body-file', '--user', '--password', '--load-cookies', '--save-cookies', '--execute', '--quota'],
  });
  urlsIn(fx, parsed.operands);
  for (const out of optionValues(parsed, '-O', '--output-document', '-o', '--output-file', '-a', '--append-output', '--save-cookies')) {
    fx.touch(out, 'write');
  }
  for (const dir of optionValues(parsed, '-P', '--directory-prefix')) fx.touch(dir, 'write');
  for (const file of optionValues(parsed, '-i', '--input-file', '--post-file', '--body-file', '--load-cookies')) fx.touch(file, 'read');
  const method = optionValues(parsed, '--method')[0]?.toUpperCase();
  const sends = hasOption(parsed, '--post-data', '--post-file', '--body-data', '--body-file') || (method !== undefined && method !== 'GET' && method !== 'HEAD');
  fx.cap('net-egress', sends ? 'write' : 'read');
};

const SSH_VALUES = ['-i', '-p', '-o', '-F', '-J', '-l', '-L', '-R', '-D', '-W', '-b', '-c', '-E', '-e', '-I', '-m', '-O', '-Q', '-S', '-w', '-B', '-P'];

/** ssh host [command]: the remote command runs elsewhere, so it is not analysed as local effects. */
const ssh: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: SSH_VALUES, stopAtOperand: true });
  for (const key of optionValues(parsed, '-i', '-F')) fx.touch(key, 'read');
  if (parsed.operands[0] !== undefined) fx.url(parsed.operands[0]);
  fx.cap('net-egress', 'write');
};

/** scp/rsync/sftp: direction decides read (download) or write (upload). */
function copyRemote(values: readonly string[]): Handler {
  return (argv, fx) => {
    const parsed = parseArgs(argv.slice(1), { values });
    for (const key of optionValues(parsed, '-i', '-F')) fx.touch(key, 'read');
    const ops = parsed.operands;
    if (argv[0] === 'rsync' && parsed.options.some((o) => o.name.startsWith('--delete') || o.name === '--remove-source-files')) {
      fx.cap('destructive', 'write');
    }
    if (ops.length === 0) {
      fx.cap('net-egress', 'write');
      return;
    }
    if (argv[0] === 'sftp') {
      fx.url(ops[0]);
      fx.cap('net-egress', 'write');
      return;
    }
    const dest = ops[ops.length - 1];
    const sources = ops.slice(0, -1);
    const remoteDest = isRemoteSpec(dest);
    const remoteSource = sources.some(isRemoteSpec);
    for (const s of sources) (isRemoteSpec(s) ? fx.url(s) : fx.touch(s, 'read'));
    if (remoteDest) fx.url(dest);
    else fx.touch(dest, 'write');
    if (remoteDest) fx.cap('net-egress', 'write');
    else if (remoteSource) fx.cap('net-egress', 'read');
  };
}

/** Raw sockets and remote shells: anything can be sent. */
const rawSocket: Handler = (argv, fx) => {
  urlsIn(fx, argv.slice(1));
  fx.cap('net-egress', 'write');
};

/** Lookups and probes: they reach the network but send nothing of ours. */
const probe: Handler = (argv, fx) => {
  urlsIn(fx, argv.slice(1));
  fx.cap('net-egress', 'read');
  return true;
};

const GH_WRITE_VERBS = new Set([
  'create', 'merge', 'close', 'reopen', 'edit', 'comment', 'delete', 'review', 'ready', 'upload', 'sync', 'fork', 'archive',
  'unarchive', 'rename', 'transfer', 'lock', 'unlock', 'set', 'enable', 'disable', 'run', 'cancel', 'rerun', 'add', 'remove',
  'push', 'pin', 'unpin', 'develop', 'deploy', 'install', 'upgrade', 'login', 'logout',
]);

/** gh / glab: every call talks to the forge; verbs that create or change things are writes. */
const forge: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-R', '--repo', '-X', '--method', '-f', '-F', '--field', '--raw-field', '-H', '--header', '-q', '--jq', '-t', '--template', '-b', '--body', '-m', '--milestone', '-l', '--label', '-a', '--assignee', '-B', '--base', '--head'] });
  const [group, verb] = parsed.operands;
  urlsIn(fx, parsed.operands);
  if (group === 'auth' && (verb === 'token' || hasOption(parsed, '--show-token', '-t'))) {
    fx.cap('secrets-access', 'read');
  }
  let writes = verb !== undefined && GH_WRITE_VERBS.has(verb);
  if (group === 'api') {
    const method = optionValues(parsed, '-X', '--method')[0]?.toUpperCase();
    writes = (method !== undefined && method !== 'GET') || hasOption(parsed, '-f', '-F', '--field', '--raw-field');
  }
  if (group === 'repo' && verb === 'clone') {
    writes = false;
    if (parsed.operands[3] !== undefined) fx.touch(parsed.operands[3], 'create');
  }
  fx.cap('net-egress', writes ? 'write' : 'read');
  return !writes && !(group === 'repo' && verb === 'clone');
};

const READ_VERB = /^(get|list|ls|describe|show|view|status|logs?|top|explain|version|whoami|info|inspect|search|cat|head|wait|output|plan|validate|history|tail)([-_]|$)/;

const SECRET_VERBS = /\b(get-secret-value|get-session-token|export-credentials|print-access-token|print-identity-token)\b/;
const LOCAL_ONLY: Record<string, string[]> = {
  terraform: ['fmt', 'validate', 'version', 'providers', 'graph', 'console'],
  helm: ['template', 'lint', 'create', 'version', 'package'],
  kubectl: ['version --client', 'config', 'explain', 'kustomize', 'completion'],
};

function readsSecret(program: string, argv: readonly string[], words: string): boolean {
  if (SECRET_VERBS.test(words)) return true;
  if (program === 'kubectl') return /\b(get|describe)\s+secrets?\b/.test(words);
  if (program === 'gcloud') return /\bsecrets versions access\b/.test(words);
  if (program === 'az') return /\bkeyvault secret show\b/.test(words);
  if (program === 'aws') return /\bget-parameters?\b/.test(words) && argv.includes('--with-decryption');
  return false;
}

/** Cloud and cluster CLIs: calls are remote; verbs decide read or write. */
const cloud: Handler = (argv, fx) => {
  const ops = parseArgs(argv.slice(1), {
    values: ['--profile', '--region', '-n', '--namespace', '--context', '--project', '-o', '--output', '--query', '-f', '--filename',
      '-l', '--selector', '--kubeconfig', '--subscription', '-g', '--resource-group'],
  }).operands;
  const program = argv[0];
  const words = ops.join(' ');
  if ((LOCAL_ONLY[program] ?? []).some((local) => words === local || words.startsWith(local + ' '))) return program !== 'helm' || ops[0] !== 'create';
  const reads = ops.some((w) => READ_VERB.test(w)) && !/\b(delete|destroy|apply|create|put|update|set|rm)\b/.test(words);
  urlsIn(fx, ops);
  fx.cap('net-egress', reads ? 'read' : 'write');
  if (readsSecret(program, argv, words)) fx.cap('secrets-access', 'read');
  if (program === 'aws' && ops[0] === 'configure') fx.cap('secrets-access', ops[1] === 'get' || ops[1] === 'list' ? 'read' : 'write');
  if ((program === 'kubectl' && ops[0] === 'delete') || (program === 'terraform' && ops[0] === 'destroy')) fx.cap('destructive', 'write');
  return reads;
};

const vault: Handler = (argv, fx) => {
  const ops = parseArgs(argv.slice(1), { values: ['-address', '-namespace', '-field', '-format', '-mount'] }).operands;
  fx.cap('net-egress', ops[0] === 'read' || ops[1] === 'get' ? 'read' : 'write');
  if (ops[0] === 'read' || (ops[0] === 'kv' && ops[1] === 'get') || (ops[0] === 'token' && ops[1] === 'lookup')) fx.cap('secrets-access', 'read');
};

/** Container engines reach a registry only for these verbs. */
const containers: Handler = (argv, fx) => {
  const ops = parseArgs(argv.slice(1), { values: ['-H', '--host', '--context', '--config', '-c', '-l', '--log-level'], stopAtOperand: true });
  const verb = ops.operands[0];
  if (verb === 'pull' || verb === 'search') fx.cap('net-egress', 'read');
  if (verb === 'push' || verb === 'login') fx.cap('net-egress', 'write');
  if (verb === 'login') fx.cap('secrets-access', 'read');
  return ['ps', 'images', 'inspect', 'logs', 'version', 'info', 'search', 'history', 'top', 'stats', 'port', 'diff'].includes(verb ?? '');
};

export const NETWORK_HANDLERS: Record<string, Handler> = {
  curl,
  wget,
  http: probe,
  https: probe,
  xh: probe,
  aria2c: probe,
  ssh,
  mosh: ssh,
  scp: copyRemote(['-i', '-P', '-o', '-F', '-J', '-l', '-c', '-S']),
  sftp: copyRemote(['-i', '-P', '-o', '-F', '-J', '-b', '-B', '-c', '-l', '-R', '-S']),
  rsync: copyRemote(['-e', '--rsh', '--exclude', '--include', '--exclude-from', '--include-from', '--files-from', '-f', '--filter', '--chmod', '--chown', '-T', '--temp-dir', '--log-file', '--password-file', '--port', '-B', '--block-size', '--max-size', '--min-size', '--timeout', '--backup-dir', '--suffix', '--compare-dest', '--copy-dest', '--link-dest']),
  nc: rawSocket,
  telnet: rawSocket,
  socat: rawSocket,
  ftp: rawSocket,
  lftp: rawSocket,
  ping: probe,
  ping6: probe,
  dig: probe,
  nslookup: probe,
  host: probe,
  traceroute: probe,
  tracepath: probe,
  mtr: probe,
  whois: probe,
  gh: forge,
  glab: forge,
  aws: cloud,
  gcloud: cloud,
  gsutil: cloud,
  az: cloud,
  kubectl: cloud,
  oc: cloud,
  helm: cloud,
  terraform: cloud,
  pulumi: cloud,
  doctl: cloud,
  flyctl: cloud,
  fly: cloud,
  heroku: cloud,
  vercel: cloud,
  netlify: cloud,
  wrangler: cloud,
  firebase: cloud,
  vault,
  docker: containers,
};
