/** Instant analysis of a pasted snippet: `POST /api/v1/instant-analysis` and the caller's history. */
import { z } from 'zod';
import { Finding, Metrics, SeverityCounts } from '../finding.ts';
import { Language } from '../language.ts';
import { PageQuery, Timestamp } from './common.ts';

/** The largest snippet accepted, in UTF-8 bytes (413 `code_too_large` above it). */
export const instantAnalysisMaxCodeBytes = 200 * 1024;

/**
 * `POST /instant-analysis`. Without `language`, it is detected from `filename`, else from the content; 422
 * `language_required` when neither tells. `use_llm` defaults to "when a default provider is configured";
 * `true` without one is 422 `llm_not_configured`.
 */
export const InstantAnalysisBody = z
  .object({
    code: z.string().min(1),
    language: Language.optional(),
    filename: z.string().trim().min(1).max(255).optional(),
    output_language: z.enum(['zh-CN', 'en-US']).optional(),
    use_llm: z.boolean().optional(),
  })
  .strict();
export type InstantAnalysisBody = z.infer<typeof InstantAnalysisBody>;

/** Severity counts with the total. */
export const IssueCounts = SeverityCounts.extend({ total: z.number().int().min(0) });
export type IssueCounts = z.infer<typeof IssueCounts>;

/** What the model contributed, when it ran. */
export const InstantAnalysisLlm = z.object({
  provider: z.string(),
  model: z.string(),
  findings: z.number().int().min(0).describe('Findings the model added'),
  calls: z.number().int().min(0),
  failed_calls: z.number().int().min(0),
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  cost_usd: z.number().min(0),
});
export type InstantAnalysisLlm = z.infer<typeof InstantAnalysisLlm>;

/** The result of an instant analysis. The snippet itself is not kept: only a summary row is stored. */
export const InstantAnalysisResponse = z.object({
  id: z.string(),
  language: Language,
  findings: z.array(Finding),
  quality_score: z.number(),
  metrics: Metrics,
  counts: IssueCounts,
  lines_scanned: z.number().int().min(0),
  duration_ms: z.number().int().min(0),
  llm: InstantAnalysisLlm.nullable(),
  created_at: Timestamp,
});
export type InstantAnalysisResponse = z.infer<typeof InstantAnalysisResponse>;

/** One finding of a stored analysis: where and what, without code or prose. */
export const InstantAnalysisFindingSummary = z.object({
  title: z.string(),
  severity: Finding.shape.severity,
  category: Finding.shape.category,
  cwe: z.array(z.number().int()),
  rule_id: z.string().nullable(),
  analyzer: z.string(),
  line_start: z.number().int(),
  line_end: z.number().int(),
});
export type InstantAnalysisFindingSummary = z.infer<typeof InstantAnalysisFindingSummary>;

/** A past analysis of the caller, as stored. */
export const InstantAnalysisRecordResponse = z.object({
  id: z.string(),
  language: z.string(),
  quality_score: z.number().nullable(),
  counts: IssueCounts,
  duration_ms: z.number().int().min(0),
  metrics: Metrics.nullable(),
  lines_scanned: z.number().int().min(0).nullable(),
  findings: z.array(InstantAnalysisFindingSummary),
  llm: InstantAnalysisLlm.nullable(),
  created_at: Timestamp,
});
export type InstantAnalysisRecordResponse = z.infer<typeof InstantAnalysisRecordResponse>;

/** `GET /instant-analysis`: the caller's analyses, newest first. */
export const InstantAnalysisListQuery = PageQuery;
export type InstantAnalysisListQuery = z.infer<typeof InstantAnalysisListQuery>;
