/** Look-ups the format tests share. */
import assert from 'node:assert/strict';
import type { SessionDraft, ToolCall } from '../../src/core/model';

/** The call with this id; fails the test when the parser did not produce it. */
export function callById(d: SessionDraft, id: string): ToolCall {
  const c = d.toolCalls.find((x) => x.id === id);
  assert.ok(c, `call ${id}`);
  return c;
}
