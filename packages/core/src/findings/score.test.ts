import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Category, Finding, Severity } from '@xcr/contracts';
import { computeMetrics, qualityScore, severityCounts, tallyComplexity } from './score.ts';

function f(severity: Severity, category: Category = 'security'): Finding {
  return {
    fingerprint: 'x', file_path: 'a.js', line_start: 1, line_end: 1, code_snippet: '', title: 't', description: 'd',
    severity, category, cwe: [], analyzer: 'rules', confidence: 0.8, explanation: { what: '', why: '', how: '' },
  };
}

function many(n: number, severity: Severity, category?: Category): Finding[] {
  return Array.from({ length: n }, () => f(severity, category));
}

describe('severityCounts', () => {
  it('counts each severity and the total', () => {
    assert.deepEqual(severityCounts([f('high'), f('high'), f('info')]), { critical: 0, high: 2, medium: 0, low: 0, info: 1, total: 3 });
  });
});

describe('qualityScore', () => {
  it('is 100 with no findings and the original absolute formula up to 1,000 lines', () => {
    assert.equal(qualityScore([], 0), 100);
    assert.equal(qualityScore([], 1_000_000), 100);
    // 100 − (2 + 2 + 1 + 0.5) = 94.5 → 95 (rounded).
    assert.equal(qualityScore([f('medium'), f('medium'), f('low'), f('info')], 800), 95);
  });

  it('barely moves for one low finding in a big project', () => {
    assert.equal(qualityScore([f('low')], 200_000), 100);
    assert.ok(qualityScore(many(20, 'medium'), 200_000) < qualityScore(many(20, 'medium'), 2_000_000));
  });

  it('keeps projects with a critical or a high finding out of the top bands', () => {
    assert.equal(qualityScore([f('critical')], 1_000_000), 59);
    assert.equal(qualityScore([f('high')], 1_000_000), 89);
  });

  it('clamps at 0', () => {
    assert.equal(qualityScore(many(50, 'critical'), 100), 0);
  });
});

describe('computeMetrics', () => {
  it('scores each metric from its own categories', () => {
    const metrics = computeMetrics([...many(3, 'medium', 'performance'), f('low', 'style')], 500);
    assert.deepEqual(metrics, { complexity: 100, maintainability: 99, security: 100, performance: 94 });
  });

  it('lowers complexity for dense branching and for bugs', () => {
    const flat = tallyComplexity(['const a = 1;', 'const b = 2;']);
    const branchy = tallyComplexity(['if (a && b || c) {', '  for (const x of y) if (x) while (z) {}', '}']);
    assert.deepEqual(flat, { decisionPoints: 0, codeLines: 2 });
    assert.equal(branchy.decisionPoints, 6);
    assert.equal(computeMetrics([], 3, flat).complexity, 100);
    assert.equal(computeMetrics([], 3, branchy).complexity, 0);
    assert.equal(computeMetrics([f('high', 'bug')], 100).complexity, 95);
  });

  it('stays within 0..100', () => {
    const metrics = computeMetrics([...many(40, 'critical'), ...many(40, 'high', 'bug'), ...many(40, 'high', 'performance')], 10);
    for (const value of Object.values(metrics)) assert.ok(value >= 0 && value <= 100);
    assert.equal(metrics.security, 0);
  });
});
