/**
 * One generated Codex rollout (`sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`), shaped like the
 * CLI's 0.10x output: `session_meta` with the base instructions, then per turn `task_started`,
 * `turn_context`, the user message, reasoning, `exec_command` function calls and their output,
 * `apply_patch` custom tool calls, `update_plan`, `token_count` events and the agent's answer.
 */
import type { Rng } from './random';
import type { TextPool } from './text';
import { LANG_EXT } from './text';
import { JsonlWriter } from './jsonl';
import type { WrittenSession } from './claudeSession';

export interface CodexSessionPlan {
  file: string;
  sessionId: string;
  cwd: string;
  startMs: number;
  targetBytes: number;
  model: string;
  /** Shared by every session of a corpus, as the CLI's own prompt is. */
  baseInstructions: string;
}

const TOOL_WEIGHTS = { exec_command: 70, apply_patch: 22, update_plan: 5, write_stdin: 3 } as const;

export function writeCodexSession(plan: CodexSessionPlan, rng: Rng, text: TextPool): WrittenSession {
  const w = new JsonlWriter(plan.file);
  try {
    return new CodexSessionWriter(plan, rng, text, w).run();
  } finally {
    w.close();
  }
}

/** A Codex-style UUIDv7: the first 48 bits are the start time in milliseconds. */
export function codexSessionId(rng: Rng, ms: number): string {
  const h = ms.toString(16).padStart(12, '0') + rng.hex(20);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Where Codex puts a rollout under CODEX_HOME, named after its local start time (UTC here). */
export function codexRolloutPath(startMs: number, sessionId: string): string {
  const iso = new Date(startMs).toISOString();
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  return `sessions/${y}/${m}/${d}/rollout-${iso.slice(0, 19).replace(/:/g, '-')}-${sessionId}.jsonl`;
}

class CodexSessionWriter {
  private t: number;
  private readonly tools: Record<string, number> = {};
  private readonly files: string[];
  private total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };

  constructor(
    private readonly plan: CodexSessionPlan,
    private readonly rng: Rng,
    private readonly text: TextPool,
    private readonly w: JsonlWriter,
  ) {
    this.t = plan.startMs;
    this.files = Array.from({ length: rng.int(6, 40) }, () => `${rng.pick(['src', 'lib', 'tests', 'docs'])}/${text.ident()}_${text.ident()}.${rng.pick(LANG_EXT)}`);
  }

  run(): WrittenSession {
    const { plan, rng, text } = this;
    this.write('session_meta', {
      id: plan.sessionId,
      timestamp: this.iso(),
      cwd: plan.cwd,
      originator: 'codex_cli_rs',
      cli_version: '0.104.0',
      source: 'cli',
      model_provider: 'openai',
      base_instructions: { text: plan.baseInstructions },
      git: { commit_hash: rng.hex(40), branch: 'main', repository_url: `git@github.com:example/${plan.cwd.split('/').pop()}.git` },
    });
    this.item({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: `<permissions instructions>\n${text.document(3)}\n</permissions instructions>` }] });
    this.item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>${plan.cwd}</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>` }] });
    let first = true;
    while (first || !this.full()) {
      this.turn();
      first = false;
    }
    return { bytes: this.w.bytes, lines: this.w.lines, endMs: this.t, tools: this.tools };
  }

  private turn(): void {
    const { plan, rng, text } = this;
    const turnId = codexSessionId(rng, this.t);
    this.event({ type: 'task_started', turn_id: turnId, model_context_window: 258400, collaboration_mode_kind: 'default' });
    this.write('turn_context', {
      turn_id: turnId,
      cwd: plan.cwd,
      approval_policy: 'on-request',
      sandbox_policy: { type: 'workspace-write', writable_roots: [plan.cwd], network_access: false, exclude_tmpdir_env_var: false, exclude_slash_tmp: false },
      model: plan.model,
      personality: 'pragmatic',
      effort: 'high',
      summary: 'auto',
      truncation_policy: { mode: 'tokens', limit: 10000 },
    });
    const prompt = text.paragraph(rng.int(1, 4));
    this.item({ type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    this.event({ type: 'user_message', message: prompt, images: [], local_images: [], text_elements: [] });
    this.event({ type: 'token_count', info: null, rate_limits: this.rateLimits() });
    const steps = rng.logInt(1, 16);
    for (let i = 0; i < steps; i++) {
      this.reasoning();
      this.toolCall(rng.weighted(TOOL_WEIGHTS));
      this.tokenCount();
      if (this.full()) break;
    }
    const answer = text.document(this.lines(1, 4, 4000));
    this.item({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }], phase: 'final_answer' });
    this.event({ type: 'agent_message', message: answer });
    this.tokenCount();
    this.event({ type: 'task_complete', turn_id: turnId, last_agent_message: answer });
    this.tick(30, 1200);
  }

  private reasoning(): void {
    const { plan, rng, text } = this;
    const summary = text.words(rng.int(4, 10));
    this.event({ type: 'agent_reasoning', text: summary });
    this.item({ type: 'reasoning', summary: [{ type: 'summary_text', text: summary }], content: null, encrypted_content: text.opaque(Math.min(rng.logInt(800, 12000), Math.max(800, plan.targetBytes - this.w.bytes))) });
    this.tick(1, 20);
  }

  private toolCall(name: keyof typeof TOOL_WEIGHTS): void {
    const { plan, rng, text } = this;
    const callId = `call_${rng.base62(24)}`;
    this.tools[name] = (this.tools[name] ?? 0) + 1;
    switch (name) {
      case 'exec_command': {
        const cmd = rng.pick(['rg -n "' + text.ident() + '" src', 'cargo test', 'npm test', 'git status --short', `sed -n '1,200p' ${rng.pick(this.files)}`, 'pytest -q', `ls -la ${rng.pick(['src', 'tests', 'docs'])}`, 'git diff']);
        this.item({ type: 'function_call', name, arguments: JSON.stringify({ cmd, workdir: plan.cwd, yield_time_ms: 10000, max_output_tokens: 10000 }), call_id: callId });
        this.tick(0, 60);
        const out = text.logLines(this.lines(1, 400, 60));
        const code = rng.chance(0.06) ? 1 : 0;
        this.item({ type: 'function_call_output', call_id: callId, output: `Chunk ID: ${rng.hex(6)}\nWall time: ${(rng.next() * 20).toFixed(4)} seconds\nProcess exited with code ${code}\nOriginal token count: ${Math.round(out.length / 4)}\nOutput:\n${out}` });
        return;
      }
      case 'write_stdin':
        this.item({ type: 'function_call', name, arguments: JSON.stringify({ session_id: rng.int(1, 9), chars: '', yield_time_ms: 5000 }), call_id: callId });
        this.tick(0, 10);
        this.item({ type: 'function_call_output', call_id: callId, output: `Chunk ID: ${rng.hex(6)}\nWall time: 5.0000 seconds\nProcess running with session ID ${rng.int(1, 9)}\nOriginal token count: 12\nOutput:\n${text.logLines(rng.int(1, 30))}` });
        return;
      case 'apply_patch': {
        const file = `${plan.cwd}/${rng.pick(this.files)}`;
        const hunks = Array.from({ length: rng.int(1, 6) }, () => `@@\n${text.codeLines(rng.int(1, 4)).split('\n').map((l) => ` ${l}`).join('\n')}\n-${text.codeLines(1)}\n+${text.codeLines(1)}\n+${text.codeLines(1)}`).join('\n');
        const create = rng.chance(0.2);
        const body = create ? `*** Add File: ${file}\n${text.codeLines(this.lines(5, 300, 45)).split('\n').map((l) => `+${l}`).join('\n')}` : `*** Update File: ${file}\n${hunks}`;
        this.item({ type: 'custom_tool_call', status: 'completed', call_id: callId, name, input: `*** Begin Patch\n${body}\n*** End Patch` });
        this.tick(0, 3);
        this.item({ type: 'custom_tool_call_output', call_id: callId, output: JSON.stringify({ output: `Success. Updated the following files:\n${create ? 'A' : 'M'} ${file}\n`, metadata: { exit_code: 0, duration_seconds: 0.0 } }) });
        return;
      }
      case 'update_plan': {
        const plan = Array.from({ length: rng.int(2, 6) }, () => ({ step: text.words(rng.int(3, 8)), status: rng.pick(['pending', 'in_progress', 'completed']) }));
        this.item({ type: 'function_call', name, arguments: JSON.stringify({ plan }), call_id: callId });
        this.item({ type: 'function_call_output', call_id: callId, output: 'Plan updated' });
        return;
      }
    }
  }

  /** Closing a turn (the answer, twice, and events) adds about this much. */
  private full(): boolean {
    return this.w.bytes + 2500 >= this.plan.targetBytes;
  }

  /** Output lines: log-uniform in [min, max], kept within what is left of the file's size budget. */
  private lines(min: number, max: number, bytesPerLine: number): number {
    const left = this.plan.targetBytes - this.w.bytes;
    return Math.min(this.rng.logInt(min, max), Math.max(min, Math.floor(left / bytesPerLine)));
  }

  private tokenCount(): void {
    const { rng } = this;
    const last = { input_tokens: rng.int(8000, 120000), cached_input_tokens: 0, output_tokens: rng.int(20, 3000), reasoning_output_tokens: rng.int(0, 1500), total_tokens: 0 };
    last.cached_input_tokens = Math.floor(last.input_tokens * rng.next());
    last.total_tokens = last.input_tokens + last.output_tokens;
    for (const k of Object.keys(this.total) as (keyof typeof last)[]) this.total[k] += last[k];
    this.event({ type: 'token_count', info: { total_token_usage: { ...this.total }, last_token_usage: last, model_context_window: 258400 }, rate_limits: this.rateLimits() });
  }

  private rateLimits(): Record<string, unknown> {
    return { limit_id: 'codex', limit_name: null, primary: { used_percent: this.rng.int(0, 90), window_minutes: 300, resets_at: Math.floor(this.t / 1000) + 9000 }, secondary: { used_percent: this.rng.int(0, 60), window_minutes: 10080, resets_at: Math.floor(this.t / 1000) + 400000 }, credits: { has_credits: false, unlimited: false, balance: null }, plan_type: 'pro' };
  }

  private item(payload: Record<string, unknown>): void {
    this.write('response_item', payload);
  }

  private event(payload: Record<string, unknown>): void {
    this.write('event_msg', payload);
  }

  private write(type: string, payload: Record<string, unknown>): void {
    this.w.write({ timestamp: this.iso(), type, payload });
    this.tick(0, 1);
  }

  private tick(minSeconds: number, maxSeconds: number): void {
    this.t += Math.round((minSeconds + this.rng.next() * (maxSeconds - minSeconds)) * 1000);
  }

  private iso(): string {
    return new Date(this.t).toISOString();
  }
}
