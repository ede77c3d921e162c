import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFailureGuard, type FailureGuardVerdict } from './failure-guard.ts';

describe('failure guard', () => {
  const table: Array<[string, string, FailureGuardVerdict]> = [
    ['nothing yet', '', { stop: false }],
    ['4 failures in a row', 'xxxx', { stop: false }],
    ['5 failures in a row', 'xxxxx', { stop: true, reason: 'consecutive_failures' }],
    ['a success breaks the run', 'xxxxoxxxx', { stop: false }],
    ['half failed after 10: not more than half', 'xoxoxoxoxo', { stop: false }],
    ['6 of 10 failed', 'xxoxoxoxox', { stop: true, reason: 'failure_ratio' }],
    ['6 of 9 failed: too few files for the ratio', 'xxoxxoxxo', { stop: false }],
    ['recovers below the ratio', 'xxoxxoxxoxoooo', { stop: false }],
  ];
  for (const [name, outcomes, expected] of table) {
    it(name, () => {
      const guard = createFailureGuard({ maxConsecutive: 5, minFilesForRatio: 10, maxFailureRatio: 0.5 });
      for (const outcome of outcomes) guard.record(outcome === 'o');
      assert.deepEqual(guard.shouldStop(), expected);
    });
  }

  it('uses the original thresholds by default', () => {
    const guard = createFailureGuard();
    for (let i = 0; i < 5; i += 1) guard.record(false);
    assert.deepEqual(guard.shouldStop(), { stop: true, reason: 'consecutive_failures' });
    assert.deepEqual(guard.counts(), { total: 5, failed: 5, consecutiveFailures: 5 });
  });
});
