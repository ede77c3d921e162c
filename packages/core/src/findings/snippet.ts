/** Limits on the code shown with a finding: enough to recognise the spot, never a whole minified file. */
export interface SnippetLimits {
  /** Lines shown before and after the flagged lines. */
  contextLines: number;
  /** Flagged lines shown at most; a longer range is cut with a marker line. */
  maxFlaggedLines: number;
  /** Characters kept per line; the rest is replaced by an ellipsis. */
  maxLineChars: number;
  /** Characters of the whole snippet at most. */
  maxChars: number;
}

/** Defaults: the flagged lines with two lines of context either side. */
export const defaultSnippetLimits: SnippetLimits = { contextLines: 2, maxFlaggedLines: 12, maxLineChars: 240, maxChars: 2_000 };

/** Splits file content into lines (LF, CRLF or CR); a final line break does not add an empty line. */
export function splitLines(content: string): string[] {
  if (content.length === 0) return [];
  const lines = content.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function capLine(line: string, maxLineChars: number): string {
  return line.length > maxLineChars ? `${line.slice(0, maxLineChars)}…` : line;
}

/**
 * The lines `lineStart..lineEnd` (1-based, inclusive) with context, each line capped, the whole capped. Line
 * numbers outside the file are clamped to it.
 */
export function extractSnippet(lines: readonly string[], lineStart: number, lineEnd: number, limits: SnippetLimits = defaultSnippetLimits): string {
  if (lines.length === 0) return '';
  const start = Math.min(Math.max(1, lineStart), lines.length);
  const end = Math.min(Math.max(start, lineEnd), lines.length);
  const from = Math.max(1, start - limits.contextLines);
  const flaggedEnd = Math.min(end, start + limits.maxFlaggedLines - 1);
  const isCut = flaggedEnd < end;
  // Context after a cut range would sit next to the wrong lines, so a cut range ends with the marker instead.
  const to = isCut ? flaggedEnd : Math.min(lines.length, end + limits.contextLines);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(capLine(lines[n - 1] ?? '', limits.maxLineChars));
  if (isCut) out.push(`… (${end - flaggedEnd} more lines)`);
  const text = out.join('\n');
  return text.length > limits.maxChars ? `${text.slice(0, limits.maxChars)}…` : text;
}

/** The flagged lines themselves (no context), as used for fingerprints. */
export function flaggedLines(lines: readonly string[], lineStart: number, lineEnd: number): string {
  const start = Math.max(1, lineStart);
  const end = Math.min(lines.length, Math.max(start, lineEnd));
  return lines.slice(start - 1, end).join('\n');
}
