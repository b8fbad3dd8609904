/** Path globs (reads and writes apart), command patterns over the shell analyser's words, host globs. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Classifier } from '../../../src/core/finalize';
import { compileCommandPattern, compileHostPattern, compilePathGlob, destinationHost } from '../../../src/core/policy/match';
import { realClassifier } from './helpers';

const ctx = { root: '/work/app', home: '/home/u' };

describe('path globs', () => {
  it('reads relative globs against the project root, absolute ones as written', () => {
    const src = compilePathGlob('src/**');
    assert.equal(src('/work/app/src/a/b.ts', ctx), true);
    assert.equal(src('src/a.ts', ctx), true);
    assert.equal(src('/work/other/src/a.ts', ctx), false);
    assert.equal(src('/work/app/test/a.ts', ctx), false);
    assert.equal(compilePathGlob('/etc/**')('/etc/hosts', ctx), true);
    assert.equal(compilePathGlob('./docs/*.md')('/work/app/docs/a.md', ctx), true);
  });

  it('matches a slash-less glob by name anywhere below the root, dotfiles included', () => {
    const md = compilePathGlob('*.md');
    assert.equal(md('/work/app/deep/x/README.md', ctx), true);
    assert.equal(compilePathGlob('.env*')('/work/app/.env.local', ctx), true);
  });

  it('expands ~ on either side', () => {
    const ssh = compilePathGlob('~/.ssh/**');
    assert.equal(ssh('/home/u/.ssh/id_ed25519', ctx), true);
    assert.equal(ssh('~/.ssh/config', ctx), true);
    assert.equal(ssh('/root/.ssh/config', ctx), false);
  });
});

describe('command patterns', () => {
  let classifier: Classifier;
  before(async () => {
    classifier = await realClassifier();
  });
  const words = (cmd: string) => classifier.analyzeCommand(cmd).commands ?? [];

  it('matches exact commands and `**` for any further arguments', () => {
    const status = compileCommandPattern('git status');
    assert.equal(status(['git', 'status']), true);
    assert.equal(status(['git', 'status', '--short']), false);
    const diff = compileCommandPattern('git diff **');
    assert.equal(diff(['git', 'diff']), true);
    assert.equal(diff(['git', 'diff', 'HEAD~1', '--', 'src/a.ts']), true);
    assert.equal(diff(['git', 'push']), false);
  });

  it("reads Claude Code's prefix form `npm run test:*`", () => {
    const test = compileCommandPattern('npm run test:*');
    assert.equal(test(['npm', 'run', 'test']), true);
    assert.equal(test(['npm', 'run', 'test:unit', '--', '--watch']), true);
    assert.equal(test(['npm', 'run', 'build']), false);
  });

  it('globs within a word, slashes included, and matches the program by base name', () => {
    const rm = compileCommandPattern('rm -rf /tmp/*');
    assert.equal(rm(['rm', '-rf', '/tmp/build/cache']), true);
    assert.equal(rm(['rm', '-rf', '/home/u']), false);
    assert.equal(compileCommandPattern('git status')(['/usr/bin/git', 'status']), true);
    assert.equal(compileCommandPattern('"git" "log" "--format=%H %s"')(['git', 'log', '--format=%H %s']), true);
  });

  it('sees each simple command of a compound line, with quotes removed by the shell parser', () => {
    assert.deepEqual(words(`cd src && npm run "test:unit" | tee out.txt; echo 'done'`), [
      ['cd', 'src'],
      ['npm', 'run', 'test:unit'],
      ['tee', 'out.txt'],
      ['echo', 'done'],
    ]);
    // A wrapped command belongs to its wrapper's words: `sudo` is what a pattern must allow.
    assert.deepEqual(words('sudo systemctl restart nginx'), [['sudo', 'systemctl', 'restart', 'nginx']]);
  });

  it('refuses an empty pattern and a broken character class', () => {
    assert.throws(() => compileCommandPattern('   '), /at least the program name/);
    assert.throws(() => compileCommandPattern('ls [abc'), /without its '\]'/);
  });
});

describe('network destinations', () => {
  it('matches hosts, subdomains, ports and URL prefixes', () => {
    const gh = compileHostPattern('*.github.com');
    assert.equal(gh('https://api.github.com/repos/x'), true);
    assert.equal(gh('github.com'), true);
    assert.equal(gh('https://github.com.evil.example/'), false);
    assert.equal(compileHostPattern('example.com:8443')('https://example.com:8443/a'), true);
    assert.equal(compileHostPattern('example.com:8443')('https://example.com/a'), false);
    assert.equal(compileHostPattern('https://docs.example.com/v1/')('https://docs.example.com/v1/page'), true);
    assert.equal(compileHostPattern('https://docs.example.com/v1/')('https://docs.example.com/v2/'), false);
  });

  it('reads hosts from URLs, scp-style specs and /dev/tcp', () => {
    assert.deepEqual(destinationHost('git@github.com:org/repo.git'), { host: 'github.com' });
    assert.deepEqual(destinationHost('/dev/tcp/10.0.0.1/4444'), { host: '10.0.0.1', port: '4444' });
    assert.deepEqual(destinationHost('HTTPS://Example.COM/x'), { host: 'example.com' });
    assert.equal(destinationHost(''), undefined);
  });
});
