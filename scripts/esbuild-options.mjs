// esbuild options shared by every Node bundle (the command line and the extension host).
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** @returns {import('esbuild').BuildOptions} */
export function nodeBundle(production) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    plugins: [preferCommonJs('web-tree-sitter'), secretlintProfilerOff()],
    // jsonc-parser's default (UMD) build loads its parts with a dynamic require a bundle cannot follow.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    // The wasm lookups fall back to require.resolve only when run unbundled (tests); beside the bundle they are found first.
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
}

/**
 * An ES `import` makes esbuild pick a package's ESM build even for a CJS bundle; web-tree-sitter's
 * ESM build reads import.meta.url, which a CJS bundle lacks. Resolve such packages as `require` would.
 */
function preferCommonJs(...packages) {
  const filter = new RegExp(`^(${packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'prefer-commonjs',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: require.resolve(args.path) }));
    },
  };
}

/**
 * secretlint's core marks the start and end of every pass and of every rule in it with
 * performance.mark, and its profiler observes and measures them all, keeping every entry: a fifth
 * of the CPU time of secret detection, and memory that grows with every pass. Nothing we bundle
 * reads the profile, so the bundles get a profiler that does nothing.
 */
function secretlintProfilerOff() {
  const path = fileURLToPath(new URL('./secretlint-profiler-off.mjs', import.meta.url));
  return {
    name: 'secretlint-profiler-off',
    setup(build) {
      build.onResolve({ filter: /^@secretlint\/profiler$/ }, () => ({ path }));
    },
  };
}

/** The shell parser's wasm files, copied beside a bundle (where src/node/shellSyntax.ts looks first). */
export function copyShellParserWasm(outdir) {
  for (const wasm of [
    require.resolve('web-tree-sitter/tree-sitter.wasm'),
    join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'),
  ]) {
    copyFileSync(wasm, join(outdir, basename(wasm)));
  }
}
