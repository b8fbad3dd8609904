/**
 * Masking of detected secrets: what every report, view and export shows instead of the secret.
 * A short prefix stays so the kind is still recognisable (`sk-ant…`, `ghp_wW…`), then the rule that
 * found it: `sk-ant…[secret: anthropic]`. Credentials inside a URL keep the URL and lose the password.
 */

/** `@secretlint/secretlint-rule-aws` -> `aws`. */
export function shortRuleId(ruleId: string): string {
  return ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
}

/** At most this many leading characters of a secret stay visible. */
const MAX_KEPT = 6;

const PEM_HEADER = /^-----BEGIN [A-Z0-9 ]{0,40}-----/;
/** `scheme://user:password@rest`: only the password is secret. */
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)([^@\s]+)(@\S*)$/i;

export function maskSecret(secret: string, ruleId: string): string {
  const label = `…[secret: ${shortRuleId(ruleId)}]`;
  const url = URL_CREDENTIALS.exec(secret);
  if (url) return `${url[1]}${label}${url[3]}`;
  const pem = PEM_HEADER.exec(secret);
  if (pem) return `${pem[0]}${label}`;
  // A quarter at most, so a short secret gives little away.
  return `${secret.slice(0, Math.min(MAX_KEPT, Math.floor(secret.length / 4)))}${label}`;
}

export interface Redaction {
  /** The secret as it appears in the text. */
  value: string;
  /** What is shown instead. */
  mask: string;
}

/** Longest first, so a secret that contains another is replaced whole. */
export function orderRedactions(redactions: readonly Redaction[]): Redaction[] {
  const seen = new Set<string>();
  return [...redactions]
    .filter((r) => r.value !== '' && !seen.has(r.value) && seen.add(r.value))
    .sort((a, b) => b.value.length - a.value.length);
}

/** A cut that keeps fewer characters of a secret than this is left alone (too short to mean anything). */
const MIN_CUT_PREFIX = 8;

/**
 * Replaces every occurrence of every secret in a text. `redactions` must be ordered (orderRedactions).
 * A text cut short with `…` (one-line arguments, errors) may end inside a secret: that start is masked too.
 */
export function redactText(text: string, redactions: readonly Redaction[]): string {
  let out = text;
  for (const r of redactions) if (out.includes(r.value)) out = out.split(r.value).join(r.mask);
  if (out.endsWith('…')) out = redactCutTail(out, redactions);
  return out;
}

function redactCutTail(text: string, redactions: readonly Redaction[]): string {
  const body = text.slice(0, -1);
  for (const r of redactions) {
    for (let k = Math.min(r.value.length - 1, body.length); k >= MIN_CUT_PREFIX; k--) {
      if (body.endsWith(r.value.slice(0, k))) return `${body.slice(0, body.length - k)}${r.mask}`;
    }
  }
  return text;
}

/** A copy of plain data (objects, arrays, strings) with every string redacted. */
export function redactDeep<T>(value: T, redactions: readonly Redaction[]): T {
  if (redactions.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, redactions);
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    // defineProperty: a key named `__proto__` from a log stays an ordinary key.
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return walk(value) as T;
}
