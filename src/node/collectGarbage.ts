/**
 * A full garbage collection between the phases of a batch run. Once a long history's drafts have
 * become sessions they are garbage, but V8 grows the heap by about their size again rather than
 * collect them before the next phase allocates (on a 1.2 GiB history, some 60 MB of peak memory).
 * For the command line only: it blocks the thread for tens of milliseconds.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    // Only a context made while --expose-gc is on gets `gc`; the flag is switched off again at once.
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
    v8.setFlagsFromString('--no-expose-gc');
  }
  gc();
}
