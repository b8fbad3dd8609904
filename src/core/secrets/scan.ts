/**
 * Which secrets a session exposed, and the session as it may be shown. Only the text the audit
 * keeps is scanned (commands, arguments, the kept start of results, paths, the agent's words,
 * titles, errors, gap details), never whole logs: one secretlint pass over the texts of many drafts
 * joined, each finding then traced back to its text.
 */
import type { SecretField, SecretFinding, Session, SessionDraft, SourcePos } from '../model';
import type { SecretDetector, SecretMatch } from './detector';
import { maskSecret, orderRedactions, type Redaction, redactDeep, redactText } from './mask';

/** What the scan of one draft found: findings to show, and the secrets to mask wherever they appear. */
export interface SecretScan {
  findings: SecretFinding[];
  redactions: Redaction[];
}

export const NO_SECRETS: SecretScan = Object.freeze({ findings: [], redactions: [] }) as SecretScan;

/** One text the audit keeps, and where it came from. */
interface Piece {
  text: string;
  field: SecretField;
  callId: string | undefined;
  source: SourcePos | undefined;
}

/**
 * Between texts in one pass. No rule's match can run into it or across it, so each text gets exactly
 * the findings it would get alone: test/unit/secrets/joinedScan.test.ts proves this for every
 * pattern the rules use, and compares the two on real logs.
 */
export const SEPARATOR = '\n\u0000\n';
/** Characters of context either side of a secret in a finding's preview. */
const CONTEXT = 24;
/**
 * Drafts are scanned together up to about this much text per secretlint pass: a pass has a fixed
 * cost (every rule is set up again) far above its cost per character.
 */
const BATCH_CHARS = 1 << 20;

function piecesOf(d: SessionDraft): Piece[] {
  const out: Piece[] = [];
  const first = d.sources[0];
  const sessionSource: SourcePos | undefined = first ? { file: first.path, line: first.firstLine ?? 1 } : undefined;
  const add = (text: string | undefined, field: SecretField, source: SourcePos | undefined, callId?: string): void => {
    if (text) out.push({ text, field, callId, source });
  };
  add(d.title, 'title', sessionSource);
  add(d.cwd, 'cwd', sessionSource);
  add(d.end.error, 'end', sessionSource);
  for (const v of Object.values(d.meta)) if (typeof v === 'string') add(v, 'meta', sessionSource);
  const callSource = new Map<string, SourcePos | undefined>();
  for (const c of d.toolCalls) {
    const src = c.source ?? sessionSource;
    callSource.set(c.id, src);
    // Command first: the secret is reported where the session passed it, before the args that echo it.
    add(c.command, 'command', src, c.id);
    add(c.args, 'args', src, c.id);
    add(c.url, 'url', src, c.id);
    add(c.query, 'query', src, c.id);
    add(c.cwd, 'cwd', src, c.id);
    add(c.output, 'output', src, c.id);
    add(c.error, 'error', src, c.id);
    add(c.why, 'why', src, c.id);
  }
  for (const t of d.touches) add(t.path, 'path', t.toolCallId !== undefined ? callSource.get(t.toolCallId) : sessionSource, t.toolCallId);
  for (const g of d.gaps) add(g.detail, 'gap', g.source ? { file: g.source, line: g.line ?? 1 } : sessionSource);
  return out;
}

interface Found {
  piece: Piece;
  start: number;
  end: number;
  ruleId: string;
  kind: string;
  value: string;
}

function found(piece: Piece, start: number, end: number, m: SecretMatch): Found {
  const stop = Math.min(end, piece.text.length);
  return { piece, start, end: stop, ruleId: m.ruleId, kind: m.kind, value: piece.text.slice(start, stop) };
}

export async function scanDraft(draft: SessionDraft, detector: SecretDetector): Promise<SecretScan> {
  return (await scanDrafts([draft], detector)).get(draft) ?? NO_SECRETS;
}

/** Scans drafts in batches (one secretlint pass per batch) and tells each draft's findings apart. */
export async function scanDrafts(drafts: readonly SessionDraft[], detector: SecretDetector): Promise<Map<SessionDraft, SecretScan>> {
  const out = new Map<SessionDraft, SecretScan>();
  let batch: { draft: SessionDraft; pieces: Piece[] }[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (batch.length > 0) await scanBatch(batch, detector, out);
    batch = [];
    size = 0;
  };
  for (const draft of drafts) {
    // Texts in which no rule can find anything are left out of the pass.
    const pieces = piecesOf(draft).filter((p) => detector.mayHoldSecret(p.text));
    if (pieces.length === 0) {
      out.set(draft, NO_SECRETS);
      continue;
    }
    batch.push({ draft, pieces });
    for (const p of pieces) size += p.text.length + SEPARATOR.length;
    if (size >= BATCH_CHARS) await flush();
  }
  await flush();
  return out;
}

/**
 * The same scan with one secretlint pass per text: many times slower, and what scanDrafts must
 * find exactly (the tests hold the two to it).
 */
