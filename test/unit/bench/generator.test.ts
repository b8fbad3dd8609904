/**
 * The benchmark's corpus generator: the same seed gives the same bytes, sizes follow the requested
 * profile, every line is JSON, and Agent Audit's own scanner reads what was generated without a
 * gap and finds exactly the tool calls the generator wrote.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { existingCorpus, generateCorpus, generateLargeFile, type Manifest } from '../../../scripts/bench/corpus';
import { parseFloor } from '../../../scripts/bench/parseFloor';
import { fileSizes, HEAVY_USER_PROFILE, type SizeProfile, sizeStats } from '../../../scripts/bench/profile';
import { scanPaths } from '../../../src/node/scan';

const PROFILE: SizeProfile = { files: 60, totalBytes: 12_000_000, medianBytes: 90_000, p99Bytes: 1_500_000, maxBytes: 2_500_000 };

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'aa-bench-'));
}

/** One hash over every file's relative path and bytes, in a fixed order. */
function hashTree(root: string): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(path.relative(root, p)).update('\0').update(fs.readFileSync(p)).update('\0');
    }
  };
  walk(root);
  return h.digest('hex');
}

describe('bench file sizes', () => {
  it('fit the measured heavy-user profile: count, total, median, p99 and largest', () => {
    const s = sizeStats(fileSizes(HEAVY_USER_PROFILE));
    assert.equal(s.files, 3142);
    assert.ok(Math.abs(s.totalBytes / HEAVY_USER_PROFILE.totalBytes - 1) < 0.001, `total ${s.totalBytes}`);
    assert.ok(Math.abs(s.medianBytes / 105_000 - 1) < 0.02, `median ${s.medianBytes}`);
    assert.ok(Math.abs(s.p99Bytes / 5_400_000 - 1) < 0.05, `p99 ${s.p99Bytes}`);
    assert.equal(s.maxBytes, 87_000_000);
  });
});

