// The task-level guard over per-file LLM outcomes, as the original product had it: a task stops starting new
// calls after `maxConsecutive` failures in a row, or once at least `minFilesForRatio` files were tried and more
// than `maxFailureRatio` of them failed. A single file's failure never stops a task by itself.

/** Thresholds of a failure guard. */
export interface FailureGuardOptions {
  maxConsecutive?: number;
  minFilesForRatio?: number;
  maxFailureRatio?: number;
}

/** Why a task should stop. */
export type FailureGuardReason = 'consecutive_failures' | 'failure_ratio';

/** The guard's verdict. */
export interface FailureGuardVerdict {
  stop: boolean;
  reason?: FailureGuardReason;
}

/** Counts outcomes and says when to stop. */
export interface FailureGuard {
  /** Records one file's outcome. */
  record(isOk: boolean): void;
  shouldStop(): FailureGuardVerdict;
  /** Outcomes so far. */
  counts(): { total: number; failed: number; consecutiveFailures: number };
}

/** Creates a guard; defaults are 5 in a row, or more than half after 10 files. */
export function createFailureGuard(options: FailureGuardOptions = {}): FailureGuard {
  const maxConsecutive = options.maxConsecutive ?? 5;
  const minFilesForRatio = options.minFilesForRatio ?? 10;
  const maxFailureRatio = options.maxFailureRatio ?? 0.5;
  let total = 0;
  let failed = 0;
  let consecutiveFailures = 0;
  return {
    record(isOk: boolean): void {
      total += 1;
      if (isOk) {
        consecutiveFailures = 0;
        return;
      }
      failed += 1;
      consecutiveFailures += 1;
    },
    shouldStop(): FailureGuardVerdict {
      if (consecutiveFailures >= maxConsecutive) return { stop: true, reason: 'consecutive_failures' };
      if (total >= minFilesForRatio && failed / total > maxFailureRatio)
        return { stop: true, reason: 'failure_ratio' };
      return { stop: false };
    },
    counts: () => ({ total, failed, consecutiveFailures }),
  };
}
