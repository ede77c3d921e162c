/**
 * v1 records to rows. Enums map onto this system's (v1 issue types are a subset of our categories; v1 tasks that
 * were still pending or running when the browser closed are imported as failed, since nothing will ever finish
 * them), JSON-text fields are parsed (`exclude_patterns` -> `scan_config.exclude`, `scan_config` -> known options
 * plus the original under `scan_config.v1`, `ai_explanation` -> What/Why/How, `analysis_result` -> the summary
 * without code), and every account reference becomes the importing owner.
 */
import type { Category, Explanation, FindingStatus, Severity } from '@xcr/contracts';
import type { ProjectSource, TaskKind, TaskStatus } from '../ports/repositories.ts';
import type { ImportFindingRow, ImportInstantAnalysisRow, ImportProjectRow, ImportTaskRow } from './import-rows.ts';
import { cleanJson, cleanText, count, importedRepositoryUrl, optionalText, parseJsonText, position, score, stringList, toDate, type WarnFn } from './normalise.ts';
import { importRowId } from './row-ids.ts';
import type { V1AuditIssue, V1AuditTask, V1InstantAnalysis, V1Project } from './v1-records.ts';

/** What every mapper needs: the owner, and where warnings go. */
export interface MapContext {
  ownerId: string;
  warn: WarnFn;
}

/** Per-severity counts of a task's issues (from the issues in the same file). */
export interface SeverityTally {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

/** Analyzer name of imported v1 findings (they came from v1's LLM review). */
export const v1Analyzer = 'xcodereviewer-v1';

const categories: Record<string, Category> = {
  bug: 'bug',
  security: 'security',
  performance: 'performance',
  style: 'style',
  maintainability: 'maintainability',
  documentation: 'documentation',
  other: 'other',
  quality: 'maintainability',
  reliability: 'bug',
};
const severities = new Set<string>(['critical', 'high', 'medium', 'low', 'info']);
const findingStatuses = new Set<string>(['open', 'in_progress', 'resolved', 'ignored', 'false_positive']);
const finishedTaskStatuses = new Set<string>(['completed', 'failed', 'cancelled']);

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
}

