/**
 * Native export records to rows: the same fields, new ids derived from the importing owner and each record's key
 * (`source_key ?? id`), user references replaced by the owner.
 */
import type { ImportCommentRow, ImportFindingRow, ImportInstantAnalysisRow, ImportProjectRow, ImportTaskRow } from './import-rows.ts';
import type { NativeComment, NativeFinding, NativeInstantAnalysis, NativeProject, NativeTask } from './native-format.ts';
import { cleanJson, cleanText, importedRepositoryUrl, type WarnFn } from './normalise.ts';
import { importRowId } from './row-ids.ts';

/** The key a native record is imported under. */
export function nativeKey(record: { id: string; source_key: string | null }): string {
  return record.source_key ?? record.id;
}

function text(value: string | null): string | null {
  return value === null ? null : cleanText(value);
}

function object<T>(value: T): T {
  return cleanJson(value) as T;
}

/** A native project. */
export function mapNativeProject(record: NativeProject, ownerId: string, path: string, warn: WarnFn): ImportProjectRow {
  const key = nativeKey(record);
  const isDeleted = record.status === 'deleted';
  return {
    id: importRowId(ownerId, 'projects', key),
    owner_id: ownerId,
    source_key: key,
    name: cleanText(record.name),
    description: text(record.description),
    source: record.source,
    repository_url: importedRepositoryUrl(text(record.repository_url), `${path}.repository_url`, warn),
    branch: cleanText(record.branch),
    languages: object(record.languages),
    primary_language: text(record.primary_language),
    total_files: record.total_files,
    total_lines: record.total_lines,
    last_scanned_at: record.last_scanned_at ? new Date(record.last_scanned_at) : null,
    settings: object(record.settings),
    status: record.status,
    // The table demands deleted_at exactly when the project is in the recycle bin.
    deleted_at: isDeleted ? new Date(record.deleted_at ?? record.updated_at) : null,
    created_at: new Date(record.created_at),
    updated_at: new Date(record.updated_at),
  };
}

/** A native task of the project row `projectId`. */
export function mapNativeTask(record: NativeTask, ownerId: string, projectId: string): ImportTaskRow {
  const key = nativeKey(record);
  return {
    ...record,
    id: importRowId(ownerId, 'tasks', key),
    project_id: projectId,
    created_by: ownerId,
    source_key: key,
    name: cleanText(record.name),
    description: text(record.description),
    current_step: text(record.current_step),
    scan_config: object(record.scan_config),
    branch: text(record.branch),
    commit_sha: text(record.commit_sha),
    error_message: text(record.error_message),
    skipped: object(record.skipped),
    created_at: new Date(record.created_at),
    updated_at: new Date(record.updated_at),
    started_at: record.started_at ? new Date(record.started_at) : null,
    completed_at: record.completed_at ? new Date(record.completed_at) : null,
  };
}

/** A native finding of the task row `task`. */
export function mapNativeFinding(record: NativeFinding, ownerId: string, task: { id: string; project_id: string }): ImportFindingRow {
  const key = nativeKey(record);
  return {
    ...record,
    id: importRowId(ownerId, 'issues', key),
    task_id: task.id,
    project_id: task.project_id,
    source_key: key,
    fingerprint: cleanText(record.fingerprint),
    file_path: cleanText(record.file_path),
    code_snippet: text(record.code_snippet),
    title: cleanText(record.title),
    description: cleanText(record.description),
    rule_id: text(record.rule_id),
    analyzer: cleanText(record.analyzer),
    suggestion: text(record.suggestion),
    fix_example: text(record.fix_example),
    explanation: record.explanation ? object(record.explanation) : null,
    resolved_by: record.resolved_by ? ownerId : null,
    resolved_at: record.resolved_at ? new Date(record.resolved_at) : null,
    evidence: record.evidence ? object(record.evidence) : null,
    created_at: new Date(record.created_at),
    updated_at: new Date(record.updated_at),
  };
}

/** A native comment on the finding row `findingId`; its author is not carried over. */
export function mapNativeComment(record: NativeComment, ownerId: string, findingId: string): ImportCommentRow {
  const key = nativeKey(record);
  return {
    id: importRowId(ownerId, 'comments', key),
    finding_id: findingId,
    author_id: null,
    source_key: key,
    body: cleanText(record.body),
    created_at: new Date(record.created_at),
    updated_at: new Date(record.updated_at),
  };
}

/** A native instant analysis. */
export function mapNativeInstantAnalysis(record: NativeInstantAnalysis, ownerId: string): ImportInstantAnalysisRow {
  const key = nativeKey(record);
  return {
    ...record,
    id: importRowId(ownerId, 'instant_analyses', key),
    user_id: ownerId,
    source_key: key,
    language: cleanText(record.language),
    summary: object(record.summary),
    created_at: new Date(record.created_at),
  };
}
