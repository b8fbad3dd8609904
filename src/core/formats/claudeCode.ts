/**
 * Claude Code transcripts (`~/.claude/projects/<encoded cwd>/<sessionId>.jsonl`), every era:
 * 1.0.x/2.0.x inline sidechains, 2.0.x `agent-<id>.jsonl` beside the session, 2.1.x
 * `<sessionId>/subagents/agent-<id>.jsonl` (+ `.meta.json` sidecar), `agent-acompact-*` replays.
 *
 * Sessions produced from one file:
 * - a main file gives one draft. Its id is the file name when that is a session UUID (Claude names
 *   files after their session), else the first `sessionId` in it, else the file name. Other
 *   sessionIds found after a resume are listed in `meta.sessionIds`.
 * - inline sidechains (isSidechain records in a main file) each become a draft
 *   `<id>:sidechain-<n>`, grouped by following parentUuid, linked to the Task/Agent call whose
 *   prompt started them (else the oldest unanswered one). Their calls stay out of the parent.
 * - a subagent file (file named `agent-<id>.jsonl`, or records carrying agentId + isSidechain)
 *   gives one draft `agent-<agentId>` whose parentId is the sessionId its records carry.
 */
import type { LineRange, SessionDraft, ToolCall, ToolStatus } from '../model';
import { GapList } from '../gaps';
import type { DocumentFormat, FileHead, FormatId, LineFormat, LineParser } from './types';
import { addModel, arr, clip, emptyDraft, isNaiveTimestamp, isRecord, isoTime, keepOutput, num, oneLine, seeTime, str, touch, type Rec } from './util';
import { promptKeyOf, summarizeInput, toolKindOf, type InputTarget } from './claudeCodeTools';

/** Record types Claude Code writes that carry nothing this audit needs (or are read for meta only). */
const IGNORED_TYPES = new Set([
  'file-history-snapshot',
  'queue-operation',
  'attachment',
  'last-prompt',
  'pr-link',
  'worktree-state',
  'mode',
  'bridge-session',
  'agent-setting',
  'frame-link',
  'relocated',
  'atis-latch',
  'started',
  'result',
]);

/** Types that mark a Claude transcript when they come with Claude's own fields. */
const CLAUDE_TYPES = new Set([
  'user',
  'assistant',
  'system',
  'summary',
  'progress',
  'file-history-snapshot',
  'queue-operation',
  'attachment',
  'permission-mode',
  'ai-title',
  'custom-title',
  'agent-name',
  'last-prompt',
  'pr-link',
  'worktree-state',
]);

const INTERRUPT_MARK = '[Request interrupted by user';
/** `agent-<id>` as Claude names subagent files (hex ids, `acompact-<hex>` for the compaction summariser). */
const AGENT_FILE = /^agent-[0-9a-z]+(?:-[0-9a-z]+)*$/i;
const UUID_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CallState {
  call: ToolCall;
  target?: InputTarget;
  /** Edited line ranges from the result's structuredPatch. */
  lines?: LineRange[];
  promptKey?: string;
  subagentType?: string;
  /** Inline sidechain spawned by this call (index into the parser's sidechains). */
  sidechain?: number;
}

/** One session being assembled: the main conversation, an inline sidechain or a subagent file. */
class SessionBuilder {
  readonly calls: CallState[] = [];
  readonly gaps = new GapList();
  /** Models, cwd, times and meta as seen so far; copied into each snapshot. */
  readonly acc: SessionDraft = emptyDraft('', 'claude-code', '');
  firstLine?: number;
  lastLine?: number;
  customTitle?: string;
  aiTitle?: string;
  summaryTitle?: string;
  /** The first thing the user typed: the title of last resort. */
  firstPrompt?: string;
  /** The latest thing the user typed: the request behind the next calls (the permission journal's context). */
  lastRequest?: string;
  interrupted = false;
  error?: string;
  parentToolCallId?: string;
  agentType?: string;
  /** The first prompt (start only): pairs a sidechain with its spawn call, spots warmups. */
  promptKey?: string;
  linked = false;
  /** The agent's latest words, for the "why" of the next call. */
  private whyText?: string;
  private whyMessageId?: string;
  private turnSinceWhy = false;

