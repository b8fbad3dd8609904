#!/usr/bin/env node
// code-server (the real VS Code workbench served on loopback) for running and testing the extension
// without a desktop VS Code. Installed offline-safe into .cache/code-server, never as a dependency.
//
//   node scripts/code-server.mjs install        install once (idempotent), print the binary's path
//   node scripts/code-server.mjs path           print the binary's path (fails when not installed)
//
// Installing follows docs for this machine: code-server's npm install builds native modules and
// fetches a ripgrep binary from GitHub; the fetch is pre-seeded from the system's `rg`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = join(root, '.cache', 'code-server');
export const binary = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = join(installDir, `installed-${CODE_SERVER_VERSION}`);

export function isInstalled() {
  return existsSync(marker) && existsSync(binary);
}

function log(line) {
  process.stderr.write(`code-server: ${line}\n`);
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
}

/** The rg binary to stand in for @vscode/ripgrep's download. */
function systemRipgrep() {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, 'rg');
    if (dir && existsSync(p)) return p;
  }
  throw new Error('ripgrep (rg) is not installed: apt-get install -y ripgrep');
}

/** @vscode/ripgrep's download target for this machine (as its postinstall names it). */
function ripgrepTarget() {
  const arch = { x64: 'x86_64', arm64: 'aarch64', arm: 'arm' }[process.arch];
  if (process.platform !== 'linux' || !arch) throw new Error(`no offline ripgrep recipe for ${process.platform}/${process.arch}`);
  return arch === 'arm' ? 'arm-unknown-linux-gnueabihf' : `${arch}-unknown-linux-musl`;
}

/**
 * Seeds the cache @vscode/ripgrep's postinstall looks in (`$TMPDIR/vscode-ripgrep-cache-<version>`)
 * with a tarball holding the system's rg. Versions are read from the packages, not hard-coded.
 */
function seedRipgrepCache(work, codeServerTgz) {
  run('tar', ['-xzf', codeServerTgz, '-C', work, 'package/lib/vscode/npm-shrinkwrap.json']);
  const shrinkwrap = JSON.parse(readFileSync(join(work, 'package/lib/vscode/npm-shrinkwrap.json'), 'utf8'));
  const rgPackage = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!rgPackage) throw new Error('code-server shrinkwrap names no @vscode/ripgrep version');

  const rgTgz = join(work, run('npm', ['pack', `@vscode/ripgrep@${rgPackage}`, '--silent'], { cwd: work }).trim().split('\n').pop());
  run('tar', ['-xzf', rgTgz, '-C', work, 'package/lib/postinstall.js'], { cwd: work });
  const postinstall = readFileSync(join(work, 'package/lib/postinstall.js'), 'utf8');
  const binaryVersion = /const VERSION\s*=\s*['"]([^'"]+)['"]/.exec(postinstall)?.[1];
  if (!binaryVersion) throw new Error(`cannot read the ripgrep binary version from @vscode/ripgrep@${rgPackage}`);

  const cacheDir = join(os.tmpdir(), `vscode-ripgrep-cache-${rgPackage}`);
  const asset = join(cacheDir, `ripgrep-${binaryVersion}-${ripgrepTarget()}.tar.gz`);
  if (!existsSync(asset)) {
    const stage = join(work, 'rg-stage');
    mkdirSync(stage, { recursive: true });
    copyFileSync(systemRipgrep(), join(stage, 'rg'));
    mkdirSync(cacheDir, { recursive: true });
    run('tar', ['-czf', asset, '-C', stage, 'rg']);
  }
  log(`ripgrep download pre-seeded: ${asset}`);
}

export function install() {
  if (isInstalled()) return binary;
  mkdirSync(installDir, { recursive: true });
  const work = mkdtempSync(join(os.tmpdir(), 'agent-audit-code-server-'));
  try {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir} (about 80 s, 300 MB)`);
    const tgz = join(work, run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], { cwd: work }).trim().split('\n').pop());
    seedRipgrepCache(work, tgz);
    if (!existsSync(join(installDir, 'package.json'))) {
      writeFileSync(join(installDir, 'package.json'), `${JSON.stringify({ name: 'code-server-cache', private: true }, null, 2)}\n`);
    }
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: installDir,
      stdio: 'inherit',
      // Its postinstall refuses to run as root without unsafe-perm; node-pty's runs `npx node-gyp`.
      env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
    });
    if (!existsSync(binary)) throw new Error(`code-server installed but ${binary} is missing`);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const [command] = process.argv.slice(2);
  if (command === 'install') {
    process.stdout.write(`${install()}\n`);
  } else if (command === 'path') {
    if (!isInstalled()) {
      log('not installed: run `node scripts/code-server.mjs install`');
      process.exit(1);
    }
    process.stdout.write(`${binary}\n`);
  } else {
    log('usage: node scripts/code-server.mjs install|path');
    process.exit(2);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

