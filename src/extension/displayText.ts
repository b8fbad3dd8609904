/**
 * Log content on the host's display surfaces (tree labels and descriptions, tooltips, quick
 * picks, notifications, panel titles). No `vscode` here, so the rules are unit-tested.
 * Everything starts as inert text (see core/inertText); each surface then gets what its own
 * syntax needs, so nothing from a log becomes markup, an icon or a link.
 */
import { inertText } from '../core/inertText';
import { escapeMarkdown, markdownCode } from '../core/render/escape';

/** Plain one-line text: tree labels and descriptions, panel titles, output lines. */
export function displayText(value: unknown): string {
  return inertText(value);
}

/**
 * Text inside a notification or a view message. VS Code turns `[label](command:...)`,
 * `[label](https://...)` and `[label](file:...)` in those into clickable links (commands
 * included), so `](` is broken apart: the text reads the same and is never a link.
 */
export function notificationText(value: unknown): string {
  return inertText(value).replace(/\]\s*\(/g, '] (');
}

/** A quick pick label, description or detail: `$(name)` would render as an icon, `\$(name)` shows as typed. */
export function quickPickText(value: unknown): string {
  // Only what VS Code reads as an icon (`$(name)` or `$(name~spin)`); `$(echo hi)` shows as it is anyway.
  return inertText(value).replace(/\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g, '\\$($1)');
}

/** Text in an untrusted MarkdownString: no markup, no HTML, no links, no autolinks. */
export function markdownText(value: unknown): string {
  return escapeMarkdown(String(value ?? '')).replace(/\$/g, '\\$');
}

/** A path or command in an untrusted MarkdownString, as a code span (never markup, never a link). */
export function markdownCodeText(value: unknown): string {
  return markdownCode(String(value ?? ''));
}
