import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHostMessage, isPanelUiState, isWebviewMessage } from '../../../src/protocol/messages';

describe('webview message guards', () => {
  it('accepts well-formed messages', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'openFile', path: '/work/app/src/a.ts', line: 5, endLine: 9 }));
    assert.ok(isWebviewMessage({ type: 'openFile', path: '/work/app/src/a.ts' }));
    assert.ok(isWebviewMessage({ type: 'revealSource', path: '/logs/x.jsonl', line: 3 }));
    assert.ok(isWebviewMessage({ type: 'openSession', sessionId: 'abc', agent: 'codex' }));
    assert.ok(isWebviewMessage({ type: 'exportSession', sessionId: 'abc' }));
    assert.ok(isWebviewMessage({ type: 'filterTree', category: 'code', outcome: 'failed' }));
    assert.ok(isWebviewMessage({ type: 'filterTree', model: 'gpt-5' }));
    assert.ok(isWebviewMessage({ type: 'sessionRows', offset: 0, count: 200 }));
    assert.ok(isWebviewMessage({ type: 'sessionRows', offset: 9800, count: 500 }));
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'nope' },
      { type: 'openFile' },
      { type: 'openFile', path: 42 },
      { type: 'openFile', path: '' },
      { type: 'openFile', path: '/a\u0000b' },
      { type: 'openFile', path: 'x'.repeat(5000) },
      { type: 'openFile', path: '/a', line: 0 },
      { type: 'openFile', path: '/a', line: 1.5 },
      { type: 'openFile', path: '/a', line: '3' },
      { type: 'revealSource', path: '/a', line: -1 },
      { type: 'openSession' },
      { type: 'openSession', sessionId: 'a', agent: 7 },
      { type: 'filterTree' },
      { type: 'filterTree', category: 'sports' },
      { type: 'filterTree', outcome: 'won' },
      { type: 'sessionRows' },
      { type: 'sessionRows', offset: -1, count: 10 },
      { type: 'sessionRows', offset: 0.5, count: 10 },
      { type: 'sessionRows', offset: 0, count: 0 },
      { type: 'sessionRows', offset: 0, count: 501 },
      { type: 'sessionRows', offset: '0', count: 10 },
    ]) {
      assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
    }
  });

  it('checks saved UI state and host messages', () => {
    assert.ok(isPanelUiState({ kind: 'overview' }));
    assert.ok(isPanelUiState({ kind: 'session', sessionId: 's1', selectedCapability: 'net-egress', statusFilter: 'problems' }));
    assert.equal(isPanelUiState({ kind: 'session' }), false);
    assert.equal(isPanelUiState({ kind: 'session', sessionId: 's1', statusFilter: 'some' }), false);
    assert.ok(isHostMessage({ type: 'snapshot', snapshot: { kind: 'overview' } }));
    assert.equal(isHostMessage({ type: 'snapshot', snapshot: { kind: 'other' } }), false);
    const splice = { from: 120, start: 120, deleteCount: 0 };
    assert.ok(isHostMessage({ type: 'sessionPatch', calls: splice, files: splice, snapshot: { kind: 'session' } }));
    assert.equal(isHostMessage({ type: 'sessionPatch', calls: { ...splice, start: -1 }, files: splice, snapshot: { kind: 'session' } }), false);
    assert.equal(isHostMessage({ type: 'sessionPatch', calls: splice, snapshot: { kind: 'session' } }), false);
    assert.equal(isHostMessage({ type: 'sessionPatch', calls: splice, files: splice, snapshot: { kind: 'overview' } }), false);
    assert.ok(isHostMessage({ type: 'sessionRows', page: { version: 1, total: 3, offset: 0, rows: [] } }));
    assert.equal(isHostMessage({ type: 'sessionRows', page: { rows: 'x' } }), false);
  });
});