  see(lineNo: number, iso: string | undefined): void {
    if (this.firstLine === undefined) this.firstLine = lineNo;
    this.lastLine = lineNo;
    seeTime(this.acc, iso);
  }

  noteText(text: string, messageId: string | undefined): void {
    if (text.trim() === '') return;
    this.whyText = text;
    this.whyMessageId = messageId;
    this.turnSinceWhy = false;
  }

  /** A user record arrived: text said before it no longer explains later calls of another response. */
  noteTurn(): void {
    this.turnSinceWhy = true;
  }

  whyFor(messageId: string | undefined): string | undefined {
    if (this.whyText === undefined) return undefined;
    if (this.turnSinceWhy && !(messageId && messageId === this.whyMessageId)) return undefined;
    return clip(this.whyText);
  }

  pending(): CallState[] {
    return this.calls.filter((c) => c.call.status === 'pending');
  }
}

class ClaudeCodeParser implements LineParser {
  private readonly main = new SessionBuilder();
  private readonly sidechains: SessionBuilder[] = [];
  private readonly sidechainOfUuid = new Map<string, number>();
  /** Every tool_use id seen, with the session it belongs to (one response is split over lines). */
  private readonly callOwner = new Map<string, { builder: SessionBuilder; state: CallState }>();
  /** Spawn call id -> subagent id, from progress agent_progress lines. */
  private readonly agentOfCall = new Map<string, string>();
  private readonly sessionIds: string[] = [];
  private readonly fileStem: string;
  private readonly fileAgentId?: string;
  private agentId?: string;
  private mode: 'unknown' | 'main' | 'subagent';
  private records = 0;
  /**
   * The latest line that did not parse, while it is the last one: a record cut mid-write (a crash,
   * or a writer still at work) if more lines never follow, a malformed line once they do.
   */
  private cut?: { line: number; length: number; object: boolean };

