/**
 * Every message between the extension host and a panel. The host only trusts what passes the
 * guards below: the webview renders log content, so treat anything it sends as untrusted.
 */
import { CATEGORIES, type Category, OUTCOMES, type Outcome } from '../core/model';
import type { ListSplice } from './sessionPatch';
import type { OverviewSnapshot, PanelUiState, SessionRowsPage, SessionSnapshot } from './state';

// Host -> webview

export interface SnapshotMessage {
  type: 'snapshot';
  snapshot: SessionSnapshot | OverviewSnapshot;
}

/**
 * A live session changed: `snapshot.session.toolCalls` and `.files` hold only the entries the
 * splices insert into the lists last sent. Spares resending thousands of unchanged calls and
 * files on every append.
 */
export interface SessionPatchMessage {
  type: 'sessionPatch';
  calls: ListSplice;
  files: ListSplice;
  /** The permission journal's splice (`snapshot.session.journal` holds its entries); absent: the journal is whole. */
  journal?: ListSplice;
  snapshot: SessionSnapshot;
}

/** A page of the overview's sessions list, answering `sessionRows`. */
export interface SessionRowsMessage {
  type: 'sessionRows';
  page: SessionRowsPage;
}

export type HostMessage = SnapshotMessage | SessionPatchMessage | SessionRowsMessage;

// Webview -> host

/** The page is listening: send it the current snapshot. */
export interface ReadyMessage {
  type: 'ready';
}

/** Open a touched file in the editor, at the edited lines when known. */
export interface OpenFileMessage {
  type: 'openFile';
  path: string;
  line?: number;
  endLine?: number;
}

/** Open the session's log at the line where a record was written. */
export interface RevealSourceMessage {
  type: 'revealSource';
  path: string;
  line?: number;
}

/** Open another session's panel (parent or subagent). */
export interface OpenSessionMessage {
  type: 'openSession';
  sessionId: string;
  agent?: string;
}

/** Filter the Sessions tree (a matrix cell, an agent or a model row was clicked). */
export interface FilterTreeMessage {
  type: 'filterTree';
  category?: Category;
  outcome?: Outcome;
  agent?: string;
  model?: string;
}

/** Ask for rows of the overview's sessions list (it scrolled to rows the page does not have). */
export interface RequestSessionRowsMessage {
  type: 'sessionRows';
  offset: number;
  count: number;
}

export interface ExportSessionMessage {
  type: 'exportSession';
  sessionId: string;
  agent?: string;
}

/** Create a starter `.agent-audit/policy.json` (the overview's "no scopes declared" state). */
export interface CreatePolicyMessage {
  type: 'createPolicy';
}

export type WebviewMessage =
  | ReadyMessage
  | CreatePolicyMessage
  | OpenFileMessage
  | RevealSourceMessage
  | OpenSessionMessage
  | FilterTreeMessage
  | ExportSessionMessage
  | RequestSessionRowsMessage;

const MAX_PATH = 4096;
/** The most rows one `sessionRows` request may ask for. */
export const MAX_ROWS_PER_REQUEST = 500;
const MAX_ID = 512;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isText(x: unknown, max: number): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= max && !x.includes('\0');
}

function isLine(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 10_000_000;
}

function optional<T>(x: unknown, guard: (v: unknown) => v is T): boolean {
  return x === undefined || guard(x);
}

function isCategory(x: unknown): x is Category {
  return typeof x === 'string' && (CATEGORIES as readonly string[]).includes(x);
}

function isOutcome(x: unknown): x is Outcome {
  return typeof x === 'string' && (OUTCOMES as readonly string[]).includes(x);
}

const isPath = (x: unknown): x is string => isText(x, MAX_PATH);
const isId = (x: unknown): x is string => isText(x, MAX_ID);

export function isPanelUiState(x: unknown): x is PanelUiState {
  if (!isObject(x)) return false;
  if (x.kind === 'overview') return true;
  return (
    x.kind === 'session' &&
    isId(x.sessionId) &&
    optional(x.agent, isId) &&
    optional(x.selectedCapability, isId) &&
    (x.statusFilter === undefined || x.statusFilter === 'all' || x.statusFilter === 'problems')
  );
}

/** The fields each message may carry: anything else rejects it (the page never sends more). */
const FIELDS: Record<WebviewMessage['type'], readonly string[]> = {
  ready: [],
  openFile: ['path', 'line', 'endLine'],
  revealSource: ['path', 'line'],
  openSession: ['sessionId', 'agent'],
  exportSession: ['sessionId', 'agent'],
  filterTree: ['category', 'outcome', 'agent', 'model'],
  sessionRows: ['offset', 'count'],
  createPolicy: [],
};

function onlyKnownFields(x: Record<string, unknown>, type: string): boolean {
  const allowed = Object.prototype.hasOwnProperty.call(FIELDS, type) ? FIELDS[type as WebviewMessage['type']] : undefined;
  return allowed !== undefined && Object.keys(x).every((k) => k === 'type' || allowed.includes(k));
}

/** The guard for everything a webview posts: exactly the protocol's shapes, nothing more. */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isObject(x) || typeof x.type !== 'string' || !onlyKnownFields(x, x.type)) return false;
  switch (x.type) {
    case 'ready':
    case 'createPolicy':
      return true;
    case 'openFile':
      return isPath(x.path) && optional(x.line, isLine) && optional(x.endLine, isLine);
    case 'revealSource':
      return isPath(x.path) && optional(x.line, isLine);
    case 'openSession':
    case 'exportSession':
      return isId(x.sessionId) && optional(x.agent, isId);
    case 'sessionRows':
      return (
        typeof x.offset === 'number' &&
        Number.isInteger(x.offset) &&
        x.offset >= 0 &&
        x.offset <= 10_000_000 &&
        typeof x.count === 'number' &&
        Number.isInteger(x.count) &&
        x.count >= 1 &&
        x.count <= MAX_ROWS_PER_REQUEST
      );
    case 'filterTree':
      return (
        optional(x.category, isCategory) &&
        optional(x.outcome, isOutcome) &&
        optional(x.agent, isId) &&
        optional(x.model, isId) &&
        (x.category !== undefined || x.outcome !== undefined || x.agent !== undefined || x.model !== undefined)
      );
    default:
      return false;
  }
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

function isSplice(x: unknown): x is ListSplice {
  return isObject(x) && isCount(x.from) && isCount(x.start) && isCount(x.deleteCount);
}

export function isHostMessage(x: unknown): x is HostMessage {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'snapshot':
      return isObject(x.snapshot) && (x.snapshot.kind === 'session' || x.snapshot.kind === 'overview');
    case 'sessionPatch':
      return isSplice(x.calls) && isSplice(x.files) && optional(x.journal, isSplice) && isObject(x.snapshot) && x.snapshot.kind === 'session';
    case 'sessionRows':
      return isObject(x.page) && Array.isArray(x.page.rows) && typeof x.page.offset === 'number' && typeof x.page.total === 'number';
    default:
      return false;
  }
}

/** The webview panel types (also the serializer ids in package.json). */
export const SESSION_PANEL_TYPE = 'agentAudit.session';
export const OVERVIEW_PANEL_TYPE = 'agentAudit.overview';