describe('bench corpus', () => {
  const roots: string[] = [];
  let a: string;
  let manifest: Manifest;

  before(() => {
    a = tmp();
    roots.push(a);
    manifest = generateCorpus(a, { seed: 'unit', profile: PROFILE });
  });
  after(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it('is the same bytes for the same seed and different bytes for another', () => {
    const b = tmp();
    const c = tmp();
    roots.push(b, c);
    generateCorpus(b, { seed: 'unit', profile: PROFILE });
    generateCorpus(c, { seed: 'other', profile: PROFILE });
    assert.equal(hashTree(a), hashTree(b));
    assert.notEqual(hashTree(a), hashTree(c));
  });

  it('is reused only when its parameters match', () => {
    assert.ok(existingCorpus(a, { seed: 'unit', profile: PROFILE }));
    assert.equal(existingCorpus(a, { seed: 'other', profile: PROFILE }), undefined);
    assert.equal(existingCorpus(a, { seed: 'unit', profile: { ...PROFILE, files: 61 } }), undefined);
  });

  it('has the requested number of files, with sizes close to the profile', () => {
    assert.equal(manifest.files.length, PROFILE.files);
    for (const f of manifest.files) assert.equal(fs.statSync(path.join(a, f.path)).size, f.bytes, f.path);
    const all = manifest.all;
    // Files end on a whole turn, so they overshoot their target a little; small files the most.
    assert.ok(all.totalBytes >= PROFILE.totalBytes && all.totalBytes < PROFILE.totalBytes * 1.1, `total ${all.totalBytes}`);
    assert.ok(all.medianBytes > PROFILE.medianBytes * 0.85 && all.medianBytes < PROFILE.medianBytes * 1.25, `median ${all.medianBytes}`);
    assert.ok(all.maxBytes >= PROFILE.maxBytes && all.maxBytes < PROFILE.maxBytes * 1.05, `largest ${all.maxBytes}`);
    const largest = manifest.files.find((f) => f.bytes === all.maxBytes)!;
    assert.equal(largest.agent, 'claude-code', 'the largest file belongs to the Claude Code part the peers read');
  });

  it('lays files out as Claude Code and Codex do, with subagents beside their parents', () => {
    const claude = manifest.files.filter((f) => f.agent === 'claude-code');
    const codex = manifest.files.filter((f) => f.agent === 'codex');
    assert.ok(codex.length > 0 && claude.length > codex.length);
    for (const f of codex) assert.match(f.path, /^codex\/sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}\.jsonl$/);
    const subagents = claude.filter((f) => f.role === 'subagent');
    assert.ok(subagents.length > 0, 'some subagent transcripts');
    for (const f of subagents) {
      const m = /^claude\/projects\/(-home-dev-projects-[\w-]+)\/([0-9a-f-]{36})\/subagents\/agent-a[0-9a-f]{16}\.jsonl$/.exec(f.path);
      assert.ok(m, f.path);
      assert.ok(fs.existsSync(path.join(a, 'claude', 'projects', m[1]!, `${m[2]}.jsonl`)), `parent of ${f.path}`);
      assert.ok(fs.existsSync(path.join(a, f.path.replace(/\.jsonl$/, '.meta.json'))));
    }
  });

  it("is read whole by the bench's floor: every Claude Code file and line, and nothing else", () => {
    const claude = manifest.files.filter((f) => f.agent === 'claude-code');
    const floor = parseFloor([path.join(a, 'claude', 'projects')]);
    assert.deepEqual(floor, {
      files: claude.length,
      lines: claude.reduce((n, f) => n + f.lines, 0),
      bytes: claude.reduce((n, f) => n + f.bytes, 0),
    });
  });

  it('writes only valid JSON lines, with the record mix of real logs', () => {
    const seen = new Set<string>();
    for (const f of manifest.files) {
      const lines = fs.readFileSync(path.join(a, f.path), 'utf8').split('\n');
      assert.equal(lines.pop(), '', `${f.path} ends with a newline`);
      assert.equal(lines.length, f.lines);
      for (const [i, line] of lines.entries()) {
        let rec: { type?: string; data?: { type?: string }; payload?: { type?: string; name?: string }; message?: { usage?: unknown } };
        try {
          rec = JSON.parse(line);
        } catch {
          assert.fail(`${f.path}:${i + 1} is not JSON`);
        }
        seen.add(`${rec.type}${rec.data?.type ? `/${rec.data.type}` : ''}${rec.payload?.type ? `/${rec.payload.type}` : ''}${rec.payload?.name ? `/${rec.payload.name}` : ''}`);
        if (rec.type === 'assistant') assert.ok(rec.message?.usage, 'assistant records carry usage');
      }
    }
    for (const kind of ['file-history-snapshot', 'user', 'assistant', 'system', 'progress/hook_progress', 'progress/bash_progress', 'progress/agent_progress', 'session_meta', 'turn_context', 'response_item/function_call/exec_command', 'response_item/function_call_output', 'response_item/custom_tool_call/apply_patch', 'event_msg/token_count']) {
      assert.ok(seen.has(kind), `has ${kind} records`);
    }
  });

  it("is read by Agent Audit's scanner with no gaps, finding every tool call the generator wrote", async () => {
    const scan = await scanPaths([path.join(a, 'claude'), path.join(a, 'codex')]);
    assert.deepEqual(scan.gaps, []);
    for (const d of scan.drafts) assert.deepEqual(d.gaps, [], `${d.id} has gaps`);
    const byFile = new Map<string, Record<string, number>>();
    for (const d of scan.drafts) {
      const file = d.sources[0]!.path;
      const tally = byFile.get(file) ?? {};
      for (const c of d.toolCalls) tally[c.tool] = (tally[c.tool] ?? 0) + 1;
      byFile.set(file, tally);
    }
    const sorted = (t: Record<string, number>): [string, number][] => Object.entries(t).sort(([x], [y]) => x.localeCompare(y));
    for (const f of manifest.files) {
      const found = byFile.get(path.join(fs.realpathSync(a), f.path));
      assert.ok(found, `${f.path} was read`);
      assert.deepEqual(sorted(found), sorted(f.tools), f.path);
    }
    const total = manifest.files.reduce((n, f) => n + Object.values(f.tools).reduce((x, y) => x + y, 0), 0);
    assert.ok(total > 500, `${total} tool calls`);
    // Each subagent file is linked to the session that spawned it.
    const subagents = scan.drafts.filter((d) => d.parentId);
    assert.equal(subagents.length, manifest.files.filter((f) => f.role === 'subagent').length);
  });

  it('generates a single large Claude Code session that reads without gaps', async () => {
    const root = tmp();
    roots.push(root);
    const large = generateLargeFile(root, 'unit', 3_000_000);
    assert.ok(large.bytes >= 3_000_000 && large.bytes < 3_100_000, `${large.bytes} bytes`);
    const scan = await scanPaths([large.file]);
    assert.equal(scan.drafts.length, 1);
    assert.deepEqual(scan.drafts[0]!.gaps, []);
    assert.ok(scan.drafts[0]!.toolCalls.length > 100);
  });
});
