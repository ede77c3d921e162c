/**
 * What an import writes: rows ready for the database (ids already derived, values already inside every CHECK),
 * in the order they must be written, with quarantine entries where a record could not be imported. The
 * persistence port writes these as they are; all the decisions were taken by the planner.
 */
import type { Category, Explanation, FindingStatus, Lifecycle, Severity } from '@xcr/contracts';
import type { ProjectSource, ProjectStatus, TaskRecord } from '../ports/repositories.ts';

/** The tables an import fills, as its report names them. */
export const importedTables = ['projects', 'tasks', 'issues', 'comments', 'instant_analyses'] as const;
/** One of `importedTables`. */
export type ImportedTable = (typeof importedTables)[number];

/** Rows per table. */
export type TableCounts = Record<ImportedTable, number>;

/** Zero rows in every table. */
export function emptyTableCounts(): TableCounts {
  return { projects: 0, tasks: 0, issues: 0, comments: 0, instant_analyses: 0 };
}

/** A project row. `source_key` is the record's id in the file (or the key it was imported under before). */
export interface ImportProjectRow {
  id: string;
  owner_id: string;
  source_key: string;
  name: string;
  description: string | null;
  source: ProjectSource;
  repository_url: string | null;
  branch: string;
  languages: Record<string, number>;
  primary_language: string | null;
  total_files: number;
  total_lines: number;
  last_scanned_at: Date | null;
  settings: Record<string, unknown>;
  /** `deleted` lands in the recycle bin with `deleted_at` set. */
  status: ProjectStatus;
  deleted_at: Date | null;
  /** Null lets the database stamp the import time. */
  created_at: Date | null;
  updated_at: Date | null;
}

/**
 * An audit task row: the stored task's fields, with the import's own key, without what only a running audit
 * writes (cancel request, LLM record, batch), and with timestamps the export may lack.
 */
export type ImportTaskRow = Omit<
  TaskRecord,
  'cancel_requested_at' | 'llm_record' | 'migration_batch_id' | 'source_key' | 'created_at' | 'updated_at'
> & {
  source_key: string;
  created_at: Date | null;
  updated_at: Date | null;
};

/** A finding row (the v1 `audit_issues`). */
export interface ImportFindingRow {
  id: string;
  task_id: string;
  project_id: string;
  source_key: string;
  fingerprint: string;
  file_path: string;
  line_start: number | null;
  line_end: number | null;
  column_start: number | null;
  column_end: number | null;
  code_snippet: string | null;
  title: string;
  description: string;
  severity: Severity;
  category: Category;
  cwe: number[];
  rule_id: string | null;
  analyzer: string;
  confidence: number;
  suggestion: string | null;
  fix_example: string | null;
  explanation: Explanation | null;
  status: FindingStatus;
  resolved_by: string | null;
  resolved_at: Date | null;
  lifecycle: Lifecycle;
  evidence: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
}

/** A comment on a finding (native exports only). */
export interface ImportCommentRow {
  id: string;
  finding_id: string;
  author_id: string | null;
  source_key: string;
  body: string;
  created_at: Date | null;
  updated_at: Date | null;
}

/** An instant analysis row: the summary only, never code. */
export interface ImportInstantAnalysisRow {
  id: string;
  user_id: string;
  source_key: string;
  language: string;
  summary: Record<string, unknown>;
  quality_score: number | null;
  total_issues: number;
  critical_issues: number;
  high_issues: number;
  medium_issues: number;
  low_issues: number;
  info_issues: number;
  duration_ms: number;
  created_at: Date | null;
}

/** Why a record was set aside instead of imported. */
export type QuarantineReason = 'invalid_record' | 'duplicate_id' | 'task_project_missing' | 'issue_task_missing' | 'comment_issue_missing';

/** A record set aside, with where it was and why. */
export interface QuarantineEntry {
  /** `project`, `task`, `issue`, `comment`, `instant_analysis`. */
  record_type: string;
  source_key: string | null;
  reason: QuarantineReason;
  /** Where the record sits in the file, e.g. `issues[12]`. */
  path: string;
  message: string;
  /** The record as it was in the file. */
  record: unknown;
}

/** One step of an import plan, written in order; the plan's cursor counts these. */
export type PlanItem =
  | { type: 'project'; row: ImportProjectRow }
  | { type: 'task'; row: ImportTaskRow }
  | { type: 'issue'; row: ImportFindingRow }
  | { type: 'comment'; row: ImportCommentRow }
  | { type: 'instant_analysis'; row: ImportInstantAnalysisRow }
  | { type: 'quarantine'; entry: QuarantineEntry };

/** The table an item of `type` fills. */
export function tableOf(type: Exclude<PlanItem['type'], 'quarantine'>): ImportedTable {
  switch (type) {
    case 'project':
      return 'projects';
    case 'task':
      return 'tasks';
    case 'issue':
      return 'issues';
    case 'comment':
      return 'comments';
    case 'instant_analysis':
      return 'instant_analyses';
  }
}
