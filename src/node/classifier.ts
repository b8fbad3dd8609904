/** The classifier of commands and paths, with the shell parser this platform loads. */
import { type CompiledRules, pathCapabilities } from '../core/capabilities';
import type { Classifier } from '../core/finalize';
import { createShellAnalyzer } from '../core/shell/analyze';
import { loadShellSyntax } from './shellSyntax';

export async function createClassifier(rules?: CompiledRules): Promise<Classifier> {
  const analyze = createShellAnalyzer(await loadShellSyntax(), rules);
  return { analyzeCommand: analyze, pathCapabilities: (p) => pathCapabilities(p, rules) };
}
