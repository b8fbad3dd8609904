/**
 * The bench's measurements of one run: wall time, CPU time over every thread, peak memory and the
 * command's output, taken from the kernel through GNU time.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hasGnuTime, measure } from '../../../scripts/bench/measure';

/** Spins for `ms` of CPU on this thread and on a worker at once, then prints its own CPU time. */
const BUSY = `
const { Worker, isMainThread } = require('node:worker_threads');
const spin = (ms) => { const end = process.cpuUsage().user / 1000 + ms; let x = 0; while (process.cpuUsage().user / 1000 < end) x++; return x; };
if (isMainThread) {
  const w = new Worker(__filename);
  spin(400);
  w.on('exit', () => { const u = process.cpuUsage(); const big = Buffer.alloc(64 * 1024 * 1024, 1); console.log(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, sum: big[0] })); });
} else spin(400);
`;

describe('bench measure', () => {
  it('has GNU time to measure with (CI installs it)', () => {
    assert.ok(hasGnuTime());
  });

  it("reports the CPU time of every thread, the peak memory and the command's output", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-measure-'));
    try {
      const script = path.join(dir, 'busy.js');
      fs.writeFileSync(script, BUSY);
      const out = path.join(dir, 'out.json');
      const r = await measure({ command: process.execPath, args: [script], stdoutFile: out });
      assert.equal(r.exitCode, 0, r.stderrTail);
      const own = JSON.parse(fs.readFileSync(out, 'utf8')) as { cpuMs: number };
      assert.ok(r.cpuMs !== undefined, 'CPU time measured');
      // Both threads spun 400 ms: the process's own count says so, and the kernel's includes start-up too.
      assert.ok(own.cpuMs >= 800, `process counted ${own.cpuMs} ms`);
      assert.ok(r.cpuMs >= own.cpuMs - 20, `measured ${r.cpuMs} ms, the process counted ${own.cpuMs} ms`);
      assert.ok(r.wallMs > 0);
      assert.equal(r.rssSampled, false);
      assert.ok(r.peakRssBytes !== undefined && r.peakRssBytes > 64 * 1024 * 1024, `peak ${r.peakRssBytes}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a failing command with its exit status and the end of its stderr', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-measure-'));
    try {
      const r = await measure({ command: process.execPath, args: ['-e', 'console.error("no such corpus"); process.exit(3)'], stdoutFile: path.join(dir, 'out') });
      assert.equal(r.exitCode, 3);
      assert.match(r.stderrTail, /no such corpus/);
      assert.ok(r.cpuMs !== undefined && r.peakRssBytes !== undefined, 'still measured when the command fails');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
