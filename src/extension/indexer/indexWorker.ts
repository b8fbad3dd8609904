/**
 * Entry of the index worker thread (bundled as dist/indexWorker.js): the extension host's event
 * loop stays free while thousands of logs are read, parsed and audited here.
 *
 * The thread keeps normal priority: lowering it (nice 10) was measured to double the latency of
 * live appends on a busy machine while the host's thread gained nothing it could measure.
 *
 * No `vscode` here.
 */
import { parentPort } from 'node:worker_threads';
import type { HostMessage } from './indexProtocol';
import { IndexEngine } from './indexEngine';

const port = parentPort;
if (!port) throw new Error('indexWorker must run in a worker thread');
const engine = new IndexEngine((m, transfer) => port.postMessage(m, transfer));
port.on('message', (m: HostMessage) => engine.handle(m));
