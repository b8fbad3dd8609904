/**
 * Aider's `.aider.chat.history.md`: one Markdown file per repository, appended by every run.
 * Each run starts with `# aider chat started at <local time, no zone>` and becomes one session.
 * Roles come from line prefixes: `#### ` user input, `> ` aider's own output (edits applied, commands
 * run, answers to its questions), anything else the model's reply, where file edits are
 * SEARCH/REPLACE blocks under a file-name line. Aider logs no per-message times.
 */
import { GapList } from '../gaps';
import type { SessionDraft, ToolCall, Touch } from '../model';
import type { LineFormat, LineParser } from './types';
import { addModel, clip, cloneDrafts, emptyDraft, oneLine, seeTime, touch } from './util';

const HEADER = /^# aider chat started at (.*)$/;
const HISTORY_FILE = '.aider.chat.history.md';

export const aiderFormat: LineFormat = {
  id: 'aider',
  agent: 'aider',
  kind: 'lines',
  jsonLines: false,
  detect(head, fileName) {
    if (head.lines.some((l) => HEADER.test(l.replace(/\r$/, '')))) return true;
    return fileName.endsWith(HISTORY_FILE) && head.lines.some((l) => l.startsWith('#### '));
  },
  open: (ctx) => new AiderParser(ctx.source),
};

type Channel = 'none' | 'user' | 'assistant' | 'tool';

interface PendingEdit {
  path: string;
  line: number;
  /** An empty SEARCH section: the block creates the file. */
  creates: boolean;
}

interface Run {
  draft: SessionDraft;
  gaps: GapList;
  hasContent: boolean;
  channel: Channel;
  /** The open code fence in the model's reply (its backtick run), if any. */
  fence?: string;
  /** Last non-empty line of the reply outside a fence: the file name a SEARCH/REPLACE block edits. */
  fileLine?: string;
  /** Inside a SEARCH/REPLACE block: its file and whether its SEARCH part had content so far. */
  block?: { path: string; line: number; searchLines: number; inReplace: boolean };
  pending: PendingEdit[];
  /** The model's words this turn (last lines), for the "why" of the actions that follow. */
  prose: string[];
  /** Aider output lines not understood since the last one that was: the subject of a question. */
  subject: string[];
  /** A command the user ran with /run this turn (aider may echo it). */
  userCommand?: string;
}

class AiderParser implements LineParser {
  private readonly runs: Run[] = [];

  constructor(private readonly source: string) {}

  line(raw: string, lineNo: number): void {
    const text = raw.replace(/\r$/, '');
    const header = HEADER.exec(text);
    if (header) {
      if (this.runs.length > 0) this.endTurn(this.current(lineNo));
      this.startRun(header[1].trim(), lineNo);
      return;
    }
    if (text.trim() === '' && this.runs.length === 0) return;
    const run = this.current(lineNo);
    run.draft.sources[0].lastLine = lineNo;
    if (text.trim() === '') return;
    run.hasContent = true;
    if (run.channel === 'assistant' && run.fence !== undefined) {
      this.insideFence(run, text, lineNo);
      return;
    }
    if (text.startsWith('#### ') || text === '####') this.userLine(run, text.slice(5).trim(), lineNo);
    else if (text.startsWith('> ') || text === '>') this.toolLine(run, text.slice(2).replace(/\s+$/, ''), lineNo);
    else this.replyLine(run, text);
  }

  snapshot(): SessionDraft[] {
    const out: SessionDraft[] = [];
    for (const run of this.runs) {
      if (!run.hasContent) continue;
      const [draft] = cloneDrafts([run.draft]);
      draft.gaps = run.gaps.toArray();
      out.push(draft);
    }
    return out;
  }

  private startRun(stamp: string, lineNo: number): void {
    const draft = emptyDraft(`${this.source}#${this.runs.length + 1}`, 'aider', this.source);
    draft.sources[0].firstLine = lineNo;
    draft.sources[0].lastLine = lineNo;
    const parts = this.source.split(/[\\/]/);
    // The history file sits at the repository root by default: its folder is the run's directory.
    if (parts.length > 1 && parts[parts.length - 1] === HISTORY_FILE) draft.cwd = parts.slice(0, -1).join('/') || '/';
    const gaps = new GapList();
    const iso = naiveToIso(stamp);
    if (iso) {
      seeTime(draft, iso);
      gaps.add('guessed-timezone', 'run start time has no zone; read as UTC', { source: this.source, line: lineNo });
    } else if (stamp) {
      gaps.add('schema-drift', `unreadable run header time "${oneLine(stamp, 40)}"`, { source: this.source, line: lineNo });
    }
    this.runs.push({ draft, gaps, hasContent: false, channel: 'none', pending: [], prose: [], subject: [] });
  }

