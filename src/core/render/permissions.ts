/**
 * The permission report (`agent-audit permissions`) as Markdown, JSON or a self-contained HTML page.
 * Text from logs and policies is escaped like in the main report.
 */
import type { PermissionReport, ScopeUsage } from '../permissions';
import { escapeHtml as h, escapeMarkdown as md, formatTime, markdownCode as code } from './escape';

export type PermissionsFormat = 'md' | 'json' | 'html';

export function renderPermissions(r: PermissionReport, format: PermissionsFormat): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  return format === 'html' ? permissionsHtml(r) : permissionsMarkdown(r);
}

function counted(rec: Record<string, number>): [string, number][] {
  return Object.entries(rec).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function period(r: PermissionReport): string {
  return `${r.since ? formatTime(r.since) : 'start'} → ${r.until ? formatTime(r.until) : 'now'}`;
}

export function permissionsMarkdown(r: PermissionReport): string {
  const out: string[] = ['# Permission report', '', `Generated ${md(formatTime(r.generatedAt))} UTC · period ${md(period(r))} · schema ${code(r.schema)}`, ''];
  const loud = r.usage.reduce((n, u) => n + u.outOfScope, 0);
  out.push('## Executed although out of scope', '', loud ? `**${loud}** call(s) ran although out of scope.` : 'None.', '');
  out.push('## By agent and scope', '');
  if (r.usage.length === 0) out.push('No sessions in the period.', '');
  for (const u of r.usage) out.push(...usageMarkdown(u));
  out.push('## Logs due for deletion (high risk)', '');
  if (r.retention.length === 0) out.push('None within the warning window.', '');
  else {
    out.push('| Session | Agent | Risk | Deleted by the agent | Days left | Logs |', '| --- | --- | --- | --- | ---: | --- |');
    for (const e of r.retention) {
      out.push(`| ${md(e.title ?? e.sessionId)} | ${md(e.agent)} | ${md(`${e.risk}: ${e.reasons.join(', ')}`)} | ${md(formatTime(e.deletesAt))} | ${e.daysLeft} | ${e.logs.map(code).join(', ')} |`);
    }
    out.push('', 'Keep copies: `agent-audit permissions --keep-copies DIR` (the originals are never moved or changed).', '');
  }
  return `${out.join('\n')}\n`;
}

function usageMarkdown(u: ScopeUsage): string[] {
  const list = (rec: Record<string, number>): string => counted(rec).map(([k, n]) => `${code(k)} ${n}`).join(', ') || '—';
  return [
    `### ${md(u.agent)} · ${code(u.scope)}`,
    '',
    `- Sessions: ${u.sessions}${u.outOfScope ? ` · **executed out of scope: ${u.outOfScope}**` : ''}`,
    `- Taken: ${list(u.taken)}`,
    `- Denied: ${list(u.denied)}`,
    `- Granted, never used (candidates to trim): ${u.unusedGrants.map(code).join(', ') || '—'}`,
    `- Newly acquired: ${u.newlyAcquired.map((n) => `${code(n.capability)} (first ${md(formatTime(n.firstAt) || 'time unknown')})`).join(', ') || '—'}`,
    '',
  ];
}

export function permissionsHtml(r: PermissionReport): string {
  const rows = (rec: Record<string, number>): string => counted(rec).map(([k, n]) => `<code>${h(k)}</code> ${n}`).join(', ') || '—';
  const loud = r.usage.reduce((n, u) => n + u.outOfScope, 0);
  const usage = r.usage
    .map(
      (u) => `<tr${u.outOfScope ? ' class="loud"' : ''}><td>${h(u.agent)}</td><td><code>${h(u.scope)}</code></td><td>${u.sessions}</td><td>${rows(u.taken)}</td><td>${rows(u.denied)}</td>
<td>${u.unusedGrants.map((g) => `<code>${h(g)}</code>`).join(', ') || '—'}</td><td>${u.newlyAcquired.map((n) => `<code>${h(n.capability)}</code>`).join(', ') || '—'}</td><td>${u.outOfScope}</td></tr>`,
    )
    .join('\n');
  const retention = r.retention
    .map((e) => `<tr><td>${h(e.title ?? e.sessionId)}</td><td>${h(e.agent)}</td><td>${h(`${e.risk}: ${e.reasons.join(', ')}`)}</td><td>${h(formatTime(e.deletesAt))}</td><td>${e.daysLeft}</td><td>${e.logs.map((l) => `<code>${h(l)}</code>`).join('<br>')}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Permission report</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.loud{background:#fde2e1}.banner{padding:.6em 1em;border-left:4px solid #c62828;background:#fdecea}</style></head>
<body><h1>Permission report</h1><p>Generated ${h(formatTime(r.generatedAt))} UTC · period ${h(period(r))}</p>
<section id="out-of-scope"><h2>Executed although out of scope</h2><p class="${loud ? 'banner' : ''}">${loud ? `${loud} call(s) ran although out of scope.` : 'None.'}</p></section>
<section id="usage"><h2>By agent and scope</h2><table><thead><tr><th>Agent</th><th>Scope</th><th>Sessions</th><th>Taken</th><th>Denied</th><th>Granted, never used</th><th>Newly acquired</th><th>Out of scope</th></tr></thead>
<tbody>${usage}</tbody></table></section>
<section id="retention"><h2>Logs due for deletion (high risk)</h2>${
    r.retention.length ? `<table><thead><tr><th>Session</th><th>Agent</th><th>Risk</th><th>Deleted by the agent</th><th>Days left</th><th>Logs</th></tr></thead><tbody>${retention}</tbody></table><p>Keep copies: <code>agent-audit permissions --keep-copies DIR</code>.</p>` : '<p>None within the warning window.</p>'
  }</section></body></html>
`;
}
