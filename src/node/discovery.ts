/** The agents' default log locations on this machine, honouring their environment variables. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Agent } from '../core/model';

export interface LogLocation {
  agent: Agent;
  path: string;
  exists: boolean;
}

export function defaultLogLocations(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): LogLocation[] {
  const out: { agent: Agent; path: string }[] = [];
  // CLAUDE_CONFIG_DIR may list several folders separated by commas.
  const claudeDirs = env.CLAUDE_CONFIG_DIR
    ? env.CLAUDE_CONFIG_DIR.split(',').map((d) => d.trim()).filter(Boolean)
    : [path.join(home, '.claude'), path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'claude')];
  for (const d of claudeDirs) out.push({ agent: 'claude-code', path: path.join(d, 'projects') });

  const codexHome = env.CODEX_HOME || path.join(home, '.codex');
  out.push({ agent: 'codex', path: path.join(codexHome, 'sessions') }, { agent: 'codex', path: path.join(codexHome, 'archived_sessions') });

  const dataHome = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  out.push({ agent: 'gptme', path: path.join(dataHome, 'gptme', 'logs') });

  out.push({ agent: 'gemini-cli', path: path.join(home, '.gemini', 'tmp') });

  return out.map((l) => ({ ...l, exists: fs.existsSync(l.path) }));
}
