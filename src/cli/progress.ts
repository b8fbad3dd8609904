/** Scan progress on stderr: a bar on a terminal, nothing on a pipe or file. */
import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number, file: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WritableStream): Progress | undefined {
  const tty = stream as NodeJS.WriteStream;
  if (!tty.isTTY) return undefined;
  const bar = new SingleBar({
    stream: tty,
    format: 'reading logs {bar} {value}/{total} files',
    hideCursor: true,
    clearOnComplete: true,
    // Small scans finish before a bar would be worth drawing.
    notTTYSchedule: 0,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
