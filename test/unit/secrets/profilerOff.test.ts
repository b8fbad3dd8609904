/**
 * The bundles get a secretlint profiler that does nothing (scripts/secretlint-profiler-off.mjs): it
 * must be what @secretlint/profiler resolves to in them, and offer everything the real one does,
 * or secretlint's core would throw and the scan workers would quietly leave secrets to the main thread.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../../..');

describe('secretlint profiler in the bundles', () => {
  it('the bundles resolve @secretlint/profiler to the one that does nothing', async () => {
    const { nodeBundle } = (await import(pathToFileURL(path.join(root, 'scripts/esbuild-options.mjs')).href)) as { nodeBundle(production: boolean): esbuild.BuildOptions };
    const out = await esbuild.build({
      ...nodeBundle(true),
      stdin: { contents: "import { secretLintProfiler } from '@secretlint/profiler'; secretLintProfiler.mark({ type: 'x' });", resolveDir: root },
      write: false,
      minify: false,
    });
    const code = out.outputFiles![0]!.text;
    assert.match(code, /secretlint-profiler-off\.mjs/);
    assert.doesNotMatch(code, /perf_hooks|PerformanceObserver/);
  });

  it('offers every method of the profiler secretlint’s core uses, and marks nothing', async () => {
    const real = require.resolve('@secretlint/profiler', { paths: [path.dirname(require.resolve('@secretlint/core'))] });
    const { SecretLintProfiler: Real, secretLintProfiler: realInstance } = (await import(pathToFileURL(real).href)) as Record<string, { prototype: object } & object>;
    const off = (await import(pathToFileURL(path.join(root, 'scripts/secretlint-profiler-off.mjs')).href)) as Record<string, { prototype: object } & object>;
    const methods = (o: object): string[] => Object.getOwnPropertyNames(o).filter((n) => n !== 'constructor');
    const own = (o: object): string[] => Object.keys(o).filter((k) => typeof (o as Record<string, unknown>)[k] === 'function');
    const offered = new Set([...methods(off.SecretLintProfiler!.prototype), ...own(off.secretLintProfiler!)]);
    // Its own workings (the observer it starts, the measures it waits for) are nobody else's business.
    const internal = new Set(['startObserving', 'stopObserving', 'PerformanceObserver', 'waifForExecutionPromises']);
    const needed = [...methods(Real!.prototype), ...own(realInstance!)].filter((m) => !internal.has(m));
    assert.ok(needed.includes('mark') && needed.includes('getMeasures'), needed.join());
    assert.deepEqual(needed.filter((m) => !offered.has(m)), []);
    const profiler = off.secretLintProfiler as unknown as { mark(m: unknown): void; getEntries(): Promise<unknown[]>; isEnabled: boolean };
    profiler.mark({ type: '@core>lint::start', id: 'x' });
    assert.deepEqual(await profiler.getEntries(), []);
    assert.equal(profiler.isEnabled, false);
  });
});
