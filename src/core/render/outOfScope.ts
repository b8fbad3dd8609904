/**
 * "Executed although out of scope": the top section of every report format. The rows come from the
 * report (`report.outOfScope`, filled by the policy engine); a report made without scopes says so.
 */
import type { Report } from '../report';
import { escapeHtml as esc, escapeMarkdown as md, formatTime, markdownCode as code } from './escape';

export const OUT_OF_SCOPE_TITLE = 'Executed although out of scope';

function judged(report: Report): boolean {
  return report.sessions.some((s) => s.policy !== undefined && s.policy.scopes.length > 0);
}

export function outOfScopeMarkdown(report: Report): string[] {
  const rows = report.outOfScope ?? [];
  const out = [`## ${OUT_OF_SCOPE_TITLE}`, ''];
  if (rows.length === 0) {
    out.push(judged(report) ? 'None: every call that ran was in scope or had no scope.' : 'No scope applied (no .agent-audit/policy.json and no agent permission settings).', '');
    return out;
  }
  out.push(`**${rows.length}** call(s) ran although out of scope.`, '');
  out.push('| When | Agent | Session | Call | Touched | Policy · rule | Why |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    out.push(
      `| ${md(formatTime(r.at) || '—')} | ${md(r.agent)} | ${md(r.title ?? r.sessionId)} | ${code(`${r.tool} ${r.args}`.trim())} | ${r.path ? code(r.path) : '—'} | ${code(r.policyId)} · ${code(r.ruleId)} | ${md(r.reason)} |`,
    );
  }
  out.push('');
  return out;
}

export function outOfScopeHtml(report: Report): string {
  const rows = report.outOfScope ?? [];
  const body =
    rows.length === 0
      ? `<p class="empty-note">${esc(judged(report) ? 'None: every call that ran was in scope or had no scope.' : 'No scope applied (no .agent-audit/policy.json and no agent permission settings).')}</p>`
      : `<p class="lead" style="border-left:4px solid #c62828;padding-left:8px"><strong>${rows.length}</strong> call(s) ran although out of scope.</p>
<div class="table-wrap"><table class="grid out-of-scope-table"><thead><tr><th>When</th><th>Agent</th><th>Session</th><th>Call</th><th>Touched</th><th>Policy · rule</th><th>Why</th></tr></thead><tbody>
${rows
  .map(
    (r) =>
      `<tr><td>${esc(formatTime(r.at))}</td><td>${esc(r.agent)}</td><td>${esc(r.title ?? r.sessionId)}</td><td><code>${esc(`${r.tool} ${r.args}`.trim())}</code></td><td>${r.path ? `<code>${esc(r.path)}</code>` : '—'}</td><td><code>${esc(r.policyId)}</code> · <code>${esc(r.ruleId)}</code></td><td>${esc(r.reason)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></div>`;
  return `<section id="out-of-scope" class="card" aria-labelledby="out-of-scope-h">
<header class="card-head"><h2 id="out-of-scope-h">${OUT_OF_SCOPE_TITLE}</h2></header>
${body}
</section>`;
}
