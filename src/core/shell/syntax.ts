/**
 * What the analyzer needs from a shell parser. The Node side (src/node/shellSyntax.ts) provides it with
 * tree-sitter-bash; core only sees these types, so it stays free of wasm loading and file access.
 */
import type { Node, Tree } from 'web-tree-sitter';

export type SyntaxNode = Node;
export type SyntaxTree = Tree;

export interface ShellSyntax {
  /** Parses bash text. Error tolerant: broken input gives a tree with ERROR nodes. The caller deletes the tree. */
  parse(text: string): SyntaxTree | null;
}
