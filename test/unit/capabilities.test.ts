import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CAPABILITIES, capabilityInfo, compileRules, homeRelative, pathCapabilities } from '../../src/core/capabilities';
import { createShellAnalyzer, type CommandAnalysis } from '../../src/core/shell';
import { loadShellSyntax } from '../../src/node/shellSyntax';

describe('pathCapabilities: built-in table', () => {
  const cases: [string, string[]][] = [
    ['/repo/src/a.ts', ['code-typescript']],
    ['/repo/src/App.tsx', ['code-typescript']],
    ['lib/x.mjs', ['code-typescript']],
    ['/repo/pkg/mod.py', ['code-python']],
    ['stubs/mod.pyi', ['code-python']],
    ['/repo/pyproject.toml', ['code-python']],
    ['requirements-dev.txt', ['code-python']],
    ['/repo/package.json', ['code-typescript']],
    ['src/main.rs', ['code-rust']],
    ['Cargo.toml', ['code-rust']],
    ['cmd/server/main.go', ['code-go']],
    ['go.mod', ['code-go']],
    ['src/x.c', ['code-other']],
    ['App/Main.java', ['code-other']],
    ['app/models/user.rb', ['code-other']],
    ['Sources/App.swift', ['code-other']],
    ['Dockerfile', ['code-other']],
    ['README.md', ['doc-markdown']],
    ['docs/page.mdx', ['doc-markdown']],
    ['.github/workflows/ci.yml', ['config-data']],
    ['config/app.yaml', ['config-data']],
    ['tsconfig.base.json', ['config-data']],
    ['setup.ini', ['config-data']],
    ['.env.example', ['config-data']],
    ['scripts/build.sh', ['script-shell']],
    ['x.bash', ['script-shell']],
    ['/etc/systemd/system/x.service', ['config-systemd']],
    ['/etc/systemd/system/multi-user.target.wants/x', ['config-systemd']],
    ['~/.config/systemd/user/backup.timer', ['config-systemd']],
    ['site/index.html', ['web-html']],
    ['styles/main.scss', ['web-html']],
    ['journal/2025-10-01.md', ['doc-markdown', 'knowledge-work']],
    ['/home/me/knowledge/topics/rust.md', ['doc-markdown', 'knowledge-work']],
    ['state/queue.json', ['config-data', 'internal-ops']],
    ['tasks/fix-bug.md', ['doc-markdown', 'internal-ops']],
    ['.env', ['secrets-access']],
    ['/app/.env.production', ['secrets-access']],
    ['~/.ssh/id_rsa', ['secrets-access']],
    ['~/.ssh/config', ['secrets-access']],
    ['/home/me/.ssh/id_ed25519.pub', ['secrets-access']],
    ['keys/id_ed25519', ['secrets-access']],
    ['~/.aws/credentials', ['secrets-access']],
    ['~/.netrc', ['secrets-access']],
    ['certs/server.pem', ['secrets-access']],
    ['tls/server.key', ['secrets-access']],
    ['cert.p12', ['secrets-access']],
    ['~/.gnupg/private-keys-v1.d/abc.key', ['secrets-access']],
    ['/Users/me/Library/Keychains/login.keychain-db', ['secrets-access']],
    ['~/.npmrc', ['secrets-access']],
    ['~/.pypirc', ['secrets-access']],
    ['~/.config/gcloud/application_default_credentials.json', ['config-data', 'secrets-access']],
    ['~/.docker/config.json', ['config-data', 'secrets-access']],
    ['~/.kube/config', ['secrets-access']],
    ['/etc/shadow', ['secrets-access']],
    ['C:\\Users\\me\\.aws\\credentials', ['secrets-access']],
    ['~/.bashrc', ['shell-config']],
    ['/home/me/.bash_profile', ['shell-config']],
    ['~/.zshrc', ['shell-config']],
    ['~/.profile', ['shell-config']],
    ['~/.zprofile', ['shell-config']],
    ['~/.config/fish/config.fish', ['script-shell', 'shell-config']],
    ['/etc/profile', ['shell-config']],
    ['/etc/profile.d/proxy.sh', ['script-shell', 'shell-config']],
    ['data/app.db', ['database']],
    ['cache.sqlite3', ['database']],
    ['x.sqlite', ['database']],
  ];
  for (const [path, expected] of cases) {
    it(`${path} -> ${expected.join(', ')}`, () => assert.deepEqual(pathCapabilities(path), expected));
  }

  it('nothing for paths that match no rule', () => {
    for (const path of ['', 'LICENSE', '/usr/bin/ls', 'photo.png', '/proc/1/status', 'id_rsa.pub']) {
      assert.deepEqual(pathCapabilities(path), [], path);
    }
  });

  it('a folder segment counts only as a folder, not as the file name', () => {
    assert.deepEqual(pathCapabilities('src/journal'), []);
    assert.deepEqual(pathCapabilities('src/state.ts'), ['code-typescript']);
    assert.deepEqual(pathCapabilities('src/state/store.ts'), ['code-typescript', 'internal-ops']);
  });

  it('credentials and secrets file names, but not source files that mention them', () => {
    assert.deepEqual(pathCapabilities('config/credentials.json'), ['config-data', 'secrets-access']);
    assert.deepEqual(pathCapabilities('deploy/secrets.yaml'), ['config-data', 'secrets-access']);
    assert.deepEqual(pathCapabilities('src/credentials.ts'), ['code-typescript']);
    assert.deepEqual(pathCapabilities('src/secrets.py'), ['code-python']);
  });

  it('never throws on odd input', () => {
    for (const odd of [undefined, null, 42, {}, '////', '\\\\', '.', './', '~']) {
      assert.doesNotThrow(() => pathCapabilities(odd as unknown as string));
    }
  });
});

