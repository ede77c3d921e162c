import type { Finding, Metrics } from '@xcr/contracts';
import type { LlmProvider, LlmUsage } from '../ports/llm-provider.ts';
import type { LlmIssue } from './llm-finding.ts';
import type { MergeResult } from './merge.ts';
import type { PieceResult } from './piece-result.ts';
import type { UnitOutcome } from './run-unit.ts';
import { isWholeFile, type FilePiece, type PreparedFile } from './work-units.ts';

/** Why the LLM stage left (part of) a file out. */
export type LlmSkipReason =
  | 'llm_budget_exhausted'
  | 'llm_failure_guard'
  | 'llm_call_failed'
  | 'llm_answer_malformed'
  | 'llm_context_too_small';

/** A file (or some lines of it, in `detail`) the LLM did not analyse, and why. */
export interface LlmSkippedFile {
  path: string;
  reason: LlmSkipReason;
  detail?: string;
}

/** What happened to answers, for the task record and metrics. */
export interface LlmCounters {
  /** Answers with no readable audit JSON (counted, never a task failure). */
  malformed_answers: number;
  /** Issues whose line could not be placed in the code shown. */
  dropped_unanchored: number;
  /** Calls that failed after the caller's retries. */
  failed_calls: number;
  /** Issues moved to the line their snippet is on. */
  corrected_lines: number;
  /** Issues with neither title nor description. */
  dropped_invalid_issues: number;
  /** Answers cut at the output limit (read by closing the JSON). */
  truncated_answers: number;
  /** Answers that needed a repair stage beyond plain JSON. */
  repaired_answers: number;
  /** Cache reads or writes that failed (the analysis went on without the cache). */
  cache_errors: number;
}

/** Tokens and cost of one analysis. */
export interface LlmUsageTotals {
  promptTokens: number;
  completionTokens: number;
  /** US dollars, from the price table; 0 when the model has no price (see `isCostKnown`). */
  costUsd: number;
  isCostKnown: boolean;
  /** Calls made (answered, malformed or failed). */
  calls: number;
  /** Files or chunks answered from the cache. */
  cacheHits: number;
  /** Calls whose provider reported no usage, so their tokens are estimates. */
  estimatedUsageCalls: number;
}

/** What was sent to which provider: names, sizes and hashes, never code. */
export interface LlmSentRecord {
  provider: string;
  kind: string;
  model: string;
  files: { path: string; sizeBytes: number; sha256: string; chunks: number }[];
}

/** The outcome of {@link LlmAnalyzer.analyze}. */
export interface LlmAnalysisResult {
  /** Rule findings (all of them, some annotated) and the model's, one per location and weakness, in report order. */
  findings: Finding[];
  /** Findings the model contributed after anchoring, before merging. */
  llmFindings: number;
  /** Rule findings that gained the model's evidence. */
  annotated: number;
  usage: LlmUsageTotals;
  skipped: LlmSkippedFile[];
  counters: LlmCounters;
  sentRecord: LlmSentRecord;
  /** The model's quality score, averaged over the lines it saw; absent when it saw none. */
  qualityScore?: number;
  metrics?: Metrics;
  /** Why the analysis stopped early, if it did. */
  stopped?: 'llm_budget_exhausted' | 'llm_failure_guard';
}

/** Progress of an analysis, for logs, metrics and the task's event stream. */
export type LlmAnalyzerEvent =
  | { type: 'cache_hit'; path: string; startLine: number; endLine: number }
  | { type: 'call_done'; paths: string[]; outcome: 'answered' | 'malformed' | 'failed'; promptTokens: number; completionTokens: number; costUsd: number; errorCode?: string }
  | { type: 'stopped'; reason: 'llm_budget_exhausted' | 'llm_failure_guard'; remainingFiles: number };

