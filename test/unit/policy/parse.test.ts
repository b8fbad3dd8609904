/** The policy file: what parses, and errors that name the line, the field and why. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APPROVAL_FIELDS, formatPolicyErrors, MATCH_FIELDS, parsePolicy, POLICY_FIELDS, SCOPE_FIELDS, TIER_FIELDS } from '../../../src/core/policy/parse';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const GOOD = `// Team policy: comments and trailing commas are fine (JSONC)
{
  "$schema": "../schemas/policy.schema.json",
  "version": 1,
  "id": "team",
  "scopes": [
    {
      "id": "ci",
      "match": { "agents": ["codex"], "projects": ["**/app"], "titles": ["*nightly*"], "runTypes": ["main"] },
      "capabilities": ["shell-exec", "code-*", "mcp:*"],
      "read": ["src/**"],
      "write": ["src/**", "test/**"],
      "commands": ["npm run test:*", "git status"],
      "network": ["registry.npmjs.org", "*.github.com"],
      "validFrom": "2026-01-01",
      "validUntil": "2026-06-30T18:00Z",
      "tiers": [
        { "tier": 2, "capabilities": ["pkg-install"], "maxPerDay": 3 },
        { "tier": 3, "commands": ["git push **"] },
      ],
    },
  ],
  "approvals": [{ "session": "s1", "toolCall": "c1", "by": "reviewer", "at": "2026-03-02" }],
}
`;

function errorsOf(text: string) {
  const r = parsePolicy(text);
  assert.equal(r.policy, undefined, 'a policy with errors is not used');
  return r.errors;
}

describe('policy parsing', () => {
  it('reads a complete policy with comments and trailing commas', () => {
    const { policy, errors } = parsePolicy(GOOD, 'policy.json');
    assert.deepEqual(errors, []);
    assert.ok(policy);
    assert.equal(policy.id, 'team');
    const scope = policy.scopes[0];
    assert.deepEqual(scope.match, { agents: ['codex'], projects: ['**/app'], titles: ['*nightly*'], runTypes: ['main'] });
    assert.equal(scope.validFrom, '2026-01-01T00:00:00.000Z');
    assert.equal(scope.validUntil, '2026-06-30T18:00:00.000Z');
    assert.deepEqual(scope.tiers, [
      { tier: 2, capabilities: ['pkg-install'], maxPerDay: 3 },
      { tier: 3, commands: ['git push **'], requiresApproval: true },
    ]);
    assert.deepEqual(policy.approvals, [{ session: 's1', toolCall: 'c1', by: 'reviewer', at: '2026-03-02T00:00:00.000Z' }]);
  });

  it('names line, column, field and why for an unknown field, with a suggestion', () => {
    const errors = errorsOf('{\n  "version": 1,\n  "scopes": [\n    { "id": "a", "writes": ["src/**"] }\n  ]\n}');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 4);
    assert.equal(errors[0].column, 18);
    assert.equal(errors[0].field, 'scopes[0].writes');
    assert.match(errors[0].message, /unknown field \(did you mean 'write'\?\)/);
  });

  it('reports a wrong type', () => {
    const [e] = errorsOf('{"version": 1, "scopes": [{"id": "a", "write": "src/**"}]}');
    assert.equal(e.field, 'scopes[0].write');
    assert.match(e.message, /must be a list of strings, not the string "src\/\*\*"/);
  });

  it('reports a bad glob, a bad date and an unknown capability each at its place', () => {
    const text = ['{"version": 1, "scopes": [{', '"id": "a",', '"read": ["src/[abc"],', '"validUntil": "next tuesday",', '"capabilities": ["shel-exec"]', '}]}'].join('\n');
    const errors = errorsOf(text);
    const by = Object.fromEntries(errors.map((e) => [e.field, e]));
    assert.equal(by['scopes[0].read[0]'].line, 3);
    assert.match(by['scopes[0].read[0]'].message, /path glob 'src\/\[abc' has a '\[' without its '\]'/);
    assert.equal(by['scopes[0].validUntil'].line, 4);
    assert.match(by['scopes[0].validUntil'].message, /'next tuesday' is not a date/);
    assert.equal(by['scopes[0].capabilities[0]'].line, 5);
    assert.match(by['scopes[0].capabilities[0]'].message, /unknown capability 'shel-exec' \(did you mean 'shell-exec'\?\)/);
  });

  it('accepts capability ids that user rules define', () => {
    const text = '{"version": 1, "scopes": [{"id": "a", "capabilities": ["infra-terraform"]}]}';
    assert.equal(parsePolicy(text).errors.length, 1);
    assert.deepEqual(parsePolicy(text, undefined, { extraCapabilities: ['infra-terraform'] }).errors, []);
  });

  it('reports JSON syntax errors with their position', () => {
    const [e] = errorsOf('{\n  "version": 1,\n  "scopes": [ { "id": "a" } \n}');
    assert.equal(e.line, 4);
    assert.match(e.message, /JSON syntax: comma expected/);
  });

  it('requires version and scopes, scope ids, and tier limits', () => {
    const errors = errorsOf('{"scopes": [{"match": {}}, {"id": "b", "tiers": [{"tier": 2, "capabilities": ["pkg-install"]}, {"tier": 4}]}]}');
    const text = formatPolicyErrors(errors, 'p.json').join('\n');
    assert.match(text, /p\.json:1:1: version: is missing/);
    assert.match(text, /scopes\[0\]\.id: is missing/);
    assert.match(text, /scopes\[1\]\.tiers\[0\]\.maxPerDay: is missing: a tier 2 rule limits calls per day/);
    assert.match(text, /scopes\[1\]\.tiers\[1\]\.tier: must be 1, 2 or 3, not number 4/);
  });

  it('refuses an empty file, a time box that ends before it starts and duplicate scope ids', () => {
    assert.match(errorsOf('')[0].message, /the file is empty/);
    const errors = errorsOf('{"version": 1, "scopes": [{"id": "a", "validFrom": "2026-05-01", "validUntil": "2026-04-01"}, {"id": "a"}]}');
    assert.ok(errors.some((e) => e.field === 'scopes[0].validUntil' && /ends before validFrom/.test(e.message)));
    assert.ok(errors.some((e) => e.field === 'scopes[1].id' && /used twice/.test(e.message)));
  });

  it('checks agents, command patterns and network destinations', () => {
    const errors = errorsOf('{"version": 1, "scopes": [{"id": "a", "match": {"agents": ["claude"]}, "commands": ["  "], "network": ["exa mple.com"]}]}');
    const fields = errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['scopes[0].commands[0]', 'scopes[0].match.agents[0]', 'scopes[0].network[0]']);
    assert.match(errors.find((e) => e.field === 'scopes[0].match.agents[0]')!.message, /unknown agent 'claude'/);
  });
});

describe('policy schema and docs', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'policy.schema.json'), 'utf8'));
  const keys = (o: { properties: object }) => Object.keys(o.properties).sort();

  it('describes exactly the fields the parser reads, each with a description where it matters', () => {
    assert.deepEqual(keys(schema), [...POLICY_FIELDS].sort());
    const scope = schema.definitions.scope;
    assert.deepEqual(keys(scope), [...SCOPE_FIELDS].sort());
    assert.deepEqual(keys(scope.properties.match), [...MATCH_FIELDS].sort());
    assert.deepEqual(keys(scope.properties.tiers.items), [...TIER_FIELDS].sort());
    assert.deepEqual(keys(schema.properties.approvals.items), [...APPROVAL_FIELDS].sort());
    for (const f of ['capabilities', 'read', 'write', 'delete', 'commands', 'network', 'validUntil', 'tiers']) assert.ok(scope.properties[f].description, f);
  });

  it('is registered for .agent-audit/policy.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.agent-audit/policy.json', url: './schemas/policy.schema.json' }]);
  });

  it('parses the example in docs/policy.md', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'policy.md'), 'utf8');
    const example = /```jsonc\n([\s\S]*?)```/.exec(doc)![1];
    const { policy, errors } = parsePolicy(example);
    assert.deepEqual(errors, []);
    assert.deepEqual(policy!.scopes.map((s) => s.id), ['dev', 'nightly']);
  });
});
