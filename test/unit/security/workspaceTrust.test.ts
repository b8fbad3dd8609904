/** Workspace Trust: what an untrusted folder's settings may not change. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RESTRICTED_SETTINGS, trustedValue } from '../../../src/extension/trustedSettings';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: unknown; description: string; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, unknown> } };
};

describe('restricted settings in an untrusted workspace', () => {
  const rules = { paths: [{ glob: '**', capability: 'x' }] };
  const inspected = { defaultValue: {}, globalValue: { paths: [] }, workspaceValue: rules };

  it('uses the resolved value when the workspace is trusted', () => {
    assert.deepEqual(trustedValue(rules, inspected, true), { value: rules, ignoredWorkspaceValue: false });
  });

  it("ignores the workspace's and folders' values when it is not, and says so", () => {
    assert.deepEqual(trustedValue(rules, inspected, false), { value: { paths: [] }, ignoredWorkspaceValue: true });
    assert.deepEqual(trustedValue(['**/*'], { defaultValue: [], workspaceFolderValue: ['/etc/**'] }, false), { value: [], ignoredWorkspaceValue: true });
    assert.deepEqual(trustedValue(undefined, { defaultValue: false }, false), { value: false, ignoredWorkspaceValue: false });
    assert.deepEqual(trustedValue(undefined, undefined, false), { value: undefined, ignoredWorkspaceValue: false });
  });

  it('declares limited support and the same restricted settings in package.json', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual([...trust.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((k) => `agentAudit.${k}`).sort());
    for (const key of trust.restrictedConfigurations) assert.ok(trust.description.includes(key), `the description names ${key}`);
    for (const key of ['agentAudit.logGlobs', 'agentAudit.capabilityRules']) assert.ok(key in manifest.contributes.configuration.properties, key);
  });
});
