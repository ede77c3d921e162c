import type { Finding } from '@xcr/contracts';
import type { RuleHit, RuleMeta } from '../rules/types.ts';
import { computeFingerprint, createOccurrenceCounter } from './fingerprint.ts';
import { defaultSnippetLimits, extractSnippet, flaggedLines, type SnippetLimits } from './snippet.ts';

/** The file a hit was found in. `lines` is `splitLines(content)`, split once per file by the caller. */
export interface FindingFile {
  path: string;
  content: string;
  lines: readonly string[];
}

/** How a hit becomes a finding. */
export interface HitToFindingOptions {
  /** Index among identical flagged texts of the same rule in this file (see `hitsToFindings`). Default 0. */
  occurrence?: number;
  /** Removes secrets from text shown to people (snippet) and from the text fingerprinted. */
  redact?: (text: string) => string;
  snippetLimits?: SnippetLimits;
}

function identity(text: string): string {
  return text;
}

/** Clamps a hit's lines to the file, so a finding always points at lines that exist. */
function clampLines(hit: RuleHit, lineCount: number): { lineStart: number; lineEnd: number } {
  const last = Math.max(1, lineCount);
  const lineStart = Math.min(Math.max(1, hit.lineStart), last);
  const lineEnd = Math.min(Math.max(lineStart, hit.lineEnd), last);
  return { lineStart, lineEnd };
}

/**
 * Turns one rule hit into a Finding. `rule` carries the effective severity (after project overrides). The
 * snippet is the flagged lines with context, redacted; the fingerprint ignores line numbers.
 */
export function hitToFinding(hit: RuleHit, rule: RuleMeta, file: FindingFile, options: HitToFindingOptions = {}): Finding {
  const redact = options.redact ?? identity;
  const { lineStart, lineEnd } = clampLines(hit, file.lines.length);
  const flagged = redact(flaggedLines(file.lines, lineStart, lineEnd));
  const sameLine = lineStart === lineEnd;
  const finding: Finding = {
    fingerprint: computeFingerprint({ ruleId: rule.id, filePath: file.path, flaggedText: flagged, occurrence: options.occurrence ?? 0 }),
    file_path: file.path,
    line_start: lineStart,
    line_end: lineEnd,
    code_snippet: redact(extractSnippet(file.lines, lineStart, lineEnd, options.snippetLimits ?? defaultSnippetLimits)),
    title: rule.title,
    description: hit.message ?? rule.message,
    severity: rule.severity,
    category: rule.category,
    cwe: [...rule.cwe],
    rule_id: rule.id,
    analyzer: 'rules',
    confidence: rule.confidence,
    suggestion: rule.fix,
    explanation: { ...rule.explanation },
  };
  if (hit.columnStart !== undefined && hit.columnStart > 0) finding.column_start = hit.columnStart;
  // An end column only makes sense after the start column on a one-line finding.
  if (hit.columnEnd !== undefined && hit.columnEnd > 0 && (!sameLine || hit.columnEnd >= (finding.column_start ?? 1))) {
    finding.column_end = hit.columnEnd;
  }
  if (rule.fixExample !== undefined) finding.fix_example = rule.fixExample;
  return finding;
}

/**
 * Turns all hits of one file into findings, assigning occurrence indexes in line order so fingerprints stay
 * stable. Hits whose rule `ruleFor` does not know (disabled rules) are dropped.
 */
export function hitsToFindings(
  hits: readonly RuleHit[],
  ruleFor: (ruleId: string) => RuleMeta | undefined,
  file: FindingFile,
  options: Omit<HitToFindingOptions, 'occurrence'> = {},
): Finding[] {
  const redact = options.redact ?? identity;
  const ordered = [...hits].sort((a, b) => a.lineStart - b.lineStart || (a.columnStart ?? 0) - (b.columnStart ?? 0) || a.ruleId.localeCompare(b.ruleId));
  const nextOccurrence = createOccurrenceCounter();
  const findings: Finding[] = [];
  for (const hit of ordered) {
    const rule = ruleFor(hit.ruleId);
    if (rule === undefined) continue;
    const { lineStart, lineEnd } = clampLines(hit, file.lines.length);
    const occurrence = nextOccurrence(rule.id, redact(flaggedLines(file.lines, lineStart, lineEnd)));
    findings.push(hitToFinding(hit, rule, file, { ...options, occurrence }));
  }
  return findings;
}