/** A project: `is_active: false` goes to the recycle bin, deleted at its last update. */
export function mapV1Project(record: V1Project, path: string, ctx: MapContext): ImportProjectRow | { invalid: string } {
  const name = cleanText(record.name.trim());
  if (name === '') return { invalid: 'name is empty' };
  if (name.length > 255) ctx.warn(`${path}.name`, 'truncated', 'Name longer than 255 characters; truncated');
  const repositoryUrl = importedRepositoryUrl(optionalText(record.repository_url)?.trim() || null, `${path}.repository_url`, ctx.warn);
  const type = lower(record.repository_type);
  let source: ProjectSource;
  if (type === 'github' || type === 'gitlab') source = type;
  else source = repositoryUrl ? 'git' : 'zip';
  const languages = stringList(record.programming_languages, `${path}.programming_languages`, ctx.warn);
  const createdAt = toDate(record.created_at, `${path}.created_at`, ctx.warn);
  const updatedAt = toDate(record.updated_at, `${path}.updated_at`, ctx.warn) ?? createdAt;
  const isDeleted = record.is_active === false;
  return {
    id: importRowId(ctx.ownerId, 'projects', record.id),
    owner_id: ctx.ownerId,
    source_key: record.id,
    name: name.slice(0, 255),
    description: optionalText(record.description),
    source,
    repository_url: repositoryUrl,
    branch: optionalText(record.default_branch)?.trim() || 'main',
    languages: Object.fromEntries(languages.map((l) => [l, 0])),
    primary_language: languages[0] ?? null,
    total_files: 0,
    total_lines: 0,
    last_scanned_at: null,
    settings: {},
    status: isDeleted ? 'deleted' : 'active',
    // The recycle bin needs a deletion time; v1 only knows when the project last changed.
    deleted_at: isDeleted ? (updatedAt ?? new Date(0)) : null,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

function taskScanConfig(record: V1AuditTask, path: string, warn: WarnFn): Record<string, unknown> {
  const exclude = stringList(record.exclude_patterns, `${path}.exclude_patterns`, warn);
  const parsed = parseJsonText(record.scan_config, `${path}.scan_config`, warn);
  const original = parsed && !parsed.isRawText && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>) : undefined;
  if (parsed && !original) warn(`${path}.scan_config`, 'invalid_scan_config', 'scan_config is not an object; dropped');
  const config: Record<string, unknown> = { exclude };
  if (original) {
    if (typeof original.include_tests === 'boolean') config.include_tests = original.include_tests;
    if (original.analysis_depth === 'basic' || original.analysis_depth === 'standard' || original.analysis_depth === 'deep') config.analysis_depth = original.analysis_depth;
    if (Object.keys(original).length > 0) config.v1 = cleanJson(original);
  }
  return config;
}

/** A task of `project`; `tally` counts its issues found in the same file. */
export function mapV1Task(record: V1AuditTask, path: string, ctx: MapContext, projectId: string, tally: SeverityTally | undefined): ImportTaskRow {
  const kindText = lower(record.task_type);
  const kind: TaskKind = kindText === 'instant' ? 'instant' : 'repository';
  if (kindText !== undefined && kindText !== 'instant' && kindText !== 'repository') ctx.warn(`${path}.task_type`, 'unknown_value', `Unknown task_type ${kindText}; imported as repository`);
  const statusText = lower(record.status) ?? 'completed';
  let status: TaskStatus = finishedTaskStatuses.has(statusText) ? (statusText as TaskStatus) : 'failed';
  let errorMessage: string | null = null;
  if (statusText === 'pending' || statusText === 'running') {
    errorMessage = `Not finished in the browser version (was ${statusText})`;
    ctx.warn(`${path}.status`, 'unfinished_task', `Task was ${statusText} in v1; imported as failed`);
  } else if (!finishedTaskStatuses.has(statusText)) {
    status = 'failed';
    errorMessage = `Unknown v1 status ${statusText}`;
    ctx.warn(`${path}.status`, 'unknown_value', `Unknown status ${statusText}; imported as failed`);
  }
  const filesTotal = count(record.total_files);
  const filesScanned = count(record.scanned_files);
  const createdAt = toDate(record.created_at, `${path}.created_at`, ctx.warn);
  const startedAt = toDate(record.started_at, `${path}.started_at`, ctx.warn);
  const completedAt = toDate(record.completed_at, `${path}.completed_at`, ctx.warn);
  const counts = tally ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const tallied = counts.critical + counts.high + counts.medium + counts.low + counts.info;
  return {
    id: importRowId(ctx.ownerId, 'tasks', record.id),
    project_id: projectId,
    created_by: ctx.ownerId,
    source_key: record.id,
    name: kind === 'instant' ? 'Imported instant audit' : 'Imported repository audit',
    description: null,
    kind,
    status,
    priority: 'normal',
    progress: status === 'completed' ? 100 : filesTotal > 0 ? Math.min(100, Math.floor((filesScanned / filesTotal) * 100)) : 0,
    current_step: null,
    scan_config: taskScanConfig(record, path, ctx.warn),
    branch: optionalText(record.branch_name)?.trim() || null,
    commit_sha: null,
    total_issues: record.issues_count === null || record.issues_count === undefined ? tallied : count(record.issues_count),
    critical_issues: counts.critical,
    high_issues: counts.high,
    medium_issues: counts.medium,
    low_issues: counts.low,
    info_issues: counts.info,
    files_total: filesTotal,
    files_scanned: filesScanned,
    lines_scanned: count(record.total_lines),
    quality_score: score(record.quality_score),
    metrics: null,
    tokens_in: 0,
    tokens_out: 0,
    cost_usd: 0,
    error_message: errorMessage,
    retry_count: 0,
    skipped: [],
    created_at: createdAt,
    updated_at: completedAt ?? startedAt ?? createdAt,
    started_at: startedAt,
    completed_at: status === 'completed' || status === 'failed' || status === 'cancelled' ? (completedAt ?? null) : null,
  };
}

/** The severity a v1 issue maps to (unknown values become `medium` with a warning). */
export function v1Severity(value: unknown, path: string, warn: WarnFn): Severity {
  const text = lower(value);
  if (text && severities.has(text)) return text as Severity;
  warn(`${path}.severity`, 'unknown_value', `Unknown severity ${String(value)}; imported as medium`);
  return 'medium';
}

function explanationOf(value: unknown, path: string, warn: WarnFn): Explanation | null {
  const parsed = parseJsonText(value, path, warn);
  if (!parsed) return null;
  const data = parsed.value;
  if (typeof data === 'string') return data.trim() === '' ? null : { what: cleanText(data), why: '', how: '' };
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const source = ('xai' in data && typeof data.xai === 'object' && data.xai !== null ? data.xai : data) as Record<string, unknown>;
    const part = (key: string) => (typeof source[key] === 'string' ? cleanText(source[key]) : '');
    const explanation: Explanation = { what: part('what'), why: part('why'), how: part('how') };
    if (typeof source.learn_more === 'string' && source.learn_more !== '') explanation.learn_more = cleanText(source.learn_more);
    if (explanation.what || explanation.why || explanation.how) return explanation;
  }
  warn(path, 'invalid_explanation', 'ai_explanation has no what/why/how; dropped');
  return null;
}

