/**
 * Agent Evidence Protocol records: one AEPRecord per run, as a JSON document or as JSONL
 * (one record per line, one session each).
 */
import type { SessionDraft, ToolCall, ToolKind, ToolStatus, Touch } from '../model';
import { GapList } from '../gaps';
import type { DocumentFormat, FileHead, LineFormat, LineParser } from './types';
import { addModel, arr, emptyDraft, isoTime, isRecord, num, oneLine, parseRecord, seeTime, str, touch, type Rec } from './util';

const SIDE_EFFECT_CLASSES = new Set(['read', 'mutate-local', 'mutate-external', 'network-egress', 'unknown']);
const DECISIONS = new Set(['allow', 'deny', 'ask_user', 'dry_run']);
const APPROVAL_MODES = new Set(['one-shot-payload', 'bounded-lease', 'policy-allow-with-receipt', 'policy-deny-with-evidence', 're-approval-on-drift', 'none']);

/** Words in AEP tool names (which are free-form) that tell what a tool does, strongest first. */
const NAME_WORDS: [ToolKind, string[]][] = [
  ['edit', ['edit', 'patch', 'replace', 'str']],
  ['write', ['write', 'save', 'create', 'append']],
  ['read', ['read', 'cat', 'view', 'open']],
  ['shell', ['bash', 'shell', 'sh', 'exec', 'execute', 'command', 'terminal', 'run']],
  ['web', ['http', 'https', 'fetch', 'web', 'browse', 'browser', 'url', 'curl', 'download', 'request']],
  ['search', ['search', 'grep', 'glob', 'find', 'list', 'ls']],
  ['spawn', ['spawn', 'delegate', 'subagent', 'agent', 'task']],
];

/** A field value as short text, for gap details. */
function show(v: unknown): string {
  try {
    return oneLine(typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)), 80);
  } catch {
    return '(nested too deep to show)'; // JSON.stringify throws RangeError on very deep values
  }
}

const CLASS_KINDS: Record<string, ToolKind> = { read: 'read', 'mutate-local': 'write', 'network-egress': 'web', 'mutate-external': 'web' };

function kindOfName(name: string): ToolKind | undefined {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words[0] === 'mcp') return 'mcp';
  return NAME_WORDS.find(([, list]) => words.some((w) => list.includes(w)))?.[0];
}

/** A resource that is plainly a file path (not a URL, not `kernel:quickjs`). */
function isFilePath(resource: string): boolean {
  if (/^[a-z][\w+.-]*:/i.test(resource) && !/^[a-z]:[\\/]/i.test(resource)) return false;
  return /^(\/|~\/|\.{1,2}\/|[a-z]:[\\/])/i.test(resource) || /^[\w.@-]+([\\/][\w.@ -]+)+$/.test(resource) || /^[\w-]+\.\w{1,8}$/.test(resource);
}

function isUrl(resource: string): boolean {
  return /^https?:\/\//i.test(resource);
}

interface Decision {
  capability: string;
  resource: string;
  decision: string;
  reason: string;
}

function decisionOf(v: unknown): Decision | undefined {
  if (!isRecord(v)) return undefined;
  return {
    capability: str(v.capability) ?? '',
    resource: str(v.resource) ?? '',
    decision: str(v.decision) ?? '',
    reason: str(v.reason_code) ?? str(v.deny_reason_class) ?? '',
  };
}

/** Access a file capability grants: `fs:read` reads, anything else on a file writes. */
function accessOf(capability: string, kind: ToolKind): 'read' | 'write' {
  if (/read/i.test(capability)) return 'read';
  if (/write|edit|create|delete/i.test(capability)) return 'write';
  return kind === 'read' || kind === 'search' ? 'read' : 'write';
}

const OUTCOME_STATUS: [RegExp, ToolStatus][] = [
  [/^(denied|deny|blocked|rejected|refused|cancelled|canceled)/i, 'denied'],
  [/^(interrupted|aborted)/i, 'interrupted'],
  [/^(error|failed|failure|fail|timeout|timed[_-]?out)/i, 'failed'],
  [/^(ok|success|succeeded|completed|done|pass)/i, 'succeeded'],
];

