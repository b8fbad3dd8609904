/**
 * The report as one self-contained HTML page: inline CSS, a small inline script (filter, sort,
 * expand), inline SVG charts, no network. Meant to be published on a static host or opened from
 * disk. Every string from the logs is escaped; none becomes a link, a URL or markup. The script is
 * pinned by its SHA-256 in the page's Content-Security-Policy, so no other script can run.
 * Output depends on the report alone (no clock, no randomness).
 */
import { capabilityInfo } from '../capabilities';
import type { Agent, Category, Gap, Outcome, ToolStatus } from '../model';
import { CATEGORY_LABELS, OUTCOME_LABELS } from '../labels';
import type { DailyVolume, Report, ReportSession } from '../report';
import { outOfScopeHtml } from './outOfScope';
import {
  baseName,
  cssToken,
  type DescribeCapability,
  escapeHtml as esc,
  formatDuration,
  formatTime,
  SENSITIVE_CAPABILITIES,
  sessionFacts,
  sha256Base64,
} from './escape';
import { secretRows } from './secrets';

export interface HtmlOptions {
  /** Labels and descriptions of capability ids; the built-in taxonomy by default. */
  describeCapability?: DescribeCapability;
}

const STATUS_ORDER: ToolStatus[] = ['succeeded', 'failed', 'denied', 'interrupted', 'pending'];

/** Everything a section needs besides the report: lookups built once. */
interface Ctx {
  report: Report;
  describe: DescribeCapability;
  /** Session id -> anchor of its row (first occurrence). */
  anchors: Map<string, string>;
  /** Session id -> session (first occurrence). */
  byId: Map<string, ReportSession>;
  /** Parent id -> children ids. */
  children: Map<string, ReportSession[]>;
  /** Capability ids, most widespread first. */
  capabilityOrder: string[];
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const anchors = new Map<string, string>();
  const byId = new Map<string, ReportSession>();
  const children = new Map<string, ReportSession[]>();
  report.sessions.forEach((s, i) => {
    if (!anchors.has(s.id)) anchors.set(s.id, `s-${i + 1}`);
    if (!byId.has(s.id)) byId.set(s.id, s);
    if (s.parentId !== null) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s]);
  });
  const ctx: Ctx = { report, describe: options.describeCapability ?? capabilityInfo, anchors, byId, children, capabilityOrder: capabilityOrder(report) };

  const generated = formatTime(report.generatedAt);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="agent-audit">
<title>Agent Audit report${generated ? ` · ${esc(generated)} UTC` : ''}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
${header(ctx)}
<nav class="toc" aria-label="Sections">
<a href="#out-of-scope">Out of scope</a><a href="#overview">Overview</a><a href="#agents">Agents</a><a href="#matrix">Matrix</a><a href="#capabilities">Capabilities</a><a href="#activity">Activity</a><a href="#sessions">Sessions</a><a href="#secrets">Secrets</a><a href="#paths">Paths</a><a href="#gaps">Gaps</a>
</nav>
<main>
${outOfScopeHtml(report)}
${overview(ctx)}
${agentsSection(ctx)}
${matrixSection(ctx)}
${capabilitiesSection(ctx)}
${activitySection(ctx)}
${sessionsSection(ctx)}
${secretsSection(ctx)}
${pathsSection(ctx)}
${gapsSection(ctx)}
</main>
<footer class="foot">${esc(report.schema)} · generated ${esc(generated || report.generatedAt)} UTC · times are UTC</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Small pieces

function fmtInt(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : '0%';
}

function outcomeBadge(outcome: string): string {
  const label = OUTCOME_LABELS[outcome as Outcome] ?? outcome;
  return `<span class="badge o-${cssToken(outcome)}">${esc(label)}</span>`;
}

function categoryBadge(category: string): string {
  const label = CATEGORY_LABELS[category as Category] ?? category;
  return `<span class="cat c-${cssToken(category)}">${esc(label)}</span>`;
}

function statusBadge(status: string): string {
  return `<span class="status st-${cssToken(status)}">${esc(status)}</span>`;
}

function agentTag(agent: Agent | string): string {
  return `<span class="agent">${esc(agent)}</span>`;
}

/** A capability id as a chip; its label (and, where asked, its description) in the tooltip. */
function capabilityChip(ctx: Ctx, id: string, counts?: { reads: number; writes: number; calls: number }, withDescription = false): string {
  const info = ctx.describe(id);
  const classes = ['chip', `g-${cssToken(info.group)}`];
  if (SENSITIVE_CAPABILITIES.has(id)) classes.push('sensitive');
  let detail = '';
  let tip = info.label === id ? id : `${info.label} (${id})`;
  if (withDescription && info.description) tip += ` — ${info.description}`;
  if (counts) {
    const parts: string[] = [];
    if (counts.reads) parts.push(`r${counts.reads}`);
    if (counts.writes) parts.push(`w${counts.writes}`);
    if (parts.length === 0 && counts.calls) parts.push(`×${counts.calls}`);
    if (parts.length) detail = ` <span class="n">${esc(parts.join(' '))}</span>`;
    tip += ` · ${plural(counts.reads, 'read')}, ${plural(counts.writes, 'write')}, ${plural(counts.calls, 'call')}`;
  }
  return `<span class="${classes.join(' ')}" title="${esc(tip)}">${esc(id)}${detail}</span>`;
}

function sessionLabel(s: ReportSession): string {
  return s.title?.trim() ? s.title : s.id;
}

/** An in-page link to a session row; the anchor is ours, never text from the log. */
function sessionLink(ctx: Ctx, id: string, text: string): string {
  const anchor = ctx.anchors.get(id);
  return anchor ? `<a class="slink" href="#${anchor}">${esc(text)}</a>` : `<span class="mono">${esc(text)}</span>`;
}

function section(id: string, title: string, lead: string, body: string): string {
  return `<section id="${id}" class="card" aria-labelledby="${id}-h">
<header class="card-head"><h2 id="${id}-h">${title}</h2>${lead ? `<p class="lead">${lead}</p>` : ''}</header>
${body}
</section>`;
}

function empty(text: string): string {
  return `<p class="empty-note">${esc(text)}</p>`;
}

interface Segment {
  cls: string;
  label: string;
  value: number;
}

/** A horizontal stacked bar (SVG, stretched to its box) with one tooltip per segment. */
function stackedBar(segments: Segment[], label: string): string {
  const total = segments.reduce((n, s) => n + s.value, 0);
  if (total === 0) return `<svg class="stack" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${esc(label)}: none"><rect class="track" width="100" height="10"/></svg>`;
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const w = (s.value / total) * 100;
      const rect = `<rect class="${s.cls}" x="${round(x)}" width="${round(w)}" height="10"><title>${esc(`${s.label}: ${s.value} (${pct(s.value, total)})`)}</title></rect>`;
      x += w;
      return rect;
    })
    .join('');
  const summary = segments.filter((s) => s.value > 0).map((s) => `${s.label} ${s.value}`).join(', ');
  return `<svg class="stack" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${esc(`${label}: ${summary}`)}">${rects}</svg>`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function legendList(segments: Segment[]): string {
  return `<ul class="legend">${segments
    .filter((s) => s.value > 0)
    .map((s) => `<li><i class="sw ${s.cls}"></i>${esc(s.label)} <b>${fmtInt(s.value)}</b></li>`)
    .join('')}</ul>`;
}

function outcomeSegments(counts: Partial<Record<string, number>>, outcomes: readonly string[]): Segment[] {
  return outcomes.map((o) => ({ cls: `f-o-${cssToken(o)}`, label: OUTCOME_LABELS[o as Outcome] ?? o, value: counts[o] ?? 0 }));
}

function categorySegments(counts: Partial<Record<string, number>>, categories: readonly string[]): Segment[] {
  return categories.map((c) => ({ cls: `f-c-${cssToken(c)}`, label: CATEGORY_LABELS[c as Category] ?? c, value: counts[c] ?? 0 }));
}

