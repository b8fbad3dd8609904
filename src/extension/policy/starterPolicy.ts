/**
 * The starter `.agent-audit/policy.json` the "Create Policy File" command writes: one scope for every
 * agent in this project that may read anything, write source, tests and docs, and run the usual
 * development commands. Everything else that writes, deletes or reaches the network is out of scope.
 * No `vscode` here (a unit test parses it with the engine's parser).
 */
export const STARTER_POLICY = `{
  // Scopes for the coding agents working in this project. See docs/policy.md of Agent Audit.
  // Calls that no scope allows are flagged "Executed although out of scope".
  "version": 1,
  "id": "workspace",
  "scopes": [
    {
      "id": "dev",
      "description": "Day-to-day coding sessions in this project",
      "match": {},
      "capabilities": ["shell-exec", "code-*", "doc-markdown", "config-data", "vcs-write", "pkg-install", "net-egress"],
      "denyCapabilities": ["privileged", "secrets-access", "vcs-rewrite"],
      "read": ["**"],
      "write": ["src/**", "test/**", "tests/**", "docs/**", "*.md"],
      "delete": ["dist/**", "build/**", "tmp/**"],
      "network": ["registry.npmjs.org", "pypi.org", "*.github.com"]
    }
  ],
  "approvals": []
}
`;
