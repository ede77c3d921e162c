/**
 * The native export of one owner's data, and content hashes over it. Left out on purpose: encrypted Git tokens
 * and upload object keys (secrets and storage references that mean nothing elsewhere), and per-run bookkeeping
 * (cancel requests, the LLM stage record, batch ids). Everything else round-trips.
 */
import { createHash } from 'node:crypto';
import type { OwnerSnapshot } from '../ports/repositories.ts';
import type { ImportedTable } from './import-rows.ts';
import type { NativeComment, NativeExport, NativeFinding, NativeInstantAnalysis, NativeProject, NativeTask } from './native-format.ts';

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** Builds the native export of `snapshot`. */
export function toNativeExport(snapshot: OwnerSnapshot, exportedAt: Date): NativeExport {
  const projects: NativeProject[] = snapshot.projects.map((p) => ({
    id: p.id,
    source_key: p.source_key,
    name: p.name,
    description: p.description,
    source: p.source,
    repository_url: p.repository_url,
    branch: p.branch,
    languages: p.languages,
    primary_language: p.primary_language,
    total_files: p.total_files,
    total_lines: p.total_lines,
    last_scanned_at: iso(p.last_scanned_at),
    settings: p.settings,
    status: p.status,
    deleted_at: iso(p.deleted_at),
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
  }));
  const tasks: NativeTask[] = snapshot.tasks.map((t) => ({
    id: t.id,
    project_id: t.project_id,
    source_key: t.source_key,
    name: t.name,
    description: t.description,
    kind: t.kind,
    status: t.status,
    priority: t.priority,
    progress: t.progress,
    current_step: t.current_step,
    scan_config: t.scan_config,
    branch: t.branch,
    commit_sha: t.commit_sha,
    total_issues: t.total_issues,
    critical_issues: t.critical_issues,
    high_issues: t.high_issues,
    medium_issues: t.medium_issues,
    low_issues: t.low_issues,
    info_issues: t.info_issues,
    files_total: t.files_total,
    files_scanned: t.files_scanned,
    lines_scanned: t.lines_scanned,
    quality_score: t.quality_score,
    metrics: t.metrics,
    tokens_in: t.tokens_in,
    tokens_out: t.tokens_out,
    cost_usd: t.cost_usd,
    error_message: t.error_message,
    retry_count: t.retry_count,
    skipped: t.skipped,
    created_at: t.created_at.toISOString(),
    updated_at: t.updated_at.toISOString(),
    started_at: iso(t.started_at),
    completed_at: iso(t.completed_at),
  }));
  const findings: NativeFinding[] = snapshot.findings.map((f) => ({
    id: f.id,
    task_id: f.task_id,
    source_key: f.source_key,
    fingerprint: f.fingerprint,
    file_path: f.file_path,
    line_start: f.line_start,
    line_end: f.line_end,
    column_start: f.column_start,
    column_end: f.column_end,
    code_snippet: f.code_snippet,
    title: f.title,
    description: f.description,
    severity: f.severity,
    category: f.category,
    cwe: f.cwe,
    rule_id: f.rule_id,
    analyzer: f.analyzer,
    confidence: f.confidence,
    suggestion: f.suggestion,
    fix_example: f.fix_example,
    explanation: f.explanation,
    status: f.status,
    resolved_by: f.resolved_by,
    resolved_at: iso(f.resolved_at),
    lifecycle: f.lifecycle,
    evidence: f.evidence,
    created_at: f.created_at.toISOString(),
    updated_at: f.updated_at.toISOString(),
  }));
  const comments: NativeComment[] = snapshot.comments.map((c) => ({
    id: c.id,
    finding_id: c.finding_id,
    source_key: c.source_key,
    body: c.body,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  }));
  const analyses: NativeInstantAnalysis[] = snapshot.instant_analyses.map((a) => ({
    id: a.id,
    source_key: a.source_key,
    language: a.language,
    summary: a.summary,
    quality_score: a.quality_score,
    total_issues: a.total_issues,
    critical_issues: a.critical_issues,
    high_issues: a.high_issues,
    medium_issues: a.medium_issues,
    low_issues: a.low_issues,
    info_issues: a.info_issues,
    duration_ms: a.duration_ms,
    created_at: a.created_at.toISOString(),
  }));
  return { format: 'xcodereviewer', version: 1, exported_at: exportedAt.toISOString(), projects, tasks, findings, comments, instant_analyses: analyses };
}

/** JSON with object keys sorted, so equal content always serialises the same (jsonb does not keep key order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 per table over the content of a native export: each record with ids replaced by import keys
 * (`source_key ?? id`, also for parents), user references reduced to "set or not", sorted by key. Two instances
 * holding the same data for their owners give the same hashes, whatever their row ids.
 */
export function nativeContentHashes(data: NativeExport): Record<ImportedTable, string> {
  const keyOf = (r: { id: string; source_key: string | null }) => r.source_key ?? r.id;
  const projectKeys = new Map(data.projects.map((p) => [p.id, keyOf(p)]));
  const taskKeys = new Map(data.tasks.map((t) => [t.id, keyOf(t)]));
  const findingKeys = new Map(data.findings.map((f) => [f.id, keyOf(f)]));
  const hash = (records: Array<Record<string, unknown>>) => {
    const lines = records.map((r) => canonicalJson(r)).sort();
    return createHash('sha256').update(lines.join('\n')).digest('hex');
  };
  return {
    projects: hash(data.projects.map(({ id: _id, source_key: _sk, ...rest }) => ({ key: keyOf({ id: _id, source_key: _sk }), ...rest }))),
    tasks: hash(data.tasks.map(({ id, source_key, project_id, ...rest }) => ({ key: keyOf({ id, source_key }), project: projectKeys.get(project_id) ?? null, ...rest }))),
    issues: hash(
      data.findings.map(({ id, source_key, task_id, resolved_by, ...rest }) => ({ key: keyOf({ id, source_key }), task: taskKeys.get(task_id) ?? null, is_resolved_by_someone: resolved_by !== null, ...rest })),
    ),
    comments: hash(data.comments.map(({ id, source_key, finding_id, ...rest }) => ({ key: keyOf({ id, source_key }), finding: findingKeys.get(finding_id) ?? null, ...rest }))),
    instant_analyses: hash(data.instant_analyses.map(({ id, source_key, ...rest }) => ({ key: keyOf({ id, source_key }), ...rest }))),
  };
}
