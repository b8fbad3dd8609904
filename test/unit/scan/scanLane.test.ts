/** A scan lane reads a file whatever becomes of its extras: a classifier that fails costs only its answers. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { scanLane } from '../../../src/node/scanLane';
import { ClaudeSession } from '../../harness/agentLogs';

describe('scanLane', () => {
  it('reads and secret-scans a file when its classifier failed to load, and leaves no rejection unhandled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-lane-'));
    const file = path.join(dir, 'b7c1d2e3-0000-4000-8000-000000000003.jsonl');
    const session = new ClaudeSession({ sessionId: 'b7c1d2e3-0000-4000-8000-000000000003', cwd: '/work/app', start: new Date('2026-01-01T00:00:00Z') });
    fs.writeFileSync(file, `${[...session.prompt('test it'), ...session.bash('npm test', 'ok')].join('\n')}\n`);
    const lane = scanLane({ classifier: Promise.reject(new Error('no shell parser')), secrets: true });
    // The rejection is older than any file: it must not go unhandled until one is read.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await lane.scan(file, {});
    assert.equal(result.scan.drafts.length, 1);
    assert.equal(result.scan.drafts[0]!.toolCalls[0]!.command, 'npm test');
    assert.equal(result.answers, undefined);
    assert.equal(result.secrets?.length, 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