export async function scanDraftsTextByText(drafts: readonly SessionDraft[], detector: SecretDetector): Promise<Map<SessionDraft, SecretScan>> {
  const out = new Map<SessionDraft, SecretScan>();
  for (const draft of drafts) {
    const all: Found[] = [];
    for (const piece of piecesOf(draft)) for (const m of await detector.detect(piece.text)) all.push(found(piece, m.start, m.end, m));
    out.set(draft, all.length > 0 ? toScan(all) : NO_SECRETS);
  }
  return out;
}

async function scanBatch(batch: readonly { draft: SessionDraft; pieces: Piece[] }[], detector: SecretDetector, out: Map<SessionDraft, SecretScan>): Promise<void> {
  // Where each text starts and ends in the joined text. That starts with a separator too: every
  // text is then between two, and the whole never starts with a byte order mark for secretlint to drop.
  const pieces: Piece[] = [];
  const owners: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const texts: string[] = [''];
  let at = SEPARATOR.length;
  batch.forEach((b, owner) => {
    for (const p of b.pieces) {
      const text = p.text.slice(bomOf(p.text));
      pieces.push(p);
      owners.push(owner);
      texts.push(text);
      starts.push(at);
      at += text.length;
      ends.push(at);
      at += SEPARATOR.length;
    }
  });
  const matches = await detector.detect(texts.join(SEPARATOR));
  const all: Found[][] = batch.map(() => []);
  for (const m of matches) {
    const i = textAt(ends, m.start);
    if (i < 0 || m.start < starts[i]!) continue;
    const origin = starts[i]! - bomOf(pieces[i]!.text);
    all[owners[i]!]!.push(found(pieces[i]!, m.start - origin, m.end - origin, m));
  }
  batch.forEach(({ draft }, i) => out.set(draft, all[i]!.length > 0 ? toScan(all[i]!) : NO_SECRETS));
}

/** secretlint drops a byte order mark that starts its text (1), and so does a joined pass for each text. */
function bomOf(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** The first text that ends after an offset (`ends` ascending), or -1. */
function textAt(ends: readonly number[], offset: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo < ends.length ? lo : -1;
}

function toScan(found: readonly Found[]): SecretScan {
  const redactions = orderRedactions(found.map((f) => ({ value: f.value, mask: maskSecret(f.value, f.ruleId) })));
  // One finding per secret per call (a command's secret is also in its args and its paths).
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    const key = `${f.ruleId}\u0000${f.piece.callId ?? ''}\u0000${f.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      ruleId: f.ruleId,
      kind: f.kind,
      ...(f.piece.callId !== undefined ? { callId: f.piece.callId } : {}),
      field: f.piece.field,
      ...(f.piece.source ? { source: { ...f.piece.source } } : {}),
      preview: preview(f.piece.text, f.start, f.end, f.ruleId, redactions),
    });
  }
  return { findings, redactions };
}

/** The secret masked with a little context, every other secret in that context masked too. */
function preview(text: string, start: number, end: number, ruleId: string, redactions: readonly Redaction[]): string {
  const mark = '\u0000SECRET\u0000';
  const marked = text.slice(0, start) + mark + text.slice(end);
  // Mask the rest of the text first, then cut: a cut never leaves half of another secret behind.
  const masked = redactText(marked, redactions);
  const at = masked.indexOf(mark);
  const before = masked.slice(Math.max(0, at - CONTEXT), at);
  const after = masked.slice(at + mark.length, at + mark.length + CONTEXT);
  const line = `${at - CONTEXT > 0 ? '…' : ''}${before}${maskSecret(text.slice(start, end), ruleId)}${after}${at + mark.length + CONTEXT < masked.length ? '…' : ''}`;
  return line.replace(/\s+/g, ' ').trim();
}

/** One session read from several files (a resume): the scans of its pieces together. */
export function mergeScans(scans: readonly SecretScan[]): SecretScan {
  const real = scans.filter((s) => s.findings.length > 0 || s.redactions.length > 0);
  if (real.length <= 1) return real[0] ?? NO_SECRETS;
  const seen = new Set<string>();
  const findings: SecretFinding[] = [];
  for (const f of real.flatMap((s) => s.findings)) {
    const key = `${f.ruleId}\u0000${f.callId ?? ''}\u0000${f.field}\u0000${f.preview}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(f);
  }
  return { findings, redactions: orderRedactions(real.flatMap((s) => s.redactions)) };
}

/**
 * The session with its findings, and, unless `reveal`, every secret masked wherever it appears
 * (command, args, paths derived from the command, errors, titles, meta, gaps).
 */
export function applySecretScan(session: Session, scan: SecretScan, reveal: boolean): Session {
  if (scan.findings.length === 0 && scan.redactions.length === 0) return session;
  const shown = reveal ? session : redactDeep(session, scan.redactions);
  return { ...shown, secretFindings: scan.findings };
}

/** Texts with their secrets masked (for text outside any session, such as scan-level gap details). */
export async function redactSecrets(texts: readonly string[], detector: SecretDetector): Promise<string[]> {
  const out: string[] = [];
  for (const text of texts) {
    const matches = await detector.detect(text);
    const redactions = orderRedactions(matches.map((m) => ({ value: text.slice(m.start, m.end), mask: maskSecret(text.slice(m.start, m.end), m.ruleId) })));
    out.push(redactText(text, redactions));
  }
  return out;
}
