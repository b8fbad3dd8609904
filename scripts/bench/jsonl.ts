/** Writes JSON lines to a file through a buffer, counting bytes (the text is ASCII: length = bytes). */
import * as fs from 'node:fs';

const FLUSH_CHARS = 4 * 1024 * 1024;

export class JsonlWriter {
  bytes = 0;
  lines = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly fd: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  write(record: unknown): void {
    const line = JSON.stringify(record) + '\n';
    this.pending.push(line);
    this.pendingChars += line.length;
    this.bytes += line.length;
    this.lines++;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  private flush(): void {
    if (!this.pending.length) return;
    fs.writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}
