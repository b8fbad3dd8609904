/**
 * A classifier that remembers its answers, and can hand what it learned to another one: scan
 * workers classify every command and path of the files they read (in parallel), and the thread
 * that finalizes sessions then finds each answer ready instead of parsing shell syntax itself.
 * Answers depend only on the input and the rules, so a cached one is exactly what it would compute.
 */
import type { Classifier, CommandFacts } from './finalize';

export interface ClassifierAnswers {
  commands: [string, CommandFacts][];
  paths: [string, string[]][];
}

export interface CachingClassifier extends Classifier {
  /** Answers computed since the last call, to send on. */
  takeNew(): ClassifierAnswers;
  /** Answers another classifier (with the same rules) computed. */
  learn(answers: ClassifierAnswers): void;
  /** Whether this command's answer is known already. */
  knows(command: string): boolean;
}

export function cachingClassifier(base: Classifier): CachingClassifier {
  const commands = new Map<string, CommandFacts>();
  const paths = new Map<string, string[]>();
  let fresh: ClassifierAnswers = { commands: [], paths: [] };
  return {
    analyzeCommand(command) {
      let facts = commands.get(command);
      if (!facts) {
        facts = base.analyzeCommand(command);
        commands.set(command, facts);
        fresh.commands.push([command, facts]);
      }
      return facts;
    },
    pathCapabilities(path) {
      let caps = paths.get(path);
      if (!caps) {
        caps = base.pathCapabilities(path);
        paths.set(path, caps);
        fresh.paths.push([path, caps]);
      }
      return caps;
    },
    takeNew() {
      const out = fresh;
      fresh = { commands: [], paths: [] };
      return out;
    },
    knows(command) {
      return commands.has(command);
    },
    learn(answers) {
      for (const [command, facts] of answers.commands) commands.set(command, facts);
      for (const [path, caps] of answers.paths) paths.set(path, caps);
    },
  };
}
