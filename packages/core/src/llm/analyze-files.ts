import type { Finding } from '@xcr/contracts';
import { compareFindings } from '../findings/dedupe.ts';
import type { LlmCache } from '../ports/llm-cache.ts';
import type { LlmProvider } from '../ports/llm-provider.ts';
import { llmCacheKey } from './cache-key.ts';
import { llmIssuesToFindings } from './llm-finding.ts';
import { mergeFindings } from './merge.ts';
import { PieceResult } from './piece-result.ts';
import { prepareFile, type LlmSourceFile } from './prepare-files.ts';
import { costOf, defaultPriceTable, priceForModel, type PriceTable } from './price-table.ts';
import { PROMPT_VERSION, type OutputLanguage } from './prompts/audit-v1.ts';
import { promptTextHash, renderAuditMessages } from './prompts/render-audit-prompt.ts';
import { runUnit, type UnitOutcome } from './run-unit.ts';
import { createBudgetTracker, type TaskBudget } from './task-budget.ts';
import { createFailureGuard, type FailureGuard } from './resilience/failure-guard.ts';
import { estimateTokens } from './token-estimate.ts';
import { batchPieces, isWholeFile, splitIntoPieces, type FilePiece, type WorkUnit } from './work-units.ts';
import { createLlmRunState, type LlmAnalysisResult, type LlmAnalyzerEvent, type LlmSkipReason } from './analysis-result.ts';

export type { LlmSourceFile } from './prepare-files.ts';
export * from './analysis-result.ts';

/** Options of {@link createLlmAnalyzer}. Everything but the provider, language and redactor has a default. */
export interface LlmAnalyzerOptions {
  /** The provider, already wrapped by the caller with retries, pacing and circuit breaking. */
  provider: LlmProvider;
  /** Answers by content; unchanged code costs no call on a re-audit. */
  cache?: LlmCache;
  /** How long a cached answer lives. Default 7 days. */
  cacheTtlMs?: number;
  outputLanguage: OutputLanguage;
  budget?: TaskBudget;
  /** Prices per model; default {@link defaultPriceTable}. */
  priceTable?: PriceTable;
  /** Removes secrets from code before it is sent (and from snippets of LLM findings). */
  redact: (text: string) => string;
  onEvent?: (event: LlmAnalyzerEvent) => void;
  /** Default 0.2, the original's. */
  temperature?: number;
  /** The answer limit asked for and reserved in the context. Default min(model limit, 4,096). */
  maxOutputTokens?: number;
  /**
   * Tokens of code per call, below the context limit: a model asked about too many lines at once reports fewer
   * of their issues and its answer may not fit its output limit. Default 16,000.
   */
  maxInputTokensPerCall?: number;
  /** Small files per call. Default 4; 1 turns batching off. */
  maxFilesPerBatch?: number;
  /**
   * Files up to this many tokens may share a call. Default 600 (about 60 lines): below it the fixed prompt
   * outweighs the code, above it one file per call keeps answers focused.
   */
  smallFileTokens?: number;
  /** Lines shared by consecutive chunks of a big file. Default 20. */
  chunkOverlapLines?: number;
  /** Completion tokens a call is expected to take, for the budget check before it starts. Default 1,000. */
  expectedCompletionTokens?: number;
  /**
   * A fresh guard per analysis, fed one outcome per call (a malformed answer is an answer: only calls that
   * failed after the caller's retries count as failures). Default: the original's thresholds.
   */
  createFailureGuard?: () => FailureGuard;
  /** Random part of the data boundary (tests fix it). */
  randomBoundary?: () => string;
}

/** Options of one analysis. */
export interface LlmAnalyzeOptions {
  signal?: AbortSignal;
  /** Calls in flight at once. Default 2, the original's. */
  concurrency?: number;
}

/** A configured LLM analysis. */
export interface LlmAnalyzer {
  /** `<provider>:<model>`, the `analyzer` of its findings. */
  readonly analyzer: string;
  /**
   * Analyses files and merges the model's findings into `ruleFindings` (never removing one). Rejects only
   * when `signal` aborts: failed calls, malformed answers, an exhausted budget and tripped guards are counted
   * and listed in the result.
   */
  analyze(files: readonly LlmSourceFile[], ruleFindings: readonly Finding[], options?: LlmAnalyzeOptions): Promise<LlmAnalysisResult>;
}

