/**
 * Line anchoring: a model's line number is checked against the code it quotes. Models miscount, quote context
 * instead of the problem line, or invent lines past the end; the quoted snippet is the better witness.
 */
import { showHidden } from './prompts/render-audit-prompt.ts';

/** The lines the model saw: the whole file's lines as sent, and the range shown in this call (1-based, inclusive). */
export interface AnchorScope {
  lines: readonly string[];
  startLine: number;
  endLine: number;
}

/** What anchoring decided for one issue. */
export type AnchorOutcome =
  /** The line is confirmed by the snippet, or is in range with nothing to contradict it. */
  | { kind: 'kept'; line: number }
  /** The snippet was found elsewhere (or the model gave no line): the line is the snippet's. */
  | { kind: 'corrected'; line: number }
  /** No line and no snippet: an observation about the code shown, placed on its first line. */
  | { kind: 'file_level'; line: number }
  /** No usable line and a snippet that matches nothing shown: the finding cannot be placed. */
  | { kind: 'dropped' };

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Models sometimes copy the `N| ` prefix into the snippet, or elide lines with an ellipsis.
const copiedPrefix = /^\s*\d+\|\s?/;
const ellipsisLine = /^(?:(?:\/\/|#|--|\/\*)\s*)?(?:\.{3}|…)(?:\s*\*\/)?$/;

function snippetLines(snippet: string): string[] {
  return snippet
    .split(/\r\n|\r|\n/)
    .map((line) => normalise(line.replace(copiedPrefix, '')))
    .filter((line) => line !== '' && !ellipsisLine.test(line));
}

/** Short lines (`}`, `end`) prove nothing alone. */
const minSignificantChars = 6;
/** A quoted fragment of a line counts as that line only when it is long enough to be specific. */
const minFragmentChars = 10;

function matches(fileLine: string, quoted: string): boolean {
  return fileLine === quoted || (quoted.length >= minFragmentChars && fileLine.includes(quoted));
}

function nearest(candidates: readonly number[], line: number | undefined): number | undefined {
  if (candidates.length === 0) return undefined;
  if (line === undefined) return candidates[0];
  return candidates.reduce((best, c) => (Math.abs(c - line) < Math.abs(best - line) ? c : best));
}

/**
 * Places one issue. The reported line is kept when the line it names is one of the quoted lines (or when
 * nothing was quoted and it is in range); otherwise the quoted lines are searched in the range shown — as a
 * sequence first, then line by line — and the line moves to the match nearest the reported one.
 */
export function anchorIssue(issue: { line?: number; codeSnippet: string }, scope: AnchorScope): AnchorOutcome {
  const { startLine, endLine } = scope;
  const inRange = issue.line !== undefined && issue.line >= startLine && issue.line <= endLine ? issue.line : undefined;
  const quoted = snippetLines(issue.codeSnippet);
  const significant = quoted.filter((q) => q.length >= minSignificantChars);
  if (significant.length === 0) {
    if (inRange !== undefined) return { kind: 'kept', line: inRange };
    return issue.line === undefined && quoted.length === 0 ? { kind: 'file_level', line: startLine } : { kind: 'dropped' };
  }

  // As the model saw the line: hidden characters written out (see showHidden).
  const fileLine = (n: number) => normalise(showHidden(scope.lines[n - 1] ?? ''));
  if (inRange !== undefined && significant.some((q) => matches(fileLine(inRange), q))) return { kind: 'kept', line: inRange };

  // Non-blank lines of the range, for matching the quoted sequence regardless of blank lines in between.
  const nonBlank: number[] = [];
  for (let n = startLine; n <= endLine; n++) if (fileLine(n) !== '') nonBlank.push(n);

  const windows: { from: number; to: number; focus: number }[] = [];
  for (let p = 0; p + quoted.length <= nonBlank.length; p++) {
    if (quoted.every((q, k) => matches(fileLine(nonBlank[p + k] as number), q))) {
      // Snippets are the problem line with context either side: the middle line is the best guess.
      windows.push({ from: nonBlank[p] as number, to: nonBlank[p + quoted.length - 1] as number, focus: nonBlank[p + Math.floor((quoted.length - 1) / 2)] as number });
    }
  }
  if (inRange !== undefined && windows.some((w) => inRange >= w.from && inRange <= w.to)) return { kind: 'kept', line: inRange };
  const byWindow = nearest(windows.map((w) => w.focus), issue.line);
  if (byWindow !== undefined) return { kind: 'corrected', line: byWindow };

  const lineMatches = nonBlank.filter((n) => significant.some((q) => matches(fileLine(n), q)));
  const byLine = nearest(lineMatches, issue.line);
  if (byLine !== undefined) return { kind: 'corrected', line: byLine };

  // The quote matches nothing: a paraphrase. An in-range line still stands; anything else cannot be placed.
  return inRange !== undefined ? { kind: 'kept', line: inRange } : { kind: 'dropped' };
}
