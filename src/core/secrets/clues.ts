/**
 * The cheap first look of secret detection (src/core/secrets/detector.ts), in a module of its own
 * so that parsers can use it too: a text without any clue holds no secret a rule would report.
 */

/**
 * Every match of every rule's pattern holds one of these: the literal prefixes and infixes of the
 * rules' patterns (`ghp_`, `sk-ant-api0`, `://` for URLs with credentials, ...). Most texts an agent
 * handles hold none, and finding that out is one search instead of forty patterns. The AWS account
 * id pattern is left out: what it finds is dropped (SKIPPED_KINDS in detector.ts). test/unit/secrets/clues.test.ts
 * works out from each pattern the rules run what its matches must hold, and fails when one is missing here.
 */
const CLUES = new RegExp(
  [
    'A3T|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA', // aws: access key id
    'SECRET|secret|Secret', // aws: secret access key
    'PRIVATE KEY', // privatekey
    'npm_', // npm
    '://', // basicauth, database-connection-string, slack (webhooks)
    'xoxb-|xoxp-|xapp-|xoxa-|xoxo-|xoxr-', // slack
    'SG\\.', // sendgrid
    'shppa_|shpca_|shpat_|shpss_', // shopify
    'sk_live_|sk_test_|rk_live_|rk_test_', // stripe
    'ghp_|gho_|ghu_|ghs_|ghr_|github_pat_', // github
    'glpat-|glc_|glsa_', // gitlab, grafana
    'T3BlbkFJ', // openai
    'sk-ant-api0', // anthropic
    'gsk_', // groq
    'hf_', // huggingface
    'lin_api_', // linear
    'ntn_', // notion
    'ops_', // 1password
    'hvs\\.|hvb\\.|hvr\\.', // hashicorp-vault
    'vcp_|vci_|vca_|vcr_|vck_', // vercel
    'dapi', // databricks
    'dckr_pat_', // docker
    'figd_', // figma
    'cfk_|cfut_|cfat_', // cloudflare
    'tskey-', // tailscale
  ].join('|'),
);

/** False when no rule can find a secret in `text`. */
export function mayHoldSecret(text: string): boolean {
  return CLUES.test(text);
}
