/**
 * The migration use cases: validate a file, import it (dry run, or in batches of chunks that each commit with the
 * batch's progress, resuming a killed run of the same file for the same owner), roll a batch back, export an
 * owner's data. Imports, rollbacks and exports are audit-logged.
 */
import type { ActionContext } from '../auth/types.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { MigrationBatchRecord, Page, PageQuery, QuarantineRecord, Repositories, RollbackCounts, UserRole } from '../ports/repositories.ts';
import { toNativeExport } from './export-native.ts';
import { toV1Export, type V1ExportFile } from './export-v1.ts';
import { emptyTableCounts, importedTables, tableOf, type PlanItem, type TableCounts } from './import-rows.ts';
import type { NativeExport } from './native-format.ts';
import { planImport, type ImportPlan } from './plan.ts';
import { reportEntryLimit, type ImportSummary, type ReportEntry, type ValidationReport } from './report.ts';

/** Default and largest number of plan items per transaction. */
export const defaultImportBatchSize = 1000;
export const maxImportBatchSize = 10_000;

/** Who asks: batches are visible to their owner, their starter and admins. */
export interface MigrationActor {
  id: string;
  role: UserRole;
}

/** Options of one import. */
export interface ImportOptions {
  /** The user who will own everything imported. */
  ownerId: string;
  ctx: ActionContext;
  /** Plan items per transaction; 1,000 by default. */
  batchSize?: number;
  /** Report what would be created; write nothing. */
  isDryRun?: boolean;
  fileName?: string | null;
  /** Called once the batch is open (created or resumed), before the first chunk. */
  onBatchOpened?: (batch: MigrationBatchRecord) => void;
  /** Called after each committed chunk. */
  onProgress?: (progress: { batch_id: string; items_done: number; total_items: number }) => void;
  signal?: AbortSignal;
}

/** What an import run did (or would do). */
export interface ImportResult {
  /** Null for a dry run. */
  batch: MigrationBatchRecord | null;
  is_dry_run: boolean;
  /** This run continued a batch a killed or failed run had started. */
  is_resumed: boolean;
  /** Rows created per table by this run (comments included). */
  created: TableCounts;
  summary: ImportSummary;
  report: ValidationReport;
}

/** The migration use cases. */
export interface MigrationService {
  /** Checks a parsed file; never writes. 422 when the file is not an import format at all. */
  validate(data: unknown): ValidationReport;
  /** Plans `data` for `options.ownerId` and imports it (or, with `isDryRun`, reports what it would create). */
  import(data: unknown, options: ImportOptions): Promise<ImportResult>;
  listBatches(actor: MigrationActor, query: PageQuery & { owner_id?: string }): Promise<Page<MigrationBatchRecord>>;
  /** 404 when missing or not visible to `actor`. */
  getBatch(actor: MigrationActor, id: string): Promise<MigrationBatchRecord>;
  listQuarantine(actor: MigrationActor, batchId: string, query: PageQuery): Promise<Page<QuarantineRecord>>;
  /** Removes exactly what the batch created; 409 `already_rolled_back` or `batch_has_dependents`. */
  rollback(actor: MigrationActor, batchId: string, ctx: ActionContext): Promise<{ batch: MigrationBatchRecord; deleted: RollbackCounts }>;
  /** The owner's data as a v1.0 file or a native export. */
  export(ownerId: string, format: 'v1' | 'native', ctx: ActionContext): Promise<V1ExportFile | NativeExport>;
}

/** Fills an ImportSummary from counts and entries. */
function summaryOf(created: TableCounts, skipped: number, quarantined: number, errors: ReportEntry[]): ImportSummary {
  return { projects: created.projects, tasks: created.tasks, issues: created.issues, instant_analyses: created.instant_analyses, skipped, quarantined, errors };
}

/** The report as a batch keeps it: counts and reasons, not the (capped) entry lists. */
function storedReport(report: ValidationReport): Record<string, unknown> {
  const { errors: _e, warnings, ...rest } = report;
  return { ...rest, warnings: warnings.slice(0, 50) };
}

