/**
 * A followed file whose sessions came from the index cache. It keeps them while the file on disk
 * is the one that was cached; on the first difference it hands over to a FileTail, which reads the
 * file from the start and follows it from then on.
 *
 * A file that grew is read again from the start too: the format parsers keep private state
 * (pending tool calls, titles, seen ids) that the cache cannot hold, and only the few logs agents
 * were writing while the editor was closed grow, so this stays cheap and certainly correct.
 *
 * No `vscode` here.
 */
import type { Gap, SessionDraft } from '../../core/model';
import { FileTail, type TailChange } from './fileTail';
import type { FileFault } from './fsFaults';
import { type CachedFile, checkFile, type FileVerdict } from './indexCache';
import type { FollowedFile } from './sessionIndex';

export class RestoredFile implements FollowedFile {
  private tail?: FileTail;
  /** What the first check found (undefined until checked). */
  verdict?: FileVerdict;

  constructor(readonly entry: CachedFile) {}

  get file(): string {
    return this.entry.path;
  }

  get explicit(): boolean {
    return this.entry.explicit;
  }

  /** True while the cached sessions are still in use (no change seen on disk). */
  get restored(): boolean {
    return this.tail === undefined;
  }

  get drafts(): readonly SessionDraft[] {
    return this.tail ? this.tail.drafts : this.entry.drafts;
  }

  get goneDrafts(): readonly SessionDraft[] {
    return this.tail ? this.tail.goneDrafts : this.entry.goneDrafts;
  }

  get gone(): boolean {
    return this.tail ? this.tail.gone : this.entry.gone;
  }

  /** A cached file that could not be read is read again (its entry never matches), so only a gone one is faulted. */
  get faulted(): boolean {
    return this.tail ? this.tail.faulted : this.entry.gone;
  }

  takeFaults(): FileFault[] {
    return this.tail ? this.tail.takeFaults() : [];
  }

  get gaps(): readonly Gap[] {
    return this.tail ? this.tail.gaps : this.entry.gaps;
  }

  get isLive(): boolean {
    return this.tail?.isLive ?? false;
  }

  get mtimeMs(): number {
    return this.tail ? this.tail.mtimeMs : this.entry.mtimeMs;
  }

  get size(): number {
    return this.tail ? this.tail.size : this.entry.size;
  }

  get format(): string | undefined {
    return this.tail ? this.tail.format : this.entry.format;
  }

  freeze(): void {
    this.tail?.freeze();
  }

  async update(): Promise<TailChange> {
    if (this.tail) return this.tail.update();
    const verdict = await checkFile(this.entry);
    this.verdict ??= verdict;
    if (verdict === 'unchanged') return 'unchanged';
    // The tail starts from the cached sessions: those the file no longer holds stay, as source gone.
    this.tail = FileTail.resume(this.entry.path, this.entry.explicit, this.entry);
    return this.tail.update();
  }
}
