/** Databases, password managers, key tools and service managers. */
import { hasOption, optionValues, parseArgs } from './argv';
import type { Effects, Handler } from './effects';

const SQL_WRITE = /\b(insert|update|delete|drop|create|alter|truncate|grant|revoke|replace|merge|copy|vacuum|reindex|attach|import)\b/i;
const SQL_DESTRUCTIVE = /\b(drop\s+(table|database|schema|index|view|collection)|truncate(\s+table)?\s+\w|flushall|flushdb|dropdatabase\(\))/i;

/** Read unless the statements (or an interactive session, or a script file) could change data. */
function databaseAccess(fx: Effects, statements: readonly string[], interactive: boolean): boolean {
  const text = statements.join('\n');
  const writes = interactive || SQL_WRITE.test(text);
  fx.cap('database', writes ? 'write' : 'read');
  if (SQL_DESTRUCTIVE.test(text)) fx.cap('destructive', 'write');
  return !writes;
}

function sqlClient(statementOptions: string[], fileOptions: string[], values: string[]): Handler {
  return (argv, fx) => {
    // mysql -pSECRET glues the password to the option; it is no statement.
    const args = argv.slice(1).filter((a) => !/^-p\S/.test(a) || argv[0] !== 'mysql');
    const parsed = parseArgs(args, { values: [...statementOptions, ...fileOptions, ...values] });
    const files = optionValues(parsed, ...fileOptions);
    for (const f of files) fx.touch(f, 'read');
    const statements = optionValues(parsed, ...statementOptions);
    const listsOnly = hasOption(parsed, '-l', '--list', '-V', '--version');
    return databaseAccess(fx, statements, statements.length === 0 && !listsOnly);
  };
}

const PSQL_VALUES = ['-h', '-p', '-U', '-d', '-o', '-v', '-P', '-L', '-T', '-F', '-R', '--host', '--port', '--username', '--dbname', '--output', '--set', '--variable', '--pset', '--log-file'];
const MYSQL_VALUES = ['-h', '-P', '-u', '-D', '-S', '--host', '--port', '--user', '--database', '--socket', '--defaults-file'];

/** sqlite3/duckdb DB [SQL]: the database file is touched too. */
const fileDatabase: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-cmd', '-separator', '-newline', '-nullvalue', '-c', '-s', '-init'] });
  const [db, ...sql] = parsed.operands;
  const statements = [...sql, ...optionValues(parsed, '-cmd', '-c', '-s')];
  const readOnly = databaseAccess(fx, statements, statements.length === 0 || hasOption(parsed, '-init'));
  if (db !== undefined && db !== ':memory:') fx.touch(db, readOnly ? 'read' : 'write');
  return readOnly;
};

const REDIS_READ = /^(get|mget|keys|scan|info|ping|exists|ttl|pttl|type|hget|hgetall|hkeys|hvals|lrange|llen|smembers|scard|zrange|zcard|strlen|dbsize|monitor|subscribe|config\s+get|client\s+list|--scan|--bigkeys)$/i;

const redisCli: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-h', '-p', '-a', '-n', '-u', '-s', '--user', '--pass', '--tls', '--cacert', '--cert', '--key', '-i', '-r'] });
  const command = parsed.operands[0];
  if (command === undefined) return databaseAccess(fx, [], !hasOption(parsed, '--scan', '--bigkeys', '--stat', '--latency'));
  const readOnly = REDIS_READ.test(command);
  fx.cap('database', readOnly ? 'read' : 'write');
  if (/^flush(all|db)$/i.test(command)) fx.cap('destructive', 'write');
  return readOnly;
};

const mongo: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['--eval', '--host', '--port', '-u', '-p', '--username', '--password', '--authenticationDatabase', '-f', '--file'] });
  for (const f of optionValues(parsed, '-f', '--file')) fx.touch(f, 'read');
  const evals = optionValues(parsed, '--eval');
  const text = evals.join('\n');
  const writes = evals.length === 0 || /\.(insert|update|delete|remove|drop|create|replace|bulkWrite|rename)\w*\(/i.test(text);
  fx.cap('database', writes ? 'write' : 'read');
  if (/\.drop(Database)?\(/.test(text)) fx.cap('destructive', 'write');
  return !writes;
};

/** pg_dump, mysqldump: read the database, write the dump file. */
const dump: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-f', '--file', '-h', '-p', '-U', '-d', '-t', '-n', '-F', '--host', '--port', '--username', '--dbname', '-u', '-r', '--result-file'] });
  for (const f of optionValues(parsed, '-f', '--file', '-r', '--result-file')) fx.touch(f, 'write');
  fx.cap('database', 'read');
  return true;
};

const databaseWriter: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-h', '-p', '-U', '-d', '-f', '--host', '--port', '--username', '--dbname', '-j', '--jobs'] });
  if (argv[0] === 'pg_restore') for (const f of parsed.operands) fx.touch(f, 'read');
  fx.cap('database', 'write');
  if (argv[0] === 'dropdb') fx.cap('destructive', 'write');
};

/** Password managers: reading an entry is `read`, creating or changing one is `write`. */
function passwordManager(writeVerbs: RegExp, values: string[] = []): Handler {
  return (argv, fx) => {
    const ops = parseArgs(argv.slice(1), { values }).operands;
    const writes = ops.slice(0, 2).some((w) => writeVerbs.test(w));
    fx.cap('password-manager', writes ? 'write' : 'read');
    if (argv[0] !== 'pass' && argv[0] !== 'gopass' && argv[0] !== 'keepassxc-cli' && argv[0] !== 'secret-tool') fx.cap('net-egress', 'read');
    return !writes;
  };
}