/** Creates the migration use cases over the repositories. */
export function createMigrationService(deps: { repos: Repositories; clock: Clock }): MigrationService {
  const { repos, clock } = deps;

  function canSee(actor: MigrationActor, batch: MigrationBatchRecord): boolean {
    return actor.role === 'admin' || batch.owner_id === actor.id || batch.created_by === actor.id;
  }

  async function visibleBatch(actor: MigrationActor, id: string): Promise<MigrationBatchRecord> {
    const batch = await repos.migration.getBatch(id);
    if (!batch || !canSee(actor, batch)) throw new NotFoundError('Migration batch');
    return batch;
  }

  async function dryRun(plan: ImportPlan): Promise<ImportResult> {
    const created = emptyTableCounts();
    let skipped = 0;
    for (const table of importedTables) {
      const ids = plan.items.flatMap((item) => (item.type !== 'quarantine' && tableOf(item.type) === table ? [item.row.id] : []));
      const existing = await repos.migration.existingIds(table, ids);
      created[table] = ids.length - existing.size;
      skipped += existing.size;
    }
    const { report } = plan;
    return { batch: null, is_dry_run: true, is_resumed: false, created, summary: summaryOf(created, skipped, report.quarantined, report.errors), report };
  }

  async function run(plan: ImportPlan, options: ImportOptions, batchSize: number): Promise<ImportResult> {
    const { items, report } = plan;
    const opened = await repos.migration.openBatch({
      source_hash: report.source_hash,
      format: report.format,
      owner_id: options.ownerId,
      created_by: options.ctx.actorId,
      file_name: options.fileName ?? null,
      total_items: items.length,
      batch_size: batchSize,
      report: storedReport(report),
    });
    const batchId = opened.batch.id;
    options.onBatchOpened?.(opened.batch);
    const created = emptyTableCounts();
    let skipped = 0;
    let quarantined = 0;
    const errors: ReportEntry[] = [];
    let done = opened.batch.items_done;
    try {
      while (done < items.length) {
        options.signal?.throwIfAborted();
        const chunk = items.slice(done, done + batchSize);
        const result = await repos.migration.commitChunk(batchId, done, chunk);
        if (result.kind === 'moved') {
          // Another run of the same file committed ahead of us (or the batch was stopped): follow it.
          if (result.status !== 'running') break;
          done = result.items_done;
          continue;
        }
        for (const table of importedTables) created[table] += result.created[table];
        skipped += result.skipped;
        quarantined += result.quarantined;
        for (const item of chunk) if (item.type === 'quarantine' && errors.length < reportEntryLimit) errors.push(entryOf(item));
        done = result.items_done;
        options.onProgress?.({ batch_id: batchId, items_done: done, total_items: items.length });
      }
      const finished = (await repos.migration.finishBatch(batchId, 'completed')) ?? (await repos.migration.getBatch(batchId)) ?? opened.batch;
      const summary = summaryOf(created, skipped, quarantined, errors);
      await repos.auditLog.append({
        actor_id: options.ctx.actorId,
        action: 'migration.imported',
        resource_type: 'migration_batch',
        resource_id: batchId,
        details: { owner_id: options.ownerId, format: report.format, source_hash: report.source_hash, is_resumed: opened.is_resumed, created, skipped, quarantined },
        ip: options.ctx.ip,
      });
      return { batch: finished, is_dry_run: false, is_resumed: opened.is_resumed, created, summary, report };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repos.migration.finishBatch(batchId, 'failed', message.slice(0, 2000)).catch(() => undefined);
      throw error;
    }
  }

  return {
    validate: (data) => planImport(data, { ownerId: '00000000-0000-0000-0000-000000000000' }).report,

    async import(data, options) {
      const batchSize = options.batchSize ?? defaultImportBatchSize;
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxImportBatchSize) {
        throw new ValidationError('invalid_batch_size', `The batch size must be an integer from 1 to ${maxImportBatchSize}`);
      }
      const owner = await repos.users.findById(options.ownerId);
      if (!owner) throw new NotFoundError('Owner');
      const plan = planImport(data, { ownerId: owner.id });
      return options.isDryRun ? dryRun(plan) : run(plan, options, batchSize);
    },

    async listBatches(actor, query) {
      const ownerId = actor.role === 'admin' ? query.owner_id : actor.id;
      return repos.migration.listBatches({ ...query, owner_id: ownerId });
    },

    getBatch: visibleBatch,

    async listQuarantine(actor, batchId, query) {
      await visibleBatch(actor, batchId);
      return repos.migration.listQuarantine(batchId, query);
    },

    async rollback(actor, batchId, ctx) {
      const batch = await visibleBatch(actor, batchId);
      const result = await repos.migration.rollbackBatch(batch.id);
      await repos.auditLog.append({
        actor_id: ctx.actorId,
        action: 'migration.rolled_back',
        resource_type: 'migration_batch',
        resource_id: batch.id,
        details: { owner_id: batch.owner_id, deleted: result.deleted },
        ip: ctx.ip,
      });
      return result;
    },

    async export(ownerId, format, ctx) {
      const snapshot = await repos.migration.readOwnerSnapshot(ownerId);
      const now = clock();
      const file = format === 'v1' ? toV1Export(snapshot, ownerId, now) : toNativeExport(snapshot, now);
      await repos.auditLog.append({
        actor_id: ctx.actorId,
        action: 'migration.exported',
        resource_type: 'user',
        resource_id: ownerId,
        details: { format, projects: snapshot.projects.length, tasks: snapshot.tasks.length, issues: snapshot.findings.length, instant_analyses: snapshot.instant_analyses.length },
        ip: ctx.ip,
      });
      return file;
    },
  };
}

function entryOf(item: Extract<PlanItem, { type: 'quarantine' }>): ReportEntry {
  return { path: item.entry.path, code: item.entry.reason, message: item.entry.message };
}