/** Turns one AEPRecord into a session. `line` is set for JSONL records. */
function recordSession(rec: Rec, source: string, line?: number, fallbackId?: string): SessionDraft {
  const where = { source, line };
  const gaps = new GapList();
  const drift = (detail: string): void => gaps.add('schema-drift', detail, where);
  const runContext = isRecord(rec.run_context) ? rec.run_context : {};
  const id = str(rec.run_id) ?? str(runContext.session_id) ?? fallbackId ?? 'aep-record';
  const d = emptyDraft(id, 'aep', source);
  if (line !== undefined) d.sources = [{ path: source, firstLine: line, lastLine: line }];
  if (rec.run_id !== undefined && typeof rec.run_id !== 'string') drift('run_id is not text');
  addModel(d, rec.model_id);

  const meta = d.meta;
  const metaText: [string, unknown][] = [
    ['schemaVersion', rec.schema_version],
    ['policyBundleDigest', rec.policy_bundle_digest],
    ['traceId', rec.trace_id],
    ['parentTraceId', rec.parent_trace_id],
    ['prevRecordHash', rec.prev_record_hash],
    ['modelProvider', rec.model_provider],
    ['runtimeVersion', rec.runtime_version],
    ['repoCommit', rec.repo_commit],
    ['toolManifestDigest', rec.tool_manifest_digest],
    ['signatureKeyId', isRecord(rec.signature) ? rec.signature.key_id : undefined],
    ['agentId', runContext.agent_id],
    ['agentVersion', runContext.agent_version],
    ['subagentId', runContext.subagent_id],
    ['runContextSessionId', runContext.session_id],
    ['runSideEffectClassMax', rec.run_side_effect_class_max],
  ];
  for (const [k, v] of metaText) if (typeof v === 'string' && v) meta[k] = v;
  const turn = num(runContext.turn_index);
  if (turn !== undefined) meta.turnIndex = turn;
  const delegation = arr(runContext.delegation_chain).filter((x): x is string => typeof x === 'string');
  if (delegation.length) meta.delegationChain = delegation.join(' > ');
  const created = isoTime(rec.created_at_ms);
  seeTime(d, created);
  budgetMeta(rec.budget_ledger, meta);
  verifierMeta(rec.verifier_results, meta);

  // Capability decisions: kept compact; denials also become (or mark) calls.
  const decisions: Decision[] = [];
  if (rec.capability_decisions !== undefined && !Array.isArray(rec.capability_decisions)) drift('capability_decisions is not a list');
  for (const raw of arr(rec.capability_decisions)) {
    const dec = decisionOf(raw);
    if (!dec) continue;
    if (!DECISIONS.has(dec.decision)) drift(`capability_decision.decision ${show(dec.decision) || '(none)'}`);
    decisions.push(dec);
  }
  if (decisions.length) {
    meta.capabilityDecisions = JSON.stringify(
      decisions.slice(0, 50).map((x) => ({ capability: x.capability, resource: x.resource, decision: x.decision, reason_code: x.reason })),
    );
    const denied = decisions.filter((x) => x.decision === 'deny').length;
    if (denied) meta.deniedDecisions = denied;
  }

  const touches: Touch[] = [];
  const used = new Set<Decision>();
  if (rec.actions !== undefined && !Array.isArray(rec.actions)) drift('actions is not a list');
  arr(rec.actions).forEach((raw, i) => {
    if (!isRecord(raw)) {
      drift('action is not an object');
      return;
    }
    const { call, driftNote } = actionCall(raw, i, source, line, drift, gaps);
    const own = decisionOf(raw.capability_decision);
    if (own) {
      if (!DECISIONS.has(own.decision)) drift(`capability_decision.decision ${show(own.decision) || '(none)'}`);
      approvalDrift(raw.capability_decision, drift);
    }
    // Else a run-level decision explains the action: one on this very tool, or a file decision of the same access.
    const fromRun =
      decisions.find((x) => !used.has(x) && (own ? x.capability === own.capability && x.resource === own.resource : x.capability === call.tool)) ??
      (own ? undefined : decisions.find((x) => !used.has(x) && fileDecisionFits(x, call.kind)));
    if (fromRun) used.add(fromRun);
    const dec = own ?? fromRun;
    if (dec) {
      applyDecision(call, dec);
      if (dec.resource && isFilePath(dec.resource) && (call.status === 'succeeded' || call.status === 'pending')) {
        touches.push(touch(dec.resource, accessOf(dec.capability, call.kind), own ? 'observed' : 'inferred', call.id));
      }
    }
    if (driftNote) call.args = call.args ? `${call.args} (${driftNote})` : driftNote;
    seeTime(d, call.startedAt);
    d.toolCalls.push(call);
  });

  // A denied capability no action stands for was still an attempt: it shows as a denied call.
  decisions.forEach((dec, i) => {
    if (dec.decision !== 'deny' || used.has(dec)) return;
    const call: ToolCall = { id: `decision-${i}`, tool: dec.capability || 'capability', kind: kindOfName(dec.capability) ?? 'other', status: 'denied', args: dec.resource };
    if (dec.reason) call.error = dec.reason;
    if (isUrl(dec.resource)) call.url = dec.resource;
    if (line !== undefined) call.source = { file: source, line };
    d.toolCalls.push(call);
  });

  d.touches = touches;
  if (!d.toolCalls.some((c) => c.status === 'denied')) d.end.completed = true;
  d.gaps = gaps.toArray();
  return d;
}