  constructor(private readonly source: string) {
    const base = source.slice(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    this.fileStem = base.endsWith('.jsonl') ? base.slice(0, -6) : base;
    if (AGENT_FILE.test(this.fileStem)) {
      this.fileAgentId = this.fileStem.slice(6);
      this.mode = 'subagent';
    } else {
      this.mode = 'unknown';
    }
  }

  line(text: string, lineNo: number): void {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
    this.records++;
    if (this.cut) {
      this.main.gaps.add('malformed-line', 'not JSON', this.at(this.cut.line));
      this.cut = undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.main.see(lineNo, undefined);
      this.cut = { line: lineNo, length: text.length, object: text.trimStart().startsWith('{') };
      return;
    }
    if (!isRecord(value)) {
      this.main.see(lineNo, undefined);
      this.main.gaps.add('malformed-line', 'not a JSON object', this.at(lineNo));
      return;
    }
    const rec = value;
    try {
      this.record(rec, lineNo);
    } catch {
      // Defensive: a record of an unforeseen shape must never stop the file.
      this.main.gaps.add('schema-drift', 'record could not be read', this.at(lineNo));
    }
  }

  private at(line: number): { source: string; line: number } {
    return { source: this.source, line };
  }

  private record(rec: Rec, lineNo: number): void {
    const type = str(rec.type);
    const sessionId = str(rec.sessionId) ?? str(rec.session_id);
    if (sessionId && !this.sessionIds.includes(sessionId)) this.sessionIds.push(sessionId);
    if (this.mode === 'unknown') {
      if (rec.isSidechain === true && str(rec.agentId)) this.mode = 'subagent';
      else if (type === 'user' || type === 'assistant') this.mode = 'main';
    }
    if (this.mode === 'subagent' && !this.agentId) this.agentId = str(rec.agentId) ?? this.fileAgentId;

    const b = this.builderFor(rec);
    const ts = this.timestamp(rec, b, lineNo);
    b.see(lineNo, ts);
    this.commonFields(rec, b);

    switch (type) {
      case 'user':
        this.user(rec, b, lineNo, ts);
        return;
      case 'assistant':
        this.assistant(rec, b, lineNo, ts);
        return;
      case 'system':
        this.system(rec, b);
        return;
      case 'progress':
        this.progress(rec);
        return;
      case 'summary': {
        const s = str(rec.summary);
        if (s && !b.summaryTitle) b.summaryTitle = oneLine(s);
        return;
      }
      case 'custom-title': {
        const t = str(rec.customTitle) ?? str(rec.title);
        if (t) b.customTitle = oneLine(t);
        return;
      }
      case 'ai-title': {
        const t = str(rec.aiTitle) ?? str(rec.title);
        if (t) b.aiTitle = oneLine(t);
        return;
      }
      case 'agent-name': {
        const n = str(rec.agentName);
        if (n) b.acc.meta.agentName = n;
        return;
      }
      case 'permission-mode': {
        const m = str(rec.permissionMode);
        if (m) b.acc.meta.permissionMode = m;
        return;
      }
      case undefined:
        this.main.gaps.add('unknown-record', '(no type)', this.at(lineNo));
        return;
      default:
        if (!IGNORED_TYPES.has(type)) this.main.gaps.add('unknown-record', type, this.at(lineNo));
    }
  }

  /** Main conversation, an inline sidechain (grouped by parentUuid), or the subagent file's session. */
  private builderFor(rec: Rec): SessionBuilder {
    if (this.mode === 'subagent' || rec.isSidechain !== true) return this.main;
    const parent = str(rec.parentUuid);
    let index = parent !== undefined ? this.sidechainOfUuid.get(parent) : undefined;
    if (index === undefined) {
      index = this.sidechains.length;
      this.sidechains.push(new SessionBuilder());
    }
    const uuid = str(rec.uuid);
    if (uuid) this.sidechainOfUuid.set(uuid, index);
    return this.sidechains[index];
  }

  private timestamp(rec: Rec, b: SessionBuilder, lineNo: number): string | undefined {
    const raw = str(rec.timestamp);
    if (raw === undefined) return undefined;
    if (!raw.endsWith('Z') && isNaiveTimestamp(raw)) b.gaps.add('guessed-timezone', 'timestamp without zone', this.at(lineNo));
    return isoTime(raw);
  }

  private commonFields(rec: Rec, b: SessionBuilder): void {
    const { acc } = b;
    if (acc.cwd === undefined) {
      const cwd = str(rec.cwd);
      if (cwd) acc.cwd = cwd;
    }
    if (acc.meta.cliVersion === undefined) {
      const v = str(rec.version);
      if (v) acc.meta.cliVersion = v;
    }
    if (acc.meta.gitBranch === undefined) {
      const g = str(rec.gitBranch);
      if (g) acc.meta.gitBranch = g;
    }
    const mode = str(rec.permissionMode);
    if (mode) acc.meta.permissionMode = mode;
  }

  private assistant(rec: Rec, b: SessionBuilder, lineNo: number, ts: string | undefined): void {
    const message = rec.message;
    if (!isRecord(message)) {
      b.gaps.add('schema-drift', 'assistant message is not an object', this.at(lineNo));
      return;
    }
    const model = str(message.model);
    addModel(b.acc, model);
    const messageId = str(message.id);
    const content = message.content;
    if (typeof content === 'string') {
      if (this.apiErrorMessage(rec, model, content, b)) return;
      this.activity(b);
      b.noteText(content, messageId);
      return;
    }
    if (!Array.isArray(content)) {
      b.gaps.add('schema-drift', 'assistant content is not a list', this.at(lineNo));
      return;
    }
    let first = true;
    for (let i = 0; i < content.length; i++) {
      const block = content[i];
      if (!isRecord(block)) {
        b.gaps.add('schema-drift', 'assistant content item is not an object', this.at(lineNo));
        continue;
      }
      const blockType = str(block.type);
      if (blockType === 'text') {
        const text = str(block.text) ?? '';
        if (first && this.apiErrorMessage(rec, model, text, b)) return;
        b.noteText(text, messageId);
      } else if (blockType === 'tool_use') {
        this.toolUse(block, rec, b, lineNo, i, ts, messageId);
      }
      if (first) {
        this.activity(b);
        first = false;
      }
    }
  }

  /** Claude writes API failures as a local `<synthetic>` assistant message. */
  private apiErrorMessage(rec: Rec, model: string | undefined, text: string, b: SessionBuilder): boolean {
    if (rec.isApiErrorMessage === true || (model === '<synthetic>' && text.startsWith('API Error'))) {
      b.error = oneLine(text) || 'API error';
      return true;
    }
    return false;
  }

  /** The agent produced output: an earlier interruption or API error was not how things ended. */
  private activity(b: SessionBuilder): void {
    b.interrupted = false;
    b.error = undefined;
  }

  private toolUse(block: Rec, rec: Rec, b: SessionBuilder, lineNo: number, index: number, ts: string | undefined, messageId: string | undefined): void {
    let id = str(block.id);
    if (id !== undefined && this.callOwner.has(id)) return;
    if (!id) {
      b.gaps.add('schema-drift', 'tool_use without id', this.at(lineNo));
      id = `line${lineNo}.${index}`;
    }
    const name = str(block.name) ?? '';
    const info = toolKindOf(name);
    const input = summarizeInput(name, info.kind, block.input);
    const call: ToolCall = { id, tool: name, kind: info.kind, status: 'pending', args: input.args, source: { file: this.source, line: lineNo } };
    if (ts) call.startedAt = ts;
    if (input.command !== undefined) call.command = input.command;
    if (input.url !== undefined) call.url = input.url;
    if (input.query !== undefined) call.query = input.query;
    const mcpServer = info.mcpServer ?? input.mcpServer;
    if (mcpServer) call.mcpServer = mcpServer;
    const cwd = str(rec.cwd);
    if (cwd && b.acc.cwd && cwd !== b.acc.cwd) call.cwd = cwd;
    const why = b.whyFor(messageId);
    if (why) call.why = why;
    if (b.lastRequest) call.request = b.lastRequest;
    if (info.unmapped) {
      call.unmapped = true;
      b.gaps.add('unknown-tool', name || '(no name)', this.at(lineNo));
    }
    const state: CallState = { call, target: input.target, promptKey: input.promptKey, subagentType: input.subagentType };
    b.calls.push(state);
    this.callOwner.set(id, { builder: b, state });
  }

  private user(rec: Rec, b: SessionBuilder, lineNo: number, ts: string | undefined): void {
    const message = rec.message;
    if (!isRecord(message)) {
      b.gaps.add('schema-drift', 'user message is not an object', this.at(lineNo));
      return;
    }
    b.noteTurn();
    const content = message.content;
    // Injected context and compaction summaries are not what the user asked for.
    if (b.firstPrompt === undefined && rec.isMeta !== true && rec.isCompactSummary !== true) {
      const typed = typeof content === 'string' ? content : content === undefined ? undefined : firstText(content);
      if (typed !== undefined && typed.trim() !== '' && !typed.trimStart().startsWith('<')) b.firstPrompt = oneLine(typed, 120);
    }
    if (rec.isMeta !== true && rec.isCompactSummary !== true) {
      const typed = typeof content === 'string' ? content : content === undefined ? undefined : firstText(content);
      if (typed !== undefined && typed.trim() !== '' && !typed.trimStart().startsWith('<') && !typed.startsWith(INTERRUPT_MARK)) b.lastRequest = clip(typed);
    }
    if (typeof content === 'string') {
      this.userText(content, b, ts);
      return;
    }
    if (!Array.isArray(content)) {
      b.gaps.add('schema-drift', 'user content is missing', this.at(lineNo));
      return;
    }
    const results = content.filter((c) => isRecord(c) && c.type === 'tool_result').length;
    for (const block of content) {
      if (!isRecord(block)) {
        b.gaps.add('schema-drift', 'user content item is not an object', this.at(lineNo));
        continue;
      }
      if (block.type === 'tool_result') this.toolResult(block, rec, b, lineNo, ts, results === 1);
      else if (block.type === 'text') this.userText(str(block.text) ?? '', b, ts);
    }
  }

  private userText(text: string, b: SessionBuilder, ts: string | undefined): void {
    if (text.startsWith(INTERRUPT_MARK)) {
      b.interrupted = true;
      for (const s of b.pending()) {
        s.call.status = 'interrupted';
        if (ts) s.call.endedAt = ts;
      }
      return;
    }
    if (b.promptKey !== undefined || text.trim() === '') return;
    b.promptKey = promptKeyOf(text);
    if (b !== this.main && !isWarmup(b.promptKey)) this.linkSidechain(b);
  }

  /** Pairs an inline sidechain with the spawn call that started it: same prompt, else oldest unanswered. */
  private linkSidechain(side: SessionBuilder): void {
    const index = this.sidechains.indexOf(side);
    const open = this.main.calls.filter((c) => c.call.kind === 'spawn' && c.sidechain === undefined);
    const spawn = open.find((c) => c.promptKey === side.promptKey) ?? open.find((c) => c.call.status === 'pending');
    if (!spawn) return;
    spawn.sidechain = index;
    side.linked = true;
    side.parentToolCallId = spawn.call.id;
    if (spawn.subagentType) side.agentType = spawn.subagentType;
  }

  private toolResult(block: Rec, rec: Rec, b: SessionBuilder, lineNo: number, ts: string | undefined, single: boolean): void {
    const id = str(block.tool_use_id) ?? (single ? str(rec.sourceToolUseID) : undefined);
    if (!id) {
      b.gaps.add('schema-drift', 'tool_result without tool_use_id', this.at(lineNo));
      return;
    }
    const owner = this.callOwner.get(id);
    if (!owner) {
      this.orphanDenial(block, rec, b, lineNo, ts, id, single);
      return;
    }
    // A result whose call is not in this file (the call was before a resume) tells nothing new.
    if (owner.state.call.status !== 'pending') return;
    const { state } = owner;
    const call = state.call;
    const structured = single ? rec.toolUseResult ?? rec.tool_use_result : undefined;
    const text = resultText(block.content);
    const status = resultStatus(block, rec, structured, text);
    call.status = status;
    if (ts) call.endedAt = ts;
    const said = text || (typeof structured === 'string' ? structured.slice(0, 2000) : '');
    keepOutput(call, said);
    if (status !== 'succeeded') {
      const error = oneLine(stripErrorTags(said));
      if (error) call.error = error;
    }
    const exit = exitCodeOf(status === 'succeeded' ? '' : said, structured);
    if (exit !== undefined && call.kind === 'shell') call.exitCode = exit;
    if (isRecord(structured)) this.structuredResult(state, structured);
    else if (state.target && said.startsWith('File created successfully')) state.target.access = 'create';
  }

  /**
   * A denial whose tool_use is not in the file (cut, or written without an id) was still an attempt the
   * user or a rule stopped: it stays on the timeline as a denied call of an unknown tool.
   */
  private orphanDenial(block: Rec, rec: Rec, b: SessionBuilder, lineNo: number, ts: string | undefined, id: string, single: boolean): void {
    const structured = single ? rec.toolUseResult ?? rec.tool_use_result : undefined;
    const text = resultText(block.content);
    if (resultStatus(block, rec, structured, text) !== 'denied') return;
    const call: ToolCall = { id, tool: '(unknown)', kind: 'other', status: 'denied', args: '', source: { file: this.source, line: lineNo } };
    const error = oneLine(stripErrorTags(text || (typeof structured === 'string' ? structured : '')));
    if (error) call.error = error;
    if (ts) call.startedAt = call.endedAt = ts;
    if (b.lastRequest) call.request = b.lastRequest;
    b.calls.push({ call });
    this.callOwner.set(id, { builder: b, state: { call } });
  }

  private structuredResult(state: CallState, result: Rec): void {
    const agentId = str(result.agentId);
    if (agentId && state.call.kind === 'spawn') state.call.childSessionId = `agent-${agentId}`;
    if (!state.target) return;
    const type = str(result.type);
    if (type === 'create') state.target.access = 'create';
    const hunks = result.structuredPatch;
    if (Array.isArray(hunks) && type !== 'create') {
      const lines: LineRange[] = [];
      for (const h of hunks) {
        if (!isRecord(h)) continue;
        const start = num(h.newStart);
        const count = num(h.newLines);
        if (start === undefined || count === undefined) continue;
        lines.push({ start, end: Math.max(start, start + count - 1) });
      }
      if (lines.length) state.lines = lines;
    }
  }

  private system(rec: Rec, b: SessionBuilder): void {
    const subtype = str(rec.subtype);
    if (subtype === 'api_error' || subtype === 'error' || subtype === 'api_refusal') {
      b.error = apiErrorText(rec, subtype);
    } else if (subtype === 'init') {
      addModel(b.acc, rec.model);
    }
  }

  private progress(rec: Rec): void {
    const data = rec.data;
    if (!isRecord(data) || data.type !== 'agent_progress') return;
    const agentId = str(data.agentId);
    const callId = str(rec.parentToolUseID);
    if (agentId && callId && !this.agentOfCall.has(callId)) this.agentOfCall.set(callId, agentId);
  }

  snapshot(): SessionDraft[] {
    if (this.records === 0) return [];
    const mainId = this.mainId();
    const sideIds = this.sidechains.map((_, i) => `${mainId}:sidechain-${i + 1}`);
    const main = this.draft(this.main, mainId, sideIds);
    if (this.cut) {
      const { line, length, object } = this.cut;
      const gap = object
        ? { kind: 'partial-line' as const, detail: `last line cut after ${length} characters` }
        : { kind: 'malformed-line' as const, detail: 'not JSON' };
      main.gaps.push({ ...gap, count: 1, source: this.source, line });
    }
    if (this.mode === 'subagent') {
      if (this.sessionIds.length) main.parentId = this.sessionIds[0];
      if (this.agentId?.startsWith('acompact')) main.replay = true;
      if (isWarmup(this.main.promptKey)) main.meta.warmup = true;
    } else if (this.sessionIds.length > 1) {
      main.meta.sessionIds = this.sessionIds.join(',');
    }
    const drafts = [main];
    this.sidechains.forEach((side, i) => {
      const d = this.draft(side, sideIds[i], sideIds);
      d.parentId = mainId;
      if (side.parentToolCallId) d.parentToolCallId = side.parentToolCallId;
      if (side.agentType) d.agentType = side.agentType;
      if (d.cwd === undefined && main.cwd) d.cwd = main.cwd;
      if (isWarmup(side.promptKey)) d.meta.warmup = true;
      drafts.push(d);
    });
    return drafts;
  }

  private mainId(): string {
    if (this.mode === 'subagent') return `agent-${this.agentId ?? this.fileAgentId ?? this.fileStem}`;
    if (UUID_NAME.test(this.fileStem)) return this.fileStem;
    return this.sessionIds[0] ?? this.fileStem;
  }

  private draft(b: SessionBuilder, id: string, sideIds: string[]): SessionDraft {
    const d = emptyDraft(id, 'claude-code', this.source);
    d.sources[0].firstLine = b.firstLine;
    d.sources[0].lastLine = b.lastLine;
    d.models = [...b.acc.models];
    if (b.acc.cwd) d.cwd = b.acc.cwd;
    if (b.acc.startedAt) d.startedAt = b.acc.startedAt;
    if (b.acc.endedAt) d.endedAt = b.acc.endedAt;
    const title = b.customTitle ?? b.aiTitle ?? b.summaryTitle ?? b.firstPrompt;
    if (title) d.title = title;
    d.meta = { ...b.acc.meta };
    if (b.interrupted) d.end.interrupted = true;
    if (b.error) d.end.error = b.error;
    const gaps = new GapList();
    gaps.addAll(b.gaps.toArray());
    for (const s of b.calls) {
      const call: ToolCall = { ...s.call };
      if (call.source) call.source = { ...call.source };
      if (s.sidechain !== undefined) call.childSessionId = sideIds[s.sidechain];
      else if (!call.childSessionId && this.agentOfCall.has(call.id)) call.childSessionId = `agent-${this.agentOfCall.get(call.id)}`;
      if (call.status === 'pending') gaps.add('missing-result', call.tool || '(no name)', { source: call.source?.file, line: call.source?.line });
      d.toolCalls.push(call);
      // A denied call never reached its file; every other call did, or tried to (engine sees the status).
      if (s.target && call.status !== 'denied') d.touches.push(...touchesOf(s.target, s.lines, call.id));
    }
    d.gaps = gaps.toArray();
    return d;
  }
}

/** Claude Code 2.0.x starts a throwaway "Warmup" subagent at launch: no task behind it. */
function isWarmup(prompt: string | undefined): boolean {
  return prompt !== undefined && prompt.toLowerCase() === 'warmup';
}

/** Touches for a call's file: one per edited hunk when the patch says where, else one for the file. */
function touchesOf(target: InputTarget, lines: LineRange[] | undefined, callId: string) {
  if (lines && lines.length) return lines.map((r) => touch(target.path, target.access, 'observed', callId, { ...r }));
  return [touch(target.path, target.access, 'observed', callId)];
}

/** The first text of a tool_result's content (string or blocks), cut short: only its start is needed. */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content.slice(0, 2000);
  if (Array.isArray(content)) {
    for (const item of content) {
      if (isRecord(item) && typeof item.text === 'string') return item.text.slice(0, 2000);
    }
  }
  return '';
}

