/**
 * Shell command text -> what it runs and touches, by walking the tree-sitter-bash syntax tree:
 * pipelines, lists, subshells, substitutions, redirections, heredocs, and scripts handed to `bash -c`.
 */
import { capabilityInfo, pathCapabilities, type CompiledRules } from '../capabilities';
import type { Access } from '../model';
import { isSecretName } from './argv';
import { analyzeArgv, canonicalProgram } from './commands';
import { EffectSet, type Effects } from './effects';
import type { ShellSyntax, SyntaxNode } from './syntax';
import { wordValue } from './words';

export interface CommandAnalysis {
  /** Base names of the programs run, wrappers and wrapped ones alike, in order of appearance. */
  programs: string[];
  /**
   * Capability ids with read/write access. Always `shell-exec`; path-derived ids of the `actions` group
   * (secrets-access, shell-config, database, user-rule ids) are included; file-kind ids (code-*, doc-*) are not:
   * the engine gets those from the touches with pathCapabilities().
   */
  capabilities: { id: string; access: 'read' | 'write' }[];
  /** Paths as written (relative ones stay relative; `~/` stays), quotes removed, variables left as written. */
  touches: { path: string; access: Access }[];
  /** Network destinations: URLs, and `user@host:path` / ssh targets as written. */
  urls: string[];
  /** The simple commands of the line as argv words (quotes removed), in order: what command patterns match. */
  commands: string[][];
  /** The text did not parse cleanly (or was cut): the result is best effort. */
  parseError?: boolean;
}

const MAX_SCRIPT_DEPTH = 6;
const MAX_PARSES_PER_COMMAND = 64;
const MAX_NODE_DEPTH = 400;
/**
 * Text beyond this is not parsed (the result is flagged). Hopeless parses are cancelled by the syntax
 * provider (src/node/shellSyntax.ts counts the parser's progress reports); this bound keeps the
 * memory of one parse small while still reading large heredoc file writes whole.
 */
const MAX_COMMAND_CHARS = 256 * 1024;
const CACHE_ENTRIES = 2000;
const CACHE_KEY_CHARS = 16 * 1024;

const DUP_OPERATORS = new Set(['>&', '<&', '>&-', '<&-']);

function operatorOf(node: SyntaxNode): string {
  for (const child of node.children) if (child && !child.isNamed) return child.type;
  return '';
}

function commandNameOf(node: SyntaxNode): string | undefined {
  const name = node.childForFieldName('name');
  if (!name) return undefined;
  return name.namedChildCount === 1 && name.firstNamedChild ? wordValue(name.firstNamedChild) : name.text;
}

class Walk {
  readonly effects = new EffectSet();
  parseError = false;
  private scriptDepth = 0;
  private runDepth = 0;
  private parses = 0;
  private readonly fx: Effects;

  constructor(
    private readonly syntax: ShellSyntax,
    private readonly rules: CompiledRules | undefined,
  ) {
    const set = this.effects;
    this.fx = {
      program: (name) => set.addProgram(name),
      cap: (id, access) => set.addCapability(id, access),
      touch: (path, access) => set.addTouch(path, access),
      url: (url) => set.addUrl(url),
      mutates: () => {
        set.mutating = true;
      },
      run: (argv, stdin) => this.run(argv, stdin),
      script: (text) => this.script(text),
    };
  }

  run(argv: readonly string[], stdin?: string): void {
    if (this.runDepth >= 32) return;
    // Only the line's own commands: wrapped ones (sudo's, bash -c's) belong to their wrapper's words.
    if (this.runDepth === 0 && this.scriptDepth <= 1 && this.effects.commands.length < 64) this.effects.commands.push([...argv]);
    this.runDepth++;
    try {
      analyzeArgv(argv, this.fx, stdin, this.rules);
    } finally {
      this.runDepth--;
    }
  }

  script(text: string): void {
    if (this.scriptDepth >= MAX_SCRIPT_DEPTH || this.parses >= MAX_PARSES_PER_COMMAND) {
      this.parseError = true;
      return;
    }
    this.scriptDepth++;
    this.parses++;
    try {
      let tree = null;
      try {
        tree = this.syntax.parse(text);
      } catch {
        tree = null;
      }
      if (!tree) {
        this.parseError = true;
        this.crude(text);
        return;
      }
      try {
        if (tree.rootNode.hasError) this.parseError = true;
        this.walk(tree.rootNode, 0);
      } finally {
        tree.delete();
      }
    } finally {
      this.scriptDepth--;
    }
  }

  /** Without a tree: each segment's words as a command, quotes and all. Better than nothing. */
  private crude(text: string): void {
    for (const segment of text.split(/[|;&\n]+/)) {
      const words = segment.trim().split(/\s+/).filter(Boolean);
      if (words.length > 0) this.run(words);
    }
  }

  private walk(node: SyntaxNode, depth: number): void {
    if (depth > MAX_NODE_DEPTH) {
      this.parseError = true;
      return;
    }
    switch (node.type) {
      case 'command':
        this.command(node, undefined, depth);
        return;
      case 'redirected_statement':
        this.redirected(node, depth);
        return;
      case 'file_redirect':
        this.fileRedirect(node, depth);
        return;
      case 'variable_name':
        if (isSecretName(node.text)) this.fx.cap('secrets-access', 'read');
        return;
      default:
        this.children(node, depth);
    }
  }

  private children(node: SyntaxNode, depth: number): void {
    for (const child of node.namedChildren) if (child) this.walk(child, depth + 1);
  }

