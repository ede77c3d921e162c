import { z } from 'zod';
import type { Category, Explanation, Metrics, Severity } from '@xcr/contracts';
import { parseTolerantJson, type JsonRepairStage } from './json-repair.ts';

/** One issue of a model's answer, normalised: every field has a usable type, unknown lines are undefined. */
export interface AuditIssue {
  /** The file the model named (batched calls); matched against the files sent by the caller. */
  file?: string;
  category: Category;
  severity: Severity;
  title: string;
  description: string;
  suggestion: string;
  /** 1-based; undefined when the model did not know or wrote something unusable (0, negative, text). */
  line?: number;
  lineEnd?: number;
  column?: number;
  codeSnippet: string;
  cwe: number[];
  aiExplanation: string;
  xai: Explanation;
}

/** A model's answer after repair, validation and fallbacks. */
export interface AuditAnswer {
  issues: AuditIssue[];
  qualityScore: number;
  metrics: Metrics;
  /** Whether the model gave no quality score and the fallback formula was used. */
  isQualityEstimated: boolean;
  /** Issues left out because they had neither a title nor a description. */
  droppedIssues: number;
}

/** The outcome of reading one answer. A malformed answer is a value, never an exception. */
export type ParseAnswerResult =
  | { isOk: true; answer: AuditAnswer; stage: JsonRepairStage }
  | { isOk: false; reason: 'no_json' | 'not_an_audit_answer' };

const severityWords: Record<string, Severity> = {
  critical: 'critical', blocker: 'critical', fatal: 'critical', 严重: 'critical', 致命: 'critical', 危急: 'critical',
  high: 'high', major: 'high', error: 'high', 高: 'high', 高危: 'high',
  medium: 'medium', moderate: 'medium', warning: 'medium', warn: 'medium', 中: 'medium', 中等: 'medium', 中危: 'medium',
  low: 'low', minor: 'low', 低: 'low', 低危: 'low',
  info: 'info', informational: 'info', note: 'info', hint: 'info', suggestion: 'info', 提示: 'info', 信息: 'info',
};

const categoryWords: Record<string, Category> = {
  security: 'security', vulnerability: 'security', 安全: 'security', 安全漏洞: 'security', 漏洞: 'security',
  bug: 'bug', logic: 'bug', error: 'bug', defect: 'bug', correctness: 'bug', 错误: 'bug', 缺陷: 'bug', 逻辑错误: 'bug',
  performance: 'performance', 性能: 'performance',
  style: 'style', convention: 'style', formatting: 'style', 风格: 'style', 代码风格: 'style', 规范: 'style',
  maintainability: 'maintainability', readability: 'maintainability', best_practice: 'maintainability', design: 'maintainability',
  quality: 'maintainability', code_smell: 'maintainability', complexity: 'maintainability', 可维护性: 'maintainability', 可读性: 'maintainability', 最佳实践: 'maintainability',
  documentation: 'documentation', docs: 'documentation', 文档: 'documentation',
};

function word(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase().replace(/[\s-]+/g, '_') : '';
}

