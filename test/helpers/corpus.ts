/**
 * Access to the real agent logs in ../shared/corpus (beside the checkout). Tests that need them
 * run whenever the folder exists; in CI it must exist, so its absence there is a failure, not a skip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectDocumentFormat, detectLineFormat } from '../../src/core/formats';
import { fileHead, parseLines } from '../../src/core/formats/types';
import type { SessionDraft } from '../../src/core/model';

export const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
export const hasCorpus = fs.existsSync(CORPUS);

if (!hasCorpus && process.env.CI) {
  throw new Error(`The real-log corpus is missing at ${CORPUS}; CI must run the corpus tests.`);
}

/** `skip` option for describe(): a reason when the corpus is absent (never in CI, see above). */
export const corpusSkip: string | false = hasCorpus ? false : 'no ../shared/corpus beside this checkout';

export function corpusPath(rel: string): string {
  return path.join(CORPUS, rel);
}

/** Detects the format of a (small) corpus file by content and parses it whole. */
export function parseCorpusFile(rel: string): { format: string; sessions: SessionDraft[] } {
  const file = corpusPath(rel);
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  const lines = text.split('\n').slice(0, 50);
  const lineFormat = detectLineFormat(fileHead(lines), name);
  if (lineFormat) return { format: lineFormat.id, sessions: parseLines(lineFormat, text, file) };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { format: 'unrecognized', sessions: [] };
  }
  const docFormat = detectDocumentFormat(doc, name);
  if (docFormat) return { format: docFormat.id, sessions: docFormat.parse(doc, file) };
  return { format: 'unrecognized', sessions: [] };
}

/** Calls grouped by tool name, e.g. { Bash: 3, Read: 2 }. */
export function toolCounts(s: SessionDraft): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of s.toolCalls) out[c.tool] = (out[c.tool] ?? 0) + 1;
  return out;
}