  /** Lines before any header still belong somewhere: a run without a start time. */
  private current(lineNo: number): Run {
    if (this.runs.length === 0) this.startRun('', lineNo);
    return this.runs[this.runs.length - 1];
  }

  private userLine(run: Run, text: string, lineNo: number): void {
    if (run.channel !== 'user') this.endTurn(run);
    run.channel = 'user';
    const shell = /^(?:\/run\s+|!)([\s\S]+)$/.exec(text) ?? /^\/test\s+([\s\S]+)$/.exec(text);
    const git = /^\/git\s+([\s\S]+)$/.exec(text);
    const command = shell ? shell[1].trim() : git ? `git ${git[1].trim()}` : undefined;
    if (command) {
      run.userCommand = command;
      this.addCall(run, lineNo, { tool: text.startsWith('!') ? '!' : text.split(/\s/)[0], kind: 'shell', args: oneLine(command), command });
    }
    const web = /^\/web\s+(\S+)/.exec(text);
    if (web) this.addCall(run, lineNo, { tool: '/web', kind: 'web', args: web[1], url: web[1] });
  }

  private replyLine(run: Run, text: string): void {
    if (run.channel !== 'assistant') {
      run.channel = 'assistant';
      run.subject = [];
    }
    const fence = /^\s*(`{3,}|~{3,})/.exec(text);
    if (fence) {
      run.fence = fence[1];
      // A bare file name right above a fence is edit syntax, not something the model said.
      const last = run.prose[run.prose.length - 1];
      if (last !== undefined && last === run.fileLine && /^[^\s]*[./][^\s]*$/.test(last)) run.prose.pop();
      return;
    }
    run.fileLine = text.trim();
    run.prose.push(text.trim());
    if (run.prose.length > 12) run.prose.shift();
  }

  private insideFence(run: Run, text: string, lineNo: number): void {
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(text);
    if (close && close[1][0] === run.fence?.[0] && close[1].length >= (run.fence?.length ?? 3) && !run.block) {
      run.fence = undefined;
      return;
    }
    const marker = text.trim();
    if (/^<{5,9} SEARCH\b/.test(marker)) {
      const path = fileNameOf(run.fileLine);
      run.block = path ? { path, line: lineNo, searchLines: 0, inReplace: false } : undefined;
    } else if (run.block && /^={5,9}$/.test(marker)) {
      run.block.inReplace = true;
    } else if (run.block && /^>{5,9} REPLACE\b/.test(marker)) {
      run.pending.push({ path: run.block.path, line: run.block.line, creates: run.block.searchLines === 0 });
      run.block = undefined;
    } else if (run.block && !run.block.inReplace) {
      run.block.searchLines++;
    }
  }

  private toolLine(run: Run, text: string, lineNo: number): void {
    if (run.channel !== 'tool') {
      run.channel = 'tool';
      run.subject = [];
    }
    if (!this.understood(run, text, lineNo)) {
      if (run.subject.length < 20) run.subject.push(text);
      return;
    }
    run.subject = [];
  }

  /** Aider's own report lines; false when the line is none of those it knows. */
  private understood(run: Run, text: string, lineNo: number): boolean {
    let m: RegExpExecArray | null;
    if ((m = /^Applied edit to (.+)$/.exec(text))) {
      const path = m[1].trim();
      const i = run.pending.findIndex((p) => p.path === path);
      // A block with an empty SEARCH part is how the model writes a new file.
      const creates = i >= 0 && run.pending.splice(i, 1)[0].creates;
      this.addCall(run, lineNo, { tool: 'edit', kind: 'edit', args: path }, [touch(path, creates ? 'create' : 'write', 'observed')]);
    } else if ((m = /^Creating empty file (.+)$/.exec(text))) {
      const path = m[1].trim();
      this.addCall(run, lineNo, { tool: 'create', kind: 'write', args: path }, [touch(path, 'create', 'observed')]);
    } else if ((m = /^Did not apply edit to (.+?) \(--dry-run\)$/.exec(text))) {
      const path = m[1].trim();
      this.dropPending(run, path);
      this.addCall(run, lineNo, { tool: 'edit', kind: 'edit', args: path, status: 'denied', error: '--dry-run' }, [touch(path, 'write', 'observed')]);
    } else if ((m = /^Skipping edits to (.+)$/.exec(text))) {
      const path = m[1].trim();
      this.dropPending(run, path);
      this.addCall(run, lineNo, { tool: 'edit', kind: 'edit', args: path, status: 'denied', error: text }, [touch(path, 'write', 'observed')]);
    } else if (/SEARCH\/REPLACE blocks? failed to match|did not conform to the edit format/.test(text)) {
      for (const p of run.pending.splice(0)) {
        this.addCall(run, p.line, { tool: 'edit', kind: 'edit', args: p.path, status: 'failed', error: text }, [touch(p.path, 'write', 'observed')]);
      }
    } else if ((m = /^Running (.+)$/.exec(text))) {
      const command = m[1].trim();
      if (run.userCommand === command) run.userCommand = undefined;
      else this.addCall(run, lineNo, { tool: 'run', kind: 'shell', args: oneLine(command), command });
    } else if ((m = /^(Run shell commands?|Add URL to the chat|Add file to the chat|Add files to the chat)\?.*:\s*(\S*)\s*$/i.exec(text))) {
      this.answered(run, m[1].toLowerCase(), !/^(n|no|d|don't|s|skip)/i.test(m[2]) && m[2] !== '', lineNo);
    } else if ((m = /^Commit ([0-9a-f]{7,40}) (.*)$/.exec(text))) {
      this.addCall(run, lineNo, { tool: 'commit', kind: 'other', args: `${m[1]} ${oneLine(m[2])}`, capabilities: ['vcs-write'] });
    } else if ((m = /^Added (.+?) to (the chat|read-only files)\.?$/.exec(text)) && !/^\d+ lines? of output$/.test(m[1])) {
      const path = m[1].trim();
      this.addCall(run, lineNo, { tool: 'add', kind: 'read', args: path }, [touch(path, 'read', 'observed')]);
    } else if ((m = /^(?:Main )?[Mm]odel: (\S+)/.exec(text))) {
      addModel(run.draft, m[1]);
    } else if ((m = /^Weak model: (\S+)/.exec(text))) {
      run.draft.meta.weakModel = m[1];
    } else if ((m = /^Aider v(\S+)/.exec(text))) {
      run.draft.meta.version = m[1];
    } else if ((m = /^Git repo: (.+)$/.exec(text))) {
      run.draft.meta.gitRepo = m[1];
    } else {
      return false;
    }
    return true;
  }

  /** A yes/no question aider asked about the lines just before it (commands, files, URLs). */
  private answered(run: Run, question: string, yes: boolean, lineNo: number): void {
    const subject = run.subject.filter((s) => s.trim() !== '' && !s.trim().startsWith('#'));
    if (question.startsWith('run shell')) {
      // Approved commands show up again as `Running <cmd>` lines.
      if (yes) return;
      for (const command of subject) {
        this.addCall(run, lineNo, { tool: 'run', kind: 'shell', args: oneLine(command), command, status: 'denied', error: 'declined' });
      }
    } else if (question.startsWith('add url')) {
      for (const url of subject) {
        this.addCall(run, lineNo, { tool: 'web', kind: 'web', args: url, url, ...(yes ? {} : { status: 'denied' as const, error: 'declined' }) });
      }
    } else if (yes) {
      for (const path of subject) this.addCall(run, lineNo, { tool: 'add', kind: 'read', args: path }, [touch(path, 'read', 'observed')]);
    }
  }

  private dropPending(run: Run, path: string): void {
    const i = run.pending.findIndex((p) => p.path === path);
    if (i >= 0) run.pending.splice(i, 1);
  }

  /** A turn ends at the next user input or run: blocks aider never reported on are left as they were. */
  private endTurn(run: Run): void {
    run.pending = [];
    run.prose = [];
    run.subject = [];
    run.block = undefined;
    run.fence = undefined;
    run.userCommand = undefined;
  }

  private addCall(
    run: Run,
    lineNo: number,
    call: Pick<ToolCall, 'tool' | 'kind' | 'args'> & Partial<ToolCall>,
    touches: Touch[] = [],
  ): void {
    const id = `L${lineNo}.${run.draft.toolCalls.length + 1}`;
    const full: ToolCall = { status: 'succeeded', ...call, id, source: { file: this.source, line: lineNo } };
    const why = clip(run.prose.join(' '));
    if (why) full.why = why;
    run.draft.toolCalls.push(full);
    for (const t of touches) run.draft.touches.push({ ...t, toolCallId: id });
  }
}

/** The file name line above a SEARCH/REPLACE block, without Markdown decoration. */
function fileNameOf(line: string | undefined): string | undefined {
  if (!line) return undefined;
  const name = line.replace(/^[#*\s]+/, '').replace(/[*:\s]+$/, '').replace(/^`(.+)`$/, '$1').trim();
  if (name === '' || name.length > 300 || /\s{2,}/.test(name) || /^[#>]/.test(name)) return undefined;
  return name;
}

/** `2026-06-09 14:01:00` (local time, no zone) read as UTC; undefined when it is not that shape. */
function naiveToIso(stamp: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(stamp);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
