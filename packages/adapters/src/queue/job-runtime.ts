import { jobCatalog } from '@xcr/contracts';
import { AppError, isDependencyOutage } from '@xcr/core/errors';
import type { EnqueueOptions, JobAbortCode } from '@xcr/core/ports/job-queue';

/** Timeout of a job that neither its options nor the catalog bound (pg-boss's own default expiry). */
export const defaultJobTimeoutMs = 15 * 60_000;

/** Enqueue options with every default applied. */
export interface ResolvedJobOptions {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  priority: number;
  delayMs: number;
  jobId?: string;
}

/**
 * Fills in what the caller left out: retries and timeout from the job catalog entry of `name` when there is one,
 * else one attempt and the default timeout.
 */
export function resolveJobOptions(name: string, options: EnqueueOptions = {}): ResolvedJobOptions {
  const entry = (jobCatalog as Record<string, { timeoutMs: number; retry: { attempts: number; backoffMs: number } } | undefined>)[name];
  return {
    attempts: Math.max(1, Math.trunc(options.attempts ?? entry?.retry.attempts ?? 1)),
    backoffMs: Math.max(0, options.backoffMs ?? entry?.retry.backoffMs ?? 0),
    timeoutMs: Math.max(1, options.timeoutMs ?? entry?.timeoutMs ?? defaultJobTimeoutMs),
    priority: Math.trunc(options.priority ?? 0),
    delayMs: Math.max(0, options.delayMs ?? 0),
    jobId: options.jobId,
  };
}

const abortMessages: Record<JobAbortCode, string> = {
  job_cancelled: 'The job was cancelled',
  job_timeout: 'The job ran out of time',
  worker_stopping: 'The worker is stopping; the job goes back to the queue',
};

/** The reason a job signal aborts with: an AppError whose code says why. */
export function jobAbortReason(code: JobAbortCode): AppError {
  return new AppError(code, abortMessages[code], { status: code === 'job_cancelled' ? 409 : 503, retryable: code !== 'job_cancelled' });
}

/** Whether a handler failure may be retried: AppErrors say so themselves; anything else may be transient. */
export function isRetryableFailure(error: unknown): boolean {
  return error instanceof AppError ? error.retryable : true;
}

/** First delay of a job put off by a dependency outage, unless the queue's options say otherwise. */
export const defaultOutageRetryBaseMs = 2_000;
/** Outage deferrals a job gets (about 13 minutes of outage at the default delays); then failures count again. */
const maxOutageDeferrals = 30;

/**
 * When a failed attempt is put off instead of counted, and for how long. A job whose handler failed because the
 * database, cache or storage could not be reached goes back to the queue after a delay doubling from `baseMs` to
 * 15 times that, without spending an attempt: the outage is not the job's fault, and attempts spent against it
 * would give up every queued job within seconds. Undefined (the failure counts) for any other failure, for an
 * attempt that ran out of time (whatever error its abort turned into), and after `maxOutageDeferrals`.
 */
export function outageDeferralMs(error: unknown, attempt: ActiveAttempt, deferrals: number, baseMs: number): number | undefined {
  if (!isDependencyOutage(error) || attempt.abortCode === 'job_timeout' || deferrals >= maxOutageDeferrals) return undefined;
  return Math.min(15 * baseMs, baseMs * 2 ** Math.min(deferrals, 4));
}

/** What is kept of a failure in the queue's records: its code and message, never a stack or the payload. */
export function failureSummary(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'job_failed', message: error.message };
  return { code: 'job_failed', message: String(error) };
}

/** A running attempt as the adapters track it, so stop and cancel can reach its signal. */
export interface ActiveAttempt {
  controller: AbortController;
  /** Why the signal aborted, when it did. */
  abortCode?: JobAbortCode;
}

/** Aborts an attempt once, remembering the first reason. */
export function abortAttempt(attempt: ActiveAttempt, code: JobAbortCode): void {
  if (attempt.controller.signal.aborted) return;
  attempt.abortCode = code;
  attempt.controller.abort(jobAbortReason(code));
}

/** Waits for `promise` at most `ms`; says whether it settled in time. The timer is cleared either way. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms)))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
