/**
 * What the host posts to panels with a lot in them: a live session's patch (only the calls past
 * the unchanged prefix) and the overview's sessions list, paged and versioned.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session, ToolCall } from '../../../src/core/model';
import { FIRST_PAGE, SessionRowList } from '../../../src/extension/panels/sessionRows';
import { SessionUpdates } from '../../../src/extension/panels/sessionUpdates';
import type { SessionPatchMessage } from '../../../src/protocol/messages';
import { applySessionPatch, listSplice, unchangedPrefix } from '../../../src/protocol/sessionPatch';
import type { FileView, JournalEntry, SessionSnapshot, ToolCallView } from '../../../src/protocol/state';

function call(i: number, status: ToolCallView['status'] = 'succeeded'): ToolCallView {
  return { id: `c${i}`, tool: 'Bash', kind: 'shell', status, args: `echo ${i}`, argsDisplay: `echo ${i}`, capabilities: ['shell-exec'] };
}

function file(i: number): FileView {
  const path = `/p/src/f${String(i).padStart(4, '0')}.ts`;
  return { path, display: path.slice(3), accesses: ['read'], evidence: 'observed', capabilities: ['code-typescript'], openable: true };
}

function entry(i: number, decision: JournalEntry['decision'] = 'in-scope'): JournalEntry {
  return {
    toolCallId: `c${i}`,
    tool: 'Bash',
    args: `echo ${i}`,
    triggers: ['shell'],
    request: 'Tidy the build',
    agentSaid: `Step ${i}`,
    decision,
    decidedBy: decision === 'denied' ? 'the user' : 'workspace/dev',
    rationale: 'commands[0]',
    executed: decision !== 'denied',
  };
}

function snapshot(calls: ToolCallView[], extra: { title?: string; live?: boolean; files?: FileView[]; journal?: JournalEntry[] } = {}): SessionSnapshot {
  return {
    kind: 'session',
    sessionId: 's1',
    live: extra.live ?? true,
    updatedAt: new Date().toISOString(),
    session: {
      id: 's1',
      agent: 'claude-code',
      agentLabel: 'Claude Code',
      ...(extra.title ? { title: extra.title } : {}),
      models: [],
      outcome: 'in-progress',
      category: 'code',
      capabilities: [],
      toolCalls: calls,
      files: extra.files ?? [],
      gaps: [],
      secrets: [],
      journal: extra.journal ?? [],
      sources: ['/logs/s1.jsonl'],
      counts: { calls: calls.length, denied: 0, failed: 0, filesRead: 0, filesWritten: 0 },
      meta: {},
    },
  };
}

const calls = (n: number): ToolCallView[] => Array.from({ length: n }, (_, i) => call(i));

describe('live session updates', () => {
  it('finds the unchanged prefix', () => {
    assert.equal(unchangedPrefix(['a', 'b', 'c'], ['a', 'b', 'c', 'd']), 3);
    assert.equal(unchangedPrefix(['a', 'b', 'c'], ['a', 'x', 'c']), 1);
    assert.equal(unchangedPrefix([], ['a']), 0);
    assert.equal(unchangedPrefix(['a', 'b'], ['a']), 1);
  });

  it('finds the one splice between two lists', () => {
    assert.deepEqual(listSplice(['a', 'b', 'c'], ['a', 'b', 'c', 'd']), { from: 3, start: 3, deleteCount: 0, insert: [3, 4] });
    assert.deepEqual(listSplice(['a', 'c'], ['a', 'b', 'c']), { from: 2, start: 1, deleteCount: 0, insert: [1, 2] });
    assert.deepEqual(listSplice(['a', 'b', 'c'], ['a', 'x', 'c']), { from: 3, start: 1, deleteCount: 1, insert: [1, 2] });
    assert.deepEqual(listSplice(['a', 'a'], ['a', 'a', 'a']), { from: 2, start: 2, deleteCount: 0, insert: [2, 3] });
    assert.deepEqual(listSplice(['a', 'b'], []), { from: 2, start: 0, deleteCount: 2, insert: [0, 0] });
  });

  it('sends a full snapshot first, nothing when unchanged, then a patch with only the new tail', () => {
    const u = new SessionUpdates();
    const first = u.prepare(snapshot(calls(500)));
    assert.equal(first.unchanged, false);
    assert.equal(first.send().type, 'snapshot');
    assert.equal(u.prepare(snapshot(calls(500))).unchanged, true);

    const grown = calls(502);
    grown[499] = call(499, 'failed'); // the last call finished, two more started
    const update = u.prepare(snapshot(grown));
    assert.equal(update.unchanged, false);
    const m = update.send() as SessionPatchMessage;
    assert.equal(m.type, 'sessionPatch');
    assert.deepEqual(m.calls, { from: 500, start: 499, deleteCount: 1 });
    assert.deepEqual(
      m.snapshot.session!.toolCalls.map((c) => c.id),
      ['c499', 'c500', 'c501'],
    );
  });

  it('sends the whole snapshot when little is kept, the header changed only, or after forget()', () => {
    const u = new SessionUpdates();
    u.prepare(snapshot(calls(20))).send();
    assert.equal(u.prepare(snapshot(calls(21))).send().type, 'snapshot', 'a short session is cheap to resend');

    const v = new SessionUpdates();
    v.prepare(snapshot(calls(300))).send();
    const retitled = v.prepare(snapshot(calls(300), { title: 'Renamed' }));
    assert.equal(retitled.unchanged, false, 'a changed title is a change');
    const m = retitled.send() as SessionPatchMessage;
    assert.equal(m.type, 'sessionPatch');
    assert.deepEqual(m.calls, { from: 300, start: 300, deleteCount: 0 });
    assert.deepEqual(m.snapshot.session!.toolCalls, []);
    assert.equal(m.snapshot.session!.title, 'Renamed');
    assert.equal(v.prepare(snapshot(calls(300), { title: 'Renamed', live: false })).unchanged, false, 'the end of a live session is a change');

    v.forget();
    assert.equal(v.prepare(snapshot(calls(301))).send().type, 'snapshot');
  });

  it('stitches a patch onto what the page shows, and refuses one that does not fit', () => {
    const u = new SessionUpdates();
    const files = Array.from({ length: 300 }, (_, i) => file(i * 2));
    const before = snapshot(calls(400), { files });
    u.prepare(before).send();
    // Five calls appended; a file inserted in its sorted place and another one's access changed.
    const grownFiles = [...files.slice(0, 150), file(301), ...files.slice(150)];
    grownFiles[200] = { ...grownFiles[200], accesses: ['read', 'write'] };
    const after = snapshot(calls(405), { title: 'Now titled', files: grownFiles });
    const patch = u.prepare(after).send() as SessionPatchMessage;
    assert.equal(patch.type, 'sessionPatch');
    assert.equal(patch.snapshot.session!.toolCalls.length, 5);
    assert.ok(patch.snapshot.session!.files.length <= 51, `${patch.snapshot.session!.files.length} files sent`);
    const applied = applySessionPatch(before, patch);
    assert.deepEqual(applied?.session, after.session);

    assert.equal(applySessionPatch(snapshot(calls(10)), patch), undefined, 'the page has fewer calls than the patch keeps');

    // The permission journal grows with the calls: only its new entries travel, and they land in order.
    const journal = Array.from({ length: 300 }, (_, i) => entry(i));
    const withJournal = snapshot(calls(405), { title: 'Now titled', files: grownFiles, journal });
    u.prepare(withJournal).send();
    const grownJournal = [...journal, entry(405, 'denied'), entry(406)];
    const later = snapshot(calls(407), { title: 'Now titled', files: grownFiles, journal: grownJournal });
    const jp = u.prepare(later).send() as SessionPatchMessage;
    assert.equal(jp.type, 'sessionPatch');
    assert.deepEqual(jp.journal, { from: 300, start: 300, deleteCount: 0 });
    assert.deepEqual(
      jp.snapshot.session!.journal.map((e) => e.decision),
      ['denied', 'in-scope'],
    );
    assert.deepEqual(applySessionPatch(withJournal, jp)?.session, later.session);
    assert.equal(applySessionPatch(snapshot(calls(405), { files: grownFiles }), jp), undefined, 'a page with another journal asks for a full snapshot');
    assert.equal(applySessionPatch({ ...before, sessionId: 'other' }, patch), undefined);
    assert.equal(applySessionPatch(undefined, patch), undefined);
  });
});

function session(i: number, startedAt: string | undefined, extra: Partial<Session> = {}): Session {
  const toolCalls: ToolCall[] = [
    { id: 'a', tool: 'Bash', kind: 'shell', status: 'denied', args: 'rm -rf /' },
    { id: 'b', tool: 'Write', kind: 'write', status: 'succeeded', args: '/p/x.ts' },
  ];
  return {
    id: `s${i}`,
    agent: 'codex',
    title: `Session ${i}`,
    models: [],
    ...(startedAt ? { startedAt } : {}),
    sources: [],
    toolCalls,
    touches: [{ path: '/p/x.ts', access: 'write', evidence: 'observed', toolCallId: 'b' }],
    gaps: [],
    end: {},
    outcome: 'productive',
    category: 'code',
    capabilities: {},
    meta: {},
    ...extra,
  } as Session;
}

describe('the overview sessions list', () => {
  it('orders newest first, pages within bounds and keeps rows small', () => {
    const list = new SessionRowList();
    list.update([session(1, '2025-01-01T00:00:00Z'), session(2, undefined), session(3, '2025-03-01T00:00:00Z', { title: 'x'.repeat(5000) })]);
    const page = list.page(0, 10);
    assert.deepEqual(
      page.rows.map((r) => r.id),
      ['s3', 's1', 's2'],
    );
    assert.equal(page.total, 3);
    assert.ok(page.rows[0].title!.length <= 160);
    assert.deepEqual(
      { calls: page.rows[1].calls, denied: page.rows[1].denied, filesWritten: page.rows[1].filesWritten },
      { calls: 2, denied: 1, filesWritten: 1 },
    );
    assert.deepEqual(list.page(2, 10).rows.map((r) => r.id), ['s2']);
    assert.deepEqual(list.page(50, 10), { version: list.version, total: 3, offset: 3, rows: [] });
  });

  it('moves the version only when a row changed', () => {
    const list = new SessionRowList();
    list.update([session(1, '2025-01-01T00:00:00Z')]);
    const v = list.version;
    list.update([session(1, '2025-01-01T00:00:00Z')]);
    assert.equal(list.version, v);
    list.update([session(1, '2025-01-01T00:00:00Z', { outcome: 'failed' })]);
    assert.equal(list.version, v + 1);
  });

  it('keeps the first page of 10,000 sessions small', () => {
    const list = new SessionRowList();
    list.update(Array.from({ length: 10_000 }, (_, i) => session(i, new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString())));
    const first = list.page(0, FIRST_PAGE);
    assert.equal(first.total, 10_000);
    assert.equal(first.rows.length, FIRST_PAGE);
    assert.equal(first.rows[0].id, 's9999');
    assert.ok(JSON.stringify(first).length < 40_000, `${JSON.stringify(first).length} bytes`);
  });
});
