/**
 * A text with none of the detector's clues is not scanned. That is only right if every match of
 * every pattern the rules run holds a clue: worked out here from the patterns themselves (as the
 * preset ships them, caught while a text is scanned), and checked with an example for every rule.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { createSecretDetector } from '../../../src/core/secrets/detector';
import { RULE_EXAMPLES } from '../../helpers/fakeSecrets';
import { mustContain, parseRegex } from '../../helpers/regexShape';
import { ruleReads } from '../../helpers/rulePatterns';

/** The AWS rule's account id pattern: what it finds (AWSAccountID) the detector drops, so it needs no clue. */
const AWS_ACCOUNT_ID = String.raw`("|')?(AWS|aws|Aws)?_?(ACCOUNT|account|Account)_?(ID|id|Id)?("|')?\s*(:|=>|=)\s*("|')?[0-9]{4}\-?[0-9]{4}\-?[0-9]{4}("|')?\b`;
/** Rules that find nothing in an agent's texts: gcp reads only .json and .p12 files; filter-comments is off. */
const NOT_FOR_TEXTS = new Set(['gcp', 'filter-comments']);

const short = (id: string): string => id.replace('@secretlint/secretlint-rule-', '');

describe('clues: the texts that are not scanned', () => {
  const detector = createSecretDetector();
  const everyText = createSecretDetector({ everyText: true });
  let patterns: RegExp[];
  before(async () => {
    patterns = (await ruleReads()).patterns;
  });

  /** What a pattern's matches must hold that no clue catches ('' when all is well). */
  const unclued = (re: RegExp): string => {
    const must = mustContain(parseRegex(re));
    if (!must) return `/${re.source}/${re.flags}: no literal every match holds`;
    const missing = [...must].filter((s) => !detector.mayHoldSecret(s));
    return missing.length > 0 ? `/${re.source}/${re.flags} needs a clue in ${JSON.stringify(missing.slice(0, 8))}` : '';
  };

  it('every match of every pattern the rules run holds a clue', () => {
    assert.ok(patterns.length >= 30, `patterns caught: ${patterns.length}`);
    assert.ok(patterns.some((p) => p.source === AWS_ACCOUNT_ID), 'the account id pattern is still the one exempted');
    assert.deepEqual(patterns.filter((p) => p.source !== AWS_ACCOUNT_ID).map(unclued).filter(Boolean), []);
  });

  it('the check catches a pattern whose matches hold no clue', () => {
    assert.match(unclued(/(?<!\p{L})xyz_[A-Za-z0-9]{32}/gu), /needs a clue in \["xyz_"\]/);
    assert.match(unclued(/(?:SECRET|secret|Token)=[a-z]{20}/g), /needs a clue in \["Token="\]/);
    assert.match(unclued(/[A-Za-z0-9]{40}/g), /no literal every match holds/);
    assert.equal(unclued(/\b(?:ghp|gho)_[A-Za-z0-9]{36}\b/g), '');
  });

  it('every rule that can find something in an agent’s texts has an example here', () => {
    const covered = new Set(RULE_EXAMPLES.map((e) => e.rule));
    assert.deepEqual(rules.map((r) => short(r.meta.id)).filter((id) => !NOT_FOR_TEXTS.has(id) && !covered.has(id)), []);
  });

  for (const example of RULE_EXAMPLES) {
    it(`${example.rule}: ${example.secret.slice(0, 12)}… is found, the same with clues as without`, async () => {
      for (const text of [example.text, `before ${example.text} after`]) {
        const found = await detector.detect(text);
        assert.deepEqual(found, await everyText.detect(text));
        assert.deepEqual(
          found.map((m) => [short(m.ruleId), text.slice(m.start, m.end)]),
          [[example.rule, example.secret]],
        );
      }
    });
  }

  it('ordinary commands and output hold no clue and are not scanned', () => {
    for (const text of ['npm test && git commit -m "fix: token refresh"', 'src/app.ts(12,5): error TS2322', 'drwxr-xr-x  4 dev dev 4096 Nov 22 .git']) {
      assert.equal(detector.mayHoldSecret(text), false, text);
    }
  });
});
