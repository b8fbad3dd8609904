import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aiderFormat } from '../../../src/core/formats/aider';
import { fileHead, parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { CORPUS, corpusSkip, parseCorpusFile } from '../../helpers/corpus';

const SOURCE = '/home/u/proj/.aider.chat.history.md';

// Written the way aider appends: blockquoted output lines end with two spaces.
const HISTORY = `
# aider chat started at 2025-03-01 09:15:42

> Aider v0.82.0  
> Main model: anthropic/claude-3-7-sonnet-20250219 with diff edit format, infinite output  
> Weak model: anthropic/claude-3-5-haiku-20241022  
> Git repo: .git with 42 files  
> Added src/app.py to the chat.  

#### add retries to the client  
#### and a helper module  

I'll wrap the request in a retry loop and add a helper.

src/app.py
\`\`\`python
<<<<<<< SEARCH
def fetch():
    return get()
=======
def fetch():
    return with_retry(get)
>>>>>>> REPLACE
\`\`\`

src/retry.py
\`\`\`python
<<<<<<< SEARCH
=======
def with_retry(fn):
    return fn()
>>>>>>> REPLACE
\`\`\`

Then run the tests:

\`\`\`bash
pytest -q
\`\`\`

> Tokens: 2.1k sent, 150 received.  
> Applied edit to src/app.py  
> Applied edit to src/retry.py  
> Commit 1a2b3c4 feat: add retries to the client  
> pytest -q  
> Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: n  

#### /run ls -la  

#### show me a quote block in markdown  

Here is an example:

\`\`\`markdown
#### Not a user line
> not aider output either
\`\`\`

> Running make lint  

#### fix docs/guide.md too  

docs/guide.md
\`\`\`markdown
<<<<<<< SEARCH
old text
=======
new text
>>>>>>> REPLACE
\`\`\`

> # 1 SEARCH/REPLACE block failed to match!  

#### read https://example.com/doc  
> https://example.com/doc  
> Add URL to the chat? (Y)es/(N)o/(D)on't ask again [Yes]: y  

# aider chat started at 2025-03-01 11:00:00

> Aider v0.82.0  

#### delete nothing  

> Did not apply edit to src/app.py (--dry-run)  
> Skipping edits to secrets.env  

# aider chat started at 2025-03-02 08:00:00
`;

function parse(text = HISTORY, source = SOURCE): SessionDraft[] {
  return parseLines(aiderFormat, text, source);
}

describe('aider: chat history', () => {
  const [first, second, ...rest] = parse();

  it('one session per run; a run with nothing after its header is dropped', () => {
    assert.ok(first && second);
    assert.equal(rest.length, 0);
    assert.equal(first.id, `${SOURCE}#1`);
    assert.equal(second.id, `${SOURCE}#2`);
    assert.equal(first.agent, 'aider');
    assert.deepEqual(first.sources, [{ path: SOURCE, firstLine: 2, lastLine: 77 }]);
  });

  it('run facts: guessed start time, directory of the history file, models, version', () => {
    assert.equal(first.startedAt, '2025-03-01T09:15:42.000Z');
    assert.deepEqual(
      first.gaps.map((g) => [g.kind, g.line]),
      [['guessed-timezone', 2]],
    );
    assert.equal(first.cwd, '/home/u/proj');
    assert.deepEqual(first.models, ['anthropic/claude-3-7-sonnet-20250219']);
    assert.equal(first.meta.weakModel, 'anthropic/claude-3-5-haiku-20241022');
    assert.equal(first.meta.version, '0.82.0');
    assert.equal(first.meta.gitRepo, '.git with 42 files');
  });

  it('edits, commits, commands and questions become calls', () => {
    assert.deepEqual(
      first.toolCalls.map((c) => [c.tool, c.kind, c.status, c.args]),
      [
        ['add', 'read', 'succeeded', 'src/app.py'],
        ['edit', 'edit', 'succeeded', 'src/app.py'],
        ['edit', 'edit', 'succeeded', 'src/retry.py'],
        ['commit', 'other', 'succeeded', '1a2b3c4 feat: add retries to the client'],
        ['run', 'shell', 'denied', 'pytest -q'],
        ['/run', 'shell', 'succeeded', 'ls -la'],
        ['run', 'shell', 'succeeded', 'make lint'],
        ['edit', 'edit', 'failed', 'docs/guide.md'],
        ['web', 'web', 'succeeded', 'https://example.com/doc'],
      ],
    );
    const byArgs = new Map(first.toolCalls.map((c) => [`${c.tool} ${c.args}`, c]));
    assert.equal(byArgs.get('run make lint')?.command, 'make lint');
    // The `####` and `>` lines inside the reply's code block are not user input: the turn's words carry on.
    assert.equal(byArgs.get('run make lint')?.why, 'Here is an example:');
    assert.equal(byArgs.get('/run ls -la')?.command, 'ls -la');
    assert.deepEqual(byArgs.get('commit 1a2b3c4 feat: add retries to the client')?.capabilities, ['vcs-write']);
    assert.equal(byArgs.get('web https://example.com/doc')?.url, 'https://example.com/doc');
    assert.equal(byArgs.get('edit docs/guide.md')?.error, '# 1 SEARCH/REPLACE block failed to match!');
    assert.equal(byArgs.get('edit src/app.py')?.why, "I'll wrap the request in a retry loop and add a helper. Then run the tests:");
    assert.deepEqual(byArgs.get('edit src/app.py')?.source, { file: SOURCE, line: 42 });
  });

  it('touches: what aider reports it read and edited', () => {
    assert.deepEqual(
      first.touches.map((t) => [t.path, t.access, t.evidence]),
      [
        ['src/app.py', 'read', 'observed'],
        ['src/app.py', 'write', 'observed'],
        // Its SEARCH part was empty: the block wrote a new file.
        ['src/retry.py', 'create', 'observed'],
        ['docs/guide.md', 'write', 'observed'],
      ],
    );
    for (const t of first.touches) assert.ok(first.toolCalls.some((c) => c.id === t.toolCallId));
  });

  it('dry runs and skipped edits are refused edits', () => {
    assert.deepEqual(
      second.toolCalls.map((c) => [c.args, c.status, c.error]),
      [
        ['src/app.py', 'denied', '--dry-run'],
        ['secrets.env', 'denied', 'Skipping edits to secrets.env'],
      ],
    );
    assert.equal(second.startedAt, '2025-03-01T11:00:00.000Z');
  });

  it('snapshots are repeatable while the file grows', () => {
    const parser = aiderFormat.open({ source: SOURCE });
    const lines = ['# aider chat started at 2025-03-01 09:00:00', '#### go', '> Applied edit to a.py  '];
    lines.forEach((l, i) => parser.line(l, i + 1));
    const before = parser.snapshot();
    before[0].toolCalls.pop();
    assert.equal(parser.snapshot()[0].toolCalls.length, 1);
    parser.line('> Applied edit to b.py  ', 4);
    assert.deepEqual(
      parser.snapshot()[0].toolCalls.map((c) => c.args),
      ['a.py', 'b.py'],
    );
  });

  it('a history file elsewhere says nothing about the directory; an unreadable header time is a gap', () => {
    const [s] = parse('# aider chat started at sometime\n#### hi\n', '/logs/chat.md');
    assert.equal(s.cwd, undefined);
    assert.equal(s.startedAt, undefined);
    assert.deepEqual(
      s.gaps.map((g) => g.kind),
      ['schema-drift'],
    );
  });

  it('detects by the run header, or by the file name with user lines', () => {
    assert.equal(aiderFormat.detect(fileHead(['', '# aider chat started at 2025-03-01 09:15:42']), 'notes.md'), true);
    assert.equal(aiderFormat.detect(fileHead(['#### hello']), '.aider.chat.history.md'), true);
    assert.equal(aiderFormat.detect(fileHead(['# My notes', '#### heading']), 'notes.md'), false);
    assert.equal(aiderFormat.detect(fileHead(['{"type":"session"}']), 'x.jsonl'), false);
  });

  it('never throws on odd text', () => {
    const odd = '> \n>\n####\n```\n<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE\n# aider chat started at \n> Run shell command? [Yes]: \n> Applied edit to \n\u0000\n';
    assert.doesNotThrow(() => parse(odd));
  });
});

describe('aider: real history', { skip: corpusSkip }, () => {
  it('agentsview synthetic history: two runs with edits, a third empty one', () => {
    const r = parseCorpusFile('aider/agentsview__aider_SYNTHETIC.aider.chat.history.md');
    assert.equal(r.format, 'aider');
    assert.equal(r.sessions.length, 2);
    const [a, b] = r.sessions;
    assert.equal(a.startedAt, '2026-06-09T14:01:00.000Z');
    assert.equal(b.startedAt, '2026-06-09T15:30:00.000Z');
    assert.deepEqual(
      a.toolCalls.map((c) => [c.tool, c.args, c.status]),
      [
        ['edit', 'src/webhook.py', 'succeeded'],
        ['edit', 'src/webhook.py', 'succeeded'],
        ['create', 'src/retry.py', 'succeeded'],
        ['edit', 'src/skip.py', 'denied'],
        ['edit', 'src/other.py', 'denied'],
      ],
    );
    assert.deepEqual(
      a.touches.filter((t) => a.toolCalls.find((c) => c.id === t.toolCallId)?.status === 'succeeded').map((t) => [t.path, t.access]),
      [
        ['src/webhook.py', 'write'],
        ['src/webhook.py', 'write'],
        ['src/retry.py', 'create'],
      ],
    );
    assert.deepEqual(
      b.toolCalls.map((c) => [c.args, c.status]),
      [['src/config.py', 'succeeded']],
    );
    for (const s of r.sessions) {
      assert.deepEqual(
        s.gaps.map((g) => g.kind),
        ['guessed-timezone'],
      );
      // The corpus copy is not named .aider.chat.history.md: no directory is claimed.
      assert.equal(s.cwd, undefined);
    }
  });

  it('claims no other agent’s file', () => {
    const walk = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(CORPUS)) {
      const rel = path.relative(CORPUS, file);
      if (rel.startsWith('aider/') || rel.startsWith('_reference')) continue;
      const head = fileHead(fs.readFileSync(file, 'utf8').split('\n').slice(0, 50));
      assert.equal(aiderFormat.detect(head, path.basename(rel)), false, rel);
    }
  });
});
