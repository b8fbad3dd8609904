/** What a command line does, collected while walking it: programs, capabilities, touched paths, URLs. */
import type { Access } from '../model';
import { isPathLike, isPseudoFile } from './argv';

export type CapabilityAccess = 'read' | 'write';

export interface Effects {
  /** Records a program that ran (its base name). */
  program(name: string): void;
  cap(id: string, access?: CapabilityAccess): void;
  touch(path: string, access: Access): void;
  url(url: string): void;
  /** The invocation may change something we cannot see (unknown program, build tool, ...). */
  mutates(): void;
  /** Analyses another argv as a command of its own (the program behind sudo, xargs, find -exec). */
  run(argv: readonly string[], stdin?: string): void;
  /** Analyses shell source text (bash -c '...', eval, a heredoc fed to sh). */
  script(text: string): void;
}

/** A program handler. Returns true when the invocation is known to change nothing by itself. */
export type Handler = (argv: readonly string[], fx: Effects, stdin?: string) => boolean | void;

export class EffectSet {
  readonly programs: string[] = [];
  readonly capabilities = new Map<string, CapabilityAccess>();
  readonly touches = new Map<string, { path: string; access: Access }>();
  readonly urls: string[] = [];
  /** Top-level simple commands as argv. */
  readonly commands: string[][] = [];
  mutating = false;

  addProgram(name: string): void {
    if (name && !this.programs.includes(name)) this.programs.push(name);
  }

  addCapability(id: string, access: CapabilityAccess = 'read'): void {
    if (this.capabilities.get(id) !== 'write') this.capabilities.set(id, access);
  }

  addTouch(path: string, access: Access): void {
    if (!isPathLike(path) || isPseudoFile(path)) return;
    const key = `${access}\0${path}`;
    if (!this.touches.has(key)) this.touches.set(key, { path, access });
  }

  addUrl(url: string): void {
    if (url && !this.urls.includes(url)) this.urls.push(url);
  }
}
