/**
 * The original product's task guards over LLM calls: stop after `maxConsecutive` failures in a row, or when
 * more than `maxFailureRatio` of the calls failed once at least `minFilesForRatio` were made.
 */
export interface FailureGuard {
  /** Records one call's outcome. */
  record(isOk: boolean): void;
  /** Whether the task should start no more calls. */
  shouldStop(): boolean;
}

/** Thresholds of {@link createTaskFailureGuard}; the defaults are the original's. */
export interface FailureGuardOptions {
  maxConsecutive: number;
  minFilesForRatio: number;
  maxFailureRatio: number;
}

/** The original's thresholds: 5 consecutive failures, or more than half failed after 10. */
export const defaultFailureGuardOptions: FailureGuardOptions = { maxConsecutive: 5, minFilesForRatio: 10, maxFailureRatio: 0.5 };

/** A failure guard with the given thresholds. */
export function createTaskFailureGuard(options: FailureGuardOptions = defaultFailureGuardOptions): FailureGuard {
  let consecutive = 0;
  let total = 0;
  let failed = 0;
  return {
    record(isOk) {
      total += 1;
      if (isOk) consecutive = 0;
      else {
        consecutive += 1;
        failed += 1;
      }
    },
    shouldStop: () => consecutive >= options.maxConsecutive || (total >= options.minFilesForRatio && failed / total > options.maxFailureRatio),
  };
}
