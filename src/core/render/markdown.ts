/**
 * The report as GitHub-flavoured Markdown: the same sections as the HTML page, as tables.
 * Text from the logs is escaped (escapeMarkdown) or put in code spans (markdownCode): it never
 * becomes markup, HTML or a link, and `|` or line breaks never break a table.
 */
import { capabilityInfo } from '../capabilities';
import type { Gap } from '../model';
import type { Report, ReportSession } from '../report';
import { outOfScopeMarkdown } from './outOfScope';
import { type DescribeCapability, escapeMarkdown as md, formatTime, markdownCode as code, SENSITIVE_CAPABILITIES, sessionFacts } from './escape';
import { secretRows } from './secrets';

export interface MarkdownOptions {
  /** Labels and descriptions of capability ids; the built-in taxonomy by default. */
  describeCapability?: DescribeCapability;
}

function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function counts(entries: [string, number | undefined][]): string {
  const parts = entries.filter(([, n]) => (n ?? 0) > 0).map(([k, n]) => `${md(k)} ${n}`);
  return parts.length ? parts.join(', ') : '—';
}

function label(s: ReportSession): string {
  return md(s.title?.trim() ? s.title : s.id);
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const describe = options.describeCapability ?? capabilityInfo;
  /** Capability ids in code spans; the sensitive ones in bold. */
  const capId = (id: string): string => (SENSITIVE_CAPABILITIES.has(id) ? `**${code(id)}**` : code(id));
  const number = new Map<string, number>();
  report.sessions.forEach((s, i) => {
    if (!number.has(s.id)) number.set(s.id, i + 1);
  });
  const ref = (id: string): string => (number.has(id) ? `#${number.get(id)}` : code(id));
  const out: string[] = [];
  const { scope } = report;

  out.push('# Agent Audit report', '');
  out.push(
    `Generated ${md(formatTime(report.generatedAt) || report.generatedAt)} UTC · period ${md(scope.since ?? 'start')} → ${md(scope.until ?? 'now')} · project ${
      scope.project ? code(scope.project) : 'all'
    } · agents ${scope.agents && scope.agents.length ? md(scope.agents.join(', ')) : 'all'} · schema ${code(report.schema)}`,
    '',
  );
  if (scope.roots.length) out.push(`Scanned: ${scope.roots.map(code).join(', ')}`, '');

  const statuses: Record<string, number> = {};
  for (const a of report.agents) for (const [k, v] of Object.entries(a.statuses)) statuses[k] = (statuses[k] ?? 0) + (v ?? 0);
  const replays = report.sessions.filter((s) => s.replay).length;
  out.push(...outOfScopeMarkdown(report));
  out.push('## Overview', '');
  out.push(
    table(
      ['Sessions', 'Tool calls', 'Denied calls', 'Failed calls', 'Secrets exposed', 'Touched paths', 'Log files read', 'Gaps'],
      [
        [
          `${report.totals.sessions}${replays ? ` (+${replays} replay not counted)` : ''}`,
          String(report.totals.toolCalls),
          String(statuses.denied ?? 0),
          String(statuses.failed ?? 0),
          String(report.totals.secretFindings ?? 0),
          String(report.totals.touchedPaths),
          String(report.totals.files),
          String(report.gaps.reduce((n, g) => n + g.count, 0)),
        ],
      ],
    ),
    '',
  );

  out.push('## Agents', '');
  out.push(
    report.agents.length
      ? table(
          ['Agent', 'Sessions', 'Tool calls', 'Outcomes', 'Categories', 'Calls by status', 'Unmapped tools'],
          report.agents.map((a) => [
            md(a.agent),
            String(a.sessions),
            String(a.toolCalls),
            counts(report.matrix.outcomes.map((o) => [o, a.outcomes[o]])),
            counts(report.matrix.categories.map((c) => [c, a.categories[c]])),
            counts(Object.entries(a.statuses)),
            Object.entries(a.unmappedTools)
              .map(([t, n]) => `${code(t)} ×${n}`)
              .join(', ') || '—',
          ]),
          ['l', 'r', 'r'],
        )
      : '_No sessions._',
    '',
  );

  const { matrix } = report;
  out.push('## Category × outcome', '');
  const colTotals = matrix.outcomes.map((o) => matrix.categories.reduce((n, c) => n + (matrix.cells[c]?.[o] ?? 0), 0));
  out.push(
    table(
      ['Category', ...matrix.outcomes.map(md), 'Total'],
      [
        ...matrix.categories.map((c) => {
          const row = matrix.outcomes.map((o) => matrix.cells[c]?.[o] ?? 0);
          return [md(c), ...row.map(String), `**${row.reduce((a, b) => a + b, 0)}**`];
        }),
        ['**Total**', ...colTotals.map((n) => `**${n}**`), `**${colTotals.reduce((a, b) => a + b, 0)}**`],
      ],
      ['l', ...matrix.outcomes.map((): 'r' => 'r'), 'r'],
    ),
    '',
  );

  out.push('## Capabilities', '');
  const capIds = Object.keys(report.capabilities).sort(
    (a, b) => report.capabilities[b].sessions - report.capabilities[a].sessions || (a < b ? -1 : a > b ? 1 : 0),
  );
  out.push(
    capIds.length
      ? table(
          ['Capability', 'Group', 'Sessions', 'Reads', 'Writes', 'Calls'],
          capIds.map((id) => {
            const c = report.capabilities[id];
            const info = describe(id);
            return [`${capId(id)}${info.label !== id ? ` ${md(info.label)}` : ''}`, md(info.group), String(c.sessions), String(c.reads), String(c.writes), String(c.calls)];
          }),
          ['l', 'l', 'r', 'r', 'r', 'r'],
        )
      : '_No capability was exercised._',
    '',
  );
  out.push('### Fingerprint per session', '');
  out.push('Reads (r), writes (w) and calls (×) per capability; sensitive capabilities in bold.', '');
  out.push(
    table(
      ['#', 'Session', 'Agent', 'Capabilities'],
      report.sessions.map((s, i) => [
        String(i + 1),
        `${label(s)}${s.replay ? ' _(replay)_' : ''}`,
        md(s.agent),
        Object.entries(s.capabilities)
          .map(([id, c]) => `${capId(id)} r${c.reads} w${c.writes} ×${c.calls}`)
          .join(', ') || '—',
      ]),
      ['r'],
    ),
    '',
  );

  out.push('## Activity', '', '### Volume by ISO week', '');
  out.push(
    report.daily.length
      ? table(
          ['Week', 'Sessions', 'Tool calls', 'Days'],
          report.daily.map((w) => [
            md(w.week),
            String(w.sessions),
            String(w.toolCalls),
            w.days.map((d) => `${md(d.date)}: ${d.sessions} / ${d.toolCalls}`).join(', '),
          ]),
          ['l', 'r', 'r'],
        )
      : '_No dated sessions._',
    '',
  );
  out.push('### Models', '');
  out.push(
    report.models.length
      ? table(
          ['Model', 'Sessions', 'Tool calls', 'Agents'],
          report.models.map((m) => [code(m.model), String(m.sessions), String(m.toolCalls), m.agents.map(md).join(', ')]),
          ['l', 'r', 'r'],
        )
      : '_No model was named in the logs._',
    '',
  );

  out.push('## Sessions', '');
  out.push(
    table(
      ['#', 'Session', 'Agent', 'Start (UTC)', 'Model', 'Project', 'Outcome', 'Category', 'Calls', 'Written', 'Read', 'Denied', 'Failed', 'Capabilities'],
      report.sessions.map((s, i) => {
        const f = sessionFacts(s);
        const notes = [s.replay ? 'replay' : '', s.parentId !== null ? `subagent of ${ref(s.parentId)}` : ''].filter(Boolean).join(', ');
        return [
          String(i + 1),
          `${label(s)}<br>${code(s.id)}${notes ? ` _(${notes})_` : ''}`,
          md(s.agent),
          md(formatTime(s.startedAt)),
          s.models.map(code).join(', '),
          s.project ? code(s.project) : '—',
          md(s.outcome),
          md(s.category),
          String(f.calls),
          String(f.filesWritten),
          String(f.filesRead),
          String(f.statuses.denied),
          String(f.statuses.failed),
          Object.keys(s.capabilities).map(code).join(' '),
        ];
      }),
      ['r', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
  );

  const attention = report.sessions.flatMap((s, i) =>
    s.toolCalls
      .map((c, j) => ({ c, j }))
      .filter(({ c }) => c.status === 'denied' || c.status === 'failed')
      .map(({ c, j }) => [`#${i + 1}`, String(j + 1), code(c.tool), md(c.status), code(c.args), c.exitCode !== undefined ? String(c.exitCode) : '', c.error ? code(c.error) : '']),
  );
  out.push('### Denied and failed tool calls', '');
  out.push(attention.length ? table(['Session', 'Call #', 'Tool', 'Status', 'Arguments', 'Exit', 'Error'], attention, ['l', 'r']) : '_None._', '');

  const secrets = secretRows(report);
  out.push('## Secrets exposed', '');
  out.push(
    secrets.length
      ? table(
          ['Session', 'Rule', 'Kind', 'Call #', 'Tool', 'Found in', 'Log line', 'Preview (masked)'],
          secrets.map((r) => [
            `#${r.sessionNumber}`,
            code(r.rule),
            md(r.finding.kind),
            r.callNumber !== undefined ? String(r.callNumber) : '',
            r.call ? code(r.call.tool) : '',
            md(r.finding.field),
            r.where ? code(r.where) : '',
            code(r.finding.preview),
          ]),
          ['l', 'l', 'l', 'r'],
        )
      : '_None found._',
    '',
  );

  out.push('## Touched paths', '');
  out.push(
    report.paths.length
      ? table(
          ['Path', 'Capabilities', 'Sessions'],
          report.paths.map((p) => [
            code(p.path),
            p.capabilities.map(code).join(' ') || '—',
            p.sessions.map((e) => `${ref(e.id)} ${md(e.agent)} (${e.access.map(md).join(', ')})`).join('<br>'),
          ]),
        )
      : '_No path was touched._',
    '',
  );

  out.push('## Gaps and problems', '');
  out.push(report.gaps.length ? gapTable(report.gaps) : '_None: every file was read and understood._', '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function gapTable(gaps: readonly Gap[]): string {
  return table(
    ['Kind', 'Detail', 'Count', 'First seen'],
    gaps.map((g) => [md(g.kind), code(g.detail), String(g.count), g.source ? `${code(g.source)}${g.line !== undefined ? `:${g.line}` : ''}` : '']),
    ['l', 'l', 'r'],
  );
}
