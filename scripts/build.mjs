// Bundles the command line with esbuild and copies the shell parser's wasm files beside the
// bundle, where src/node/shellSyntax.ts looks first.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { nodeBundle } from './esbuild-options.mjs';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
mkdirSync('dist', { recursive: true });

await esbuild.build({ ...nodeBundle(production), entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' });

for (const wasm of [require.resolve('web-tree-sitter/tree-sitter.wasm'), join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm')]) {
  copyFileSync(wasm, join('dist', wasm.slice(dirname(wasm).length + 1)));
}
