// Bundles the command line, then the VS Code extension and its webview (scripts/build-extension.mjs).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { copyShellParserWasm, nodeBundle } from './esbuild-options.mjs';

const production = process.argv.includes('--production');
mkdirSync('dist', { recursive: true });

await esbuild.build({ ...nodeBundle(production), entryPoints: { cli: 'src/cli/main.ts', scanWorker: 'src/node/scanWorker.ts' }, outdir: 'dist' });
copyShellParserWasm('dist');

execFileSync(process.execPath, ['scripts/build-extension.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
