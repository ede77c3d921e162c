/**
 * Cooperative cancellation of a running audit: the task row is polled (a cancel request may come from any API
 * process) and the job's own signal is followed (a queue-level cancel or a stopping worker). Either one aborts
 * the signal the audit passes down to intake, the file loop and the LLM calls.
 */
import { AppError } from '../errors.ts';

/** Options of {@link watchCancellation}. */
export interface CancelWatchOptions {
  /** True when the task should stop (cancel requested, task gone or no longer running). */
  isCancelRequested(): Promise<boolean>;
  /** How often to ask. */
  intervalMs: number;
  /** The job's signal; its reason is kept when it aborts first. */
  jobSignal?: AbortSignal;
  onError?(error: unknown): void;
}

/** A running watch. */
export interface CancelWatch {
  /** Aborts when the task is cancelled or the job's signal aborts. */
  readonly signal: AbortSignal;
  /** Asks once more, now; true when the task should stop. */
  checkNow(): Promise<boolean>;
  stop(): void;
}

/** The abort reason of an audit cancelled through its task. */
export function taskCancelledError(): AppError {
  return new AppError('task_cancelled', 'The task was cancelled', { status: 409, retryable: false });
}

/** Whether an abort reason means "the user cancelled" (as opposed to a timeout or a stopping worker). */
export function isCancellation(reason: unknown): boolean {
  return reason instanceof AppError && (reason.code === 'task_cancelled' || reason.code === 'job_cancelled');
}

/** Starts watching; call `stop()` when the audit ends. */
export function watchCancellation(options: CancelWatchOptions): CancelWatch {
  const controller = new AbortController();
  const onJobAbort = () => controller.abort(options.jobSignal?.reason);
  if (options.jobSignal?.aborted) onJobAbort();
  else options.jobSignal?.addEventListener('abort', onJobAbort, { once: true });

  let isAsking = false;
  async function checkNow(): Promise<boolean> {
    if (controller.signal.aborted) return isCancellation(controller.signal.reason);
    try {
      if (await options.isCancelRequested()) {
        controller.abort(taskCancelledError());
        return true;
      }
    } catch (error) {
      options.onError?.(error);
    }
    return false;
  }
  const timer = setInterval(() => {
    if (isAsking) return;
    isAsking = true;
    void checkNow().finally(() => {
      isAsking = false;
    });
  }, options.intervalMs);
  timer.unref?.();

  return {
    signal: controller.signal,
    checkNow,
    stop() {
      clearInterval(timer);
      options.jobSignal?.removeEventListener('abort', onJobAbort);
    },
  };
}
