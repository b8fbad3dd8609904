import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { type ChangeBatch, LogWatcher } from '../../../src/extension/indexer/logWatcher';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-watch-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Collects the batches a watcher hands over; `until` waits for one that matches. */
class Batches {
  readonly all: ChangeBatch[] = [];
  private waiters: { pred: (b: ChangeBatch[]) => boolean; resolve(): void }[] = [];

  readonly push = (b: ChangeBatch): void => {
    this.all.push(b);
    const ready = this.waiters.filter((w) => w.pred(this.all));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  };

  until(pred: (b: ChangeBatch[]) => boolean): Promise<void> {
    if (pred(this.all)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such batch in ${JSON.stringify(this.all)}`)), 15_000);
      this.waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

describe('LogWatcher', () => {
  it('hands over appended log files in coalesced batches, and only log files', async () => {
    const root = path.join(dir, 'logs');
    fs.mkdirSync(root);
    const c = new Batches();
    const watcher = new LogWatcher(c.push, { debounceMs: 200, maxWaitMs: 5000 });
    try {
      await watcher.start([{ path: root, accepts: (f) => f.endsWith('.jsonl') }]);
      const log = path.join(root, 'a.jsonl');
      for (let i = 0; i < 50; i++) fs.appendFileSync(log, `{"n":${i}}\n`);
      fs.writeFileSync(path.join(root, 'notes.txt'), 'not a log');
      await c.until((bs) => bs.some((b) => b.changed.includes(log)));
      assert.ok(c.all.length < 10, `${c.all.length} batches for 50 appends`);
      assert.ok(c.all.every((b) => b.changed.every((f) => f.endsWith('.jsonl'))));

      fs.rmSync(log);
      await c.until((bs) => bs.some((b) => b.removed.includes(log)));
    } finally {
      await watcher.dispose();
    }
  });

  it('notices a log folder that appears after start', async () => {
    const root = path.join(dir, 'later', 'projects');
    const c = new Batches();
    const watcher = new LogWatcher(c.push, { debounceMs: 50, missingPollMs: 100 });
    try {
      await watcher.start([{ path: root, accepts: () => true }]);
      fs.mkdirSync(root, { recursive: true });
      fs.writeFileSync(path.join(root, 'x.jsonl'), '{}\n');
      await c.until((bs) => bs.some((b) => b.appearedRoots.includes(root)));
    } finally {
      await watcher.dispose();
    }
  });
});
