/**
 * A secretlint pass scans many texts joined by a separator, and each finding is traced back to its
 * text. That is only right if every text gets exactly the findings it gets alone. First a proof,
 * over every pattern the rules really run; then the two ways compared on real logs seeded with
 * secrets where the joins are (the start and end of texts, texts that hold the separator itself,
 * secrets cut in two across texts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SessionDraft } from '../../../src/core/model';
import { createSecretDetector } from '../../../src/core/secrets/detector';
import { redactDeep } from '../../../src/core/secrets/mask';
import { scanDrafts, scanDraftsTextByText, SEPARATOR, type SecretScan } from '../../../src/core/secrets/scan';
import { scanPaths } from '../../../src/node/scan';
import { CORPUS, corpusSkip } from '../../helpers/corpus';
import { FAKE, PRIVATE_KEY, RULE_EXAMPLES } from '../../helpers/fakeSecrets';
import { accepts, assertions, atoms, edgeAtoms, nullable, parseRegex } from '../../helpers/regexShape';
import { ruleReads } from '../../helpers/rulePatterns';

describe('the separator between joined texts', () => {
  let reads: Awaited<ReturnType<typeof ruleReads>>;
  before(async () => {
    reads = await ruleReads();
  });

  it('the rules read a text only by matching patterns against it', () => {
    assert.ok(reads.patterns.length >= 30, `patterns caught: ${reads.patterns.length}`);
    assert.deepEqual(reads.otherUses, []);
  });

  // The proof. The separator is an edge character, a middle one, the edge again (`\n`, NUL, `\n`).
  // For every pattern:
  //  1. It has no part that takes the edge character, or none that takes the middle one. So no match
  //     holds both side by side, and none can run across a separator from one text into the next.
  //  2. Its matches can neither start nor end with the edge character. So no match starts or ends
  //     in a separator either: every match lies inside one text (or is the lone middle character,
  //     which belongs to no text and is dropped).
  //  3. What its lookarounds, \b, ^ and $ see at the edge of a text is what they see at the start or
  //     end of a text scanned alone: lookarounds cannot take the edge character; \b sees a non-word
  //     character either way; ^ and $ are used only in multiline mode, where the edge is a line end.
  //  4. It cannot match the empty string.
  // Then a search that starts inside a text tries the same paths as in the text alone, every path
  // that would leave the text fails, and every match is the same match.
  it('no pattern a rule runs can match into, out of or across it', () => {
    const [edge, middle] = [SEPARATOR[0]!, SEPARATOR[1]!];
    assert.equal(SEPARATOR, edge + middle + edge);
    assert.ok(/^[\n\r\u2028\u2029]$/.test(edge), 'the edge is a line end');
    const problems: string[] = [];
    for (const re of reads.patterns) {
      const name = `/${re.source}/${re.flags}`;
      const node = parseRegex(re);
      const takes = (ch: string): boolean => atoms(node).some((a) => !a.inLook && accepts(a.atom, re.flags, ch));
      if (takes(edge) && takes(middle)) problems.push(`${name} can match both separator characters`);
      if ([...edgeAtoms(node, false), ...edgeAtoms(node, true)].some((a) => accepts(a, re.flags, edge))) problems.push(`${name} can start or end with the edge character`);
      if (atoms(node).some((a) => a.inLook && accepts(a.atom, re.flags, edge))) problems.push(`${name} looks past the edge of a text`);
      if (new RegExp('\\w', re.flags.replace(/[gy]/g, '')).test(edge)) problems.push(`${name}: the edge is a word character`);
      if (assertions(node).some((a) => a === '^' || a === '$') && !re.flags.includes('m')) problems.push(`${name} uses ^ or $ outside multiline mode`);
      if (nullable(node)) problems.push(`${name} can match the empty string`);
    }
    assert.deepEqual(problems, []);
  });

  it('the checks above catch patterns that would match across texts', () => {
    const fails = (re: RegExp): boolean => {
      const node = parseRegex(re);
      const takes = (ch: string): boolean => atoms(node).some((a) => !a.inLook && accepts(a.atom, re.flags, ch));
      return (takes('\n') && takes('\0')) || [...edgeAtoms(node, false), ...edgeAtoms(node, true)].some((a) => accepts(a, re.flags, '\n')) || atoms(node).some((a) => a.inLook && accepts(a.atom, re.flags, '\n'));
    };
    assert.equal(fails(/key=[^"]{8,}/g), true, 'a negated class that takes every separator character');
    assert.equal(fails(/-----BEGIN[\s\S]*?-----END/g), true);
    assert.equal(fails(/token\s+\w+\s*/g), true, 'a match that can end with a line end');
    assert.equal(fails(/(?<=secret\s*)[a-z]{8}/g), true, 'a lookbehind that reaches into the previous text');
    assert.equal(fails(/postgres:\/\/[^\s]+/g), false, 'a negated class that stops at whitespace');
    assert.equal(fails(/key\s*=\s*[a-z]{8}/g), false, 'whitespace inside, never at the ends');
  });
});

