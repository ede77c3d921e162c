import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fillDailySeries, windowDates, windowStart } from './daily-series.ts';
import { qualityAreaScores } from './quality-areas.ts';

const none = { security: 0, bug: 0, performance: 0, style: 0, maintainability: 0, documentation: 0, other: 0 };

describe('daily series', () => {
  it('covers every UTC day of the window, today last, across a month end', () => {
    const now = new Date('2026-03-02T23:59:00Z');
    assert.deepEqual(windowDates(now, 4), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    assert.equal(windowStart(now, 4).toISOString(), '2026-02-27T00:00:00.000Z');
    assert.deepEqual(windowDates(now, 1), ['2026-03-02']);
  });

  it('fills days without data with the empty value and drops values outside the window', () => {
    const dates = ['2026-01-01', '2026-01-02', '2026-01-03'];
    const values = [{ date: '2025-12-31', value: 9 }, { date: '2026-01-02', value: 4 }];
    assert.deepEqual(fillDailySeries(dates, values, 0).map((p) => p.value), [0, 4, 0]);
    assert.deepEqual(fillDailySeries(dates, values, null).map((p) => p.value), [null, 4, null]);
  });
});

describe('quality area scores', () => {
  it('scores 100 everywhere without findings', () => {
    assert.deepEqual(qualityAreaScores(none), { scores: { security: 100, quality: 100, performance: 100, maintainability: 100 }, overall: 100 });
  });

  it('takes each area down by its share of the findings; bugs, style, documentation and other are quality', () => {
    const result = qualityAreaScores({ ...none, security: 2, bug: 1, style: 1, performance: 0, maintainability: 4 });
    assert.deepEqual(result.scores, { security: 75, quality: 75, performance: 100, maintainability: 50 });
    assert.equal(result.overall, 75);
  });

  it('rounds to two decimals', () => {
    const result = qualityAreaScores({ ...none, security: 1, bug: 2 });
    assert.equal(result.scores.security, 66.67);
    assert.equal(result.scores.quality, 33.33);
  });
});
