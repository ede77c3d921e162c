import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideCanary, longestBreachS, runbookThresholds, type CanarySignal, type Sample } from './canary-decision.ts';

/** Samples from `fromS` to `toS` inclusive, every `stepS`, all at `value`. */
function flat(fromS: number, toS: number, stepS: number, value: number): Sample[] {
  const out: Sample[] = [];
  for (let t = fromS; t <= toS; t += stepS) out.push({ timeS: t, value });
  return out;
}

function healthy(overrides: Partial<Record<CanarySignal, Sample[]>> = {}, toS = 900): Record<CanarySignal, Sample[]> {
  return {
    errorRate: flat(0, toS, 15, 0.0002),
    p95LatencyS: flat(0, toS, 15, 0.12),
    dbConnectionFailureRatio: flat(0, toS, 15, 0),
    ...overrides,
  };
}

describe('canary decision at the runbook thresholds', () => {
  it('rolls back at 1.2 % errors held for 5 min', () => {
    const errorRate = [...flat(0, 285, 15, 0.0005), ...flat(300, 600, 15, 0.012)];
    const decision = decideCanary(healthy({ errorRate }, 600));
    assert.equal(decision.action, 'rollback');
    assert.match(decision.reasons.join('\n'), /error rate above 1\.00 % for 5 min/);
  });

  it('holds (does not promote, does not roll back) at 0.9 % errors for 15 min', () => {
    const decision = decideCanary(healthy({ errorRate: flat(0, 900, 15, 0.009) }));
    assert.equal(decision.action, 'hold');
    assert.match(decision.reasons.join('\n'), /error rate peaked at 0\.90 %/);
  });

  it('holds at 1.2 % errors for 4 min 45 s: above the trigger, not for long enough', () => {
    const errorRate = [...flat(0, 300, 15, 0.0005), ...flat(315, 600, 15, 0.012)];
    assert.equal(decideCanary(healthy({ errorRate }, 600)).action, 'hold');
  });

  it('holds at P95 2.1 s for 9 min 59 s and rolls back at 10 min', () => {
    const almost = decideCanary(healthy({ p95LatencyS: flat(0, 599, 1, 2.1) }, 599));
    const enough = decideCanary(healthy({ p95LatencyS: flat(0, 600, 1, 2.1) }, 600));
    assert.equal(almost.action, 'hold');
    assert.equal(enough.action, 'rollback');
    assert.match(enough.reasons.join('\n'), /P95 latency above 2\.00 s for 10 min/);
  });

  it('rolls back at 20 % database connection failures for 5 min, holds at 5 %', () => {
    assert.equal(decideCanary(healthy({ dbConnectionFailureRatio: flat(0, 300, 15, 0.2) }, 300)).action, 'rollback');
    assert.equal(decideCanary(healthy({ dbConnectionFailureRatio: flat(0, 900, 15, 0.05) })).action, 'hold');
  });

  it('rolls back when a critical alert fires, whatever the series', () => {
    assert.equal(decideCanary(healthy(), { isCriticalAlertFiring: true }).action, 'rollback');
  });

  it('promotes after 10 min under every gate, and not before', () => {
    assert.equal(decideCanary(healthy({}, 900)).action, 'promote');
    const early = decideCanary(healthy({}, 300));
    assert.equal(early.action, 'hold');
    assert.match(early.reasons.join('\n'), /5 min observed, 10 min needed/);
  });

  it('holds without data instead of promoting on silence', () => {
    const decision = decideCanary(healthy({ errorRate: flat(0, 900, 15, Number.NaN) }));
    assert.equal(decision.action, 'hold');
    assert.match(decision.reasons.join('\n'), /no data/);
  });

  it('does not join a breach across a scrape gap', () => {
    // Two 3-minute breaches with 4 minutes of missing samples between them are not 10 minutes of breach.
    const samples = [...flat(0, 180, 15, 0.05), ...flat(420, 600, 15, 0.05)];
    assert.equal(longestBreachS(samples, runbookThresholds.errorRate.rollbackAbove, 37.5), 180);
    assert.equal(decideCanary(healthy({ errorRate: samples }, 600)).action, 'hold');
  });

  it('keeps the runbook numbers', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(runbookThresholds).map(([k, t]) => [k, [t.rollbackAbove, t.forS, t.promoteBelow]])),
      { errorRate: [0.01, 300, 0.001], p95LatencyS: [2, 600, 0.5], dbConnectionFailureRatio: [0.1, 300, 0.001] },
    );
  });
});
