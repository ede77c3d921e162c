// When to try an LLM call again and how long to wait first. Retried: rate_limit, timeout, unavailable, and
// invalid_response at most `maxInvalidResponseRetries` times (an unreadable body is usually a cut connection,
// but a blocked or empty answer would come back the same, so one more try is the useful amount). Never retried:
// auth and bad_request (the same request fails the same way), a circuit that is open, and a Retry-After longer
// than `maxRetryAfterMs` (a quota that resets in hours is not worth holding a task for).
import { UpstreamError } from '../../errors.ts';
import { CircuitOpenError } from './circuit-breaker.ts';

/** Retry settings. */
export interface RetryOptions {
  /** Tries in all, the first included (default 4: one call and three retries). */
  maxAttempts?: number;
  /** First backoff ceiling (default 1000 ms); it doubles per retry. */
  baseDelayMs?: number;
  /** Backoff ceiling (default 30 s). */
  maxDelayMs?: number;
  /** Longest Retry-After worth waiting for (default 120 s). */
  maxRetryAfterMs?: number;
  /** Default 1. */
  maxInvalidResponseRetries?: number;
}

/** The settings with defaults filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Fills in the defaults. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
    maxInvalidResponseRetries: options.maxInvalidResponseRetries ?? 1,
  };
}

/** The retry decision after a failed attempt. */
export type RetryDecision = { shouldRetry: false } | { shouldRetry: true; delayMs: number };

/**
 * Decides whether attempt number `attempt` (0-based) is followed by another, and after how long: full jitter
 * (a random wait up to the exponential ceiling, so callers that failed together do not retry together), but
 * never sooner than the provider's Retry-After.
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  invalidResponsesSoFar: number,
  options: ResolvedRetryOptions,
  random: () => number,
): RetryDecision {
  if (!(error instanceof UpstreamError) || error instanceof CircuitOpenError) return { shouldRetry: false };
  if (attempt + 1 >= options.maxAttempts) return { shouldRetry: false };
  if (error.kind === 'auth' || error.kind === 'bad_request') return { shouldRetry: false };
  if (error.kind === 'invalid_response' && invalidResponsesSoFar > options.maxInvalidResponseRetries)
    return { shouldRetry: false };
  const retryAfterMs = error.retryAfterMs ?? 0;
  if (retryAfterMs > options.maxRetryAfterMs) return { shouldRetry: false };
  const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  const jitteredMs = Math.floor(random() * ceilingMs);
  return { shouldRetry: true, delayMs: Math.max(jitteredMs, retryAfterMs) };
}
