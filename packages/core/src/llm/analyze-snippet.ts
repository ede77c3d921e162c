import type { Finding, Language, Metrics } from '@xcr/contracts';
import { ValidationError } from '../errors.ts';
import { compareFindings, dedupeFindings } from '../findings/dedupe.ts';
import { hitsToFindings } from '../findings/hit-to-finding.ts';
import { computeMetrics, qualityScore, tallyComplexity } from '../findings/score.ts';
import { splitLines } from '../findings/snippet.ts';
import { detectLanguage } from '../languages/detect-language.ts';
import type { LlmProvider } from '../ports/llm-provider.ts';
import { createRulesEngine, type RulesEngine } from '../rules/engine.ts';
import { collectProjectContext } from '../rules/project-context.ts';
import { allRules } from '../rules/registry.ts';
import { createLlmAnalyzer, type LlmAnalysisResult, type LlmAnalyzerOptions } from './analyze-files.ts';
import type { OutputLanguage } from './prompts/audit-v1.ts';
import { redactForPrompt } from './secret-redaction.ts';

/** Input of {@link analyzeSnippet}. */
export interface SnippetInput {
  code: string;
  /** The snippet's language; detected from `path` when absent. */
  language?: Language;
  /** A name for the snippet (also used to detect its language). Default `snippet`. */
  path?: string;
}

/** Options of {@link analyzeSnippet}. Without a provider only the rules run. */
export interface SnippetOptions {
  provider?: LlmProvider;
  outputLanguage?: OutputLanguage;
  /** The rules engine; default every registered rule. */
  engine?: RulesEngine;
  redact?: (text: string) => string;
  signal?: AbortSignal;
  /** Further LLM options (limits, price table); a cache is deliberately not among them. */
  llm?: Omit<LlmAnalyzerOptions, 'provider' | 'cache' | 'outputLanguage' | 'redact'>;
}

/** The outcome of an instant analysis. */
export interface SnippetAnalysis {
  language: Language;
  findings: Finding[];
  qualityScore: number;
  metrics: Metrics;
  linesScanned: number;
  /** The model's side, when a provider was given: its own score, usage, counters and anything it skipped. */
  llm?: Pick<LlmAnalysisResult, 'qualityScore' | 'metrics' | 'usage' | 'counters' | 'skipped' | 'llmFindings' | 'annotated'>;
}

let defaultEngine: RulesEngine | undefined;

/**
 * Instant analysis of one snippet through the same pipeline as a scan: the rules, then (with a provider) the
 * LLM stage merged into them, then the score and metrics. Everything happens in memory; no cache is given the
 * code and nothing is stored, so the snippet is gone when the call returns.
 */
export async function analyzeSnippet(input: SnippetInput, options: SnippetOptions = {}): Promise<SnippetAnalysis> {
  const path = input.path ?? 'snippet';
  const language = input.language ?? detectLanguage(path, input.code.slice(0, 4096));
  if (language === undefined) throw new ValidationError('language_required', 'Give the language of the snippet, or a file name that shows it');
  const redact = options.redact ?? redactForPrompt;
  const engine = options.engine ?? (defaultEngine ??= createRulesEngine({ rules: allRules }));
  const lines = splitLines(input.code);
  const hits = engine.analyze({ path, language, content: input.code, project: collectProjectContext([]) });
  const ruleFindings = dedupeFindings(hitsToFindings(hits, (id) => engine.ruleById(id), { path, content: input.code, lines }, { redact }));

  let findings = ruleFindings;
  let llm: SnippetAnalysis['llm'];
  if (options.provider !== undefined) {
    const analyzer = createLlmAnalyzer({ ...options.llm, provider: options.provider, outputLanguage: options.outputLanguage ?? 'en-US', redact });
    const result = await analyzer.analyze([{ path, language, content: input.code }], ruleFindings, { signal: options.signal, concurrency: 1 });
    findings = result.findings;
    llm = { usage: result.usage, counters: result.counters, skipped: result.skipped, llmFindings: result.llmFindings, annotated: result.annotated };
    if (result.qualityScore !== undefined) llm.qualityScore = result.qualityScore;
    if (result.metrics !== undefined) llm.metrics = result.metrics;
  }
  findings = [...findings].sort(compareFindings);
  const analysis: SnippetAnalysis = {
    language,
    findings,
    qualityScore: qualityScore(findings, lines.length),
    metrics: computeMetrics(findings, lines.length, tallyComplexity(lines)),
    linesScanned: lines.length,
  };
  if (llm !== undefined) analysis.llm = llm;
  return analysis;
}