  private command(node: SyntaxNode, stdin: string | undefined, depth: number): void {
    const argv: string[] = [];
    const nested: SyntaxNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child || !child.isNamed) continue;
      if (child.type === 'command_name') {
        const name = commandNameOf(node);
        if (name !== undefined) argv.unshift(name);
        nested.push(child);
      } else if (node.fieldNameForChild(i) === 'argument') {
        argv.push(wordValue(child));
        nested.push(child);
      } else {
        nested.push(child); // prefix assignments, redirections
      }
    }
    if (node.childForFieldName('name')) this.run(argv, stdin);
    for (const child of nested) this.walk(child, depth + 1);
  }

  /** `cmd <<EOF ... EOF > out`: redirections apply to the body; a heredoc is the body's stdin. */
  private redirected(node: SyntaxNode, depth: number): void {
    const body = node.childForFieldName('body');
    const redirects = node.childrenForFieldName('redirect').filter((r): r is SyntaxNode => r !== null);
    const heredoc = redirects.find((r) => r.type === 'heredoc_redirect');
    const heredocText = heredoc?.namedChildren.find((c) => c?.type === 'heredoc_body')?.text;
    if (body?.type === 'command') this.command(body, heredocText, depth + 1);
    else if (body) this.walk(body, depth + 1);

    const bodyProgram = body?.type === 'command' ? canonicalProgram(commandNameOf(body) ?? '') : undefined;
    for (const redirect of redirects) {
      if (redirect !== heredoc) {
        this.walk(redirect, depth + 1);
        continue;
      }
      for (const child of redirect.namedChildren) {
        if (!child) continue;
        // `cat <<EOF | sh`: the heredoc flows through cat into the pipeline's first command.
        if (child.type === 'pipeline' && bodyProgram === 'cat' && heredocText !== undefined) this.pipelineFed(child, heredocText, depth + 1);
        else this.walk(child, depth + 1);
      }
    }
  }

  private pipelineFed(pipeline: SyntaxNode, stdin: string, depth: number): void {
    let fed = false;
    for (const child of pipeline.namedChildren) {
      if (!child) continue;
      if (!fed && child.type === 'command') {
        fed = true;
        this.command(child, stdin, depth + 1);
      } else this.walk(child, depth + 1);
    }
  }

  private fileRedirect(node: SyntaxNode, depth: number): void {
    const destination = node.childrenForFieldName('destination').find((d): d is SyntaxNode => d !== null);
    if (!destination) return;
    this.walk(destination, depth + 1);
    if (destination.type === 'process_substitution' || destination.type === 'command_substitution') return;
    const operator = operatorOf(node);
    const target = wordValue(destination);
    if (DUP_OPERATORS.has(operator) && /^(\d+|-)$/.test(target)) return;
    if (/^\/dev\/(tcp|udp)\//.test(target)) {
      this.fx.cap('net-egress', 'write');
      this.fx.url(target);
      return;
    }
    this.fx.touch(target, operator.startsWith('<') && operator !== '<>' ? 'read' : 'write');
  }

  result(): CommandAnalysis {
    const set = this.effects;
    const touches = [...set.touches.values()];
    for (const t of touches) {
      for (const id of pathCapabilities(t.path, this.rules)) {
        if (capabilityInfo(id).group === 'actions') set.addCapability(id, t.access === 'read' || t.access === 'exec' ? 'read' : 'write');
      }
    }
    const changes =
      set.mutating || touches.some((t) => t.access !== 'read' && t.access !== 'exec') || [...set.capabilities.values()].includes('write');
    const capabilities = [
      { id: 'shell-exec', access: changes ? ('write' as const) : ('read' as const) },
      ...[...set.capabilities].filter(([id]) => id !== 'shell-exec').map(([id, access]) => ({ id, access })),
    ];
    const analysis: CommandAnalysis = { programs: set.programs, capabilities, touches, urls: set.urls, commands: set.commands };
    if (this.parseError) analysis.parseError = true;
    return analysis;
  }
}

function freeze(analysis: CommandAnalysis): CommandAnalysis {
  for (const c of analysis.capabilities) Object.freeze(c);
  for (const t of analysis.touches) Object.freeze(t);
  Object.freeze(analysis.capabilities);
  Object.freeze(analysis.touches);
  Object.freeze(analysis.programs);
  Object.freeze(analysis.urls);
  for (const c of analysis.commands) Object.freeze(c);
  Object.freeze(analysis.commands);
  return Object.freeze(analysis);
}

/** Analyses one command line. Never throws: broken input gives `parseError` and a best-effort result. */
export function analyzeCommand(syntax: ShellSyntax, command: string, rules?: CompiledRules): CommandAnalysis {
  const text = typeof command === 'string' ? command : String(command ?? '');
  const walk = new Walk(syntax, rules);
  try {
    walk.script(text.length > MAX_COMMAND_CHARS ? text.slice(0, MAX_COMMAND_CHARS) : text);
  } catch {
    walk.parseError = true;
  }
  if (text.length > MAX_COMMAND_CHARS) walk.parseError = true;
  return walk.result();
}

/**
 * A memoizing analyzer: agents repeat the same commands, so results are kept in a bounded LRU.
 * Results are frozen because they are shared between calls.
 */
export function createShellAnalyzer(syntax: ShellSyntax, rules?: CompiledRules): (command: string) => CommandAnalysis {
  const cache = new Map<string, CommandAnalysis>();
  return (command) => {
    const key = typeof command === 'string' ? command : String(command ?? '');
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const analysis = freeze(analyzeCommand(syntax, key, rules));
    if (key.length <= CACHE_KEY_CHARS) {
      cache.set(key, analysis);
      if (cache.size > CACHE_ENTRIES) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
    }
    return analysis;
  };
}
