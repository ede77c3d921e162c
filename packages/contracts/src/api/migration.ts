/**
 * Data migration: validating, dry-running and importing exports of the browser version (and native exports),
 * import batches with their quarantine and rollback, and exports (`/api/v1/migration/*`).
 */
import { z } from 'zod';
import { PageQuery, QueryBoolean, Timestamp } from './common.ts';

/** Formats an import reads. */
export const ImportFormatName = z.enum(['v1-backup', 'v1-export', 'v1-indexeddb', 'native']);
export type ImportFormatName = z.infer<typeof ImportFormatName>;

/** A remark about one record, located by its path in the file (`issues[12].severity`). */
export const MigrationReportEntry = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type MigrationReportEntry = z.infer<typeof MigrationReportEntry>;

/** Rows per imported table. */
export const MigrationTableCounts = z.object({
  projects: z.number().int(),
  tasks: z.number().int(),
  issues: z.number().int(),
  comments: z.number().int(),
  instant_analyses: z.number().int(),
});
export type MigrationTableCounts = z.infer<typeof MigrationTableCounts>;

/**
 * `POST /migration/validate`: what the file holds (`records`), what would be imported (`importable`), what would
 * be quarantined and why (`errors`, one per record), values that were adjusted (`warnings`). Lists are capped at
 * 1,000 entries; the totals count them all.
 */
export const ValidationReportResponse = z.object({
  format: ImportFormatName,
  source_hash: z.string(),
  is_valid: z.boolean(),
  records: MigrationTableCounts.extend({ profiles: z.number().int(), project_members: z.number().int() }),
  importable: MigrationTableCounts,
  quarantined: z.number().int(),
  quarantined_by_reason: z.record(z.string(), z.number().int()),
  errors: z.array(MigrationReportEntry),
  errors_total: z.number().int(),
  warnings: z.array(MigrationReportEntry),
  warnings_total: z.number().int(),
});
export type ValidationReportResponse = z.infer<typeof ValidationReportResponse>;

/** What one run created (a dry run: would create), skipped because it existed, and quarantined. */
export const ImportSummaryResponse = z.object({
  projects: z.number().int(),
  tasks: z.number().int(),
  issues: z.number().int(),
  instant_analyses: z.number().int(),
  skipped: z.number().int(),
  quarantined: z.number().int(),
  errors: z.array(MigrationReportEntry),
});
export type ImportSummaryResponse = z.infer<typeof ImportSummaryResponse>;

/** Import batch states: `failed` and `running` batches resume when the same file is imported again by the same owner. */
export const MigrationBatchStatus = z.enum(['running', 'completed', 'failed', 'rolled_back']);
export type MigrationBatchStatus = z.infer<typeof MigrationBatchStatus>;

/** An import batch: the unit of progress (`items_done` of `total_items`) and of rollback. */
export const MigrationBatchResponse = z.object({
  id: z.string(),
  source_hash: z.string(),
  format: z.string(),
  owner_id: z.string().nullable(),
  created_by: z.string().nullable(),
  file_name: z.string().nullable(),
  status: MigrationBatchStatus,
  counts: z.record(z.string(), z.number()),
  items_done: z.number().int(),
  total_items: z.number().int(),
  batch_size: z.number().int(),
  report: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  started_at: Timestamp,
  updated_at: Timestamp,
  finished_at: Timestamp.nullable(),
  rolled_back_at: Timestamp.nullable(),
});
export type MigrationBatchResponse = z.infer<typeof MigrationBatchResponse>;

/**
 * `POST /migration/import` options (query string; the body is the file, as JSON or a multipart `file`):
 * `dry_run` writes nothing, `batch_size` records per transaction (1-10,000, default 1,000), `owner_id` (admins
 * only) imports for another user, `wait=false` answers 202 once the batch is open and imports in the background
 * (follow it with `GET /migration/batches/{id}`).
 */
export const ImportQuery = z.object({
  dry_run: QueryBoolean.optional(),
  batch_size: z.coerce.number().int().min(1).max(10_000).default(1000),
  owner_id: z.uuid().optional(),
  wait: QueryBoolean.optional(),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

/** The answer of an import: the batch (null for a dry run), this run's summary, the report. */
export const ImportResponse = z.object({
  batch: MigrationBatchResponse.nullable(),
  is_dry_run: z.boolean(),
  is_resumed: z.boolean(),
  created: MigrationTableCounts,
  summary: ImportSummaryResponse,
  report: ValidationReportResponse,
});
export type ImportResponse = z.infer<typeof ImportResponse>;

/** `GET /migration/batches` filters (admins may filter by owner; others see their own). */
export const MigrationBatchListQuery = PageQuery.extend({
  owner_id: z.uuid().optional(),
  status: MigrationBatchStatus.optional(),
});
export type MigrationBatchListQuery = z.infer<typeof MigrationBatchListQuery>;

/** A quarantined record: where it was, why, and the record as it was in the file. */
export const QuarantineEntryResponse = z.object({
  id: z.string(),
  record_type: z.string(),
  source_key: z.string().nullable(),
  reason: z.string(),
  path: z.string().nullable(),
  message: z.string().nullable(),
  record: z.unknown(),
  created_at: Timestamp,
});
export type QuarantineEntryResponse = z.infer<typeof QuarantineEntryResponse>;

/** `POST /migration/batches/{id}/rollback`: the batch, now `rolled_back`, and the rows removed per table. */
export const RollbackResponse = z.object({
  batch: MigrationBatchResponse,
  deleted: MigrationTableCounts.extend({ quarantined: z.number().int() }),
});
export type RollbackResponse = z.infer<typeof RollbackResponse>;

/** `GET /migration/export`: `native` (default, lossless) or `v1` (the browser version's v1.0 shape). */
export const ExportQuery = z.object({
  format: z.enum(['native', 'v1']).default('native'),
  owner_id: z.uuid().optional(),
});
export type ExportQuery = z.infer<typeof ExportQuery>;
