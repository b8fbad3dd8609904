/**
 * The report as CSV (RFC 4180: comma separated, CRLF line ends, double-quoted fields when needed).
 *
 * `renderCsv` is the main table: one row per tool call, each carrying its session's columns, so
 * one sheet can be filtered by agent, outcome or status at once. A session without tool calls still
 * gets one row (call columns empty) so no session goes missing. `renderSessionsCsv` is the
 * companion table with one row per session and its counts, for pivoting on sessions without
 * de-duplicating call rows.
 *
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`
 * (see csvField). Lists inside a field (models, capabilities) are joined with `;`; touched paths,
 * which may contain any character, go one per line inside their quoted field as `access path`.
 */
import type { Report, ReportSession, ReportToolCall } from '../report';
import { csvField, sessionFacts } from './escape';
import { callSecrets } from './secrets';

type Cell = string | number | boolean | null | undefined;

export const TOOL_CALL_COLUMNS = [
  'session_id',
  'agent',
  'parent_id',
  'session_title',
  'session_started_at',
  'session_ended_at',
  'models',
  'project',
  'cwd',
  'outcome',
  'category',
  'replay',
  'call_index',
  'call_id',
  'tool',
  'kind',
  'status',
  'call_started_at',
  'args',
  'exit_code',
  'error',
  'call_capabilities',
  'touched_paths',
  'secrets',
  'verdict',
  'executed_out_of_scope',
  'policy_id',
  'rule_id',
  'verdict_reason',
] as const;

export const SESSION_COLUMNS = [
  'session_id',
  'agent',
  'parent_id',
  'title',
  'started_at',
  'ended_at',
  'models',
  'project',
  'cwd',
  'outcome',
  'category',
  'replay',
  'tool_calls',
  'succeeded',
  'failed',
  'denied',
  'interrupted',
  'pending',
  'files_read',
  'files_written',
  'capabilities',
  'gaps',
  'sources',
  'secret_findings',
] as const;

function table(header: readonly string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

function sessionCells(s: ReportSession): Cell[] {
  return [
    s.id,
    s.agent,
    s.parentId,
    s.title,
    s.startedAt,
    s.endedAt,
    s.models.join(';'),
    s.project,
    s.cwd,
    s.outcome,
    s.category,
    s.replay === true,
  ];
}

function callCells(s: ReportSession, call: ReportToolCall, index: number): Cell[] {
  const paths = s.touches.filter((t) => t.toolCallId === call.id).map((t) => `${t.access} ${t.path}`);
  return [
    index + 1,
    call.id,
    call.tool,
    call.kind,
    call.status,
    call.startedAt,
    call.args,
    call.exitCode,
    call.error,
    call.capabilities.join(';'),
    paths.join('\n'),
    callSecrets(s, call.id),
    call.verdict?.verdict,
    call.verdict ? call.verdict.verdict === 'out-of-scope' && call.verdict.executed : undefined,
    call.verdict?.policyId,
    call.verdict?.ruleId,
    call.verdict?.reason,
  ];
}

/** One row per tool call with its session's columns; call-less sessions get one row of their own. */
export function renderCsv(report: Report): string {
  const rows: Cell[][] = [];
  for (const s of report.sessions) {
    const session = sessionCells(s);
    if (s.toolCalls.length === 0) {
      rows.push([...session, ...Array<Cell>(TOOL_CALL_COLUMNS.length - session.length).fill(null)]);
      continue;
    }
    s.toolCalls.forEach((call, i) => rows.push([...session, ...callCells(s, call, i)]));
  }
  return table(TOOL_CALL_COLUMNS, rows);
}

/** One row per session with its counts. */
export function renderSessionsCsv(report: Report): string {
  const rows = report.sessions.map((s): Cell[] => {
    const f = sessionFacts(s);
    return [
      ...sessionCells(s),
      f.calls,
      f.statuses.succeeded,
      f.statuses.failed,
      f.statuses.denied,
      f.statuses.interrupted,
      f.statuses.pending,
      f.filesRead,
      f.filesWritten,
      Object.keys(s.capabilities).join(';'),
      s.gaps.reduce((n, g) => n + g.count, 0),
      s.sources.join(';'),
      (s.secretFindings ?? []).length,
    ];
  });
  return table(SESSION_COLUMNS, rows);
}
