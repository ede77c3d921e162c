import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, UpstreamError, type UpstreamErrorKind } from '../../errors.ts';
import { CircuitOpenError } from './circuit-breaker.ts';
import { decideRetry, resolveRetryOptions } from './retry-policy.ts';

const options = resolveRetryOptions({ baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 4 });
const upstream = (kind: UpstreamErrorKind, retryAfterMs?: number) =>
  new UpstreamError(kind, kind, { retryAfterMs });

describe('retry policy', () => {
  it('retries rate_limit, timeout, unavailable; never auth, bad_request, an open circuit or other errors', () => {
    const table: Array<[unknown, boolean]> = [
      [upstream('rate_limit'), true],
      [upstream('timeout'), true],
      [upstream('unavailable'), true],
      [upstream('invalid_response'), true],
      [upstream('auth'), false],
      [upstream('bad_request'), false],
      [new CircuitOpenError('p', 1000), false],
      [new AppError('boom', 'boom'), false],
      [new Error('plain'), false],
    ];
    for (const [error, expected] of table) {
      assert.equal(decideRetry(error, 0, 1, options, () => 0.5).shouldRetry, expected, String(error));
    }
  });

  it('stops after maxAttempts and after one repeated invalid_response', () => {
    assert.equal(decideRetry(upstream('unavailable'), 2, 0, options, () => 0).shouldRetry, true);
    assert.equal(decideRetry(upstream('unavailable'), 3, 0, options, () => 0).shouldRetry, false);
    assert.equal(decideRetry(upstream('invalid_response'), 1, 2, options, () => 0).shouldRetry, false);
  });

  it('uses full jitter under a doubling ceiling, capped at maxDelayMs', () => {
    const delays = [0, 1, 2, 3, 6].map((attempt) => {
      const decision = decideRetry(
        upstream('unavailable'),
        attempt,
        0,
        { ...options, maxAttempts: 10 },
        () => 0.999,
      );
      return decision.shouldRetry ? decision.delayMs : -1;
    });
    assert.deepEqual(delays, [999, 1998, 3996, 7992, 7992]);
    const low = decideRetry(upstream('unavailable'), 2, 0, options, () => 0);
    assert.deepEqual(low, { shouldRetry: true, delayMs: 0 });
  });

  it('waits at least the Retry-After, and gives up when it is longer than maxRetryAfterMs', () => {
    assert.deepEqual(
      decideRetry(upstream('rate_limit', 5000), 0, 0, options, () => 0.5),
      { shouldRetry: true, delayMs: 5000 },
    );
    assert.deepEqual(
      decideRetry(upstream('rate_limit', 10), 2, 0, options, () => 0.5),
      { shouldRetry: true, delayMs: 2000 },
    );
    assert.equal(decideRetry(upstream('rate_limit', 3_600_000), 0, 0, options, () => 0.5).shouldRetry, false);
  });
});
