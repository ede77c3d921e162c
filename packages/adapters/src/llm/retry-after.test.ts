import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDurationMs, parseRetryAfterHeader, retryAfterFromResponse } from './retry-after.ts';

describe('retry-after parsing', () => {
  const nowMs = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta seconds and HTTP dates, and ignores junk', () => {
    assert.equal(parseRetryAfterHeader('3', nowMs), 3000);
    assert.equal(parseRetryAfterHeader('0.5', nowMs), 500);
    assert.equal(parseRetryAfterHeader('Wed, 01 Jan 2025 00:00:30 GMT', nowMs), 30_000);
    assert.equal(parseRetryAfterHeader('Tue, 31 Dec 2024 23:00:00 GMT', nowMs), 0);
    assert.equal(parseRetryAfterHeader('soon', nowMs), undefined);
    assert.equal(parseRetryAfterHeader(null, nowMs), undefined);
  });

  it('reads Go-style durations', () => {
    const table: Array<[string, number | undefined]> = [
      ['1s', 1000],
      ['6m0s', 360_000],
      ['250ms', 250],
      ['1h2m3.5s', 3_723_500],
      ['', undefined],
      ['5 minutes', undefined],
    ];
    for (const [text, expected] of table) assert.equal(parseDurationMs(text), expected, text);
  });

  it('prefers the standard header, then retry-after-ms, then body hints, then exhausted-limit resets', () => {
    assert.equal(
      retryAfterFromResponse(new Headers({ 'retry-after': '2', 'retry-after-ms': '900' }), nowMs, 5000),
      2000,
    );
    assert.equal(retryAfterFromResponse(new Headers({ 'retry-after-ms': '900' }), nowMs, 5000), 900);
    assert.equal(retryAfterFromResponse(new Headers({}), nowMs, 5000), 5000);
    assert.equal(
      retryAfterFromResponse(
        new Headers({
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': '2025-01-01T00:00:12Z',
        }),
        nowMs,
      ),
      12_000,
    );
    assert.equal(
      retryAfterFromResponse(
        new Headers({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '9s' }),
        nowMs,
      ),
      undefined,
    );
  });
});
