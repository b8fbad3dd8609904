/**
 * Files that sit beside a log and describe it: Claude Code's `agent-<id>.meta.json` next to a
 * subagent transcript says which kind of subagent it was.
 */
import * as fs from 'node:fs';
import { applySubagentMeta } from '../core/formats/claudeCode';
import type { SessionDraft } from '../core/model';

export async function applySidecars(drafts: SessionDraft[], file: string): Promise<SessionDraft[]> {
  if (!/(^|[\\/])agent-[^\\/]+\.jsonl$/.test(file)) return drafts;
  let meta: unknown;
  try {
    meta = JSON.parse(await fs.promises.readFile(`${file.slice(0, -'.jsonl'.length)}.meta.json`, 'utf8'));
  } catch {
    return drafts; // No sidecar, or an unreadable one: the transcript stands on its own.
  }
  return drafts.map((d) => (d.agent === 'claude-code' ? applySubagentMeta(d, meta) : d));
}
