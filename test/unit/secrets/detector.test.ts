/** The detector runs secretlint's real rules; the masker keeps a short prefix and names the rule. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSecretDetector } from '../../../src/core/secrets/detector';
import { maskSecret, redactDeep, redactText } from '../../../src/core/secrets/mask';
import { FAKE, PRIVATE_KEY } from '../../helpers/fakeSecrets';

const detector = createSecretDetector();

async function found(text: string): Promise<{ rule: string; secret: string }[]> {
  return (await detector.detect(text)).map((m) => ({ rule: m.ruleId.replace('@secretlint/secretlint-rule-', ''), secret: text.slice(m.start, m.end) }));
}

describe('secret detector (secretlint recommended rules)', () => {
  const cases: [string, string, string][] = [
    ['aws', `export AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret}`, FAKE.awsSecret],
    ['aws', `key id ${FAKE.awsKeyId} in use`, FAKE.awsKeyId],
    ['github', `git push https://x:${FAKE.github}@github.com/o/r`, FAKE.github],
    ['slack', `SLACK=${FAKE.slack}`, FAKE.slack],
    ['privatekey', `cat id_rsa\n${PRIVATE_KEY}\n`, PRIVATE_KEY],
    ['database-connection-string', `psql postgres://admin:${FAKE.dbPassword}@db.internal:5432/app`, `postgres://admin:${FAKE.dbPassword}@db.internal:5432/app`],
    ['anthropic', `x-api-key: ${FAKE.anthropic}`, FAKE.anthropic],
    ['openai', `OPENAI_API_KEY=${FAKE.openai}`, FAKE.openai],
  ];
  for (const [rule, text, secret] of cases) {
    it(`finds ${rule}: the range covers exactly the secret`, async () => {
      assert.deepEqual(await found(text), [{ rule, secret }]);
    });
  }

  it('corrects the AWS rule range (it starts at the key name) to the secret itself', async () => {
    const text = `aws_secret_access_key = ${FAKE.awsSecret}`;
    assert.deepEqual(await found(text), [{ rule: 'aws', secret: FAKE.awsSecret }]);
  });

  it('is not switched off by a secretlint-disable comment inside the scanned text', async () => {
    assert.deepEqual(await found(`// secretlint-disable\n${FAKE.github}`), [{ rule: 'github', secret: FAKE.github }]);
  });

  it('finds nothing in ordinary commands and AWS documentation examples', async () => {
    assert.deepEqual(await found('npm test && git commit -m "fix: token refresh" && cat README.md'), []);
    assert.deepEqual(await found('AKIAIOSFODNN7EXAMPLE'), []);
  });
});

describe('masker', () => {
  it('keeps a short prefix and the rule', () => {
    assert.equal(maskSecret(FAKE.anthropic, '@secretlint/secretlint-rule-anthropic'), 'sk-ant…[secret: anthropic]');
    assert.equal(maskSecret(FAKE.github, '@secretlint/secretlint-rule-github'), 'ghp_wW…[secret: github]');
  });

  it('gives little of a short secret away (a quarter at most)', () => {
    assert.equal(maskSecret('abcdefgh', 'x'), 'ab…[secret: x]');
  });

  it('keeps a URL and its user, masks only the password', () => {
    assert.equal(
      maskSecret(`postgres://admin:${FAKE.dbPassword}@db.internal:5432/app`, '@secretlint/secretlint-rule-database-connection-string'),
      'postgres://admin:…[secret: database-connection-string]@db.internal:5432/app',
    );
  });

  it('keeps the header of a private key, nothing of its body', () => {
    const masked = maskSecret(PRIVATE_KEY, '@secretlint/secretlint-rule-privatekey');
    assert.equal(masked, '-----BEGIN RSA PRIVATE KEY-----…[secret: privatekey]');
  });

  it('replaces every occurrence in nested data, keys named __proto__ included', () => {
    const r = [{ value: FAKE.github, mask: 'ghp_wW…' }];
    assert.equal(redactText(`a ${FAKE.github} b ${FAKE.github}`, r), 'a ghp_wW… b ghp_wW…');
    const data = JSON.parse(`{"a":["${FAKE.github}"],"__proto__":{"x":"${FAKE.github}"}}`) as Record<string, unknown>;
    const out = redactDeep(data, r);
    assert.equal(JSON.stringify(out).includes(FAKE.github), false);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });
});
