/**
 * Inputs the property tests found that used to throw (a value nested thousands deep: String() of such an
 * array and JSON.stringify of any such value overflow the stack). Each now costs at most a gap.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aepJsonFormat } from '../../../src/core/formats/aep';
import { clineFormat } from '../../../src/core/formats/cline';
import { codexFormat } from '../../../src/core/formats/codex';
import { geminiJsonFormat, geminiJsonlFormat } from '../../../src/core/formats/gemini';
import { gptmeConversationFormat } from '../../../src/core/formats/gptme';
import { openhandsFormat } from '../../../src/core/formats/openhands';
import { piFormat } from '../../../src/core/formats/pi';
import { parseLines } from '../../../src/core/formats/types';
import type { SessionDraft } from '../../../src/core/model';
import { deepJsonText, deepValue, SAMPLES, type DocumentSample } from '../../helpers/arbitraries';

const DEEP = deepJsonText();
/** JSON text with the string "DEEP" (quotes included) replaced by deeply nested JSON. */
const withDeep = (v: unknown): string => JSON.stringify(v).split('"DEEP"').join(DEEP);
const gaps = (d: SessionDraft): string[] => d.gaps.map((g) => `${g.kind}: ${g.detail}`);

describe('deeply nested values that used to throw', () => {
  it('pi: a record type nested deep (pi.ts PiParser.line)', () => {
    const text = [JSON.stringify({ type: 'session', version: 3, id: 's', timestamp: '2026-02-03T22:00:00.000Z', cwd: '/r' }), withDeep({ type: 'DEEP', id: 'e1' })].join('\n') + '\n';
    const [d] = parseLines(piFormat, text, '/p/s.jsonl');
    assert.deepEqual(gaps(d), ['unknown-record: (array type)']);
  });

  it('gemini JSONL: a tool error nested deep (gemini.ts resultOf)', () => {
    const header = { sessionId: 'g', projectHash: 'h', startTime: '2026-05-01T10:00:00.000Z', kind: 'main' };
    const msg = { id: 'm', timestamp: '2026-05-01T10:00:01.000Z', type: 'gemini', content: '', toolCalls: [{ id: 'c1', name: 'run_shell_command', args: { command: 'ls' }, status: 'error', result: [{ functionResponse: { id: 'c1', name: 'run_shell_command', response: { error: 'DEEP' } } }] }] };
    const [d] = parseLines(geminiJsonlFormat, `${JSON.stringify(header)}\n${withDeep(msg)}\n`, '/g/session-1.jsonl');
    assert.equal(d.toolCalls[0].status, 'failed');
    assert.equal(d.toolCalls[0].error, '(value nested too deep to show)');
  });

  it('gemini JSONL: arguments of an unknown tool nested deep (gemini.ts describeCall)', () => {
    const header = { sessionId: 'g', projectHash: 'h', startTime: '2026-05-01T10:00:00.000Z', kind: 'main' };
    const msg = { id: 'm', timestamp: '2026-05-01T10:00:01.000Z', type: 'gemini', content: '', toolCalls: [{ id: 'c1', name: 'teleport', args: { to: 'DEEP' }, status: 'success' }] };
    const [d] = parseLines(geminiJsonlFormat, `${JSON.stringify(header)}\n${withDeep(msg)}\n`, '/g/session-1.jsonl');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.tool, c.args, c.unmapped]),
      [['teleport', '(value nested too deep to show)', true]],
    );
  });

  it('gemini checkpoint: a function response error nested deep (gemini.ts GeminiSession.content)', () => {
    const doc = JSON.parse(
      withDeep({
        lastUpdated: '2026-05-01T10:00:00.000Z',
        history: [
          { role: 'user', parts: [{ text: 'go' }] },
          { role: 'model', parts: [{ functionCall: { id: 'c1', name: 'run_shell_command', args: { command: 'ls' } } }] },
          { role: 'user', parts: [{ functionResponse: { id: 'c1', name: 'run_shell_command', response: { error: 'DEEP' } } }] },
        ],
      }),
    ) as unknown;
    assert.equal(geminiJsonFormat.detect(doc, 'checkpoint-x.json'), true);
    const [d] = geminiJsonFormat.parse(doc, '/g/checkpoint-x.json');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.status, c.error]),
      [['c1', 'failed', '(value nested too deep to show)']],
    );
  });

  it('aep: drift fields nested deep (aep.ts show)', () => {
    const doc = (SAMPLES['aep-json'] as DocumentSample).doc as { actions: Record<string, unknown>[] };
    const action = { ...doc.actions[1], side_effect_class: deepValue(), argument_drift: deepValue(), approval_mode: deepValue() };
    const [d] = aepJsonFormat.parse({ ...doc, actions: [doc.actions[0], action] }, '/r/run.aep.json');
    assert.equal(d.toolCalls.length, 2);
    assert.ok(gaps(d).includes('schema-drift: action.side_effect_class (nested too deep to show)'), gaps(d).join('\n'));
  });

  it('cline: a message role nested deep (cline.ts parseConversation)', () => {
    const doc = (SAMPLES.cline as DocumentSample).doc as Record<string, unknown>[];
    // Detection looks at the first six messages: the odd one comes after them.
    const [d] = clineFormat.parse([...doc, ...doc, { role: deepValue(), content: [] }], '/c/tasks/1/api_conversation_history.json');
    assert.equal(d.toolCalls.length, 4);
    assert.ok(gaps(d).includes('unknown-record: message role object'), gaps(d).join('\n'));
  });

  it('openhands: an event id nested deep on an action without call metadata (openhands.ts v0Call)', () => {
    const events = [
      { id: 1, timestamp: '2025-01-27T22:45:01', source: 'user', action: 'message', args: { content: 'go' } },
      { id: deepValue(), timestamp: '2025-01-27T22:45:02', source: 'agent', action: 'run', args: { command: 'ls' } },
    ];
    const [d] = openhandsFormat.parse(events, '/runs/t.json');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.command]),
      [['event-?', 'ls']],
    );
  });

  it('codex: arguments of an unknown tool nested deep keep the call (codexTools.ts summarize)', () => {
    const meta = JSON.stringify({ timestamp: '2026-01-02T03:04:00.000Z', type: 'session_meta', payload: { id: 's', cwd: '/w' } });
    const call = JSON.stringify({ timestamp: '2026-01-02T03:04:01.000Z', type: 'response_item', payload: { type: 'function_call', name: 'frobnicate', arguments: `{"x":${DEEP}}`, call_id: 'c1' } });
    const type = `{"timestamp":"2026-01-02T03:04:02.000Z","type":${DEEP}}`;
    const mcp = withDeep({ timestamp: '2026-01-02T03:04:03.000Z', type: 'event_msg', payload: { type: 'mcp_tool_call_end', call_id: 'c2', invocation: { server: 'gh', tool: 'x' }, result: { Err: 'DEEP' } } });
    const [d] = parseLines(codexFormat, [meta, call, type, mcp].join('\n') + '\n', '/c/rollout-x.jsonl');
    assert.deepEqual(
      d.toolCalls.map((c) => [c.id, c.tool, c.args]),
      [['c1', 'frobnicate', '(value nested too deep to show)']],
    );
    assert.ok(gaps(d).includes('unknown-record: type (value nested too deep to show)'), gaps(d).join('\n'));
    assert.ok(!gaps(d).some((g) => g.includes('could not be read')), gaps(d).join('\n'));
  });

  it('gptme: @tool keyword arguments nested deep (gptmeTools.ts describe)', () => {
    for (const tool of ['browser', 'frobnicate']) {
      const content = `Look:\n@${tool}(c1): {"url": "https://example.com", "x": ${DEEP}}\n`;
      const [d] = parseLines(gptmeConversationFormat, `${JSON.stringify({ role: 'assistant', content, timestamp: '2025-01-01T00:00:00Z' })}\n`, '/l/conversation.jsonl');
      assert.deepEqual(
        d.toolCalls.map((c) => c.tool),
        [tool],
      );
    }
  });
});