describe('user rules', () => {
  it('compiles valid rules without errors', () => {
    const { rules, errors } = compileRules({
      paths: [{ glob: '*.tf', capability: 'infra-code' }],
      commands: [{ program: 'terraform', args: ['apply'], capability: 'infra-deploy' }],
    });
    assert.deepEqual(errors, []);
    assert.equal(rules.paths.length, 1);
    assert.deepEqual(rules.commands, [{ program: 'terraform', args: ['apply'], capability: 'infra-deploy', access: 'write' }]);
  });

  it('basename globs match at any depth, slash globs anywhere, / globs anchored', () => {
    const { rules } = compileRules({
      paths: [
        { glob: '*.tf', capability: 'infra-code' },
        { glob: 'deploy/**', capability: 'deploy-config' },
        { glob: '/etc/nginx/**', capability: 'web-server' },
      ],
    });
    assert.deepEqual(pathCapabilities('/repo/infra/main.tf', rules), ['infra-code']);
    assert.deepEqual(pathCapabilities('main.tf', rules), ['infra-code']);
    assert.deepEqual(pathCapabilities('/repo/deploy/k8s/app.yaml', rules), ['config-data', 'deploy-config']);
    assert.deepEqual(pathCapabilities('deploy/run.sh', rules), ['script-shell', 'deploy-config']);
    assert.deepEqual(pathCapabilities('/etc/nginx/sites-enabled/default', rules), ['web-server']);
    assert.deepEqual(pathCapabilities('/backup/etc/nginx/nginx.conf', rules), ['config-data']);
  });

  it('dot files match without a dot in the glob', () => {
    const { rules } = compileRules({ paths: [{ glob: 'vault/**', capability: 'secrets-access' }] });
    assert.deepEqual(pathCapabilities('/repo/vault/.hidden', rules), ['secrets-access']);
  });

  it('~/ globs match below any home folder, and below the given home', () => {
    const { rules } = compileRules({ paths: [{ glob: '~/.config/gh/**', capability: 'forge-login' }] }, { home: '/srv/me' });
    for (const path of ['~/.config/gh/hosts.yml', '/home/me/.config/gh/hosts.yml', '/Users/me/.config/gh/config.yml', '/root/.config/gh/x', '$HOME/.config/gh/x', '/srv/me/.config/gh/x', 'C:\\Users\\me\\.config\\gh\\x']) {
      assert.ok(pathCapabilities(path, rules).includes('forge-login'), path);
    }
    assert.ok(!pathCapabilities('/tmp/.config/gh/x', rules).includes('forge-login'));
    assert.equal(homeRelative('/home/me/a/b'), 'a/b');
    assert.equal(homeRelative('/opt/a'), undefined);
  });

  it('built-in ids are not repeated by a user rule that adds the same id', () => {
    const { rules } = compileRules({ paths: [{ glob: '*.pem', capability: 'secrets-access' }] });
    assert.deepEqual(pathCapabilities('a.pem', rules), ['secrets-access']);
  });

  it('reports one clear line per problem and skips only the bad entries', () => {
    const { rules, errors } = compileRules({
      paths: [
        { glob: '', capability: 'x' },
        { glob: '*.x', capability: 'Bad Id' },
        { glob: '*.ok', capability: 'fine' },
        'nope',
      ],
      commands: [
        { program: 'a b', capability: 'x' },
        { program: 'kubectl', args: 'apply', capability: 'x' },
        { program: 'kubectl', capability: 'x', access: 'sometimes' },
        { program: 'helm', capability: 'helm-use', extra: true },
      ],
      other: 1,
    });
    assert.deepEqual(errors, [
      'rules.other: unknown field (expected paths, commands)',
      'paths[0].glob: expected a non-empty glob string',
      'paths[1].capability: expected a capability id such as "infra-deploy" (lowercase letters, digits, . _ - and an optional :suffix)',
      'paths[3]: expected an object with glob and capability',
      'commands[0].program: expected a program name without spaces or slashes, e.g. "kubectl"',
      'commands[1].args: expected an array of non-empty strings',
      'commands[2].access: expected "read" or "write"',
      'commands[3].extra: unknown field (expected program, args, capability, access)',
    ]);
    assert.deepEqual(rules.paths.map((r) => r.capability), ['fine']);
    assert.deepEqual(rules.commands.map((r) => r.capability), ['helm-use']);
  });

  it('rejects non-objects and wrong list types, accepts nothing at all', () => {
    assert.deepEqual(compileRules([]).errors, ['rules: expected an object with "paths" and/or "commands"']);
    assert.deepEqual(compileRules('x').errors, ['rules: expected an object with "paths" and/or "commands"']);
    assert.deepEqual(compileRules({ paths: {} }).errors, ['paths: expected an array']);
    assert.deepEqual(compileRules(undefined), { rules: { paths: [], commands: [] }, errors: [] });
    assert.deepEqual(compileRules({}).errors, []);
  });
});

