import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session, ToolCall, ToolStatus } from '../../src/core/model';
import { sessionCategory, sessionOutcome } from '../../src/core/outcome';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const LIVE = 10 * 60 * 1000;

function call(status: ToolStatus, kind: ToolCall['kind'] = 'shell'): ToolCall {
  return { id: `c${Math.random()}`, tool: 'Bash', kind, status, args: '' };
}

function session(over: Partial<Session>): Session {
  return {
    id: 's',
    agent: 'claude-code',
    models: [],
    sources: [],
    toolCalls: [],
    touches: [],
    gaps: [],
    end: {},
    meta: {},
    outcome: 'noop',
    category: 'conversation',
    capabilities: {},
    endedAt: '2026-11-20T10:00:00Z',
    ...over,
  };
}

describe('sessionOutcome', () => {
  it('is productive when the session wrote a file', () => {
    const s = session({ toolCalls: [call('succeeded', 'write')], touches: [{ path: '/r/a.ts', access: 'write', evidence: 'observed' }] });
    assert.equal(sessionOutcome(s, NOW, LIVE), 'productive');
  });
  it('is noop when it only read', () => {
    const s = session({ toolCalls: [call('succeeded', 'read')], touches: [{ path: '/r/a.ts', access: 'read', evidence: 'observed' }] });
    assert.equal(sessionOutcome(s, NOW, LIVE), 'noop');
  });
  it('is blocked when it ended on a denied call', () => {
    assert.equal(sessionOutcome(session({ toolCalls: [call('succeeded'), call('denied')] }), NOW, LIVE), 'blocked');
  });
  it('is abandoned when interrupted or left with a call pending', () => {
    assert.equal(sessionOutcome(session({ toolCalls: [call('succeeded')], end: { interrupted: true } }), NOW, LIVE), 'abandoned');
    assert.equal(sessionOutcome(session({ toolCalls: [call('pending')] }), NOW, LIVE), 'abandoned');
  });
  it('is failed when it ended on an error, or on failed calls without writing anything', () => {
    assert.equal(sessionOutcome(session({ toolCalls: [call('succeeded')], end: { error: 'api_error' } }), NOW, LIVE), 'failed');
    assert.equal(sessionOutcome(session({ toolCalls: [call('failed')] }), NOW, LIVE), 'failed');
  });
  it('is in-progress while the log was written to within the live window and has not ended', () => {
    const s = session({ toolCalls: [call('pending')], endedAt: '2026-11-22T11:55:00Z' });
    assert.equal(sessionOutcome(s, NOW, LIVE), 'in-progress');
    assert.equal(sessionOutcome({ ...s, end: { interrupted: true } }, NOW, LIVE), 'abandoned');
  });
  it('takes a declared outcome over inference, mapping foreign words', () => {
    assert.equal(sessionOutcome(session({ end: { declaredOutcome: 'violated_policy' } }), NOW, LIVE), 'blocked');
    assert.equal(sessionOutcome(session({ end: { declaredOutcome: 'noop' } }), NOW, LIVE), 'noop');
  });
});

describe('sessionCategory', () => {
  it('is conversation without tool calls', () => {
    assert.equal(sessionCategory(session({})), 'conversation');
  });
  it('follows the capability with the most writes', () => {
    const caps = { 'code-typescript': { reads: 3, writes: 2, calls: 2 }, 'doc-markdown': { reads: 0, writes: 1, calls: 1 } };
    assert.equal(sessionCategory(session({ toolCalls: [call('succeeded')], capabilities: caps })), 'code');
    const docs = { 'doc-markdown': { reads: 0, writes: 4, calls: 4 }, 'knowledge-work': { reads: 0, writes: 4, calls: 4 }, 'code-python': { reads: 0, writes: 1, calls: 1 } };
    assert.equal(sessionCategory(session({ toolCalls: [call('succeeded')], capabilities: docs })), 'content');
    const infra = { 'config-systemd': { reads: 0, writes: 1, calls: 1 }, privileged: { reads: 0, writes: 1, calls: 1 } };
    assert.equal(sessionCategory(session({ toolCalls: [call('succeeded')], capabilities: infra })), 'infrastructure');
  });
  it('is research when nothing was written, cleanup when things were deleted', () => {
    assert.equal(sessionCategory(session({ toolCalls: [call('succeeded', 'read')], capabilities: { 'code-go': { reads: 2, writes: 0, calls: 2 } } })), 'research');
    const del = session({ toolCalls: [call('succeeded')], touches: [{ path: '/r/old', access: 'delete', evidence: 'parsed' }] });
    assert.equal(sessionCategory(del), 'cleanup');
  });
  it('takes a declared category when it is one of ours', () => {
    assert.equal(sessionCategory(session({ toolCalls: [call('succeeded')], end: { declaredCategory: 'Infrastructure' } })), 'infrastructure');
  });
});
