/** Shell command understanding: what a command line runs, touches and reaches. */
export { analyzeCommand, createShellAnalyzer, type CommandAnalysis } from './analyze';
export { canonicalProgram } from './commands';
export type { ShellSyntax, SyntaxNode, SyntaxTree } from './syntax';
