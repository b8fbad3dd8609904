/**
 * Entry of the index worker thread (bundled as dist/indexWorker.js): the extension host's event
 * loop stays free while thousands of logs are read, parsed and audited here.
 *
 * No `vscode` here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { HostMessage } from './indexProtocol';
import { IndexEngine } from './indexEngine';

const port = parentPort;
if (!port) throw new Error('indexWorker must run in a worker thread');
lowerThreadPriority();
const engine = new IndexEngine((m) => port.postMessage(m));
port.on('message', (m: HostMessage) => engine.handle(m));

/**
 * Indexing is background work: on a busy machine the host's own thread (which draws the views)
 * should get the CPU first. Linux schedules threads separately, so this thread alone is lowered;
 * elsewhere (or without the permission) it simply runs at normal priority.
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.max(os.getPriority(tid), 10));
  } catch {
    // not permitted or not available: normal priority
  }
}