/** The mutable bookkeeping of one analysis; `finish` turns it into the result. */
export function createLlmRunState(provider: LlmProvider, isUnpriced: boolean) {
  const counters: LlmCounters = { malformed_answers: 0, dropped_unanchored: 0, failed_calls: 0, corrected_lines: 0, dropped_invalid_issues: 0, truncated_answers: 0, repaired_answers: 0, cache_errors: 0 };
  const usage: LlmUsageTotals = { promptTokens: 0, completionTokens: 0, costUsd: 0, isCostKnown: !isUnpriced, calls: 0, cacheHits: 0, estimatedUsageCalls: 0 };
  const issues = new Map<string, LlmIssue[]>();
  const skipped = new Map<string, LlmSkippedFile & { ranges: string[] }>();
  const sent = new Map<string, LlmSentRecord['files'][number]>();
  let weightedScore = 0;
  const weightedMetrics = { complexity: 0, maintainability: 0, security: 0, performance: 0 };
  let weight = 0;
  let stopped: LlmAnalysisResult['stopped'];

  return {
    counters,
    addCall() {
      usage.calls += 1;
    },
    addUsage(callUsage: LlmUsage, costUsd: number, isEstimated: boolean): number {
      usage.calls += 1;
      usage.promptTokens += callUsage.promptTokens;
      usage.completionTokens += callUsage.completionTokens;
      usage.costUsd += costUsd;
      if (isEstimated) usage.estimatedUsageCalls += 1;
      return costUsd;
    },
    countAnswer(outcome: Extract<UnitOutcome, { kind: 'answered' }>) {
      counters.dropped_unanchored += outcome.counts.droppedUnanchored;
      counters.corrected_lines += outcome.counts.correctedLines;
      counters.dropped_invalid_issues += outcome.counts.droppedInvalid;
      if (outcome.isTruncated) counters.truncated_answers += 1;
      if (outcome.stage !== 'raw') counters.repaired_answers += 1;
    },
    addPiece(piece: FilePiece, result: PieceResult, isFromCache: boolean) {
      if (isFromCache) usage.cacheHits += 1;
      const list = issues.get(piece.file.path) ?? [];
      list.push(...result.issues);
      issues.set(piece.file.path, list);
      const lines = piece.endLine - piece.startLine + 1;
      weight += lines;
      weightedScore += result.qualityScore * lines;
      for (const key of Object.keys(weightedMetrics) as (keyof Metrics)[]) weightedMetrics[key] += result.metrics[key] * lines;
    },
    recordSent(piece: FilePiece) {
      const entry = sent.get(piece.file.path) ?? { path: piece.file.path, sizeBytes: piece.file.sizeBytes, sha256: piece.file.sha256, chunks: 0 };
      entry.chunks += 1;
      sent.set(piece.file.path, entry);
    },
    skipPiece(piece: FilePiece, reason: LlmSkipReason, detail?: string) {
      if (reason === 'llm_budget_exhausted' || reason === 'llm_failure_guard') stopped = reason;
      const key = `${piece.file.path}\u0000${reason}`;
      const entry = skipped.get(key) ?? { path: piece.file.path, reason, ranges: [] };
      if (detail !== undefined) entry.detail = detail;
      if (!isWholeFile(piece)) entry.ranges.push(`lines ${piece.startLine}-${piece.endLine}`);
      skipped.set(key, entry);
    },
    skip(path: string, reason: LlmSkipReason, detail?: string) {
      skipped.set(`${path}\u0000${reason}`, { path, reason, ranges: [], ...(detail === undefined ? {} : { detail }) });
    },
    issuesOf: (path: string): LlmIssue[] => issues.get(path) ?? [],
    finish(prepared: readonly PreparedFile[], merged: MergeResult, llmFindings: number): LlmAnalysisResult {
      const result: LlmAnalysisResult = {
        findings: merged.findings,
        llmFindings,
        annotated: merged.annotated,
        usage: { ...usage, costUsd: Math.round(usage.costUsd * 1e6) / 1e6 },
        skipped: [...skipped.values()]
          .map(({ ranges, ...entry }) => (ranges.length === 0 ? entry : { ...entry, detail: [entry.detail, ranges.join(', ')].filter(Boolean).join('; ') }))
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.reason.localeCompare(b.reason))),
        counters: { ...counters },
        sentRecord: { provider: provider.name, kind: provider.kind, model: provider.model, files: prepared.flatMap((f) => sent.get(f.path) ?? []) },
      };
      if (weight > 0) {
        result.qualityScore = Math.round(weightedScore / weight);
        result.metrics = {
          complexity: Math.round(weightedMetrics.complexity / weight),
          maintainability: Math.round(weightedMetrics.maintainability / weight),
          security: Math.round(weightedMetrics.security / weight),
          performance: Math.round(weightedMetrics.performance / weight),
        };
      }
      if (stopped !== undefined) result.stopped = stopped;
      return result;
    },
  };
}
