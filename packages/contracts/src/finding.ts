import { z } from 'zod';

/** Severity of a finding, most severe first. */
export const Severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type Severity = z.infer<typeof Severity>;

/** Rank used for ordering and gates: a higher number is more severe. */
export const severityRank: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** What kind of problem a finding is. */
export const Category = z.enum(['security', 'bug', 'performance', 'style', 'maintainability', 'documentation', 'other']);
export type Category = z.infer<typeof Category>;

/** Triage state set by people. */
export const FindingStatus = z.enum(['open', 'in_progress', 'resolved', 'ignored', 'false_positive']);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** Where a finding stands compared with the previous completed run of the same project and branch. */
export const Lifecycle = z.enum(['new', 'persisting', 'fixed', 'regressed']);
export type Lifecycle = z.infer<typeof Lifecycle>;

/** The What / Why / How explanation shown with every finding. */
export const Explanation = z.object({
  what: z.string().describe('What the problem is'),
  why: z.string().describe('Why it matters'),
  how: z.string().describe('How to fix it'),
  learn_more: z.string().optional().describe('A link to read more'),
});
export type Explanation = z.infer<typeof Explanation>;

/** What one analyzer said about a finding another analyzer also reported (rules and LLM agreeing). */
export const Evidence = z.object({
  analyzer: z.string().describe('`rules`, or `<provider>:<model>`'),
  rule_id: z.string().optional(),
  title: z.string(),
  description: z.string(),
  confidence: z.number().min(0).max(1).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * A finding as an analyzer produces it, before it is stored. Lines and columns are 1-based; `line_end` and
 * `column_end` are inclusive.
 */
export const Finding = z.object({
  fingerprint: z.string().describe('Stable identity across runs: survives lines moving within the file'),
  file_path: z.string().describe('Path relative to the scanned root, with forward slashes'),
  line_start: z.number().int().positive(),
  line_end: z.number().int().positive(),
  column_start: z.number().int().positive().optional(),
  column_end: z.number().int().positive().optional(),
  code_snippet: z.string().describe('The lines of the finding, with a little context'),
  title: z.string(),
  description: z.string(),
  severity: Severity,
  category: Category,
  cwe: z.array(z.number().int().positive()).describe('CWE ids, e.g. [89]'),
  rule_id: z.string().optional().describe('The static rule id, or an LLM-derived id'),
  analyzer: z.string().describe('`rules`, or `<provider>:<model>` for an LLM'),
  confidence: z.number().min(0).max(1),
  suggestion: z.string().optional(),
  fix_example: z.string().optional(),
  explanation: Explanation,
  evidence: z.array(Evidence).optional().describe('Other analyzers that reported the same weakness at the same place'),
});
export type Finding = z.infer<typeof Finding>;

/** The four 0-100 metrics shown beside the quality score. */
export const Metrics = z.object({
  complexity: z.number().min(0).max(100),
  maintainability: z.number().min(0).max(100),
  security: z.number().min(0).max(100),
  performance: z.number().min(0).max(100),
});
export type Metrics = z.infer<typeof Metrics>;

/** Why a file was not analysed. */
export const SkipReason = z.enum([
  'excluded_dir',
  'excluded_glob',
  'gitignored',
  'not_included',
  'binary_extension',
  'binary_content',
  'too_large',
  'minified',
  'generated',
  'vendored',
  'unsupported_language',
  'max_files',
  'unreadable',
  'symlink',
  'config_excluded',
  'llm_not_configured',
  'llm_budget_exhausted',
  'llm_failure_guard',
  'llm_call_failed',
  'llm_answer_malformed',
  'llm_context_too_small',
]);
export type SkipReason = z.infer<typeof SkipReason>;

/** A file left out of the analysis, with the reason. */
export const SkippedFile = z.object({ path: z.string(), reason: SkipReason, detail: z.string().optional() });
export type SkippedFile = z.infer<typeof SkippedFile>;

/** Counts per severity. */
export const SeverityCounts = z.object({
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  info: z.number().int(),
});
export type SeverityCounts = z.infer<typeof SeverityCounts>;

/**
 * What the LLM stage did in one scan: which provider and model saw which files (sizes and hashes, never the
 * code), what it cost, and what went wrong without failing the scan.
 */
export const LlmRunSummary = z.object({
  provider: z.string(),
  model: z.string(),
  usage: z.object({
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    cost_usd: z.number(),
    is_cost_known: z.boolean(),
    calls: z.number().int(),
    cache_hits: z.number().int(),
  }),
  counters: z.record(z.string(), z.number().int()),
  sent: z.array(z.object({ path: z.string(), size_bytes: z.number().int(), sha256: z.string(), chunks: z.number().int() })),
  stopped: z.string().optional().describe('Why the stage stopped early (budget, failure guard)'),
});
export type LlmRunSummary = z.infer<typeof LlmRunSummary>;

/** The result of one scan, as `xcr scan --format json` prints it and the audit job stores it. */
export const ScanResult = z.object({
  tool: z.object({ name: z.string(), version: z.string(), rules_version: z.string() }),
  root: z.string().describe('What was scanned (folder, archive name or repository URL)'),
  commit: z.string().optional(),
  started_at: z.string(),
  finished_at: z.string(),
  files_total: z.number().int(),
  files_scanned: z.number().int(),
  lines_scanned: z.number().int(),
  languages: z.record(z.string(), z.number().int()).describe('Language -> number of files scanned'),
  findings: z.array(Finding),
  skipped: z.array(SkippedFile),
  summary: SeverityCounts.extend({ total: z.number().int() }),
  quality_score: z.number().min(0).max(100),
  metrics: Metrics,
  llm: LlmRunSummary.optional().describe('Present when the LLM stage ran'),
});
export type ScanResult = z.infer<typeof ScanResult>;
