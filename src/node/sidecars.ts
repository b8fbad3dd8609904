/**
 * Files that sit beside a log and describe it: Claude Code's `agent-<id>.meta.json` next to a
 * subagent transcript says which kind of subagent it was.
 */
import * as fs from 'node:fs';
import type { SessionDraft } from '../core/model';

export async function applySidecars(drafts: SessionDraft[], file: string): Promise<SessionDraft[]> {
  if (!file.endsWith('.jsonl') || !/(^|[\\/])agent-[^\\/]+\.jsonl$/.test(file)) return drafts;
  const metaFile = `${file.slice(0, -'.jsonl'.length)}.meta.json`;
  let meta: unknown;
  try {
    meta = JSON.parse(await fs.promises.readFile(metaFile, 'utf8'));
  } catch {
    return drafts; // No sidecar, or an unreadable one: the transcript stands on its own.
  }
  if (typeof meta !== 'object' || meta === null) return drafts;
  const { agentType, spawnDepth } = meta as { agentType?: unknown; spawnDepth?: unknown };
  for (const d of drafts) {
    if (d.agent !== 'claude-code') continue;
    if (typeof agentType === 'string') d.agentType = agentType;
    if (typeof spawnDepth === 'number') d.meta.spawnDepth = spawnDepth;
  }
  return drafts;
}