function resultStatus(block: Rec, rec: Rec, structured: unknown, text: string): ToolStatus {
  if (typeof rec.toolDenialKind === 'string' || structured === 'User rejected tool use' || isDenial(text)) return 'denied';
  if (text.startsWith(INTERRUPT_MARK) || (isRecord(structured) && structured.interrupted === true)) return 'interrupted';
  if (block.is_error === true) return 'failed';
  if (typeof structured === 'string' && structured.startsWith('Error')) return 'failed';
  return 'succeeded';
}

/** Rejections by the user, by permission rules and by PreToolUse hooks: the tool never ran. */
function isDenial(text: string): boolean {
  return (
    text.startsWith("The user doesn't want to proceed with this tool use") ||
    text.startsWith("The user doesn't want to take this action") ||
    (text.startsWith('Permission to use ') && text.includes('denied')) ||
    text.includes('denied by your permission settings') ||
    text.includes("but you haven't granted it yet") ||
    (text.startsWith('Hook PreToolUse:') && text.includes('denied')) ||
    (text.startsWith('PreToolUse:') && text.includes('hook error'))
  );
}

function stripErrorTags(text: string): string {
  return text.replace(/<\/?tool_use_error>/g, '').trim();
}

function exitCodeOf(text: string, structured: unknown): number | undefined {
  if (isRecord(structured)) {
    const code = num(structured.exitCode) ?? num(structured.returnCode);
    if (code !== undefined) return code;
  }
  const m = /^(?:Error: )?Exit code (-?\d+)/.exec(text.slice(0, 40));
  return m ? Number(m[1]) : undefined;
}

