/** Shared by the integration tests: the extension's API, the fixture paths, polling. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AgentAuditApi } from '../../../src/extension/extension';
import type { TreeNodeSnapshot } from '../../../src/extension/tree/sessionsTree';

export const EXTENSION_ID = 'agent-audit.agent-audit';

export interface Fixture {
  /** The workspace folder. */
  folder: string;
  /** CLAUDE_CONFIG_DIR of the test run. */
  claudeDir: string;
  /** Transcripts the harness wrote before start, by name. */
  logs: Record<string, string>;
  /** Scratch folder for exports. */
  scratch: string;
}

export function fixture(): Fixture {
  const raw = process.env.AGENT_AUDIT_TEST_FIXTURE;
  assert.ok(raw, 'AGENT_AUDIT_TEST_FIXTURE is not set: run the suite through test/integration/run.test.ts');
  return JSON.parse(raw) as Fixture;
}

export async function api(): Promise<AgentAuditApi> {
  const ext = vscode.extensions.getExtension<AgentAuditApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  const exports = ext.isActive ? ext.exports : await ext.activate();
  await exports.ready;
  return exports;
}

export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

/** Every node of a tree snapshot, depth first, with its path of labels. */
export function flatten(nodes: TreeNodeSnapshot[], trail: string[] = []): { node: TreeNodeSnapshot; trail: string[] }[] {
  return nodes.flatMap((n) => [{ node: n, trail: [...trail, n.label] }, ...flatten(n.children ?? [], [...trail, n.label])]);
}

export function sessionLabels(nodes: TreeNodeSnapshot[]): string[] {
  return [...new Set(flatten(nodes).filter((x) => x.node.kind === 'session').map((x) => x.node.label))].sort();
}