describe('joined scan and text-by-text scan', { skip: corpusSkip }, () => {
  let drafts: SessionDraft[];
  let joined: Map<SessionDraft, SecretScan>;
  let joinedAll: Map<SessionDraft, SecretScan>;
  let alone: Map<SessionDraft, SecretScan>;
  before(async () => {
    drafts = (await scanPaths([CORPUS])).drafts;
    seed(drafts);
    // The new way: texts without a rule's clue left out, the rest joined, about 1 MB a pass.
    joined = await scanDrafts(drafts, createSecretDetector());
    // Joined, every text (the joins alone, without the clues).
    joinedAll = await scanDrafts(drafts, createSecretDetector({ everyText: true }));
    // The old way: every text alone, each in a pass of its own.
    alone = await scanDraftsTextByText(drafts, createSecretDetector({ everyText: true }));
  });

  it('the seeded logs hold findings of every rule, in every kind of text', () => {
    const found = [...alone.values()].flatMap((s) => s.findings);
    assert.ok(found.length >= 100, `findings: ${found.length}`);
    const rules = new Set(found.map((f) => f.ruleId.replace('@secretlint/secretlint-rule-', '')));
    assert.deepEqual([...new Set(RULE_EXAMPLES.map((e) => e.rule))].filter((r) => !rules.has(r)), []);
    const fields = new Set<string>(found.map((f) => f.field));
    for (const field of ['title', 'command', 'args', 'output', 'error', 'why', 'path', 'cwd']) assert.ok(fields.has(field), `a finding in a ${field}`);
  });

  it('every draft gets the same findings and the same masks, in the same order', () => {
    let compared = 0;
    for (const d of drafts) {
      const b = alone.get(d)!;
      for (const a of [joined.get(d)!, joinedAll.get(d)!]) {
        assert.deepEqual(a, b, `${d.sources[0]?.path} ${d.id}`);
        assert.equal(JSON.stringify(redactDeep(d, a.redactions)), JSON.stringify(redactDeep(d, b.redactions)));
      }
      compared += b.findings.length;
    }
    assert.ok(compared >= 100);
  });

  it('a secret cut in two across texts is found in neither, the way each text alone finds nothing', async () => {
    const draft = drafts.find((d) => d.toolCalls.length > 0)!;
    const copy: SessionDraft = { ...draft, title: undefined, meta: {}, gaps: [], touches: [], toolCalls: [{ ...draft.toolCalls[0]!, output: undefined, error: undefined, why: undefined, url: undefined, query: undefined, cwd: undefined }] };
    const cuts: [string, string][] = [
      ['export aws_secret_access_key =', FAKE.awsSecret],
      [PRIVATE_KEY.slice(0, 60), PRIVATE_KEY.slice(60)],
      ['psql postgres://admin:', `${FAKE.dbPassword}@db.internal:5432/app`],
      [FAKE.github.slice(0, 20), FAKE.github.slice(20)],
    ];
    for (const [command, args] of cuts) {
      copy.toolCalls[0] = { ...copy.toolCalls[0]!, command, args };
      for (const detector of [createSecretDetector(), createSecretDetector({ everyText: true })]) {
        assert.deepEqual((await scanDrafts([copy], detector)).get(copy)!.findings, [], command);
      }
    }
  });
});

/**
 * Seeds drafts, call by call, with the rules' examples in turn, placed where joins matter: at the end
 * of a command and the start of its arguments, alone in an output, after a byte order mark, around
 * a NUL and the separator itself, cut in two across two texts; and in titles, paths and folders.
 */
function seed(drafts: SessionDraft[]): void {
  let k = 0;
  const next = (): string => RULE_EXAMPLES[k++ % RULE_EXAMPLES.length]!.text;
  for (const d of drafts) {
    if (k % 3 === 0) d.title = `${next()} ${d.title ?? ''}`;
    if (k % 5 === 0) d.cwd = `/home/dev/${next()}`;
    for (const c of d.toolCalls) {
      switch (k % 7) {
        case 0:
          c.command = `${c.command ?? 'env'} ${next()}`;
          c.args = `${next()} ${c.args ?? ''}`;
          break;
        case 1:
          c.output = next();
          break;
        case 2:
          c.output = `\uFEFF${next()}\n${c.output ?? ''}`;
          break;
        case 3:
          c.output = `${c.output ?? ''}\u0000${next()}${SEPARATOR}${next()}\u0000`;
          break;
        case 4: {
          const secret = next();
          const cut = secret.length >> 1;
          c.command = `${c.command ?? 'cat'} ${secret.slice(0, cut)}`;
          c.args = `${secret.slice(cut)} ${c.args ?? ''}`;
          break;
        }
        case 5:
          c.error = `${next()}\n`;
          c.why = `\n${next()}`;
          break;
        default:
          c.cwd = next();
          k++;
      }
    }
    for (const t of d.touches) if (k++ % 4 === 0) t.path = `/tmp/${next()}/x.txt`;
  }
}