/** macOS `security`: only the keychain verbs. */
const security: Handler = (argv, fx) => {
  const verb = argv[1] ?? '';
  if (/^(find-(generic|internet)-password|find-certificate|find-identity|dump-keychain|unlock-keychain|export)$/.test(verb)) {
    fx.cap('password-manager', 'read');
    return true;
  }
  if (/^(add-(generic|internet)-password|delete-(generic|internet)-password|import|create-keychain|delete-keychain|set-keychain-settings)$/.test(verb)) {
    fx.cap('password-manager', 'write');
    return;
  }
  return /^(list-keychains|default-keychain|show-keychain-info|verify-cert)$/.test(verb);
};

const gpg: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-o', '--output', '-r', '--recipient', '-u', '--local-user', '--default-key', '--homedir', '--passphrase', '--passphrase-file', '--keyserver'] });
  for (const out of optionValues(parsed, '-o', '--output')) fx.touch(out, 'write');
  if (hasOption(parsed, '-d', '--decrypt', '--export-secret-keys', '--export-secret-subkeys', '--passphrase', '--passphrase-file')) {
    fx.cap('secrets-access', 'read');
    for (const f of parsed.operands) fx.touch(f, 'read');
  } else if (hasOption(parsed, '--gen-key', '--full-generate-key', '--quick-generate-key', '--import', '--delete-secret-keys', '--edit-key')) {
    fx.cap('secrets-access', 'write');
  } else if (hasOption(parsed, '-e', '--encrypt', '-s', '--sign', '-c', '--symmetric', '--clearsign', '--detach-sign')) {
    for (const f of parsed.operands) fx.touch(f, 'read');
    return;
  }
  if (hasOption(parsed, '--recv-keys', '--send-keys', '--search-keys', '--refresh-keys')) fx.cap('net-egress', hasOption(parsed, '--send-keys') ? 'write' : 'read');
  return hasOption(parsed, '--list-keys', '-k', '--list-secret-keys', '-K', '--fingerprint', '--verify');
};

const sshKeygen: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-f', '-t', '-b', '-C', '-N', '-P', '-F', '-R', '-E', '-n', '-I', '-s', '-V', '-O', '-a'] });
  const inspects = hasOption(parsed, '-l', '-F', '-y', '-B');
  for (const f of optionValues(parsed, '-f')) fx.touch(f, inspects ? 'read' : 'write');
  if (hasOption(parsed, '-R')) {
    fx.cap('secrets-access', 'write');
    return;
  }
  fx.cap('secrets-access', inspects ? 'read' : 'write');
  return inspects;
};

const sshAdd: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-t', '-E', '-s', '-e', '-S', '-h', '-H'] });
  for (const f of parsed.operands) fx.touch(f, 'read');
  fx.cap('secrets-access', hasOption(parsed, '-l', '-L') ? 'read' : 'write');
  return hasOption(parsed, '-l', '-L');
};

const SYSTEMCTL_READ = /^(status|show|cat|list-\w+|is-\w+|help|get-default)$/;

/** systemctl/service change system services: counted with the systemd units they manage. */
const systemctl: Handler = (argv, fx) => {
  const parsed = parseArgs(argv.slice(1), { values: ['-t', '--type', '-p', '--property', '-H', '--host', '-M', '--machine', '-n', '--lines', '-o', '--output', '--state'] });
  const verb = parsed.operands[0];
  const readOnly = verb === undefined || SYSTEMCTL_READ.test(verb);
  fx.cap('config-systemd', readOnly ? 'read' : 'write');
  return readOnly;
};

const service: Handler = (argv, fx) => {
  const verb = argv[2];
  const readOnly = verb === undefined || verb === 'status' || argv[1] === '--status-all';
  fx.cap('config-systemd', readOnly ? 'read' : 'write');
  return readOnly;
};

export const SYSTEM_HANDLERS: Record<string, Handler> = {
  psql: sqlClient(['-c', '--command'], ['-f', '--file'], PSQL_VALUES),
  mysql: sqlClient(['-e', '--execute'], [], MYSQL_VALUES),
  'clickhouse-client': sqlClient(['-q', '--query'], ['--queries-file'], ['-h', '--host', '--port', '-u', '--user', '-d', '--database']),
  cqlsh: sqlClient(['-e', '--execute'], ['-f', '--file'], ['-u', '-p', '-k', '--keyspace']),
  sqlite3: fileDatabase,
  duckdb: fileDatabase,
  'redis-cli': redisCli,
  mongosh: mongo,
  pg_dump: dump,
  pg_dumpall: dump,
  mysqldump: dump,
  mongodump: dump,
  pg_restore: databaseWriter,
  createdb: databaseWriter,
  dropdb: databaseWriter,
  mongorestore: databaseWriter,
  pass: passwordManager(/^(insert|add|generate|edit|rm|remove|delete|mv|rename|cp|copy|init|git)$/),
  gopass: passwordManager(/^(insert|generate|edit|rm|delete|mv|cp|init|sync|create|new)$/),
  op: passwordManager(/^(create|edit|delete|archive|move|share)$/, ['--vault', '--account', '--format', '--fields']),
  bw: passwordManager(/^(create|edit|delete|restore|move|import|share)$/, ['--session', '--organizationid']),
  'keepassxc-cli': passwordManager(/^(add|edit|rm|mkdir|rmdir|mv|import|merge|generate|db-create)$/, ['-k', '--key-file', '-y']),
  lpass: passwordManager(/^(add|edit|generate|rm|mv|duplicate|import|passwd)$/),
  'secret-tool': passwordManager(/^(store|clear)$/),
  security,
  gpg,
  'ssh-keygen': sshKeygen,
  'ssh-add': sshAdd,
  systemctl,
  service,
};