function fileDecisionFits(dec: Decision, kind: ToolKind): boolean {
  if (dec.decision !== 'allow' || !/^fs[:.]/i.test(dec.capability) || !isFilePath(dec.resource)) return false;
  const access = accessOf(dec.capability, kind);
  return access === 'read' ? kind === 'read' : kind === 'write' || kind === 'edit';
}

function applyDecision(call: ToolCall, dec: Decision): void {
  if (dec.resource) {
    call.args = dec.resource;
    if (isUrl(dec.resource)) call.url = dec.resource;
  }
  if (dec.decision === 'deny') {
    call.status = 'denied';
    call.error = dec.reason || 'capability denied';
  }
}

function approvalDrift(raw: unknown, drift: (detail: string) => void): void {
  if (!isRecord(raw)) return;
  const mode = raw.approval_mode;
  if (mode !== undefined && !(typeof mode === 'string' && APPROVAL_MODES.has(mode))) drift(`capability_decision.approval_mode ${show(mode)}`);
}

/** The call an action stands for, and the non-canonical side effect class to show with its arguments. */
function actionCall(
  raw: Rec,
  index: number,
  source: string,
  line: number | undefined,
  drift: (detail: string) => void,
  gaps: GapList,
): { call: ToolCall; driftNote?: string } {
  let driftNote: string | undefined;
  const name = str(raw.tool_name);
  if (name === undefined) drift('action.tool_name is not text');
  const tool = name ?? '(unnamed)';
  const sideEffect = raw.side_effect_class;
  const sideEffectText = typeof sideEffect === 'string' ? sideEffect : undefined;
  const canonicalClass = sideEffectText !== undefined && SIDE_EFFECT_CLASSES.has(sideEffectText) ? sideEffectText : undefined;
  const nameKind = kindOfName(tool);
  const kind = nameKind ?? (canonicalClass ? CLASS_KINDS[canonicalClass] : undefined) ?? 'other';
  const call: ToolCall = { id: str(raw.action_id) ?? `action-${index}`, tool, kind, status: 'succeeded', args: '' };
  if (line !== undefined) call.source = { file: source, line };
  if (!nameKind && !(canonicalClass && CLASS_KINDS[canonicalClass])) {
    call.unmapped = true;
    gaps.add('unknown-tool', oneLine(tool, 120), { source, line });
  }

  const capabilities: string[] = [];
  if (sideEffect !== undefined) {
    if (canonicalClass === undefined) {
      // Drifted values are kept as written; network ones still vouch for network egress.
      drift(`action.side_effect_class ${show(sideEffect)}`);
      driftNote = `side_effect_class: ${show(sideEffect)}`;
      if (sideEffectText && /^network/i.test(sideEffectText)) capabilities.push('net-egress');
    } else if (canonicalClass === 'network-egress' || canonicalClass === 'mutate-external') capabilities.push('net-egress');
  }
  if (capabilities.length) call.capabilities = capabilities;

  const started = isoTime(raw.timestamp_ms);
  if (started) call.startedAt = started;
  else if (raw.timestamp_ms !== undefined) drift('action.timestamp_ms is not a time');
  if (raw.state_changing !== undefined && typeof raw.state_changing !== 'boolean') drift('action.state_changing is not a boolean');
  if (raw.argument_drift !== undefined && !isRecord(raw.argument_drift)) drift(`action.argument_drift ${show(raw.argument_drift)}`);
  if (raw.approval_mode !== undefined) drift(`action.approval_mode ${show(raw.approval_mode)}`);

  const exit = num(raw.exit_code);
  if (exit !== undefined) call.exitCode = exit;
  else if (raw.exit_code !== undefined && raw.exit_code !== null) drift('action.exit_code is not a number');
  const outcome = str(raw.outcome);
  const fromOutcome = outcome !== undefined ? OUTCOME_STATUS.find(([re]) => re.test(outcome))?.[1] : undefined;
  if (fromOutcome) call.status = fromOutcome;
  if (exit !== undefined && exit !== 0 && call.status === 'succeeded') call.status = 'failed';
  if (call.status === 'failed') call.error = outcome ? oneLine(outcome) : `exit code ${exit}`;
  const gate = isRecord(raw.permission_gate) ? raw.permission_gate : undefined;
  if (gate?.decision === 'denied') {
    call.status = 'denied';
    call.error = oneLine(str(gate.reason) ?? str(gate.gate) ?? 'permission gate denied');
  }
  if (isRecord(raw.argument_drift) && raw.argument_drift.resolution === 'denied') {
    call.status = 'denied';
    call.error = 'arguments drifted from the approved ones';
  }
  if (outcome && fromOutcome === 'denied') call.error ??= oneLine(outcome);
  return { call, driftNote };
}

