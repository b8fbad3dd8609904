/** How a session ended (outcome) and what kind of work it was (category), from its facts. */
import { CATEGORIES, type Category, type Outcome, OUTCOMES, type Session } from './model';

const WRITE_ACCESS = new Set(['write', 'create', 'delete']);

/** Outcome words other tools declare, mapped onto ours. */
const DECLARED_OUTCOMES: Record<string, Outcome> = {
  violated_policy: 'blocked',
  denied: 'blocked',
  success: 'productive',
  succeeded: 'productive',
  completed: 'productive',
  error: 'failed',
  interrupted: 'abandoned',
  cancelled: 'abandoned',
  running: 'in-progress',
};

function declaredOutcome(word: string | undefined): Outcome | undefined {
  if (!word) return undefined;
  const w = word.toLowerCase();
  return (OUTCOMES as readonly string[]).includes(w) ? (w as Outcome) : DECLARED_OUTCOMES[w];
}

export function hasWrites(s: Pick<Session, 'touches' | 'capabilities'>): boolean {
  return s.touches.some((t) => WRITE_ACCESS.has(t.access)) || (s.capabilities['vcs-write']?.calls ?? 0) > 0;
}

export function sessionOutcome(s: Session, now: number, liveWindowMs: number): Outcome {
  const declared = declaredOutcome(s.end.declaredOutcome);
  if (declared) return declared;

  const calls = s.toolCalls;
  const last = calls.length > 0 ? calls[calls.length - 1] : undefined;
  const endMs = s.endedAt ? Date.parse(s.endedAt) : Number.NaN;
  const ended = s.end.completed || s.end.interrupted || s.end.error !== undefined;
  if (!ended && Number.isFinite(endMs) && now - endMs >= 0 && now - endMs < liveWindowMs) return 'in-progress';

  if (s.end.interrupted || last?.status === 'interrupted' || last?.status === 'pending') return 'abandoned';
  if (last?.status === 'denied') return 'blocked';
  const wrote = hasWrites(s);
  if (s.end.error !== undefined && !s.end.completed) return 'failed';
  if (last?.status === 'failed' && !wrote) return 'failed';
  if (wrote || s.end.completed) return 'productive';
  return 'noop';
}

/** Which capability groups count towards which category, in tie-break order. */
const CATEGORY_SIGNALS: [Category, (id: string) => boolean][] = [
  ['code', (id) => id.startsWith('code-') || id === 'web-html'],
  [
    'infrastructure',
    (id) =>
      ['config-systemd', 'script-shell', 'shell-config', 'config-data', 'doc-yaml', 'database', 'pkg-install', 'privileged'].includes(id),
  ],
  ['content', (id) => id === 'doc-markdown' || id === 'knowledge-work'],
  ['cleanup', (id) => id === 'destructive'],
];

export function sessionCategory(s: Session): Category {
  const declared = s.end.declaredCategory?.toLowerCase();
  if (declared && (CATEGORIES as readonly string[]).includes(declared)) return declared as Category;
  if (s.toolCalls.length === 0) return 'conversation';

  let best: Category | undefined;
  let bestWrites = 0;
  for (const [category, matches] of CATEGORY_SIGNALS) {
    let writes = 0;
    for (const [id, c] of Object.entries(s.capabilities)) if (matches(id)) writes += c.writes;
    if (writes > bestWrites) {
      best = category;
      bestWrites = writes;
    }
  }
  if (best) return best;
  // Nothing written: deletions or system changes still say what the session was about.
  if (s.capabilities['destructive'] || s.touches.some((t) => t.access === 'delete')) return 'cleanup';
  if (s.capabilities['pkg-install'] || s.capabilities['privileged'] || s.capabilities['config-systemd']) return 'infrastructure';
  return 'research';
}