function apiErrorText(rec: Rec, subtype: string): string {
  if (subtype === 'api_refusal') {
    const why = str(rec.apiRefusalExplanation) ?? str(rec.apiRefusalCategory);
    return oneLine(why ? `API refusal: ${why}` : 'API refusal');
  }
  const error = rec.error;
  let message: string | undefined;
  let status: number | undefined;
  if (isRecord(error)) {
    status = num(error.status);
    const inner = isRecord(error.error) && isRecord(error.error.error) ? error.error.error : undefined;
    message = str(error.message) ?? (inner ? str(inner.message) ?? str(inner.type) : undefined) ?? str(error.type);
  } else {
    message = str(error);
  }
  message = message ?? str(rec.content);
  const head = status ? `API error ${status}` : 'API error';
  return oneLine(message ? `${head}: ${message}` : head);
}

/** A record that only Claude Code writes: a known type together with Claude's own fields. */
function looksLikeClaudeRecord(r: unknown): boolean {
  if (!isRecord(r)) return false;
  const type = r.type;
  if (typeof type !== 'string' || !CLAUDE_TYPES.has(type)) return false;
  if ('payload' in r) return false;
  if ('sessionId' in r || 'parentUuid' in r || 'isSidechain' in r || 'leafUuid' in r) return true;
  if (type === 'file-history-snapshot') return 'snapshot' in r;
  if (type === 'user' || type === 'assistant') {
    const m = r.message;
    return isRecord(m) && ('content' in m || 'role' in m);
  }
  return false;
}

