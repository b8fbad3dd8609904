/**
 * Secret detection with secretlint's maintained rules (the recommended preset: AWS, GCP, GitHub,
 * GitLab, Slack, OpenAI, Anthropic, private keys, database connection strings, basic auth, npm,
 * Stripe, ...). secretlint is loaded on first use, so nothing pays for it until text is scanned.
 */
import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from '@secretlint/types';
import { mayHoldSecret } from './clues';

export interface SecretMatch {
  /** The secretlint rule, e.g. `@secretlint/secretlint-rule-github`. */
  ruleId: string;
  /** What the rule found (its message id), e.g. `GITHUB_TOKEN`. */
  kind: string;
  /** Where the secret itself is in the scanned text: [start, end). */
  start: number;
  end: number;
}

export interface SecretDetector {
  detect(text: string): Promise<SecretMatch[]>;
  /** False when no rule can find anything in the text, which then need not be scanned. */
  mayHoldSecret(text: string): boolean;
}

/**
 * `filter-comments` honours `secretlint-disable` comments: in an audit those are text an agent read or
 * wrote, and must not switch detection off. AWS: access key ids are reported too (they name the key).
 */
const SKIPPED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments']);
const RULE_OPTIONS: Record<string, Record<string, unknown>> = {
  '@secretlint/secretlint-rule-aws': { enableIDScanRule: true },
};
/** Message ids that are not secrets (an AWS account id is an identifier). */
const SKIPPED_KINDS = new Set(['AWSAccountID']);

type Lint = (content: string) => Promise<SecretLintCoreResultMessage[]>;
let linter: Promise<Lint> | undefined;

function loadLinter(): Promise<Lint> {
  linter ??= (async () => {
    const [{ lintSource }, { rules }] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
    const config: SecretLintCoreConfig = {
      rules: rules
        .filter((r) => !SKIPPED_RULES.has(r.meta.id))
        .map((r) => ({ id: r.meta.id, rule: r, ...(RULE_OPTIONS[r.meta.id] ? { options: RULE_OPTIONS[r.meta.id] } : {}) })),
    };
    return async (content) => {
      const result = await lintSource({
        source: { content, filePath: 'agent-log.txt', ext: '.txt', contentType: 'text' },
        options: { config, noPhysicFilePath: true },
      });
      return result.messages;
    };
  })();
  return linter;
}

/** `everyText`: scan every text, clue or not (for tests that hold the two ways to the same findings). */
export function createSecretDetector(opts: { everyText?: boolean } = {}): SecretDetector {
  const worthScanning = opts.everyText ? (text: string) => text !== '' : mayHoldSecret;
  return {
    mayHoldSecret: worthScanning,
    async detect(text) {
      if (!worthScanning(text)) return [];
      const lint = await loadLinter();
      const out: SecretMatch[] = [];
      for (const m of await lint(text)) {
        if (m.messageId && SKIPPED_KINDS.has(m.messageId)) continue;
        const [start, end] = secretRange(text, m);
        if (end > start) out.push({ ruleId: m.ruleId, kind: m.messageId ?? m.ruleId, start, end });
      }
      return out.sort((a, b) => a.start - b.start || b.end - a.end);
    },
  };
}

/**
 * Where the secret is. Rules put the secret in the message data; some report a range that starts at
 * the match (`aws_secret_access_key = ...`) but has the secret's length, so the data wins when it is
 * found inside the reported range.
 */
function secretRange(text: string, m: SecretLintCoreResultMessage): [number, number] {
  const [start, end] = m.range;
  const data = (m.data ?? {}) as Record<string, unknown>;
  for (const v of Object.values(data)) {
    if (typeof v !== 'string' || v.length < 8) continue;
    const at = text.indexOf(v, start);
    if (at >= 0 && at <= end) return [at, at + v.length];
  }
  return [start, end];
}