const defaultCacheTtlMs = 7 * 24 * 3600 * 1000;
/** Below this many tokens of room for code, a call would carry too little to be worth making. */
const minCodeTokensPerCall = 256;

function rangeOf(piece: FilePiece): string {
  return isWholeFile(piece) ? 'whole' : `${piece.startLine}-${piece.endLine}`;
}

/** Creates an LLM analyzer; see {@link LlmAnalyzer.analyze}. */
export function createLlmAnalyzer(options: LlmAnalyzerOptions): LlmAnalyzer {
  const { provider } = options;
  const analyzer = `${provider.name}:${provider.model}`;
  const temperature = options.temperature ?? 0.2;
  const maxOutputTokens = options.maxOutputTokens ?? Math.min(provider.capabilities.maxOutputTokens, 4_096);
  const overheadTokens = renderAuditMessages([], { outputLanguage: options.outputLanguage, boundary: 'XCR-DATA-000000000000000000000000', isRedacted: true }).reduce((sum, m) => sum + estimateTokens(m.content), 0) + 64;
  const codeTokensPerCall = Math.min(options.maxInputTokensPerCall ?? 16_000, provider.capabilities.maxContextTokens - maxOutputTokens - overheadTokens);
  const modelPrice = priceForModel(provider.model, options.priceTable ?? defaultPriceTable);
  const keyOf = (piece: FilePiece) =>
    llmCacheKey({
      contentSha256: piece.file.sentSha256,
      language: piece.file.language,
      promptVersion: PROMPT_VERSION,
      promptTextHash,
      providerKind: provider.kind,
      providerName: provider.name,
      model: provider.model,
      temperature,
      maxTokens: maxOutputTokens,
      outputLanguage: options.outputLanguage,
      range: rangeOf(piece),
    });

  async function analyze(files: readonly LlmSourceFile[], ruleFindings: readonly Finding[], runOptions: LlmAnalyzeOptions = {}): Promise<LlmAnalysisResult> {
    const { signal } = runOptions;
    signal?.throwIfAborted();
    const state = createLlmRunState(provider, modelPrice === undefined);
    const emit = (event: LlmAnalyzerEvent) => options.onEvent?.(event);
    const prepared = files.map((f) => prepareFile(f, options.redact));
    if (codeTokensPerCall < minCodeTokensPerCall) {
      for (const file of prepared) if (file.lines.length > 0) state.skip(file.path, 'llm_context_too_small', `${provider.capabilities.maxContextTokens} tokens of context`);
      return state.finish(prepared, mergeFindings(ruleFindings, []), ruleFindings.length);
    }
    const pieces = prepared.flatMap((file) => splitIntoPieces(file, { maxPieceTokens: codeTokensPerCall, overlapLines: options.chunkOverlapLines ?? 20 }));

    // Cache first: hits cost nothing, and only the misses are batched into calls.
    const misses: FilePiece[] = [];
    await forEachBounded(pieces, 16, async (piece) => {
      const cached = await readCache(piece);
      if (cached === undefined) misses.push(piece);
      else {
        state.addPiece(piece, cached, true);
        emit({ type: 'cache_hit', path: piece.file.path, startLine: piece.startLine, endLine: piece.endLine });
      }
    });
    misses.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.startLine - b.startLine));
    const units = batchPieces(misses, { maxUnitTokens: codeTokensPerCall, maxFilesPerBatch: options.maxFilesPerBatch ?? 4, smallPieceTokens: Math.min(options.smallFileTokens ?? 600, codeTokensPerCall) });

    const budget = createBudgetTracker(options.budget, modelPrice);
    const guard = options.createFailureGuard?.() ?? createFailureGuard();
    const queue = [...units];
    let stopReason: Extract<LlmSkipReason, 'llm_budget_exhausted' | 'llm_failure_guard'> | undefined;
    let stopDetail: string | undefined;
    const worker = async () => {
      for (;;) {
        signal?.throwIfAborted();
        if (stopReason !== undefined || queue.length === 0) return;
        const verdict = guard.shouldStop();
        if (verdict.stop) {
          stopReason = 'llm_failure_guard';
          stopDetail = verdict.reason;
          return;
        }
        const unit = queue.shift() as WorkUnit;
        const release = budget.reserve(overheadTokens + unit.estimatedTokens, options.expectedCompletionTokens ?? 1_000);
        if (release === undefined) {
          queue.unshift(unit);
          stopReason = 'llm_budget_exhausted';
          return;
        }
        let outcome: UnitOutcome | undefined;
        try {
          outcome = await runUnit(unit, { provider, outputLanguage: options.outputLanguage, temperature, maxOutputTokens, randomBoundary: options.randomBoundary }, signal);
        } finally {
          release(outcome === undefined || outcome.kind === 'failed' ? undefined : outcome.usage);
        }
        guard.record(outcome.kind !== 'failed');
        await settle(unit, outcome);
      }
    };

    async function settle(unit: WorkUnit, outcome: UnitOutcome): Promise<void> {
      for (const piece of unit.pieces) state.recordSent(piece);
      const paths = [...new Set(unit.pieces.map((p) => p.file.path))];
      if (outcome.kind === 'failed') {
        const code = (outcome.error as { code?: string }).code ?? 'error';
        state.counters.failed_calls += 1;
        state.addCall();
        for (const piece of unit.pieces) state.skipPiece(piece, 'llm_call_failed', code);
        emit({ type: 'call_done', paths, outcome: 'failed', promptTokens: 0, completionTokens: 0, costUsd: 0, errorCode: code });
        return;
      }
      const costUsd = state.addUsage(outcome.usage, modelPrice === undefined ? 0 : costOf(outcome.usage, modelPrice), outcome.isUsageEstimated);
      emit({ type: 'call_done', paths, outcome: outcome.kind, promptTokens: outcome.usage.promptTokens, completionTokens: outcome.usage.completionTokens, costUsd });
      if (outcome.kind === 'malformed') {
        state.counters.malformed_answers += 1;
        for (const piece of unit.pieces) state.skipPiece(piece, 'llm_answer_malformed', outcome.reason);
        return;
      }
      state.countAnswer(outcome);
      for (const [i, piece] of unit.pieces.entries()) {
        const result = outcome.results[i] as PieceResult;
        state.addPiece(piece, result, false);
        await writeCache(piece, result);
      }
    }

    await Promise.all(Array.from({ length: Math.max(1, Math.min(runOptions.concurrency ?? 2, units.length)) }, worker));
    if (stopReason !== undefined) {
      for (const unit of queue) for (const piece of unit.pieces) state.skipPiece(piece, stopReason, stopDetail);
      emit({ type: 'stopped', reason: stopReason, remainingFiles: new Set(queue.flatMap((u) => u.pieces.map((p) => p.file.path))).size });
    }

    const llmFindings = prepared.flatMap((file) => llmIssuesToFindings(state.issuesOf(file.path), { path: file.path, lines: file.lines }, { analyzer, redact: options.redact }));
    const merged = mergeFindings(ruleFindings, llmFindings);
    return state.finish(prepared, { ...merged, findings: merged.findings.sort(compareFindings) }, llmFindings.length);

    async function readCache(piece: FilePiece): Promise<PieceResult | undefined> {
      if (options.cache === undefined) return undefined;
      try {
        const value = PieceResult.safeParse(await options.cache.get(keyOf(piece), signal));
        return value.success ? value.data : undefined;
      } catch {
        signal?.throwIfAborted();
        state.counters.cache_errors += 1;
        return undefined;
      }
    }

    async function writeCache(piece: FilePiece, result: PieceResult): Promise<void> {
      if (options.cache === undefined) return;
      try {
        await options.cache.set(keyOf(piece), result, options.cacheTtlMs ?? defaultCacheTtlMs, signal);
      } catch {
        signal?.throwIfAborted();
        state.counters.cache_errors += 1;
      }
    }
  }

  return { analyzer, analyze };
}

async function forEachBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}