export const claudeCodeFormat: LineFormat = {
  id: 'claude-code',
  agent: 'claude-code',
  kind: 'lines',
  jsonLines: true,
  // Tool results (in the message and again in toolUseResult), file contents, progress output,
  // thinking and images: only their first 2,000 characters are ever read.
  bulkKeys: new Set(['content', 'text', 'thinking', 'signature', 'stdout', 'stderr', 'output', 'fullOutput', 'originalFile', 'data']),
  detect(head: FileHead): boolean {
    return head.records.some(looksLikeClaudeRecord);
  },
  open: (ctx) => new ClaudeCodeParser(ctx.source),
};

/** The FormatId for the sidecar; not yet in the shared union. */
const CLAUDE_META_ID: FormatId = 'claude-meta';

/**
 * `agent-<id>.meta.json` beside a 2.1.x subagent file (`{agentType, spawnDepth}`). It holds no
 * session of its own: the scanner reads it next to the subagent's transcript and applies it with
 * applySubagentMeta.
 */
export const claudeCodeMetaFormat: DocumentFormat = {
  id: CLAUDE_META_ID,
  agent: 'claude-code',
  kind: 'document',
  detect(doc: unknown, fileName: string): boolean {
    if (!isRecord(doc) || typeof doc.agentType !== 'string') return false;
    if (fileName.endsWith('.meta.json')) return true;
    const keys = Object.keys(doc);
    return keys.length <= 8 && keys.every((k) => doc[k] === null || typeof doc[k] !== 'object');
  },
  parse: () => [],
};

/** A subagent draft with its `.meta.json` sidecar applied (agentType, spawn depth); the input is not changed. */
export function applySubagentMeta(draft: SessionDraft, metaDoc: unknown): SessionDraft {
  if (!isRecord(metaDoc)) return draft;
  const out: SessionDraft = { ...draft, meta: { ...draft.meta } };
  const agentType = str(metaDoc.agentType);
  if (agentType) out.agentType = agentType;
  const depth = num(metaDoc.spawnDepth);
  if (depth !== undefined) out.meta.spawnDepth = depth;
  return out;
}

/** The first text block of a message's content list. */
function firstText(content: unknown): string | undefined {
  for (const block of arr(content)) if (isRecord(block) && block.type === 'text') return str(block.text);
  return undefined;
}
