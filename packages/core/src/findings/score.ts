import type { Category, Finding, Metrics, Severity, SeverityCounts } from '@xcr/contracts';

/*
 * Quality score and metrics (also documented in docs/scoring.md).
 *
 *   penalty P   = Σ weight(severity) over the findings   (critical 10, high 5, medium 2, low 1, info 0.5)
 *   size S      = max(1, √(lines scanned / 1000))
 *   score       = clamp(100 − P / S, 0, 100), then capped at 59 when a critical finding exists and at 89
 *                 when a high one exists; rounded to an integer.
 *
 * The weights are the original product's. Dividing by √KLOC rather than KLOC is deliberate: up to 1,000 lines
 * the score is the original's absolute formula; a project 100× larger tolerates 10× the findings for the same
 * score, so one low finding in a big clean project costs almost nothing, yet size cannot dilute a pile of real
 * problems away. The caps keep a project with a critical (or high) flaw out of the "good" (or "excellent")
 * band however large it is.
 *
 * Metrics use the same formula on a subset of findings:
 *   security        category security
 *   performance     category performance
 *   maintainability categories maintainability, style, documentation, other
 *   complexity      structural score minus the penalty of `bug` findings; structural = 100 − 2 · max(0, D − 12)
 *                   where D = decision points (if/for/while/case/catch/&&/||…) per 100 non-blank lines, and 100
 *                   when decision points were not measured.
 */

/** Penalty points per finding, by severity. */
export const severityWeights: Record<Severity, number> = { critical: 10, high: 5, medium: 2, low: 1, info: 0.5 };

/** Severity counts of a list of findings, with the total. */
export function severityCounts(findings: readonly Finding[]): SeverityCounts & { total: number } {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: findings.length };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function clamp(value: number): number {
  return Math.min(100, Math.max(0, value));
}

function sizeFactor(linesScanned: number): number {
  return Math.max(1, Math.sqrt(Math.max(0, linesScanned) / 1000));
}

function penalty(findings: readonly Finding[]): number {
  return findings.reduce((sum, f) => sum + severityWeights[f.severity], 0);
}

function capBySeverity(score: number, findings: readonly Finding[]): number {
  if (findings.some((f) => f.severity === 'critical')) return Math.min(score, 59);
  if (findings.some((f) => f.severity === 'high')) return Math.min(score, 89);
  return score;
}

/** The 0-100 quality score of a scan: 100 for no findings, lower for more and worse findings per size. */
export function qualityScore(findings: readonly Finding[], linesScanned: number): number {
  const raw = clamp(100 - penalty(findings) / sizeFactor(linesScanned));
  return Math.round(capBySeverity(raw, findings));
}

/** Decision points and non-blank lines of some code, for the complexity metric. */
export interface ComplexityTally {
  decisionPoints: number;
  codeLines: number;
}

// A lexical approximation across languages: comments and strings count too, which is acceptable for a metric.
const decisionPattern = /\b(?:if|for|foreach|while|case|catch|except|elif|when|unless|until)\b|&&|\|\||\band\b|\bor\b/g;

/** Counts decision points and non-blank lines in a file's lines. */
export function tallyComplexity(lines: readonly string[]): ComplexityTally {
  let decisionPoints = 0;
  let codeLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    codeLines += 1;
    decisionPoints += line.match(decisionPattern)?.length ?? 0;
  }
  return { decisionPoints, codeLines };
}

/** Adds two tallies (for summing over files). */
export function addComplexity(a: ComplexityTally, b: ComplexityTally): ComplexityTally {
  return { decisionPoints: a.decisionPoints + b.decisionPoints, codeLines: a.codeLines + b.codeLines };
}

function categoryScore(findings: readonly Finding[], categories: readonly Category[], linesScanned: number): number {
  const subset = findings.filter((f) => categories.includes(f.category));
  return clamp(100 - penalty(subset) / sizeFactor(linesScanned));
}

/** The four metrics shown beside the quality score; see the comment at the top of this file. */
export function computeMetrics(findings: readonly Finding[], linesScanned: number, complexity?: ComplexityTally): Metrics {
  const security = capBySeverity(categoryScore(findings, ['security'], linesScanned), findings.filter((f) => f.category === 'security'));
  const density = complexity && complexity.codeLines > 0 ? (100 * complexity.decisionPoints) / complexity.codeLines : 0;
  const structural = clamp(100 - 2 * Math.max(0, density - 12));
  const bugPenalty = 100 - categoryScore(findings, ['bug'], linesScanned);
  return {
    complexity: Math.round(clamp(structural - bugPenalty)),
    maintainability: Math.round(categoryScore(findings, ['maintainability', 'style', 'documentation', 'other'], linesScanned)),
    security: Math.round(security),
    performance: Math.round(categoryScore(findings, ['performance'], linesScanned)),
  };
}
