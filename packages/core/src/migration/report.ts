/** What validation, dry runs and imports report. */
import type { ImportFormat } from './formats.ts';
import type { TableCounts } from './import-rows.ts';

/** One problem or remark about a record, located by its path in the file (`issues[12].severity`). */
export interface ReportEntry {
  path: string;
  code: string;
  message: string;
}

/** Records found in the file, per collection (before any check). */
export interface FileRecordCounts extends TableCounts {
  /** v1 accounts: counted and mapped to the importing owner, never created. */
  profiles: number;
  /** v1 project members: counted, not imported (every project belongs to the importing owner). */
  project_members: number;
}

/**
 * The validation report: what the file holds, what would be imported, what would be quarantined and why.
 * `errors` are records that cannot be imported (each is quarantined); `warnings` are values that were adjusted.
 * Both lists are capped (`errors_total`/`warnings_total` count them all).
 */
export interface ValidationReport {
  format: ImportFormat;
  /** SHA-256 of the file's JSON: an import of the same file by the same owner resumes or re-checks this batch. */
  source_hash: string;
  /** No record would be quarantined. */
  is_valid: boolean;
  records: FileRecordCounts;
  importable: TableCounts;
  quarantined: number;
  quarantined_by_reason: Record<string, number>;
  errors: ReportEntry[];
  errors_total: number;
  warnings: ReportEntry[];
  warnings_total: number;
}

/** How many entries of each list a report keeps. */
export const reportEntryLimit = 1000;

/**
 * What one import run did (or, for a dry run, would do): rows it created per table, records it skipped because
 * they already existed, records it quarantined, and the errors (quarantine reasons with paths).
 */
export interface ImportSummary {
  projects: number;
  tasks: number;
  issues: number;
  instant_analyses: number;
  skipped: number;
  quarantined: number;
  errors: ReportEntry[];
}