function budgetMeta(v: unknown, meta: SessionDraft['meta']): void {
  if (!isRecord(v)) return;
  for (const [name, key] of [
    ['token_budget', 'tokensSpent'],
    ['tool_budget', 'toolCallsSpent'],
  ] as const) {
    const b = v[name];
    const spent = isRecord(b) ? num(b.spent) : undefined;
    if (spent !== undefined) meta[key] = spent;
  }
  const latency = isRecord(v.latency_budget) ? num(v.latency_budget.actual_ms) : undefined;
  if (latency !== undefined) meta.latencyMs = latency;
}

function verifierMeta(v: unknown, meta: SessionDraft['meta']): void {
  const results = arr(v).filter(isRecord);
  if (results.length === 0) return;
  const failed = results.filter((r) => r.passed === false).map((r) => str(r.verifier_id) ?? '?');
  meta.verifiersPassed = `${results.length - failed.length}/${results.length}`;
  if (failed.length) meta.verifiersFailed = failed.join(', ');
}

/** An AEP record, not the AEPRecord JSON Schema (which has `definitions`, not values). */
function isAepRecord(v: unknown): v is Rec {
  if (!isRecord(v) || '$schema' in v || 'definitions' in v) return false;
  const version = str(v.schema_version);
  if (version?.startsWith('aep/')) return true;
  return typeof v.run_id === 'string' && (Array.isArray(v.actions) || Array.isArray(v.capability_decisions)) && 'policy_bundle_digest' in v;
}

function stem(source: string): string {
  const parts = source.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? source;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export const aepJsonFormat: DocumentFormat = {
  id: 'aep-json',
  agent: 'aep',
  kind: 'document',
  detect: (doc) => isAepRecord(doc) || (Array.isArray(doc) && doc.length > 0 && doc.every(isAepRecord)),
  parse(doc, source) {
    if (Array.isArray(doc)) return doc.filter(isAepRecord).map((r, i) => recordSession(r, source, undefined, `${stem(source)}#${i + 1}`));
    return isAepRecord(doc) ? [recordSession(doc, source, undefined, stem(source))] : [];
  },
};

class AepLineParser implements LineParser {
  private readonly sessions: SessionDraft[] = [];
  private readonly fileGaps = new GapList();

  constructor(private readonly source: string) {}

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const rec = parseRecord(text);
    if (!rec) {
      this.fileGaps.add('malformed-line', 'not a JSON object', { source: this.source, line: lineNo });
      return;
    }
    if (!isAepRecord(rec)) {
      this.fileGaps.add('unknown-record', 'not an AEP record', { source: this.source, line: lineNo });
      return;
    }
    // Records are final once written: each line is turned into its session right away.
    this.sessions.push(recordSession(rec, this.source, lineNo, `${stem(this.source)}#${lineNo}`));
  }

  snapshot(): SessionDraft[] {
    const fileGaps = this.fileGaps.toArray();
    return this.sessions.map((s) => {
      const d = structuredClone(s);
      const gaps = new GapList();
      gaps.addAll(d.gaps);
      gaps.addAll(fileGaps);
      d.gaps = gaps.toArray();
      return d;
    });
  }
}

export const aepJsonlFormat: LineFormat = {
  id: 'aep-jsonl',
  agent: 'aep',
  kind: 'lines',
  jsonLines: true,
  detect: (head: FileHead) => head.records.some(isAepRecord),
  open: (ctx) => new AepLineParser(ctx.source),
};