/** An issue of `task` (whose project is `projectId`). */
export function mapV1Issue(record: V1AuditIssue, path: string, ctx: MapContext, task: { id: string; project_id: string }): ImportFindingRow | { invalid: string } {
  const title = cleanText(record.title.trim());
  if (title === '') return { invalid: 'title is empty' };
  const typeText = lower(record.issue_type);
  const category = (typeText && categories[typeText]) || 'other';
  if (typeText && !categories[typeText]) ctx.warn(`${path}.issue_type`, 'unknown_value', `Unknown issue_type ${typeText}; imported as other`);
  const statusText = lower(record.status) ?? 'open';
  const status: FindingStatus = findingStatuses.has(statusText) ? (statusText as FindingStatus) : 'open';
  if (!findingStatuses.has(statusText)) ctx.warn(`${path}.status`, 'unknown_value', `Unknown status ${statusText}; imported as open`);
  const isResolved = status === 'resolved' || status === 'false_positive';
  const line = position(record.line_number);
  if (record.line_number !== null && record.line_number !== undefined && line === null) ctx.warn(`${path}.line_number`, 'invalid_position', 'Line number is not positive; left empty');
  const column = position(record.column_number);
  const filePath = optionalText(record.file_path);
  if (!filePath) ctx.warn(`${path}.file_path`, 'missing_value', 'No file path; imported with an empty path');
  const createdAt = toDate(record.created_at, `${path}.created_at`, ctx.warn);
  const resolvedAt = isResolved ? toDate(record.resolved_at, `${path}.resolved_at`, ctx.warn) : null;
  return {
    id: importRowId(ctx.ownerId, 'issues', record.id),
    task_id: task.id,
    project_id: task.project_id,
    source_key: record.id,
    fingerprint: `v1:${record.id}`,
    file_path: filePath ?? '',
    line_start: line,
    line_end: line,
    column_start: column,
    column_end: null,
    code_snippet: optionalText(record.code_snippet),
    title,
    description: optionalText(record.description) ?? '',
    severity: v1Severity(record.severity, path, ctx.warn),
    category,
    cwe: [],
    rule_id: null,
    analyzer: v1Analyzer,
    confidence: 1,
    suggestion: optionalText(record.suggestion),
    fix_example: null,
    explanation: explanationOf(record.ai_explanation, `${path}.ai_explanation`, ctx.warn),
    status,
    resolved_by: isResolved && record.resolved_by ? ctx.ownerId : null,
    resolved_at: resolvedAt,
    lifecycle: 'new',
    evidence: null,
    created_at: createdAt,
    updated_at: resolvedAt ?? createdAt,
  };
}

const codeKeys = new Set(['code', 'code_snippet', 'code_content', 'fix_example']);

/** The analysis result without any code (instant analyses keep no code). */
function withoutCode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCode);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !codeKeys.has(k)).map(([k, v]) => [k, withoutCode(v)]));
  }
  return value;
}

/** An instant analysis: counts from the result's summary (or its issues), seconds to milliseconds. */
export function mapV1InstantAnalysis(record: V1InstantAnalysis, path: string, ctx: MapContext): ImportInstantAnalysisRow {
  const parsed = parseJsonText(record.analysis_result, `${path}.analysis_result`, ctx.warn);
  const result = parsed && !parsed.isRawText && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>) : {};
  const summary = (typeof result.summary === 'object' && result.summary !== null ? result.summary : {}) as Record<string, unknown>;
  const issues = Array.isArray(result.issues) ? result.issues : [];
  const tally: SeverityTally = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const issue of issues) {
    const sev = lower((issue as Record<string, unknown> | null)?.severity);
    if (sev && severities.has(sev)) tally[sev as Severity] += 1;
  }
  const pick = (key: keyof SeverityTally) => (typeof summary[`${key}_issues`] === 'number' ? count(summary[`${key}_issues`]) : tally[key]);
  const total = record.issues_count ?? (typeof summary.total_issues === 'number' ? summary.total_issues : issues.length);
  return {
    id: importRowId(ctx.ownerId, 'instant_analyses', record.id),
    user_id: ctx.ownerId,
    source_key: record.id,
    language: optionalText(record.language)?.trim() || 'unknown',
    summary: cleanJson(withoutCode(result)) as Record<string, unknown>,
    quality_score: score(record.quality_score ?? result.quality_score),
    total_issues: count(total),
    critical_issues: pick('critical'),
    high_issues: pick('high'),
    medium_issues: pick('medium'),
    low_issues: pick('low'),
    info_issues: pick('info'),
    duration_ms: count(typeof record.analysis_time === 'number' ? record.analysis_time * 1000 : 0),
    created_at: toDate(record.created_at, `${path}.created_at`, ctx.warn),
  };
}