function capabilityOrder(report: Report): string[] {
  const ids = new Set(Object.keys(report.capabilities));
  for (const s of report.sessions) for (const id of Object.keys(s.capabilities)) ids.add(id);
  return [...ids].sort((a, b) => (report.capabilities[b]?.sessions ?? 0) - (report.capabilities[a]?.sessions ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

function matrixOutcomeTotals(report: Report): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const c of report.matrix.categories) {
    for (const o of report.matrix.outcomes) totals[o] = (totals[o] ?? 0) + (report.matrix.cells[c]?.[o] ?? 0);
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Sections

function header(ctx: Ctx): string {
  const { scope } = ctx.report;
  const facts: string[] = [`<span>Generated <b>${esc(formatTime(ctx.report.generatedAt) || ctx.report.generatedAt)} UTC</b></span>`];
  const range = scope.since || scope.until ? `${scope.since ?? 'start'} → ${scope.until ?? 'now'}` : 'all time';
  facts.push(`<span>Period <b>${esc(range)}</b></span>`);
  facts.push(`<span>Project <b>${scope.project ? `<span class="mono">${esc(scope.project)}</span>` : 'all'}</b></span>`);
  facts.push(`<span>Agents <b>${scope.agents && scope.agents.length ? esc(scope.agents.join(', ')) : 'all'}</b></span>`);
  const roots = scope.roots.length
    ? `<details class="roots"><summary>${plural(scope.roots.length, 'scanned folder')}</summary><ul>${scope.roots.map((r) => `<li class="mono">${esc(r)}</li>`).join('')}</ul></details>`
    : '';
  return `<header class="top">
<div class="brand"><svg class="logo" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/><path d="m8.5 12 2.4 2.4 4.6-4.8" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>
<div><h1>Agent Audit</h1><p class="subtitle">What the coding agents did, read, wrote and ran, from their session logs</p></div></div>
<div class="facts">${facts.join('')}</div>
${roots}
</header>`;
}

function overview(ctx: Ctx): string {
  const { report } = ctx;
  const statuses: Partial<Record<ToolStatus, number>> = {};
  for (const a of report.agents) for (const [k, v] of Object.entries(a.statuses)) statuses[k as ToolStatus] = (statuses[k as ToolStatus] ?? 0) + (v ?? 0);
  const replays = report.sessions.filter((s) => s.replay).length;
  const gapCount = report.gaps.reduce((n, g) => n + g.count, 0);
  const stat = (label: string, value: number, note = '', cls = ''): string =>
    `<div class="stat${cls ? ` ${cls}` : ''}"><div class="v">${fmtInt(value)}</div><div class="k">${esc(label)}</div>${note ? `<div class="note">${esc(note)}</div>` : ''}</div>`;
  const stats = [
    stat('Sessions', report.totals.sessions, replays ? `+ ${plural(replays, 'replay')} listed, not counted` : ''),
    stat('Tool calls', report.totals.toolCalls),
    stat('Denied calls', statuses.denied ?? 0, '', (statuses.denied ?? 0) > 0 ? 'warn' : ''),
    stat('Failed calls', statuses.failed ?? 0, '', (statuses.failed ?? 0) > 0 ? 'bad' : ''),
    stat('Secrets exposed', report.totals.secretFindings ?? 0, '', (report.totals.secretFindings ?? 0) > 0 ? 'bad' : ''),
    stat('Touched paths', report.totals.touchedPaths),
    stat('Log files read', report.totals.files),
    stat('Gaps', report.gaps.length, gapCount ? plural(gapCount, 'occurrence') : '', gapCount > 0 ? 'warn' : ''),
  ].join('');

  const outcomes = outcomeSegments(matrixOutcomeTotals(report), report.matrix.outcomes);
  const sensitive = ctx.capabilityOrder.filter((id) => SENSITIVE_CAPABILITIES.has(id) && (report.capabilities[id]?.sessions ?? 0) > 0);
  const attention = sensitive.length
    ? `<div class="attention"><h3>Sensitive activity</h3><ul>${sensitive
        .map((id) => {
          const sessions = report.sessions.filter((s) => !s.replay && s.capabilities[id]);
          return `<li>${capabilityChip(ctx, id, undefined, true)} <span class="muted">in</span> ${sessions.map((s) => sessionLink(ctx, s.id, sessionLabel(s))).join(', ')}</li>`;
        })
        .join('')}</ul></div>`
    : '';
  return section(
    'overview',
    'Overview',
    '',
    `<div class="stats">${stats}</div>
<div class="overall"><h3>Outcome of counted sessions</h3>${stackedBar(outcomes, 'Outcomes')}${legendList(outcomes)}</div>
${attention}`,
  );
}

function agentsSection(ctx: Ctx): string {
  const { report } = ctx;
  if (report.agents.length === 0) return section('agents', 'Agents', '', empty('No sessions in this report.'));
  const rows = report.agents
    .map((a) => {
      const outcomes = outcomeSegments(a.outcomes, report.matrix.outcomes);
      const categories = categorySegments(a.categories, report.matrix.categories);
      const statuses = STATUS_ORDER.filter((s) => (a.statuses[s] ?? 0) > 0)
        .map((s) => `<span class="stcount st-${s}">${esc(s)} <b>${fmtInt(a.statuses[s] ?? 0)}</b></span>`)
        .join('');
      const unmapped = Object.entries(a.unmappedTools)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([tool, n]) => `<span class="mono">${esc(tool)}</span>&nbsp;×${fmtInt(n)}`)
        .join(', ');
      return `<tr>
<th scope="row">${agentTag(a.agent)}</th>
<td class="num">${fmtInt(a.sessions)}</td>
<td class="num">${fmtInt(a.toolCalls)}</td>
<td class="barcell">${stackedBar(outcomes, `${a.agent} outcomes`)}${legendList(outcomes)}</td>
<td class="barcell">${stackedBar(categories, `${a.agent} categories`)}${legendList(categories)}</td>
<td><div class="stcounts">${statuses || '<span class="muted">none</span>'}</div></td>
<td>${unmapped || '<span class="muted">none</span>'}</td>
</tr>`;
    })
    .join('\n');
  return section(
    'agents',
    'Agents',
    'Per-agent breakdown: how the sessions ended, what kind of work they were, and how their tool calls went.',
    `<div class="table-wrap"><table class="grid agents-table">
<thead><tr><th scope="col">Agent</th><th scope="col" class="num">Sessions</th><th scope="col" class="num">Tool calls</th><th scope="col">Outcomes</th><th scope="col">Categories</th><th scope="col">Calls by status</th><th scope="col">Unmapped tools</th></tr></thead>
<tbody>${rows}</tbody></table></div>`,
  );
}

function matrixSection(ctx: Ctx): string {
  const { matrix } = ctx.report;
  let max = 0;
  for (const c of matrix.categories) for (const o of matrix.outcomes) max = Math.max(max, matrix.cells[c]?.[o] ?? 0);
  const colTotals = matrixOutcomeTotals(ctx.report);
  const grand = Object.values(colTotals).reduce((n, v) => n + v, 0);
  const head = matrix.outcomes.map((o) => `<th scope="col">${outcomeBadge(o)}</th>`).join('');
  const rows = matrix.categories
    .map((c) => {
      let rowTotal = 0;
      const cells = matrix.outcomes
        .map((o) => {
          const n = matrix.cells[c]?.[o] ?? 0;
          rowTotal += n;
          const heat = max > 0 ? round(n / max) : 0;
          const label = `${CATEGORY_LABELS[c] ?? c} × ${OUTCOME_LABELS[o] ?? o}: ${plural(n, 'session')}`;
          return `<td class="heat o-${cssToken(o)}${n === 0 ? ' zero' : ''}${heat > 0.55 ? ' hot' : ''}" style="--heat:${heat}" data-category="${esc(c)}" data-outcome="${esc(o)}" title="${esc(label)}">${fmtInt(n)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${categoryBadge(c)}</th>${cells}<td class="total">${fmtInt(rowTotal)}</td></tr>`;
    })
    .join('\n');
  const foot = matrix.outcomes.map((o) => `<td class="total">${fmtInt(colTotals[o] ?? 0)}</td>`).join('');
  return section(
    'matrix',
    'Category × outcome',
    'Sessions by the kind of work (rows) and how they ended (columns). The darker the cell, the more sessions.',
    `<div class="table-wrap"><table class="grid matrix" id="matrix-table">
<thead><tr><th scope="col" class="corner">Category \\ Outcome</th>${head}<th scope="col">Total</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">Total</th>${foot}<td class="total grand">${fmtInt(grand)}</td></tr></tfoot>
</table></div>`,
  );
}

function capabilitiesSection(ctx: Ctx): string {
  const { report } = ctx;
  const ids = ctx.capabilityOrder;
  if (ids.length === 0) return section('capabilities', 'Capabilities', '', empty('No capability was exercised.'));
  const total = Math.max(1, report.totals.sessions);
  const summary = ids
    .filter((id) => report.capabilities[id])
    .map((id) => {
      const c = report.capabilities[id];
      const info = ctx.describe(id);
      return `<tr${SENSITIVE_CAPABILITIES.has(id) ? ' class="sensitive-row"' : ''}>
<th scope="row"><div class="capname">${info.label !== id ? `<span class="caplabel">${esc(info.label)}</span>` : ''}${capabilityChip(ctx, id)}</div>${info.description ? `<div class="desc">${esc(info.description)}</div>` : ''}</th>
<td class="small">${esc(info.group)}</td>
<td class="num"><div class="meter-cell"><span class="meter"><span style="width:${pct(c.sessions, total)}"></span></span>${fmtInt(c.sessions)}</div></td>
<td class="num">${fmtInt(c.reads)}</td><td class="num">${fmtInt(c.writes)}</td><td class="num">${fmtInt(c.calls)}</td>
</tr>`;
    })
    .join('\n');

  const sessions = report.sessions;
  const head = ids.map((id) => `<th scope="col" class="vert"><span title="${esc(ctx.describe(id).label)}">${esc(id)}</span></th>`).join('');
  const rows = sessions
    .map((s) => {
      const cells = ids
        .map((id) => {
          const c = s.capabilities[id];
          if (!c) return '<td class="fp"></td>';
          const kind = c.writes > 0 ? 'w' : c.reads > 0 ? 'r' : 'x';
          const text = [c.reads ? `r${c.reads}` : '', c.writes ? `w${c.writes}` : ''].filter(Boolean).join(' ') || `×${c.calls}`;
          const tip = `${id}: ${plural(c.reads, 'read')}, ${plural(c.writes, 'write')}, ${plural(c.calls, 'call')}`;
          return `<td class="fp"><span class="dot k-${kind}${SENSITIVE_CAPABILITIES.has(id) ? ' sensitive' : ''}" title="${esc(tip)}">${esc(text)}</span></td>`;
        })
        .join('');
      return `<tr${s.replay ? ' class="replay"' : ''}><th scope="row" class="fp-name">${sessionLink(ctx, s.id, sessionLabel(s))}<span class="fp-sub">${esc(s.agent)} · ${esc(formatTime(s.startedAt))}${s.replay ? ' · replay' : ''}</span></th>${cells}</tr>`;
    })
    .join('\n');
  const open = sessions.length <= 60 ? ' open' : '';
  return section(
    'capabilities',
    'Capabilities',
    'What the sessions were able to reach: files by kind, and actions such as running shell commands, reaching the network or touching secrets.',
    `<h3>Across the report</h3>
<div class="table-wrap"><table class="grid caps-table">
<thead><tr><th scope="col">Capability</th><th scope="col">Group</th><th scope="col" class="num">Sessions</th><th scope="col" class="num">Reads</th><th scope="col" class="num">Writes</th><th scope="col" class="num">Calls</th></tr></thead>
<tbody>${summary}</tbody></table></div>
<details class="fingerprints"${open}><summary><h3>Fingerprint per session</h3></summary>
<p class="hint"><span class="dot k-w">w</span> written · <span class="dot k-r">r</span> read only · <span class="dot k-x">×</span> used (calls) · <span class="dot k-w sensitive">!</span> sensitive</p>
<div class="table-wrap"><table class="grid fingerprint">
<thead><tr><th scope="col">Session</th>${head}</tr></thead>
<tbody>${rows}</tbody></table></div></details>`,
  );
}

/** `2025-W47` -> Monday of that ISO week (UTC ms), or NaN. */
function weekStart(week: string): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return Number.NaN;
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const jan4Day = new Date(jan4).getUTCDay() || 7;
  return jan4 - (jan4Day - 1) * 86_400_000 + (Number(m[2]) - 1) * 7 * 86_400_000;
}

function isoWeekOf(ms: number): string {
  const d = new Date(ms);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The weeks with activity plus the empty weeks between them, so the time axis is honest. */
function continuousWeeks(daily: readonly DailyVolume[]): DailyVolume[] {
  const sorted = [...daily].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  if (sorted.length < 2) return sorted;
  const first = weekStart(sorted[0].week);
  const last = weekStart(sorted[sorted.length - 1].week);
  const span = (last - first) / (7 * 86_400_000);
  if (!Number.isFinite(span) || span > 160 || sorted.some((w) => !Number.isFinite(weekStart(w.week)))) return sorted;
  const byWeek = new Map(sorted.map((w) => [w.week, w]));
  const out: DailyVolume[] = [];
  for (let t = first; t <= last; t += 7 * 86_400_000) {
    const week = isoWeekOf(t);
    out.push(byWeek.get(week) ?? { week, days: [], sessions: 0, toolCalls: 0 });
  }
  return out;
}

function weeklyChart(weeks: readonly DailyVolume[], pick: 'sessions' | 'toolCalls', title: string): string {
  const max = Math.max(1, ...weeks.map((w) => w[pick]));
  // Few weeks spread over a readable width; many weeks keep a minimum slot and scroll.
  const left = 10;
  const top = 20;
  const plotH = 130;
  const slot = Math.max(30, Math.min(90, 500 / Math.max(1, weeks.length)));
  const barW = Math.round(Math.min(52, slot * 0.64));
  const width = Math.round(left * 2 + weeks.length * slot);
  const height = top + plotH + 26;
  const unit = pick === 'sessions' ? 'session' : 'tool call';
  const bars = weeks
    .map((w, i) => {
      const v = w[pick];
      const h = v > 0 ? Math.max(2, round((v / max) * plotH)) : 0;
      const x = round(left + i * slot + (slot - barW) / 2);
      const y = top + plotH - h;
      const days = w.days.map((d) => `${d.date}: ${plural(pick === 'sessions' ? d.sessions : d.toolCalls, unit)}`).join('\n');
      const tip = `${w.week}: ${plural(v, unit)}${days ? `\n${days}` : ''}`;
      return `<g><title>${esc(tip)}</title><rect class="wbar" x="${x}" y="${y}" width="${barW}" height="${h}" rx="3"/>${
        v > 0 ? `<text class="val" x="${x + barW / 2}" y="${y - 5}">${fmtInt(v)}</text>` : ''
      }<text class="lbl" x="${x + barW / 2}" y="${top + plotH + 16}">${esc(w.week.replace(/^\d{4}-/, ''))}</text></g>`;
    })
    .join('');
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption><div class="chart-scroll"><svg class="weekly" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(
    `${title}: ${weeks.map((w) => `${w.week} ${w[pick]}`).join(', ')}`,
  )}"><line class="axis" x1="0" x2="${width}" y1="${top + plotH + 0.5}" y2="${top + plotH + 0.5}"/>${bars}</svg></div></figure>`;
}

function weekTable(daily: readonly DailyVolume[]): string {
  const rows = daily
    .map((w) => {
      const busiest = w.days.reduce<DailyVolume['days'][number] | undefined>((best, d) => (!best || d.toolCalls > best.toolCalls ? d : best), undefined);
      return `<tr><th scope="row" class="mono">${esc(w.week)}</th><td class="num">${fmtInt(w.days.length)}</td><td class="num">${fmtInt(w.sessions)}</td><td class="num">${fmtInt(
        w.toolCalls,
      )}</td><td class="small">${busiest ? `${esc(busiest.date)} <span class="muted">(${plural(busiest.toolCalls, 'call')})</span>` : ''}</td></tr>`;
    })
    .join('');
  return `<div class="weeks table-wrap"><table class="grid">
<thead><tr><th scope="col">Week</th><th scope="col" class="num">Active days</th><th scope="col" class="num">Sessions</th><th scope="col" class="num">Tool calls</th><th scope="col">Busiest day</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function activitySection(ctx: Ctx): string {
  const { report } = ctx;
  const weeks = continuousWeeks(report.daily);
  const charts = weeks.length
    ? `<div class="charts">${weeklyChart(weeks, 'sessions', 'Sessions per week')}${weeklyChart(weeks, 'toolCalls', 'Tool calls per week')}${weekTable(report.daily)}</div>`
    : empty('No dated sessions.');
  const maxSessions = Math.max(1, ...report.models.map((m) => m.sessions));
  const models = report.models.length
    ? `<div class="table-wrap"><table class="grid models-table">
<thead><tr><th scope="col">Model</th><th scope="col" class="num">Sessions</th><th scope="col" class="num">Tool calls</th><th scope="col">Agents</th></tr></thead>
<tbody>${report.models
        .map(
          (m) =>
            `<tr><th scope="row" class="mono">${esc(m.model)}</th><td class="num"><div class="meter-cell"><span class="meter"><span style="width:${pct(m.sessions, maxSessions)}"></span></span>${fmtInt(
              m.sessions,
            )}</div></td><td class="num">${fmtInt(m.toolCalls)}</td><td>${m.agents.map(agentTag).join(' ')}</td></tr>`,
        )
        .join('\n')}</tbody></table></div>
<p class="hint">A session using several models counts once for each; its tool calls are attributed to its first model.</p>`
    : empty('No model was named in the logs.');
  return section(
    'activity',
    'Activity',
    'Daily volume bucketed by ISO week (hover a bar for its days), and the models behind the sessions.',
    `${charts}<h3>Models</h3>${models}`,
  );
}

const SESSION_COLUMNS: { label: string; type: 'text' | 'num'; cls?: string }[] = [
  { label: 'Session', type: 'text' },
  { label: 'Agent', type: 'text' },
  { label: 'Start (UTC)', type: 'text' },
  { label: 'Model', type: 'text' },
  { label: 'Project', type: 'text' },
  { label: 'Outcome', type: 'text' },
  { label: 'Category', type: 'text' },
  { label: 'Calls', type: 'num', cls: 'num' },
  { label: 'Written', type: 'num', cls: 'num' },
  { label: 'Read', type: 'num', cls: 'num' },
  { label: 'Denied', type: 'num', cls: 'num' },
  { label: 'Failed', type: 'num', cls: 'num' },
  { label: 'Capabilities', type: 'text' },
];

function sessionsSection(ctx: Ctx): string {
  const { report } = ctx;
  const head = SESSION_COLUMNS.map(
    (c, i) =>
      `<th scope="col"${c.cls ? ` class="${c.cls}"` : ''} aria-sort="none"><button type="button" class="sort" data-col="${i}" data-type="${c.type}">${esc(c.label)}<span class="arrow" aria-hidden="true"></span></button></th>`,
  ).join('');
  const bodies = report.sessions.map((s) => sessionBody(ctx, s)).join('\n');
  const count = report.sessions.length;
  return section(
    'sessions',
    'Sessions',
    'Every session found, newest work last. Click a session to see its tool calls and the files it touched; filter by any word (agent, project, outcome, capability, path, tool).',
    `<div class="toolbar">
<label class="filter"><span class="visually-hidden">Filter sessions</span><input type="search" id="session-filter" data-filter="sessions-table" data-items=":scope > tbody" placeholder="Filter sessions by agent, project, outcome, path…" autocomplete="off" spellcheck="false"></label>
<span class="count" id="sessions-table-count" aria-live="polite">${plural(count, 'session')}</span>
<span class="spacer"></span>
<button type="button" class="btn" data-expand="sessions-table">Expand all</button><button type="button" class="btn" data-collapse="sessions-table">Collapse all</button>
</div>
<div class="table-wrap"><table class="grid sessions-table" id="sessions-table" data-total="${count}">
<thead><tr>${head}</tr></thead>
${bodies}
</table></div>
<p class="empty-note" id="sessions-table-empty" hidden>No session matches the filter.</p>`,
  );
}

/** `anthropic/claude-sonnet-4-20250514` -> `claude-sonnet-4` for the narrow column; the tooltip keeps the full name. */
function shortModel(model: string): string {
  return model.replace(/^[\w.-]+\//, '').replace(/-\d{8}$/, '');
}

function whenCell(iso: string | null): string {
  const t = formatTime(iso);
  if (!t) return '<span class="muted">—</span>';
  const [date, time] = t.split(' ');
  return time ? `${esc(date)}<span class="time">${esc(time)}</span>` : esc(t);
}

function sessionSearchText(s: ReportSession): string {
  const parts = [
    s.id,
    s.agent,
    s.title ?? '',
    s.project ?? '',
    s.cwd ?? '',
    s.outcome,
    s.category,
    ...s.models,
    ...Object.keys(s.capabilities),
    ...s.toolCalls.map((c) => `${c.tool} ${c.status} ${c.args}`),
    ...s.touches.map((t) => t.path),
    s.replay ? 'replay' : '',
    s.parentId ? 'subagent' : '',
  ];
  return parts.join(' ').toLowerCase().replace(/\s+/g, ' ');
}

function sessionBody(ctx: Ctx, s: ReportSession): string {
  const anchor = ctx.anchors.get(s.id) ?? '';
  const f = sessionFacts(s);
  const detailId = `${anchor}-detail`;
  const caps = Object.keys(s.capabilities)
    .sort((a, b) => ctx.capabilityOrder.indexOf(a) - ctx.capabilityOrder.indexOf(b))
    .map((id) => capabilityChip(ctx, id))
    .join('');
  const model = s.models[0] ?? '';
  const moreModels = s.models.length > 1 ? ` <span class="muted">+${s.models.length - 1}</span>` : '';
  const tags = [
    s.replay ? '<span class="tag">replay</span>' : '',
    s.parentId !== null ? '<span class="tag">subagent</span>' : '',
    s.gaps.length ? `<span class="tag warn" title="${esc(s.gaps.map((g) => `${g.kind}: ${g.detail}`).join('\n'))}">${plural(s.gaps.length, 'gap')}</span>` : '',
  ].join('');
  const num = (n: number, cls = ''): string => `<td class="num${n > 0 && cls ? ` ${cls}` : ''}${n === 0 ? ' zero' : ''}" data-v="${n}">${fmtInt(n)}</td>`;
  return `<tbody id="${anchor}" class="session${s.replay ? ' replay' : ''}" data-search="${esc(sessionSearchText(s))}">
<tr class="session-row">
<th scope="row" data-v="${esc(sessionLabel(s).toLowerCase())}"><button type="button" class="toggle" aria-expanded="false" aria-controls="${detailId}"><span class="chev" aria-hidden="true"></span><span class="stitle" title="${esc(sessionLabel(s))}">${esc(sessionLabel(s))}</span></button><div class="sid">${tags}<span class="mono">${esc(s.id)}</span></div></th>
<td data-v="${esc(s.agent)}">${agentTag(s.agent)}</td>
<td data-v="${esc(s.startedAt ?? '')}" class="when" title="${esc(s.startedAt ?? '')}">${whenCell(s.startedAt)}</td>
<td data-v="${esc(model.toLowerCase())}" class="mono small" title="${esc(s.models.join('\n'))}">${esc(shortModel(model))}${moreModels}</td>
<td data-v="${esc((s.project ?? '').toLowerCase())}" class="mono small" title="${esc(s.project ?? '')}">${s.project ? esc(baseName(s.project)) : '<span class="muted">—</span>'}</td>
<td data-v="${esc(s.outcome)}">${outcomeBadge(s.outcome)}</td>
<td data-v="${esc(s.category)}">${categoryBadge(s.category)}</td>
${num(f.calls)}${num(f.filesWritten)}${num(f.filesRead)}${num(f.statuses.denied, 'warn')}${num(f.statuses.failed, 'bad')}
<td data-v="${esc(Object.keys(s.capabilities).join(' '))}"><div class="chips">${caps}</div></td>
</tr>
<tr class="session-detail" id="${detailId}" hidden><td colspan="${SESSION_COLUMNS.length}">${sessionDetail(ctx, s)}</td></tr>
</tbody>`;
}

function sessionDetail(ctx: Ctx, s: ReportSession): string {
  const facts: [string, string][] = [
    ['Session id', `<span class="mono">${esc(s.id)}</span>`],
    ['Agent', agentTag(s.agent)],
    ['Started', esc(s.startedAt ?? '—')],
    ['Ended', esc(s.endedAt ?? '—')],
  ];
  const duration = formatDuration(s.startedAt, s.endedAt);
  if (duration) facts.push(['Duration', esc(duration)]);
  facts.push(['Models', s.models.length ? s.models.map((m) => `<span class="mono">${esc(m)}</span>`).join(', ') : '<span class="muted">not named</span>']);
  facts.push(['Project', s.project ? `<span class="mono">${esc(s.project)}</span>` : '<span class="muted">none</span>']);
  if (s.cwd && s.cwd !== s.project) facts.push(['Working dir', `<span class="mono">${esc(s.cwd)}</span>`]);
  if (s.parentId !== null) {
    const parent = ctx.byId.get(s.parentId);
    const via = s.parentToolCallId ? ` <span class="muted">via call</span> <span class="mono">${esc(s.parentToolCallId)}</span>` : '';
    facts.push(['Parent session', `${sessionLink(ctx, s.parentId, parent ? sessionLabel(parent) : s.parentId)}${via}`]);
  }
  const kids = ctx.children.get(s.id) ?? [];
  if (kids.length) facts.push(['Subagents', kids.map((k) => `${sessionLink(ctx, k.id, sessionLabel(k))}${k.replay ? ' <span class="tag">replay</span>' : ''}`).join(', ')]);
  if (s.sources.length) facts.push(['Log files', s.sources.map((p) => `<div class="mono small">${esc(p)}</div>`).join('')]);
  for (const [k, v] of Object.entries(s.meta)) facts.push([k, `<span class="mono">${esc(String(v))}</span>`]);

  const fingerprint = Object.entries(s.capabilities)
    .map(([id, c]) => capabilityChip(ctx, id, c))
    .join('');

  const calls = s.toolCalls.length
    ? `<div class="table-wrap"><table class="grid inner calls">
<thead><tr><th scope="col" class="num">#</th><th scope="col">Time</th><th scope="col">Tool</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Arguments</th><th scope="col" class="num">Exit</th><th scope="col">Error</th><th scope="col">Capabilities</th></tr></thead>
<tbody>${s.toolCalls
        .map(
          // Cell styles come from the column position (see .calls td:nth-child): this table can hold thousands of rows.
          (c, i) =>
            `<tr class="st-row-${cssToken(c.status)}"><td>${i + 1}</td><td>${esc(c.startedAt ? c.startedAt.slice(11, 19) : '')}</td><td title="${esc(c.id)}">${esc(c.tool)}</td><td>${esc(
              c.kind,
            )}</td><td>${statusBadge(c.status)}</td><td>${esc(c.args)}</td><td>${c.exitCode !== undefined ? esc(String(c.exitCode)) : ''}</td><td>${c.error ? esc(c.error) : ''}</td><td>${
              c.capabilities.length ? `<div class="chips">${c.capabilities.map((id) => capabilityChip(ctx, id)).join('')}</div>` : ''
            }</td></tr>`,
        )
        .join('\n')}</tbody></table></div>`
    : empty('No tool calls.');

  const callIndex = new Map(s.toolCalls.map((c, i) => [c.id, i + 1]));
  const touches = s.touches.length
    ? `<div class="table-wrap"><table class="grid inner touches">
<thead><tr><th scope="col">Path</th><th scope="col">Access</th><th scope="col">Evidence</th><th scope="col">Lines</th><th scope="col" class="num">Call #</th><th scope="col">Capabilities</th></tr></thead>
<tbody>${s.touches
        .map(
          (t) => `<tr>
<td class="mono path">${esc(t.path)}</td>
<td><span class="access ac-${cssToken(t.access)}">${esc(t.access)}</span></td>
<td class="small">${esc(t.evidence)}</td>
<td class="mono small">${t.lines ? `${fmtInt(t.lines.start)}–${fmtInt(t.lines.end)}` : ''}</td>
<td class="num muted">${t.toolCallId !== undefined ? esc(String(callIndex.get(t.toolCallId) ?? t.toolCallId)) : ''}</td>
<td><div class="chips">${t.capabilities.map((id) => capabilityChip(ctx, id)).join('')}</div></td>
</tr>`,
        )
        .join('\n')}</tbody></table></div>`
    : empty('No files touched.');

  const gaps = s.gaps.length ? `<h4>Gaps</h4>${gapTable(s.gaps)}` : '';
  const secrets = (s.secretFindings ?? []).length
    ? `<h4>Secrets exposed <span class="muted">(${fmtInt(s.secretFindings.length)})</span></h4><ul class="plain secrets">${s.secretFindings
        .map((f) => {
          const call = f.callId !== undefined ? callIndex.get(f.callId) : undefined;
          return `<li><span class="tag">${esc(f.ruleId.replace(/^@secretlint\/secretlint-rule-/, ''))}</span> ${esc(f.kind)} <span class="muted">in ${esc(f.field)}${
            call !== undefined ? ` of call #${call}` : ''
          }</span> <span class="mono small">${esc(f.preview)}</span></li>`;
        })
        .join('')}</ul>`
    : '';
  return `<div class="detail">
<dl class="kv">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<h4>Capability fingerprint</h4>${fingerprint ? `<div class="chips">${fingerprint}</div>` : empty('None.')}
<h4>Tool calls <span class="muted">(${fmtInt(s.toolCalls.length)})</span></h4>${calls}
<h4>Touched files <span class="muted">(${fmtInt(s.touches.length)})</span></h4>${touches}
${secrets}
${gaps}
</div>`;
}

function secretsSection(ctx: Ctx): string {
  const rows = secretRows(ctx.report);
  const lead = 'Secrets found by secretlint’s recommended rules in what the sessions ran, read and printed. They are masked everywhere in this report.';
  if (rows.length === 0) return section('secrets', 'Secrets exposed', lead, empty('None found.'));
  return section(
    'secrets',
    'Secrets exposed',
    lead,
    `<div class="table-wrap"><table class="grid secrets-table" id="secrets-table">
<thead><tr><th scope="col">Session</th><th scope="col">Rule</th><th scope="col">Kind</th><th scope="col" class="num">Call #</th><th scope="col">Tool</th><th scope="col">Found in</th><th scope="col">Log line</th><th scope="col">Preview (masked)</th></tr></thead>
<tbody>${rows
      .map(
        (r) =>
          `<tr><td>${sessionLink(ctx, r.session.id, sessionLabel(r.session))}</td><td><span class="tag">${esc(r.rule)}</span></td><td>${esc(r.finding.kind)}</td><td class="num">${
            r.callNumber !== undefined ? fmtInt(r.callNumber) : ''
          }</td><td>${r.call ? esc(r.call.tool) : ''}</td><td>${esc(r.finding.field)}</td><td class="mono small path">${esc(r.where)}</td><td class="mono small">${esc(r.finding.preview)}</td></tr>`,
      )
      .join('\n')}</tbody></table></div>`,
  );
}

function pathsSection(ctx: Ctx): string {
  const { report } = ctx;
  if (report.paths.length === 0) return section('paths', 'Touched paths', '', empty('No path was touched.'));
  const rows = report.paths
    .map((p) => {
      const sessions = p.sessions
        .map((e) => {
          const s = ctx.byId.get(e.id);
          return `<li>${agentTag(e.agent)} ${sessionLink(ctx, e.id, s ? sessionLabel(s) : e.id)} ${e.access.map((a) => `<span class="access ac-${cssToken(a)}">${esc(a)}</span>`).join('')}</li>`;
        })
        .join('');
      const search = `${p.path} ${p.capabilities.join(' ')} ${p.sessions.map((e) => `${e.agent} ${e.id} ${e.access.join(' ')}`).join(' ')}`.toLowerCase();
      return `<tr data-search="${esc(search)}"><td class="mono path" data-v="${esc(p.path.toLowerCase())}">${esc(p.path)}</td><td data-v="${esc(p.capabilities.join(' '))}"><div class="chips">${p.capabilities
        .map((id) => capabilityChip(ctx, id))
        .join('')}</div></td><td data-v="${p.sessions.length}"><ul class="plain">${sessions}</ul></td></tr>`;
    })
    .join('\n');
  const cols = [
    ['Path', 'text'],
    ['Capabilities', 'text'],
    ['Sessions', 'num'],
  ]
    .map(([label, type], i) => `<th scope="col" aria-sort="none"><button type="button" class="sort" data-col="${i}" data-type="${type}">${label}<span class="arrow" aria-hidden="true"></span></button></th>`)
    .join('');
  return section(
    'paths',
    'Touched paths',
    'Reverse index: every path a counted session touched, and which sessions touched it how.',
    `<div class="toolbar">
<label class="filter"><span class="visually-hidden">Filter paths</span><input type="search" id="path-filter" data-filter="paths-table" data-items=":scope > tbody > tr" placeholder="Filter paths…" autocomplete="off" spellcheck="false"></label>
<span class="count" id="paths-table-count" aria-live="polite">${plural(report.paths.length, 'path')}</span>
</div>
<div class="table-wrap"><table class="grid paths-table" id="paths-table" data-total="${report.paths.length}">
<thead><tr>${cols}</tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="empty-note" id="paths-table-empty" hidden>No path matches the filter.</p>`,
  );
}

function gapTable(gaps: readonly Gap[]): string {
  return `<div class="table-wrap"><table class="grid gaps-table">
<thead><tr><th scope="col">Kind</th><th scope="col">Detail</th><th scope="col" class="num">Count</th><th scope="col">First seen</th></tr></thead>
<tbody>${gaps
    .map(
      (g) =>
        `<tr><td><span class="gapkind">${esc(g.kind)}</span></td><td class="mono">${esc(g.detail)}</td><td class="num">${fmtInt(g.count)}</td><td class="mono small path">${esc(g.source ?? '')}${
          g.line !== undefined ? `<span class="muted">:${esc(String(g.line))}</span>` : ''
        }</td></tr>`,
    )
    .join('\n')}</tbody></table></div>`;
}

function gapsSection(ctx: Ctx): string {
  const { gaps } = ctx.report;
  return section(
    'gaps',
    'Gaps and problems',
    'What could not be read or understood: unreadable or unrecognized files, and every session’s gaps rolled up. Numbers above may miss what is listed here.',
    gaps.length ? gapTable(gaps) : empty('None: every file was read and understood.'),
  );
}

// ---------------------------------------------------------------------------------------------
// Page assets

const STYLE = `
:root{--bg:#f6f7f9;--surface:#fff;--surface-2:#f9fafb;--text:#1b2130;--muted:#5d6678;--faint:#8b93a3;--border:#e2e5ea;--border-strong:#cfd4dc;--accent:#2f5bd3;--accent-soft:#e8eefc;--shadow:0 1px 2px rgba(16,24,40,.04),0 1px 3px rgba(16,24,40,.06);
--o-productive:#1e9e5a;--o-failed:#d93f3f;--o-blocked:#e8830c;--o-abandoned:#7c8696;--o-noop:#c3cad4;--o-in-progress:#2f7ae5;
--c-code:#5b5bd6;--c-infrastructure:#0f9488;--c-content:#a34fd8;--c-research:#0b91b8;--c-cleanup:#b7791f;--c-conversation:#d6457e;
--warn:#b45309;--warn-soft:#fff4e5;--bad:#c62828;--bad-soft:#fdecec;--good:#1e7e4a;--sensitive:#c2410c;--sensitive-soft:#fff1e8;
--chip-files:#eef2ff;--chip-files-text:#3b4aa8;--chip-actions:#ecfdf5;--chip-actions-text:#11684a;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif}
@media screen and (prefers-color-scheme:dark){:root{--bg:#0e1116;--surface:#161a21;--surface-2:#1b2029;--text:#e5e8ee;--muted:#a0a9b8;--faint:#717b8c;--border:#283040;--border-strong:#364053;--accent:#7aa2ff;--accent-soft:#1d2a4a;--shadow:none;
--o-noop:#566072;--o-abandoned:#8d97a8;--o-productive:#2fb86c;--o-failed:#ef5350;--o-blocked:#f59e0b;--o-in-progress:#4d94ff;
--c-code:#7c7cf0;--c-infrastructure:#22b3a5;--c-content:#bf7af0;--c-research:#27aed6;--c-cleanup:#d69a38;--c-conversation:#ec6a9c;
--warn:#f0a44b;--warn-soft:#3a2a12;--bad:#ff7070;--bad-soft:#3b1b1d;--good:#4cc38a;--sensitive:#ff9a5c;--sensitive-soft:#3a2216;
--chip-files:#1f2747;--chip-files-text:#aab8ff;--chip-actions:#14302a;--chip-actions-text:#7fdcb7}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 var(--sans);font-variant-numeric:tabular-nums}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
h1,h2,h3,h4{line-height:1.25;margin:0}
h1{font-size:22px;font-weight:650;letter-spacing:-.01em}
h2{font-size:17px;font-weight:650}
h3{font-size:13px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:20px 0 10px}
h4{font-size:13px;font-weight:600;margin:18px 0 8px}
.mono{font-family:var(--mono);font-size:12.5px}
.small{font-size:12px}
.muted{color:var(--muted)}
.nowrap{white-space:nowrap}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.top{max-width:1440px;margin:0 auto;padding:28px 24px 8px}
.brand{display:flex;gap:14px;align-items:center}
.logo{width:38px;height:38px;color:#fff;background:linear-gradient(135deg,#2f5bd3,#5b3fd0);border-radius:10px;padding:7px;flex:none}
.subtitle{margin:2px 0 0;color:var(--muted)}
.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin-top:16px;color:var(--muted);font-size:13px}
.facts b{color:var(--text);font-weight:600}
.roots{margin-top:8px;font-size:13px;color:var(--muted)}.roots summary{cursor:pointer}.roots ul{margin:6px 0 0;padding-left:18px}
.toc{position:sticky;top:0;z-index:5;background:color-mix(in srgb,var(--bg) 88%,transparent);backdrop-filter:blur(6px);border-bottom:1px solid var(--border)}
.toc{display:flex;gap:4px;flex-wrap:wrap;padding:8px max(24px,calc((100% - 1440px)/2 + 24px))}
.toc a{padding:5px 10px;border-radius:6px;color:var(--muted);font-weight:500;font-size:13px}
.toc a:hover{background:var(--surface);color:var(--text);text-decoration:none}
main{max-width:1440px;margin:0 auto;padding:16px 24px 8px;display:flex;flex-direction:column;gap:18px}
.card{background:var(--surface);border:1px solid var(--border);border-radius:12px;padding:20px 22px 22px;box-shadow:var(--shadow);scroll-margin-top:56px;min-width:0}
.card-head{margin-bottom:14px}.lead{margin:4px 0 0;color:var(--muted);max-width:75ch}
.card>h3:first-of-type{margin-top:6px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px}
.stat{border:1px solid var(--border);border-radius:10px;padding:12px 14px;background:var(--surface-2)}
.stat .v{font-size:24px;font-weight:650;letter-spacing:-.02em}
.stat .k{color:var(--muted);font-size:12.5px;font-weight:500}
.stat .note{color:var(--faint);font-size:11.5px;margin-top:2px}
.stat.warn .v{color:var(--warn)}.stat.bad .v{color:var(--bad)}
.overall{margin-top:4px}.overall .stack{height:16px}
.attention{margin-top:6px;border:1px solid color-mix(in srgb,var(--sensitive) 35%,var(--border));background:var(--sensitive-soft);border-radius:10px;padding:4px 14px 10px}
.attention h3{color:var(--sensitive)}.attention ul{margin:0;padding:0;list-style:none}.attention li{padding:3px 0}
.table-wrap{overflow-x:auto;border:1px solid var(--border);border-radius:10px}
table.grid{border-collapse:separate;border-spacing:0;width:100%}
.grid th,.grid td{padding:8px 12px;border-bottom:1px solid var(--border);text-align:left;vertical-align:middle}
.grid.inner td,.grid.inner th,.agents-table td,.agents-table th{vertical-align:top}
.grid thead th{background:var(--surface-2);font-size:12px;font-weight:600;color:var(--muted);white-space:nowrap}
.grid tbody tr:last-child>*,.grid tfoot tr:last-child>*{border-bottom:0}
.grid tbody th{font-weight:500}
.num{text-align:right!important;white-space:nowrap}
td.zero{color:var(--faint)}
td.warn{color:var(--warn);font-weight:600}td.bad{color:var(--bad);font-weight:600}
.badge,.cat,.status,.agent,.tag,.access,.gapkind{display:inline-flex;align-items:center;gap:6px;white-space:nowrap;font-size:12px;line-height:1.6;border-radius:999px}
.badge{padding:0 9px 0 8px;font-weight:600;background:color-mix(in srgb,var(--oc) 14%,transparent);color:color-mix(in srgb,var(--oc) 78%,var(--text))}
.badge::before{content:"";width:7px;height:7px;border-radius:50%;background:var(--oc)}
.o-productive{--oc:var(--o-productive)}.o-failed{--oc:var(--o-failed)}.o-blocked{--oc:var(--o-blocked)}.o-abandoned{--oc:var(--o-abandoned)}.o-noop{--oc:var(--o-noop)}.o-in-progress{--oc:var(--o-in-progress)}
.badge.o-noop{color:var(--muted);background:color-mix(in srgb,var(--o-noop) 30%,transparent)}
.cat::before{content:"";width:8px;height:8px;border-radius:2px;background:var(--cc)}
.c-code{--cc:var(--c-code)}.c-infrastructure{--cc:var(--c-infrastructure)}.c-content{--cc:var(--c-content)}.c-research{--cc:var(--c-research)}.c-cleanup{--cc:var(--c-cleanup)}.c-conversation{--cc:var(--c-conversation)}
.agent{padding:0 8px;background:var(--surface-2);border:1px solid var(--border);font-weight:500;font-family:var(--mono);font-size:11.5px}
.tag{padding:0 7px;margin-right:6px;background:var(--accent-soft);color:var(--accent);font-family:var(--sans);font-size:11px;font-weight:600}
.tag.warn{background:var(--warn-soft);color:var(--warn)}
.status{padding:0 8px;font-weight:600;background:var(--surface-2);border:1px solid var(--border)}
.st-succeeded{color:var(--good)}.st-failed{color:var(--bad);background:var(--bad-soft);border-color:transparent}.st-denied{color:var(--warn);background:var(--warn-soft);border-color:transparent}.st-interrupted{color:var(--o-abandoned)}.st-pending{color:var(--o-in-progress)}
.access{padding:0 7px;margin-right:4px;font-size:11px;font-weight:600;background:var(--surface-2);border:1px solid var(--border);color:var(--muted)}
.ac-write,.ac-create{color:var(--accent)}.ac-delete{color:var(--bad)}.ac-exec{color:var(--warn)}
.gapkind{padding:0 8px;background:var(--warn-soft);color:var(--warn);font-weight:600}
.chips{display:flex;flex-wrap:wrap;gap:4px}
.chip{display:inline-flex;gap:5px;align-items:center;padding:1px 8px;border-radius:6px;font-size:11.5px;font-weight:500;white-space:nowrap;font-family:var(--mono);line-height:1.5}
.chip.g-files{background:var(--chip-files);color:var(--chip-files-text)}
.chip.g-actions{background:var(--chip-actions);color:var(--chip-actions-text)}
.chip.sensitive{background:var(--sensitive-soft);color:var(--sensitive);box-shadow:inset 0 0 0 1px color-mix(in srgb,var(--sensitive) 45%,transparent)}
.chip .n{opacity:.75;font-weight:600}
.stack{display:block;width:100%;height:12px;border-radius:4px;overflow:hidden;background:var(--surface-2)}
.stack .track{fill:var(--border)}
.legend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 12px;font-size:12px;color:var(--muted)}
.legend b{color:var(--text);font-weight:600}
.sw{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.f-o-productive{fill:var(--o-productive);background:var(--o-productive)}.f-o-failed{fill:var(--o-failed);background:var(--o-failed)}.f-o-blocked{fill:var(--o-blocked);background:var(--o-blocked)}.f-o-abandoned{fill:var(--o-abandoned);background:var(--o-abandoned)}.f-o-noop{fill:var(--o-noop);background:var(--o-noop)}.f-o-in-progress{fill:var(--o-in-progress);background:var(--o-in-progress)}
.f-c-code{fill:var(--c-code);background:var(--c-code)}.f-c-infrastructure{fill:var(--c-infrastructure);background:var(--c-infrastructure)}.f-c-content{fill:var(--c-content);background:var(--c-content)}.f-c-research{fill:var(--c-research);background:var(--c-research)}.f-c-cleanup{fill:var(--c-cleanup);background:var(--c-cleanup)}.f-c-conversation{fill:var(--c-conversation);background:var(--c-conversation)}
.agents-table .barcell{min-width:210px;width:24%}
.stcounts{display:flex;flex-wrap:wrap;gap:2px 12px;font-size:12px;max-width:200px}
.stcount{color:var(--muted)}.stcount b{color:var(--text)}.stcount.st-failed b{color:var(--bad)}.stcount.st-denied b{color:var(--warn)}
.stcount.st-failed,.stcount.st-denied{background:none}
.matrix{table-layout:fixed;min-width:860px}
.matrix th,.matrix td{text-align:center;vertical-align:middle}
.matrix thead th.corner{width:170px}.matrix thead th:last-child{width:80px}
.matrix tbody th,.matrix tfoot th{text-align:left}
.matrix .corner{text-align:left;font-weight:500}
.matrix td.heat{font-size:15px;font-weight:650;min-width:84px;background:color-mix(in srgb,var(--oc) calc(var(--heat) * 70% + 6%),var(--surface));border-left:1px solid var(--surface)}
.matrix td.heat.zero{background:var(--surface);color:var(--faint);font-weight:400}
.matrix td.heat.hot{color:#fff}
.matrix td.heat.o-noop.hot{color:var(--text)}
.matrix .total{color:var(--muted);font-weight:600;background:var(--surface-2)}
.matrix .grand{color:var(--text)}
.matrix tfoot th{background:var(--surface-2);font-weight:600;color:var(--muted);border-top:1px solid var(--border)}
.matrix tfoot td{border-top:1px solid var(--border)}
.caps-table .desc{color:var(--muted);font-size:12px;margin-top:2px;font-weight:400;max-width:70ch}
.capname{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}.caplabel{font-weight:600}
.sensitive-row th{box-shadow:inset 3px 0 0 var(--sensitive)}
.meter-cell{display:flex;gap:10px;align-items:center;justify-content:flex-end}
.grid td:has(>.meter-cell){vertical-align:middle}
.meter{display:inline-block;width:90px;height:6px;border-radius:3px;background:var(--surface-2);border:1px solid var(--border);overflow:hidden}
.meter span{display:block;height:100%;background:var(--accent);border-radius:3px}
.fingerprints{margin-top:6px}.fingerprints summary{cursor:pointer;list-style:revert}.fingerprints summary h3{display:inline-block;margin:20px 0 10px}
.hint{font-size:12px;color:var(--muted);margin:6px 0 10px}
.fingerprint thead th{vertical-align:bottom}
.fingerprint th.vert{vertical-align:bottom;padding:8px 4px;height:130px}
.fingerprint th.vert span{writing-mode:vertical-rl;transform:rotate(180deg);font-family:var(--mono);font-weight:500;font-size:11.5px;white-space:nowrap;color:var(--text)}
.fingerprint td.fp{padding:5px 4px;text-align:center;vertical-align:middle;border-left:1px solid var(--border);min-width:36px}
.fingerprint .fp-name{min-width:260px;max-width:340px}
.fp-name a{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.fp-sub{display:block;font-size:11.5px;color:var(--faint)}
.fingerprint tr.replay .fp-name a{color:var(--muted)}
.dot{display:inline-block;min-width:28px;padding:1px 4px;border-radius:5px;font-size:11px;font-weight:650;font-family:var(--mono);line-height:1.5;text-align:center}
.dot.k-w{background:var(--accent);color:#fff}
.dot.k-r{background:var(--accent-soft);color:var(--accent)}
.dot.k-x{background:var(--surface-2);color:var(--muted);box-shadow:inset 0 0 0 1px var(--border-strong)}
.dot.sensitive.k-w{background:var(--sensitive);color:#fff}
.dot.sensitive.k-r,.dot.sensitive.k-x{background:var(--sensitive-soft);color:var(--sensitive);box-shadow:inset 0 0 0 1px color-mix(in srgb,var(--sensitive) 45%,transparent)}
.charts{display:flex;flex-wrap:wrap;gap:18px}
.chart{margin:0;flex:0 1 auto;min-width:0;border:1px solid var(--border);border-radius:10px;padding:12px 14px;background:var(--surface-2)}
.chart figcaption{font-size:12.5px;font-weight:600;color:var(--muted);margin-bottom:6px}
.chart-scroll{overflow-x:auto}
.weeks{flex:1 1 340px;align-self:flex-start;max-height:240px;overflow-y:auto}
#activity h3{margin-top:24px}
.weekly{display:block}
.weekly .wbar{fill:var(--accent)}
.weekly g:hover .wbar{fill:color-mix(in srgb,var(--accent) 75%,var(--text))}
.weekly .val{font:600 11px var(--sans);fill:var(--text);text-anchor:middle}
.weekly .lbl{font:11px var(--sans);fill:var(--muted);text-anchor:middle}
.weekly .axis{stroke:var(--border-strong)}
.toolbar{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:12px}
.toolbar .spacer{flex:1}
.filter input{width:min(460px,80vw);padding:8px 12px 8px 34px;border:1px solid var(--border-strong);border-radius:8px;background:var(--surface) no-repeat 11px 50%/15px url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%238b93a3' stroke-width='2.2' stroke-linecap='round'%3E%3Ccircle cx='11' cy='11' r='7'/%3E%3Cpath d='m20 20-3.5-3.5'/%3E%3C/svg%3E");color:var(--text);font:inherit}
.filter input:focus{outline:2px solid color-mix(in srgb,var(--accent) 45%,transparent);outline-offset:1px;border-color:var(--accent)}
.count{color:var(--muted);font-size:13px}
.btn{font:inherit;font-size:12.5px;padding:5px 11px;border-radius:7px;border:1px solid var(--border-strong);background:var(--surface);color:var(--text);cursor:pointer}
.btn:hover{background:var(--surface-2)}
button.sort{all:unset;cursor:pointer;position:relative;display:inline-block}
button.sort:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:3px}
button.sort:hover{color:var(--text);text-decoration:underline dotted;text-underline-offset:3px}
th[aria-sort=ascending] .arrow::after{content:" ↑";color:var(--accent)}
th[aria-sort=descending] .arrow::after{content:" ↓";color:var(--accent)}
th[aria-sort=ascending],th[aria-sort=descending]{color:var(--text)}
.sessions-table>tbody>tr.session-row>*{border-bottom:1px solid var(--border);vertical-align:middle}
.sessions-table>tbody:last-of-type>tr.session-row>*{border-bottom:0}
.sessions-table>tbody:hover>tr.session-row{background:var(--surface-2)}
.sessions-table>tbody.replay>tr.session-row{opacity:.72}
.sessions-table{font-size:13px}
.sessions-table>thead th,.sessions-table>tbody>tr.session-row>*{padding:9px 8px}
.sessions-table>thead th:first-child,.sessions-table>tbody>tr.session-row>th:first-child{padding-left:12px}
.sessions-table>tbody>tr.session-row>th[scope=row]{min-width:170px;max-width:210px}
.sessions-table .when{white-space:nowrap;font-size:12.5px}.when .time{display:block;color:var(--muted);font-size:12px}
.sessions-table .session-row .chips{min-width:180px;gap:3px}
.session-row .chip{padding:0 6px;font-size:11px}
.session-row .agent{padding:0;border:0;background:none;font-size:12px}
.session-row .badge{padding:0 8px 0 7px}
button.toggle{all:unset;cursor:pointer;display:flex;align-items:center;gap:6px;max-width:100%;font-weight:600;color:var(--text)}
button.toggle:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:3px}
.stitle{overflow:hidden;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow-wrap:anywhere}
.chev{flex:none;width:14px;height:14px;border-radius:3px;display:inline-grid;place-items:center;color:var(--muted)}
.chev::before{content:"";width:5px;height:5px;border-right:1.6px solid currentColor;border-bottom:1.6px solid currentColor;transform:rotate(-45deg);transition:transform .12s}
.toggle[aria-expanded=true] .chev::before{transform:rotate(45deg)}
.sid{font-size:11px;color:var(--faint);margin:2px 0 0 20px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:200px}
.sid .mono{font-size:11px}
.session-row>td.small,.session-row>td.mono{max-width:130px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
tr.session-detail>td{background:var(--surface-2);padding:4px 18px 18px 32px;border-bottom:1px solid var(--border)}
.detail .kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:14px 0 4px;font-size:13px}
.kv dt{color:var(--muted)}.kv dd{margin:0;min-width:0;overflow-wrap:anywhere}
.detail .table-wrap{background:var(--surface)}
.inner th,.inner td{padding:6px 10px;font-size:12.5px}
.path{overflow-wrap:anywhere;word-break:break-word;min-width:200px}
.calls td:nth-child(1){text-align:right;color:var(--muted)}
.calls td:nth-child(2){white-space:nowrap;font-size:12px}
.calls td:nth-child(3),.calls td:nth-child(6),.calls td:nth-child(7){font-family:var(--mono);font-size:12px}
.calls td:nth-child(4){font-size:12px}
.calls td:nth-child(6){overflow-wrap:anywhere;word-break:break-word;min-width:200px}
.calls td:nth-child(7){text-align:right}
.calls td:nth-child(8){color:var(--bad);font-size:12px;overflow-wrap:anywhere;min-width:160px}
tr.st-row-denied>td:first-child{box-shadow:inset 3px 0 0 var(--o-blocked)}
tr.st-row-failed>td:first-child{box-shadow:inset 3px 0 0 var(--o-failed)}
.paths-table td{vertical-align:middle}
.plain{list-style:none;margin:0;padding:0}.plain li{padding:1px 0;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.slink{font-weight:500}
.empty-note{color:var(--muted);font-style:italic;margin:8px 0}
.foot{max-width:1440px;margin:0 auto;padding:12px 24px 40px;color:var(--faint);font-size:12px}
@media (max-width:720px){.top,main{padding-left:12px;padding-right:12px}.card{padding:16px 14px}}
@media print{
:root{--bg:#fff;--surface:#fff;--shadow:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:11px}
.toc,.toolbar,.btn,.chev{display:none!important}
.card{border:0;box-shadow:none;padding:0;margin-bottom:18px;break-inside:auto}
.card-head,h3,h4{break-after:avoid}
.table-wrap{overflow:visible;border:0}
tr{break-inside:avoid}
.sessions-table td.small,.sessions-table td.mono,.stitle,.sid{white-space:normal;overflow:visible}
a{color:inherit}
}
`;

/** Filter, sort, expand. Reads only the page's own data-* attributes; never writes markup. */
const SCRIPT = `(function(){
"use strict";
function all(sel,root){return Array.prototype.slice.call((root||document).querySelectorAll(sel));}
function setOpen(tbody,open){
  var btn=tbody.querySelector(".toggle"),detail=tbody.querySelector(".session-detail");
  if(!btn||!detail)return;
  detail.hidden=!open;btn.setAttribute("aria-expanded",open?"true":"false");
}
document.addEventListener("click",function(e){
  var t=e.target;if(!(t instanceof Element))return;
  var btn=t.closest("button.toggle");
  if(btn){var tb=btn.closest("tbody");if(tb)setOpen(tb,btn.getAttribute("aria-expanded")!=="true");return;}
  var ex=t.closest("[data-expand],[data-collapse]");
  if(ex){var id=ex.getAttribute("data-expand")||ex.getAttribute("data-collapse");var open=ex.hasAttribute("data-expand");
    var table=document.getElementById(id);if(table)all(":scope > tbody",table).forEach(function(tb){if(!tb.hidden)setOpen(tb,open);});return;}
  var sort=t.closest("button.sort");
  if(sort)sortBy(sort);
});
function items(input){var table=document.getElementById(input.getAttribute("data-filter"));return table?all(input.getAttribute("data-items"),table):[];}
function applyFilter(input){
  var id=input.getAttribute("data-filter");
  var terms=input.value.toLowerCase().split(/\\s+/).filter(Boolean);
  var list=items(input),shown=0;
  list.forEach(function(el){
    var text=el.getAttribute("data-search")||"";
    var ok=terms.every(function(term){return text.indexOf(term)>=0;});
    el.hidden=!ok;if(ok)shown++;
  });
  var count=document.getElementById(id+"-count"),empty=document.getElementById(id+"-empty");
  var noun=id==="paths-table"?"path":"session";
  if(count)count.textContent=terms.length?("Showing "+shown+" of "+list.length+" "+noun+"s"):(list.length+" "+noun+(list.length===1?"":"s"));
  if(empty)empty.hidden=shown>0;
}
all("input[data-filter]").forEach(function(input){
  input.addEventListener("input",function(){applyFilter(input);});
  if(input.value)applyFilter(input);
});
function sortBy(btn){
  var th=btn.closest("th"),table=btn.closest("table");if(!th||!table)return;
  var col=Number(btn.getAttribute("data-col")),numeric=btn.getAttribute("data-type")==="num";
  var dir=th.getAttribute("aria-sort")==="ascending"?"descending":"ascending";
  all(":scope > thead th",table).forEach(function(h){h.setAttribute("aria-sort","none");});
  th.setAttribute("aria-sort",dir);
  var isSessions=table.classList.contains("sessions-table");
  var rows=isSessions?all(":scope > tbody",table):all(":scope > tbody > tr",table);
  if(!rows.length)return;
  var parent=rows[0].parentNode;
  function key(el){var row=isSessions?el.querySelector("tr"):el;var cell=row&&row.children[col];if(!cell)return numeric?0:"";
    var v=cell.getAttribute("data-v");if(v===null)v=cell.textContent||"";return numeric?Number(v)||0:v;}
  var keyed=rows.map(function(el,i){return {el:el,k:key(el),i:i};});
  keyed.sort(function(a,b){var c=numeric?a.k-b.k:(a.k<b.k?-1:a.k>b.k?1:0);if(dir==="descending")c=-c;return c||a.i-b.i;});
  keyed.forEach(function(x){parent.appendChild(x.el);});
}
function openFromHash(){
  var id=decodeURIComponent(location.hash.slice(1));if(!/^s-\\d+$/.test(id))return;
  var tb=document.getElementById(id);if(!tb)return;
  if(tb.hidden){var input=document.getElementById("session-filter");if(input){input.value="";applyFilter(input);}}
  setOpen(tb,true);tb.scrollIntoView({block:"start"});
}
window.addEventListener("hashchange",openFromHash);
openFromHash();
})();`;

const SCRIPT_HASH = sha256Base64(SCRIPT);
