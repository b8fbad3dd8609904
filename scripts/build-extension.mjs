#!/usr/bin/env node
// Bundles the VS Code extension with esbuild: the extension host as CommonJS (`vscode` external)
// into dist/extension.js, its log index worker into dist/indexWorker.js, and the panels as a browser ES module into dist/webview/main.js.
//
//   node scripts/build-extension.mjs [--production] [--tests] [--watch]
//
// --tests also bundles the integration suite (test/integration/suite) into out/test/integration,
// loaded by the extension host (mocha and vscode stay external).
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyShellParserWasm, nodeBundle } from './esbuild-options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...nodeBundle(production), entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // The log index runs in a worker thread of its own (the shell parser's wasm files sit beside it in dist/).
  { ...nodeBundle(production), entryPoints: { indexWorker: 'src/extension/indexer/indexWorker.ts' }, outdir: 'dist' },
  {
    entryPoints: { main: 'webview/main.ts' },
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: production ? false : 'inline',
    minify: production,
    legalComments: production ? 'none' : 'inline',
    logLevel: 'warning',
    tsconfig: 'webview/tsconfig.json',
  },
];

if (tests) {
  rmSync('out/test/integration', { recursive: true, force: true });
  const suites = readdirSync('test/integration/suite').filter((f) => f.endsWith('.ts'));
  builds.push({
    ...nodeBundle(false),
    entryPoints: suites.map((f) => join('test/integration/suite', f)),
    outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
  });
}

mkdirSync('dist/webview', { recursive: true });
copyShellParserWasm('dist');

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  process.stderr.write('build-extension: watching for changes\n');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
