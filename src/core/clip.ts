/**
 * One-line excerpts of free text: what a user asked, what the agent said before a call. The
 * parsers keep them, and the permission journal quotes them shorter.
 */

/** Text cut to `max` characters (whitespace collapsed), with an ellipsis when cut. */
export function clip(text: string, max = 300): string {
  // Only the start can show: a long text (a pasted log, a whole file) is collapsed from its start
  // only, when that is enough to fill the excerpt.
  if (text.length > max * 4) {
    const head = text.slice(0, max * 4).replace(/\s+/g, ' ').trimStart();
    if (head.trimEnd().length > max) return `${head.slice(0, max - 1)}…`;
  }
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
