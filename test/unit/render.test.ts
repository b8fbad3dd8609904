import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/report';
import { renderCsv, renderSessionsCsv, SESSION_COLUMNS, TOOL_CALL_COLUMNS } from '../../src/core/render/csv';
import { csvField, escapeHtml, escapeMarkdown, formatDuration, formatTime, markdownCode, sha256Base64 } from '../../src/core/render/escape';
import { renderHtml } from '../../src/core/render/html';
import { isReportFormat, renderReport } from '../../src/core/render/index';
import { renderJson } from '../../src/core/render/json';
import { renderMarkdown } from '../../src/core/render/markdown';
import { HOSTILE, SAMPLE_FACTS, sampleReport } from '../helpers/sampleReport';

/** RFC 4180 reader, enough to check what the renderer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  return rows;
}

function emptyReport(): Report {
  return {
    schema: 'agent-audit/report@1',
    generatedAt: '2026-01-01T00:00:00.000Z',
    scope: { roots: [], project: null, since: null, until: null, agents: null },
    totals: { sessions: 0, toolCalls: 0, touchedPaths: 0, files: 0, secretFindings: 0 },
    sessions: [],
    agents: [],
    matrix: { categories: ['code'], outcomes: ['productive'], cells: { code: { productive: 0 } } },
    daily: [],
    models: [],
    capabilities: {},
    paths: [],
    gaps: [],
  };
}

describe('the sample report fixture', () => {
  it('holds the facts the renderer tests rely on', () => {
    const r = sampleReport();
    assert.equal(r.sessions.length, SAMPLE_FACTS.listedSessions);
    assert.equal(r.totals.sessions, SAMPLE_FACTS.countedSessions);
    assert.equal(r.totals.toolCalls, SAMPLE_FACTS.countedToolCalls);
    assert.equal(r.matrix.cells.code.productive, SAMPLE_FACTS.matrix.codeProductive);
    assert.equal(r.matrix.cells.research.blocked, SAMPLE_FACTS.matrix.researchBlocked);
    assert.deepEqual(
      r.daily.map((w) => w.week),
      SAMPLE_FACTS.weeks,
    );
    const denied = r.agents.reduce((n, a) => n + (a.statuses.denied ?? 0), 0);
    assert.equal(denied, SAMPLE_FACTS.deniedCalls);
  });
});

describe('escaping helpers', () => {
  it('escapes every HTML-significant character', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&\``), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
  });

  it('keeps Markdown text inert: no markup, no pipes, no line breaks, no autolinks', () => {
    assert.equal(escapeMarkdown('a | b\n*c* <d>'), 'a \\| b \\*c\\* \\<d\\>');
    assert.equal(escapeMarkdown('see https://x.example'), 'see https\\://x.example');
    assert.equal(escapeMarkdown('- item'), '\\- item');
  });

  it('builds code spans that survive backticks and pipes', () => {
    assert.equal(markdownCode('a|b'), '`a\\|b`');
    assert.equal(markdownCode('x `y` z'), '``x `y` z``');
    assert.equal(markdownCode('`start'), '`` `start ``');
    assert.equal(markdownCode('two\nlines'), '`two lines`');
  });

  it('quotes CSV fields per RFC 4180 and defuses formulas', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('-rf'), "'-rf");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField(-1), '-1');
    assert.equal(csvField(null), '');
    assert.equal(csvField(false), 'false');
  });

  it('formats UTC times and durations', () => {
    assert.equal(formatTime('2025-11-17T09:12:05.120Z'), '2025-11-17 09:12');
    assert.equal(formatTime('2025-11-17T10:12:05+01:00'), '2025-11-17 09:12');
    assert.equal(formatTime('not a time'), 'not a time');
    assert.equal(formatDuration('2025-11-17T09:00:00Z', '2025-11-17T09:00:38Z'), '38s');
    assert.equal(formatDuration('2025-11-17T09:00:00Z', '2025-11-17T10:05:00Z'), '1h 05m');
    assert.equal(formatDuration('2025-11-17T09:00:00Z', null), '');
  });

  it('computes SHA-256 like node:crypto', () => {
    assert.equal(sha256Base64(''), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    assert.equal(sha256Base64('abc'), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    for (const text of ['x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'ümlaut ✓ 漢字 '.repeat(50)]) {
      assert.equal(sha256Base64(text), createHash('sha256').update(text, 'utf8').digest('base64'), `length ${text.length}`);
    }
  });
});

describe('renderJson', () => {
  it('prints the report with 2-space indentation and a trailing newline', () => {
    const r = sampleReport();
    const text = renderJson(r);
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "schema": "agent-audit/report@1",\n'));
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(r)));
  });

  it('is byte-stable whatever order the producer built the objects in', () => {
    const r = sampleReport();
    const reversed = JSON.parse(JSON.stringify(r), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as Report;
    assert.notEqual(JSON.stringify(reversed), JSON.stringify(r));
    assert.equal(renderJson(reversed), renderJson(r));
  });

  it('keeps a `__proto__` key from a log as data', () => {
    const r = sampleReport();
    r.sessions[0].meta = JSON.parse('{"__proto__": "x", "a": 1}') as Record<string, string | number>;
    const back = JSON.parse(renderJson(r)) as Report;
    assert.deepEqual(Object.entries(back.sessions[0].meta), [
      ['__proto__', 'x'],
      ['a', 1],
    ]);
  });
});

describe('renderCsv', () => {
  const r = sampleReport();
  const rows = parseCsv(renderCsv(r));
  const header = rows[0];
  const data = rows.slice(1);
  const col = (name: (typeof TOOL_CALL_COLUMNS)[number]): number => header.indexOf(name);

  it('has one row per tool call, plus one for each session without calls', () => {
    assert.deepEqual(header, [...TOOL_CALL_COLUMNS]);
    const calls = r.sessions.reduce((n, s) => n + s.toolCalls.length, 0);
    assert.equal(calls, 37);
    assert.equal(data.length, calls + 1);
    for (const row of data) assert.equal(row.length, header.length);
    const callLess = data.filter((row) => row[col('session_id')] === '2025-12-02-quick-question');
    assert.equal(callLess.length, 1);
    assert.equal(callLess[0][col('call_id')], '');
  });

  it('writes CRLF line ends and quotes fields with line breaks', () => {
    const text = renderCsv(r);
    assert.equal(text.split('\r\n').length - 1, rows.length);
    const titled = data.find((row) => row[col('session_id')] === '019ab3c2-8d9e-7f01-a2b3-c4d5e6f7a855')!;
    assert.equal(titled[col('session_title')], `Fix the release build ${HOSTILE.markdownPipe}`);
  });

  it('carries the session columns and the call columns of a failed call', () => {
    const row = data.find((x) => x[col('call_id')] === 'toolu_04')!;
    assert.equal(row[col('agent')], 'claude-code');
    assert.equal(row[col('outcome')], 'productive');
    assert.equal(row[col('status')], 'failed');
    assert.equal(row[col('exit_code')], '1');
    assert.equal(row[col('call_index')], '4');
    assert.equal(row[col('call_capabilities')], 'config-data;shell-exec');
    assert.equal(row[col('touched_paths')], 'read /home/dev/webshop/package.json');
  });

  it('lists several touched paths of one call one per line, and keeps models together', () => {
    const row = data.find((x) => x[col('call_id')] === 'call_c')!;
    assert.equal(row[col('touched_paths')], `read ${HOSTILE.scriptPath}\nread ${HOSTILE.jsUrlPath}`);
    assert.equal(row[col('models')], 'gpt-5-codex;gpt-5');
  });

  it('prefixes a formula-looking error so spreadsheets show it as text', () => {
    const row = data.find((x) => x[col('call_id')] === 'call_f')!;
    assert.equal(row[col('error')], `'${HOSTILE.csvFormula}`);
  });

  it('has a per-session companion table with the counts', () => {
    const srows = parseCsv(renderSessionsCsv(r));
    assert.deepEqual(srows[0], [...SESSION_COLUMNS]);
    assert.equal(srows.length - 1, SAMPLE_FACTS.listedSessions);
    const at = (name: (typeof SESSION_COLUMNS)[number]): number => srows[0].indexOf(name);
    const codex = srows.find((x) => x[at('session_id')] === '019ab3c2-8d9e-7f01-a2b3-c4d5e6f7a855')!;
    assert.equal(codex[at('tool_calls')], '6');
    assert.equal(codex[at('failed')], '2');
    assert.equal(codex[at('files_read')], '3');
    assert.equal(codex[at('files_written')], '1');
    assert.equal(codex[at('gaps')], '1');
    const blocked = srows.find((x) => x[at('outcome')] === 'blocked')!;
    assert.equal(blocked[at('denied')], '2');
    const replay = srows.find((x) => x[at('replay')] === 'true')!;
    assert.equal(replay[at('session_id')], 'agent-compact-5e1f');
  });
});

describe('renderMarkdown', () => {
  const r = sampleReport();
  const text = renderMarkdown(r);

  it('has the same sections as the HTML page', () => {
    for (const h of ['# Agent Audit report', '## Overview', '## Agents', '## Category × outcome', '## Capabilities', '### Fingerprint per session', '## Activity', '### Models', '## Sessions', '### Denied and failed tool calls', '## Touched paths', '## Gaps and problems']) {
      assert.ok(text.split('\n').includes(h), h);
    }
  });

  it('keeps every table row the width of its header despite pipes and line breaks in the data', () => {
    const lines = text.split('\n');
    let width = -1;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        width = -1;
        continue;
      }
      const cells = line.match(/(?<!\\)\|/g)!.length;
      if (width === -1) width = cells;
      else assert.equal(cells, width, line);
    }
    assert.ok(text.includes('Fix the release build a \\| b c'));
  });

  it('shows the matrix numbers', () => {
    assert.ok(text.includes('| code | 2 | 0 | 1 | 0 | 0 | 1 | **4** |'));
    assert.ok(text.includes('| **Total** | **3** | **2** | **1** | **1** | **1** | **1** | **9** |'));
  });

  it('puts hostile paths in code spans only', () => {
    const withScript = text.split('\n').filter((l) => l.includes('<script>'));
    assert.ok(withScript.length > 0);
    for (const line of withScript) {
      for (const m of line.matchAll(/<script>/g)) {
        const before = line.slice(0, m.index);
        const ticks = (before.match(/(?<!\\)`+/g) ?? []).length;
        assert.equal(ticks % 2, 1, `<script> outside a code span: ${line}`);
      }
    }
  });

  it('lists denied and failed calls with their session numbers', () => {
    assert.ok(text.includes('| #5 | 3 | `Bash` | denied | `sudo systemctl reload nginx` |'));
    assert.equal(text.match(/^\| #\d+ \| \d+ \|/gm)!.length, SAMPLE_FACTS.deniedCalls + SAMPLE_FACTS.failedCalls);
  });
});

describe('renderHtml', () => {
  const r = sampleReport();
  const html = renderHtml(r);

  it('is deterministic', () => {
    assert.equal(renderHtml(sampleReport()), html);
  });

  it('pins its only script by hash in the Content-Security-Policy', () => {
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    const hash = createHash('sha256').update(scripts[0][1], 'utf8').digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    assert.ok(csp.includes("default-src 'none'"));
    assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
    for (const tag of html.matchAll(/<[a-z][^>]*>/g)) {
      const names = tag[0].replace(/"[^"]*"/g, '""').match(/\s[a-z-]+(?==)/g) ?? [];
      for (const name of names) assert.ok(!/^\s*on/.test(name), `inline event handler in ${tag[0].slice(0, 120)}`);
    }
  });

  it('loads nothing from anywhere: no external src, href or url()', () => {
    for (const m of html.matchAll(/\b(?:href|src)="([^"]*)"/g)) assert.match(m[1], /^(#|data:)/, m[0]);
    for (const m of html.matchAll(/url\(([^)]*)\)/g)) assert.match(m[1], /^"?data:/, m[0]);
    assert.ok(!/<(img|iframe|link rel="stylesheet"|object|embed)\b/.test(html));
  });

  it('renders hostile strings as text', () => {
    assert.ok(!html.includes('<script>window.__pwned'));
    assert.ok(html.includes('&lt;script&gt;window.__pwned = 1&lt;/script&gt;'));
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('href="javascript:'));
    assert.ok(html.includes('javascript:alert(document.cookie)'), 'shown, as text');
    assert.ok(html.includes('&lt;b&gt;meta&lt;/b&gt;'), 'meta keys are escaped too');
  });

  it('has the sections and one expandable row group per session', () => {
    for (const id of ['overview', 'agents', 'matrix', 'capabilities', 'activity', 'sessions', 'paths', 'gaps']) {
      assert.ok(html.includes(`<section id="${id}"`), id);
    }
    assert.equal(html.match(/<tr class="session-row">/g)!.length, SAMPLE_FACTS.listedSessions);
    assert.equal(html.match(/<tr class="session-detail"[^>]* hidden>/g)!.length, SAMPLE_FACTS.listedSessions);
  });

  it('draws the matrix from report.matrix', () => {
    const cell = (c: string, o: string): string => new RegExp(`data-category="${c}" data-outcome="${o}"[^>]*>([^<]*)<`).exec(html)![1];
    assert.equal(cell('code', 'productive'), '2');
    assert.equal(cell('research', 'blocked'), '1');
    assert.equal(cell('cleanup', 'failed'), '0');
    const changed = sampleReport();
    changed.matrix.cells.code.productive = 41;
    assert.equal(new RegExp('data-category="code" data-outcome="productive"[^>]*>([^<]*)<').exec(renderHtml(changed))![1], '41');
  });

  it('links subagents to their parent and paths to their sessions with in-page anchors only', () => {
    assert.ok(html.includes('Parent session</dt><dd><a class="slink" href="#s-1">Fix cart total rounding</a>'));
    const anchors = new Set([...html.matchAll(/href="#(s-\d+)"/g)].map((m) => m[1]));
    for (const a of anchors) assert.ok(html.includes(`<tbody id="${a}"`), a);
  });

  it('fills empty weeks so the time axis is continuous', () => {
    const gap = sampleReport();
    gap.daily = [gap.daily[0], gap.daily[2]];
    const out = renderHtml(gap);
    assert.ok(out.includes('>W48</text>'));
    assert.ok(out.includes('2025-W48: 0 sessions'));
  });

  it('labels capabilities from the taxonomy, or from the describer it is given', () => {
    assert.match(html, /<span class="caplabel">[^<]+<\/span><span class="chip [^"]*sensitive" title="[^"]*\(secrets-access\)">secrets-access<\/span><\/div><div class="desc">[^<]+<\/div>/);
    const out = renderHtml(r, { describeCapability: (id) => ({ label: `Label of ${id}`, group: 'files', description: 'Reads .env, keys & tokens' }) });
    assert.ok(out.includes('<span class="caplabel">Label of secrets-access</span>'));
    assert.ok(out.includes('Reads .env, keys &amp; tokens'));
  });
});

describe('renderReport', () => {
  it('dispatches by format', () => {
    const r = sampleReport();
    assert.equal(renderReport(r, 'json'), renderJson(r));
    assert.equal(renderReport(r, 'csv'), renderCsv(r));
    assert.equal(renderReport(r, 'md'), renderMarkdown(r));
    assert.equal(renderReport(r, 'html'), renderHtml(r));
    assert.ok(isReportFormat('md'));
    assert.ok(!isReportFormat('pdf'));
  });

  it('renders an empty report in every format', () => {
    const r = emptyReport();
    assert.ok(renderHtml(r).includes('No sessions in this report.'));
    assert.ok(renderMarkdown(r).includes('_No sessions._'));
    assert.equal(parseCsv(renderCsv(r)).length, 1);
    assert.deepEqual(JSON.parse(renderJson(r)), r);
  });
});