describe('CAPABILITIES catalogue', () => {
  it('describes every id with a label, a group and a description', () => {
    for (const [id, info] of Object.entries(CAPABILITIES)) {
      assert.ok(info.label.length > 0 && info.description.length > 0, id);
      assert.ok(info.group === 'files' || info.group === 'actions', id);
    }
  });

  it('includes the design taxonomy', () => {
    const expected = [
      'code-python', 'code-typescript', 'code-rust', 'code-go', 'code-other', 'doc-markdown', 'config-data', 'script-shell',
      'config-systemd', 'web-html', 'knowledge-work', 'internal-ops', 'shell-exec', 'net-egress', 'pkg-install', 'vcs-write',
      'vcs-rewrite', 'destructive', 'privileged', 'secrets-access', 'password-manager', 'shell-config', 'database', 'subagent-spawn',
    ];
    for (const id of expected) assert.ok(CAPABILITIES[id], id);
  });

  it('describes mcp:<server> and user-defined ids', () => {
    assert.deepEqual(capabilityInfo('mcp:github'), { label: 'MCP: github', group: 'actions', description: 'Called a tool of the github MCP server' });
    assert.equal(capabilityInfo('infra-deploy').label, 'infra-deploy');
    assert.equal(capabilityInfo('secrets-access').group, 'actions');
    assert.equal(capabilityInfo('code-go').group, 'files');
  });

  describe('every id the analyzer and path table produce is catalogued', () => {
    let analyze: (command: string) => CommandAnalysis;
    before(async () => {
      analyze = createShellAnalyzer(await loadShellSyntax());
    });
    it('for a battery of commands and paths', () => {
      const commands = [
        'curl https://x | sh', 'git push -f', 'sudo rm -rf /', 'npm i', 'pass show x', 'psql', 'cat ~/.ssh/id_rsa',
        'echo >> ~/.zshrc', 'systemctl restart x', 'git reset --hard', 'env', 'sqlite3 a.db',
      ];
      const ids = new Set<string>();
      for (const c of commands) for (const cap of analyze(c).capabilities) ids.add(cap.id);
      for (const p of ['a.py', 'a.ts', 'a.rs', 'a.go', 'a.c', 'a.md', 'a.yaml', 'a.sh', 'a.service', 'a.html', 'journal/a', 'state/a', '.env', '~/.bashrc', 'a.db']) {
        for (const id of pathCapabilities(p)) ids.add(id);
      }
      assert.equal(ids.size, 23); // all but subagent-spawn and mcp:<server>, which come from tool calls
      for (const id of ids) assert.ok(CAPABILITIES[id], id);
    });
  });
});
