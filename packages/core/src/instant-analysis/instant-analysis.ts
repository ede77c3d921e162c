// Instant analysis of a pasted snippet: the same pipeline as a scan (rules, then the model when one is
// configured), answered at once. Only a summary is stored: counts, score, metrics and where each finding is;
// never the code, snippets or the model's prose, so nothing of the paste outlives the request.
import type { Finding, Language, Metrics } from '@xcr/contracts';
import { TooLargeError, ValidationError } from '../errors.ts';
import { severityCounts } from '../findings/score.ts';
import { detectLanguage } from '../languages/detect-language.ts';
import { analyzeSnippet, type SnippetAnalysis } from '../llm/analyze-snippet.ts';
import type { OutputLanguage } from '../llm/prompts/audit-v1.ts';
import type { LlmProvider } from '../ports/llm-provider.ts';
import type { LlmResolver } from '../ports/llm-resolver.ts';
import type { InstantAnalysisRecord, InstantAnalysisRepository } from '../ports/repositories.ts';
import { guessSnippetLanguage } from './snippet-language.ts';

/** The largest snippet, in UTF-8 bytes. */
export const instantAnalysisMaxBytes = 200 * 1024;

/** What the caller sends. */
export interface InstantAnalysisInput {
  code: string;
  language?: Language;
  filename?: string;
  outputLanguage?: OutputLanguage;
  /** true: the model must run; false: rules only; undefined: the model when a default provider exists. */
  useLlm?: boolean;
}

/** The model's share of an analysis. */
export interface InstantAnalysisLlmSummary {
  provider: string;
  model: string;
  findings: number;
  calls: number;
  failed_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

/** The result, as the API answers it. */
export interface InstantAnalysisResult {
  record: InstantAnalysisRecord;
  language: Language;
  findings: Finding[];
  qualityScore: number;
  metrics: Metrics;
  linesScanned: number;
  durationMs: number;
  llm: InstantAnalysisLlmSummary | null;
}

/** What the use case runs on. */
export interface InstantAnalysisDeps {
  repos: { instantAnalyses: InstantAnalysisRepository };
  llmResolver?: LlmResolver;
  /** Milliseconds on a monotonic clock, for the duration. */
  now?: () => number;
}

/** The language of a snippet: as given, else from the file name (or a shebang), else from its content. */
export function snippetLanguageOf(input: Pick<InstantAnalysisInput, 'code' | 'language' | 'filename'>): Language {
  const language = input.language ?? (input.filename ? detectLanguage(input.filename, input.code.slice(0, 4096)) : undefined) ?? guessSnippetLanguage(input.code);
  if (!language) {
    throw new ValidationError('language_required', 'The language could not be told from the code: give the language or a file name', { status: 422 });
  }
  return language;
}

function llmSummaryOf(provider: LlmProvider, llm: NonNullable<SnippetAnalysis['llm']>): InstantAnalysisLlmSummary {
  return {
    provider: provider.name,
    model: provider.model,
    findings: llm.llmFindings,
    calls: llm.usage.calls,
    failed_calls: llm.counters.failed_calls,
    prompt_tokens: llm.usage.promptTokens,
    completion_tokens: llm.usage.completionTokens,
    cost_usd: llm.usage.costUsd,
  };
}

/** The stored form of a finding: location and classification only. */
function findingSummaryOf(f: Finding) {
  return { title: f.title, severity: f.severity, category: f.category, cwe: f.cwe, rule_id: f.rule_id ?? null, analyzer: f.analyzer, line_start: f.line_start, line_end: f.line_end };
}

/**
 * Analyses a snippet for `userId` and stores the summary. Throws TooLargeError `code_too_large` (413) above
 * {@link instantAnalysisMaxBytes}, ValidationError `language_required` or `llm_not_configured` (422).
 */
export async function runInstantAnalysis(deps: InstantAnalysisDeps, userId: string, input: InstantAnalysisInput, signal?: AbortSignal): Promise<InstantAnalysisResult> {
  const now = deps.now ?? (() => performance.now());
  const startedAt = now();
  const sizeBytes = new TextEncoder().encode(input.code).length;
  if (sizeBytes > instantAnalysisMaxBytes) {
    throw new TooLargeError('code_too_large', `The code is larger than ${instantAnalysisMaxBytes / 1024} KB`, { details: { size_bytes: sizeBytes, max_bytes: instantAnalysisMaxBytes } });
  }
  const language = snippetLanguageOf(input);
  let provider: LlmProvider | undefined;
  if (input.useLlm !== false) provider = await deps.llmResolver?.resolve({});
  if (input.useLlm === true && !provider) {
    throw new ValidationError('llm_not_configured', 'No LLM provider is configured: an admin adds one under LLM providers', { status: 422 });
  }
  const analysis = await analyzeSnippet(
    { code: input.code, language, path: input.filename ?? 'snippet' },
    { provider, outputLanguage: input.outputLanguage, signal },
  );
  const counts = severityCounts(analysis.findings);
  const llm = provider && analysis.llm ? llmSummaryOf(provider, analysis.llm) : null;
  const durationMs = Math.max(0, Math.round(now() - startedAt));
  const record = await deps.repos.instantAnalyses.create({
    user_id: userId,
    language,
    summary: { metrics: analysis.metrics, lines_scanned: analysis.linesScanned, findings: analysis.findings.map(findingSummaryOf), llm },
    quality_score: analysis.qualityScore,
    total_issues: counts.total,
    critical_issues: counts.critical,
    high_issues: counts.high,
    medium_issues: counts.medium,
    low_issues: counts.low,
    info_issues: counts.info,
    duration_ms: durationMs,
  });
  return { record, language, findings: analysis.findings, qualityScore: analysis.qualityScore, metrics: analysis.metrics, linesScanned: analysis.linesScanned, durationMs, llm };
}