/** Any value as display text: strings trimmed, numbers printed, objects as JSON, nothing as ''. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(toText).filter((t) => t !== '').join('\n');
  return JSON.stringify(value);
}

/** A positive integer from a number or a string such as `"25"`, `"L25"` or `"25-27"`; otherwise undefined. */
export function toPositiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? Math.trunc(value) : typeof value === 'string' ? Number.parseInt(/\d+/.exec(value)?.[0] ?? '', 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function toScore(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(n) ? Math.min(100, Math.max(0, Math.round(n))) : undefined;
}

function toCwe(value: unknown): number[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return [...new Set(items.map(toPositiveInt).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
}

function first(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  return undefined;
}

function toExplanation(value: unknown, fallback: { what: string; why: string; how: string }): Explanation {
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const explanation: Explanation = {
    what: toText(record.what) || (typeof value === 'string' ? value.trim() : '') || fallback.what,
    why: toText(record.why) || fallback.why,
    how: toText(record.how) || fallback.how,
  };
  const learnMore = toText(first(record, ['learn_more', 'learnMore', 'reference', 'link']));
  if (learnMore !== '') explanation.learn_more = learnMore;
  return explanation;
}

// Structure only; every field is coerced by hand below, because models misspell types far more than names.
const IssueRecord = z.record(z.string(), z.unknown());
const AnswerRecord = z.record(z.string(), z.unknown());

function normaliseIssue(raw: Record<string, unknown>): AuditIssue | undefined {
  const description = toText(first(raw, ['description', 'message', 'details', 'detail']));
  const title = toText(first(raw, ['title', 'name', 'summary'])) || description.split(/(?<=[.。!?！？])\s*/)[0]?.slice(0, 80) || '';
  if (title === '' && description === '') return undefined;
  const suggestion = toText(first(raw, ['suggestion', 'recommendation', 'fix', 'remediation']));
  const aiExplanation = toText(first(raw, ['ai_explanation', 'explanation', 'aiExplanation']));
  const issue: AuditIssue = {
    category: categoryWords[word(first(raw, ['type', 'category']))] ?? 'maintainability',
    severity: severityWords[word(raw.severity)] ?? 'low',
    title,
    description: description || title,
    suggestion,
    codeSnippet: typeof first(raw, ['code_snippet', 'snippet', 'code']) === 'string' ? (first(raw, ['code_snippet', 'snippet', 'code']) as string) : '',
    cwe: toCwe(first(raw, ['cwe', 'cwe_id', 'cweId'])),
    aiExplanation,
    xai: toExplanation(raw.xai, { what: description || title, why: aiExplanation || description || title, how: suggestion }),
  };
  const file = toText(first(raw, ['file', 'path', 'file_path', 'filename']));
  if (file !== '') issue.file = file;
  const line = toPositiveInt(first(raw, ['line', 'line_number', 'lineNumber', 'start_line', 'line_start']));
  if (line !== undefined) {
    issue.line = line;
    const lineEnd = toPositiveInt(first(raw, ['line_end', 'end_line', 'lineEnd']));
    if (lineEnd !== undefined && lineEnd >= line) issue.lineEnd = lineEnd;
    const column = toPositiveInt(first(raw, ['column', 'column_number', 'col']));
    if (column !== undefined) issue.column = column;
  }
  return issue;
}

const issueKeys = ['issues', 'findings', 'problems', 'vulnerabilities'] as const;

/** The original's fallback when metrics are missing: all four at max(0, 90 − min(60, 2·issues)). */
export function fallbackMetricValue(issueCount: number): number {
  return Math.max(0, 90 - Math.min(60, 2 * issueCount));
}

/** The original's fallback quality: the mean of a severity-weighted score and the mean metric, clamped. */
export function fallbackQualityScore(issues: readonly Pick<AuditIssue, 'severity'>[], metrics: Metrics): number {
  const weights: Record<Severity, number> = { critical: 30, high: 20, medium: 10, low: 5, info: 0 };
  const bySeverity = 100 - issues.reduce((sum, i) => sum + weights[i.severity], 0);
  const meanMetric = (metrics.complexity + metrics.maintainability + metrics.security + metrics.performance) / 4;
  return Math.round(Math.min(100, Math.max(0, (bySeverity + meanMetric) / 2)));
}

function toMetrics(value: unknown, issueCount: number): Metrics {
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const fallback = fallbackMetricValue(issueCount);
  return {
    complexity: toScore(record.complexity) ?? fallback,
    maintainability: toScore(record.maintainability) ?? fallback,
    security: toScore(record.security) ?? fallback,
    performance: toScore(record.performance) ?? fallback,
  };
}

/**
 * Reads a model's audit answer: tolerant JSON (see json-repair.ts), then the issue list validated and coerced
 * (severity and type words mapped, text fields made strings, line and column ≤ 0 dropped), then metric and
 * quality fallbacks. An answer that is not JSON, or JSON without an issue list, is reported as malformed.
 */
export function parseAuditAnswer(text: string): ParseAnswerResult {
  const parsed = parseTolerantJson(text);
  if (parsed === undefined) return { isOk: false, reason: 'no_json' };
  const value = Array.isArray(parsed.value) ? { issues: parsed.value } : parsed.value;
  const record = AnswerRecord.safeParse(value);
  if (!record.success) return { isOk: false, reason: 'not_an_audit_answer' };
  const key = issueKeys.find((k) => Array.isArray(record.data[k]));
  // A clean file may come back as only a score; anything else without an issue list is not an answer.
  const isScoreOnly = key === undefined && (record.data.quality_score !== undefined || record.data.metrics !== undefined);
  if (key === undefined && !isScoreOnly) return { isOk: false, reason: 'not_an_audit_answer' };
  const rawIssues = key === undefined ? [] : (record.data[key] as unknown[]);
  const issues: AuditIssue[] = [];
  let droppedIssues = 0;
  for (const raw of rawIssues) {
    const item = IssueRecord.safeParse(raw);
    const issue = item.success && !Array.isArray(raw) ? normaliseIssue(item.data) : undefined;
    if (issue === undefined) droppedIssues += 1;
    else issues.push(issue);
  }
  // The last issue of a closed (truncated) answer was cut somewhere; without a line or a snippet it has
  // nothing to stand on.
  const last = issues.at(-1);
  if (parsed.stage === 'closed' && last !== undefined && last.line === undefined && last.codeSnippet.trim() === '') {
    issues.pop();
    droppedIssues += 1;
  }
  const metrics = toMetrics(record.data.metrics, issues.length);
  const score = toScore(record.data.quality_score);
  return {
    isOk: true,
    stage: parsed.stage,
    answer: { issues, metrics, qualityScore: score ?? fallbackQualityScore(issues, metrics), isQualityEstimated: score === undefined, droppedIssues },
  };
}
