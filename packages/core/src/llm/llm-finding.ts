import { z } from 'zod';
import { Category, Explanation, Severity, type Finding } from '@xcr/contracts';
import { computeFingerprint, createOccurrenceCounter } from '../findings/fingerprint.ts';
import { extractSnippet, flaggedLines } from '../findings/snippet.ts';

/**
 * An LLM issue once anchored: what the cache stores and what becomes a Finding. It holds no code: the snippet
 * shown with a finding is cut from the file when the finding is built.
 */
export const LlmIssue = z.object({
  category: Category,
  severity: Severity,
  title: z.string(),
  description: z.string(),
  suggestion: z.string(),
  line: z.number().int().positive(),
  lineEnd: z.number().int().positive(),
  column: z.number().int().positive().optional(),
  cwe: z.array(z.number().int().positive()),
  xai: Explanation,
});
export type LlmIssue = z.infer<typeof LlmIssue>;

/** How sure we are of an LLM finding by default: below a typical rule, whose match is exact. */
export const llmConfidence = 0.7;

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 48).replace(/-+$/, '') || 'issue';
}

/**
 * The rule id of an LLM finding: `llm.<category>.cwe-<n>` when it names a CWE, else `llm.<category>.<title
 * slug>`. It feeds the fingerprint, so the same answer (a cache hit) gives the same identity.
 */
export function llmRuleId(issue: Pick<LlmIssue, 'category' | 'cwe' | 'title'>): string {
  const first = issue.cwe[0];
  return `llm.${issue.category}.${first === undefined ? slug(issue.title) : `cwe-${first}`}`;
}

/** Options of {@link llmIssuesToFindings}. */
export interface LlmFindingOptions {
  /** `<provider>:<model>`. */
  analyzer: string;
  redact: (text: string) => string;
}

/**
 * Findings for one file's LLM issues, fingerprinted like rule findings (rule id, path, flagged text and
 * occurrence index in line order) and with a snippet cut from the file and redacted.
 */
export function llmIssuesToFindings(issues: readonly LlmIssue[], file: { path: string; lines: readonly string[] }, options: LlmFindingOptions): Finding[] {
  const nextOccurrence = createOccurrenceCounter();
  const ordered = [...issues].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.title.localeCompare(b.title));
  return ordered.map((issue) => {
    const ruleId = llmRuleId(issue);
    const lineEnd = Math.min(Math.max(issue.line, issue.lineEnd), Math.max(1, file.lines.length));
    const flagged = options.redact(flaggedLines(file.lines, issue.line, lineEnd));
    const finding: Finding = {
      fingerprint: computeFingerprint({ ruleId, filePath: file.path, flaggedText: flagged, occurrence: nextOccurrence(ruleId, flagged) }),
      file_path: file.path,
      line_start: issue.line,
      line_end: lineEnd,
      code_snippet: options.redact(extractSnippet(file.lines, issue.line, lineEnd)),
      title: issue.title,
      description: issue.description,
      severity: issue.severity,
      category: issue.category,
      cwe: [...issue.cwe],
      rule_id: ruleId,
      analyzer: options.analyzer,
      confidence: llmConfidence,
      explanation: { ...issue.xai },
    };
    if (issue.column !== undefined) finding.column_start = issue.column;
    if (issue.suggestion !== '') finding.suggestion = issue.suggestion;
    return finding;
  });
}
