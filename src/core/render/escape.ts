/**
 * Escaping and small text helpers shared by the report renderers.
 * Every string in a report comes from agent logs and is untrusted: it goes through one of the
 * escapers below before it reaches HTML, Markdown or CSV, and each of them first makes it inert
 * (no escape sequences, no control characters, bidi controls shown as `<U+202E>`).
 */
import { inertText } from '../inertText';
import type { Access, ToolStatus } from '../model';
import type { CapabilityInfo } from '../capabilities';
import type { ReportSession } from '../report';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text or attribute value for HTML: safe in element content and in quoted attributes. */
export function escapeHtml(value: unknown): string {
  return inertText(value, { multiline: true }).replace(/[&<>"'`]/g, (c) => HTML_ENTITIES[c]);
}

/** A token safe for a class name or an id fragment: anything else becomes `-`. */
export function cssToken(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** Inert text on one line: line breaks become spaces, a cell is one line. */
export function oneLineText(value: string): string {
  return inertText(value);
}

/** Plain text in a Markdown table cell: inline markup, HTML and autolinks are neutralised. */
export function escapeMarkdown(value: string): string {
  return oneLineText(value)
    .replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`)
    .replace(/^([-=])/, '\\$1')
    // GFM links bare URLs: break the pattern without changing the text shown.
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

/** A code span for a Markdown table cell (paths, commands): never markup, never a link. */
export function markdownCode(value: string): string {
  const text = oneLineText(value).replace(/\|/g, '\\|');
  if (text === '') return '';
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Cells a spreadsheet would run as a formula (OWASP CSV injection) start with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. Text that a spreadsheet would read as a formula gets a leading `'`,
 * so a hostile log cannot run anything in the reader's spreadsheet; numbers are written as is.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Inert first: an escape sequence or a control character must not hide a leading `=`.
  const inert = inertText(value, { multiline: true });
  const text = FORMULA_START.test(inert) ? `'${inert}` : inert;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `2025-11-17T09:12:40.123Z` -> `2025-11-17 09:12` (UTC). Unparseable text is returned as is. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** Time between two ISO stamps, `1h 05m`, `4m 12s`, `38s`; empty when unknown. */
export function formatDuration(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to) return '';
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Last segment of a POSIX or Windows path. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i >= 0 ? trimmed.slice(i + 1) || trimmed : trimmed;
}

const WRITE_ACCESS: ReadonlySet<Access> = new Set(['write', 'create', 'delete']);

export function isWriteAccess(access: Access): boolean {
  return WRITE_ACCESS.has(access);
}

/** Per-session numbers the tables show, derived from the session's own lists. */
export interface SessionFacts {
  calls: number;
  statuses: Record<ToolStatus, number>;
  /** Distinct paths read (and not only written). */
  filesRead: number;
  /** Distinct paths written, created or deleted. */
  filesWritten: number;
}

export function sessionFacts(s: ReportSession): SessionFacts {
  const statuses: Record<ToolStatus, number> = { succeeded: 0, failed: 0, denied: 0, interrupted: 0, pending: 0 };
  for (const c of s.toolCalls) if (c.status in statuses) statuses[c.status]++;
  const read = new Set<string>();
  const written = new Set<string>();
  for (const t of s.touches) {
    if (t.access === 'read') read.add(t.path);
    else if (isWriteAccess(t.access)) written.add(t.path);
  }
  return { calls: s.toolCalls.length, statuses, filesRead: read.size, filesWritten: written.size };
}

/** Label, group and description of a capability id (the taxonomy's capabilityInfo, or a stand-in). */
export type DescribeCapability = (id: string) => CapabilityInfo;

/** Capabilities an auditor looks at first: privacy or system relevant. */
export const SENSITIVE_CAPABILITIES: ReadonlySet<string> = new Set([
  'secrets-access',
  'password-manager',
  'shell-config',
  'privileged',
  'destructive',
  'vcs-rewrite',
]);

// SHA-256 (FIPS 180-4) for the page's Content-Security-Policy script hash. Small and synchronous:
// core stays free of node:crypto so the renderers also run in a webview.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) out.setUint32(i * 4, h[i]);
  return base64(digest);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}
