/**
 * The bench's floor: what it costs Agent Audit's reader just to turn the Claude Code part into
 * JavaScript objects, with no audit at all. Every `.jsonl` file under the given folders goes
 * through the CLI's own line reader and skimmer (`SyncLineReader`, `skimLine` with Claude Code's
 * bulk keys) and each line through `JSON.parse`; the objects are dropped. One thread.
 *
 * The bench runs it like a tool and reports its CPU time beside ccusage's: when reading and
 * parsing alone take more CPU than a peer's whole run, no audit built on `JSON.parse` can match
 * that peer's time on the same cores.
 *
 * Usage (bundled by the bench): node parse-floor.js <folder>... ; prints {"files","lines","bytes"}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claudeCodeFormat } from '../../src/core/formats/claudeCode';
import { SyncLineReader } from '../../src/node/lines';

export interface FloorResult {
  files: number;
  /** Lines parsed; a line that is not JSON counts too (it cost a parse attempt). */
  lines: number;
  bytes: number;
}

export function parseFloor(roots: readonly string[]): FloorResult {
  const reader = new SyncLineReader();
  const result: FloorResult = { files: 0, lines: 0, bytes: 0 };
  const sink = {
    bulkKeys: claudeCodeFormat.bulkKeys,
    line(text: string): void {
      result.lines++;
      try {
        JSON.parse(text);
      } catch {
        // Counted all the same: the audit would have tried it too.
      }
    },
  };
  for (const root of roots) {
    for (const file of jsonlFiles(root)) {
      reader.read(file, () => ({ sink }));
      result.files++;
      result.bytes += fs.statSync(file).size;
    }
  }
  return result;
}

function* jsonlFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* jsonlFiles(p);
    else if (e.isFile() && e.name.endsWith('.jsonl')) yield p;
  }
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(parseFloor(process.argv.slice(2)))}\n`);
}
