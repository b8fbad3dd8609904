/** Secret detection (secretlint), masking, and the secret-exposure findings of sessions. */
export { createSecretDetector, type SecretDetector, type SecretMatch } from './detector';
export { maskSecret, redactDeep, redactText, type Redaction, shortRuleId } from './mask';
export { applySecretScan, mergeScans, NO_SECRETS, redactSecrets, type SecretScan, scanDraft, scanDrafts } from './scan';
