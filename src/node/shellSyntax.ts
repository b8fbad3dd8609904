/**
 * Loads tree-sitter-bash (wasm) for the core shell analyzer. One parser per process (per worker thread):
 * parsing is synchronous once loaded, so it is shared by every analysis.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { ShellSyntax } from '../core/shell/syntax';

interface WasmFiles {
  runtime: string;
  grammar: string;
}

function firstExisting(candidates: readonly (() => string)[]): string | undefined {
  for (const candidate of candidates) {
    try {
      const file = candidate();
      if (fs.existsSync(file)) return file;
    } catch {
      // not resolvable from here: try the next place
    }
  }
  return undefined;
}

/** Beside the running bundle first (the build copies both wasm files into dist/), else from node_modules. */
function locateWasm(): WasmFiles {
  const runtime = firstExisting([
    () => path.join(__dirname, 'web-tree-sitter.wasm'),
    () => path.join(__dirname, 'tree-sitter.wasm'),
    () => require.resolve('web-tree-sitter/tree-sitter.wasm'),
    () => path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'),
  ]);
  const grammar = firstExisting([
    () => path.join(__dirname, 'tree-sitter-bash.wasm'),
    () => path.join(path.dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'),
  ]);
  if (!runtime || !grammar) {
    throw new Error(`shell parser wasm not found (${!runtime ? 'web-tree-sitter' : 'tree-sitter-bash'}): expected it beside the bundle or in node_modules`);
  }
  return { runtime, grammar };
}

/**
 * tree-sitter's error recovery can take quadratic time on hostile text (`))` repeated). The parser
 * reports progress every few thousand steps; a normal command, even a 60 KB heredoc, reports none.
 * Counting reports (not time) cancels the hopeless ones identically on every machine.
 */
const MAX_PROGRESS_REPORTS = 50;

async function load(): Promise<ShellSyntax> {
  const files = locateWasm();
  await Parser.init({ locateFile: (name: string) => (name.endsWith('.wasm') ? files.runtime : name) });
  const bash = await Language.load(new Uint8Array(fs.readFileSync(files.grammar)));
  const fresh = (): Parser => {
    const p = new Parser();
    p.setLanguage(bash);
    return p;
  };
  let parser = fresh();
  return {
    parse(text) {
      let reports = 0;
      try {
        const tree = parser.parse(text, null, { progressCallback: () => ++reports > MAX_PROGRESS_REPORTS });
        // A cancelled parse would otherwise resume on the next call.
        if (!tree) parser.reset();
        return tree;
      } catch {
        // A trap inside the wasm parser leaves it unusable: start a new one for the next command.
        parser = fresh();
        return null;
      }
    },
  };
}

let loading: Promise<ShellSyntax> | undefined;

export function loadShellSyntax(): Promise<ShellSyntax> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined; // let a later call retry
    throw err;
  });
  return loading;
}
