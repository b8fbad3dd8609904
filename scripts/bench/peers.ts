/**
 * The tools a user would pick instead of Agent Audit, installed from the npm registry into the
 * benchmark's cache (never as project dependencies):
 * - ccusage 20, whose CLI is a native Rust binary shipped as an optional dependency per platform.
 *   Pinned to 20.0.24: later 20.0.x releases lack published native packages. The binary is run
 *   directly, so the Node launcher's start-up is not counted against it.
 * - ccusage 17, the last TypeScript release, run with node.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CCUSAGE_RUST_VERSION = '20.0.24';
export const CCUSAGE_TS_RANGE = '17';

export interface Peer {
  name: string;
  version: string;
  command: string;
  /** Arguments before `session --json --offline`. */
  args: string[];
}

function nativePackage(): string {
  return `@ccusage/ccusage-${process.platform}-${process.arch}`;
}

function installedVersion(prefix: string, pkg: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(prefix, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function npmInstall(prefix: string, specs: string[], log: (line: string) => void): void {
  fs.mkdirSync(prefix, { recursive: true });
  log(`installing ${specs.join(' ')} into ${path.relative(process.cwd(), prefix)}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Installs the peers when missing; returns how to run each. Throws with a clear message when it cannot. */
export function ensurePeers(peersDir: string, log: (line: string) => void): Peer[] {
  const rustPrefix = path.join(peersDir, 'ccusage20');
  const native = nativePackage();
  if (installedVersion(rustPrefix, native) !== CCUSAGE_RUST_VERSION) {
    npmInstall(rustPrefix, [`ccusage@${CCUSAGE_RUST_VERSION}`, `${native}@${CCUSAGE_RUST_VERSION}`], log);
  }
  const binary = path.join(rustPrefix, 'node_modules', native, 'bin', process.platform === 'win32' ? 'ccusage.exe' : 'ccusage');
  if (!fs.existsSync(binary)) throw new Error(`ccusage ${CCUSAGE_RUST_VERSION}: no native binary at ${binary}`);
  // npm does not always keep the executable bit of files inside optional platform packages.
  fs.chmodSync(binary, 0o755);

  const tsPrefix = path.join(peersDir, 'ccusage17');
  let tsVersion = installedVersion(tsPrefix, 'ccusage');
  if (!tsVersion?.startsWith(`${CCUSAGE_TS_RANGE}.`)) {
    npmInstall(tsPrefix, [`ccusage@${CCUSAGE_TS_RANGE}`], log);
    tsVersion = installedVersion(tsPrefix, 'ccusage');
  }
  const script = path.join(tsPrefix, 'node_modules', 'ccusage', 'dist', 'index.js');
  if (!tsVersion || !fs.existsSync(script)) throw new Error(`ccusage ${CCUSAGE_TS_RANGE}: not installed at ${tsPrefix}`);
  return [
    { name: 'ccusage (Rust)', version: CCUSAGE_RUST_VERSION, command: binary, args: [] },
    { name: 'ccusage (TypeScript)', version: tsVersion, command: process.execPath, args: [script] },
  ];
}
