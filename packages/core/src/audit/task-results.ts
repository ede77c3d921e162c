/** What a finished scan writes to its task row and to its project's statistics. */
import type { ScanResult } from '@xcr/contracts';
import type { ProjectPatch, TaskPatch } from '../ports/repositories.ts';
import type { AuditLlmStage } from './llm-stage.ts';

/** Skipped files kept on the task row; a tree can hold many more (vendored folders), which only add bulk. */
export const maxStoredSkipped = 20_000;

/** The result fields of a completed task: counters (of findings present now), files, lines, score, metrics, LLM usage. */
export function completionPatch(result: ScanResult, llm: Pick<AuditLlmStage, 'record' | 'usage'>): TaskPatch {
  const usage = llm.usage();
  return {
    progress: 100,
    current_step: 'Completed',
    total_issues: result.summary.total,
    critical_issues: result.summary.critical,
    high_issues: result.summary.high,
    medium_issues: result.summary.medium,
    low_issues: result.summary.low,
    info_issues: result.summary.info,
    files_total: result.files_total,
    files_scanned: result.files_scanned,
    lines_scanned: result.lines_scanned,
    quality_score: result.quality_score,
    metrics: { ...result.metrics },
    skipped: result.skipped.slice(0, maxStoredSkipped),
    llm_record: llm.record(),
    tokens_in: usage.tokensIn,
    tokens_out: usage.tokensOut,
    cost_usd: usage.costUsd,
    ...(result.commit === undefined ? {} : { commit_sha: result.commit }),
  };
}

/** The language with the most files scanned (ties: alphabetical), or null. */
export function primaryLanguageOf(languages: Readonly<Record<string, number>>): string | null {
  let best: [string, number] | undefined;
  for (const [language, files] of Object.entries(languages)) {
    if (!best || files > best[1] || (files === best[1] && language < best[0])) best = [language, files];
  }
  return best?.[0] ?? null;
}

/** The project's statistics after a completed audit. */
export function projectStatsOf(result: ScanResult, scannedAt: Date): ProjectPatch {
  return {
    total_files: result.files_total,
    total_lines: result.lines_scanned,
    languages: { ...result.languages },
    primary_language: primaryLanguageOf(result.languages),
    last_scanned_at: scannedAt,
  };
}
