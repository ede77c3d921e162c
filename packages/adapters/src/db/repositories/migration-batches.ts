/**
 * Import batches on Kysely: opening or resuming a batch, committing chunks with the progress counter in the same
 * transaction, listing, quarantine, rollback of exactly the rows a batch created, and the reads exports need.
 */
import { sql, type Kysely } from 'kysely';
import type { ImportedTable, PlanItem } from '@xcr/core/migration/import-rows';
import { ConflictError, NotFoundError } from '@xcr/core/errors';
import type {
  ChunkResult,
  MigrationBatchListQuery,
  MigrationBatchRecord,
  MigrationRepository,
  NewMigrationBatch,
  OwnerSnapshot,
  Page,
  PageQuery,
  QuarantineRecord,
  RollbackCounts,
} from '@xcr/core/ports/repositories';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';
import { physicalTables, writeImportItems } from './import-writer.ts';
import { fetchPage, isUuid, pageWindow, toPage } from './query-helpers.ts';

function addCounts(base: Record<string, number>, delta: Record<string, number>): Record<string, number> {
  const out = { ...base };
  for (const [key, value] of Object.entries(delta)) out[key] = (out[key] ?? 0) + value;
  return out;
}

/** Rows that depend on the batch's rows without being the batch's own: a rollback would take them along. */
async function dependentsOf(trx: Kysely<Database>, batchId: string): Promise<Record<string, number>> {
  const counts = await sql<{ tasks: number; findings: number; comments: number; reports: number; members: number }>`
    WITH bp AS (SELECT id FROM projects WHERE migration_batch_id = ${batchId}),
         bt AS (SELECT id FROM audit_tasks WHERE migration_batch_id = ${batchId}),
         bf AS (SELECT id FROM findings WHERE migration_batch_id = ${batchId})
    SELECT
      (SELECT count(*) FROM audit_tasks WHERE project_id IN (SELECT id FROM bp) AND migration_batch_id IS DISTINCT FROM ${batchId})::int AS tasks,
      (SELECT count(*) FROM findings WHERE (task_id IN (SELECT id FROM bt) OR project_id IN (SELECT id FROM bp))
         AND migration_batch_id IS DISTINCT FROM ${batchId})::int AS findings,
      (SELECT count(*) FROM finding_comments WHERE finding_id IN (SELECT id FROM bf) AND migration_batch_id IS DISTINCT FROM ${batchId})::int AS comments,
      (SELECT count(*) FROM reports WHERE task_id IN (SELECT id FROM bt))::int AS reports,
      (SELECT count(*) FROM project_members WHERE project_id IN (SELECT id FROM bp))::int AS members
  `.execute(trx);
  const row = counts.rows[0] ?? { tasks: 0, findings: 0, comments: 0, reports: 0, members: 0 };
  return Object.fromEntries(Object.entries(row).filter(([, n]) => Number(n) > 0).map(([k, n]) => [k, Number(n)]));
}

/** The migration repository. Chunk commits and rollbacks open their own transaction. */
export function createMigrationRepository(db: Kysely<Database>): MigrationRepository {
  async function getBatch(id: string): Promise<MigrationBatchRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return db.selectFrom('migration_batches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  function inTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.isTransaction ? work(db) : db.transaction().execute(work);
  }

  return {
    async openBatch(input: NewMigrationBatch) {
      // A concurrent run can finish the open batch between our two statements: try again a few times.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const inserted = await db
          .insertInto('migration_batches')
          .values({
            source_hash: input.source_hash,
            format: input.format,
            owner_id: input.owner_id,
            created_by: input.created_by,
            file_name: input.file_name ?? null,
            total_items: input.total_items,
            batch_size: input.batch_size,
            report: toJson(input.report ?? {}),
          })
          .onConflict((oc) => oc.doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted) return { batch: inserted, is_resumed: false };
        const resumed = await db
          .updateTable('migration_batches')
          .set({ status: 'running', error: null, finished_at: null, batch_size: input.batch_size, updated_at: new Date() })
          .where('source_hash', '=', input.source_hash)
          .where('owner_id', '=', input.owner_id)
          .where('status', 'in', ['running', 'failed'])
          .returningAll()
          .executeTakeFirst();
        if (resumed) return { batch: resumed, is_resumed: true };
      }
      throw new ConflictError('import_in_progress', 'Another import of this file for this owner keeps changing state; try again');
    },

    getBatch,

    async listBatches(query: MigrationBatchListQuery): Promise<Page<MigrationBatchRecord>> {
      const window = pageWindow(query);
      let base = db.selectFrom('migration_batches');
      if (query.owner_id) base = base.where('owner_id', '=', query.owner_id);
      if (query.status) base = base.where('status', '=', query.status);
      return fetchPage(db, base, (q) => q.selectAll().orderBy('started_at', 'desc').orderBy('id'), window);
    },

    async listQuarantine(batchId: string, query: PageQuery): Promise<Page<QuarantineRecord>> {
      const window = pageWindow(query);
      if (!isUuid(batchId)) return toPage([], 0, window);
      const base = db.selectFrom('migration_quarantine').where('batch_id', '=', batchId);
      return fetchPage(db, base, (q) => q.selectAll().orderBy('created_at').orderBy('path').orderBy('id'), window);
    },

    commitChunk(batchId: string, expectedDone: number, items: readonly PlanItem[]): Promise<ChunkResult> {
      return inTransaction(async (trx) => {
        const row = await trx.selectFrom('migration_batches').select(['status', 'items_done', 'counts']).where('id', '=', batchId).forUpdate().executeTakeFirst();
        if (!row) throw new NotFoundError('Migration batch');
        if (row.status !== 'running' || row.items_done !== expectedDone) return { kind: 'moved', items_done: row.items_done, status: row.status };
        const { created, skipped, quarantined } = await writeImportItems(trx, batchId, items);
        const itemsDone = expectedDone + items.length;
        await trx
          .updateTable('migration_batches')
          .set({ items_done: itemsDone, counts: toJson(addCounts(row.counts, { ...created, skipped, quarantined })), updated_at: new Date() })
          .where('id', '=', batchId)
          .execute();
        return { kind: 'committed', items_done: itemsDone, created, skipped, quarantined };
      });
    },

    async finishBatch(batchId, status, error = null) {
      return db
        .updateTable('migration_batches')
        .set({ status, error, finished_at: new Date(), updated_at: new Date() })
        .where('id', '=', batchId)
        .where('status', '=', 'running')
        .returningAll()
        .executeTakeFirst();
    },

    async existingIds(table: ImportedTable, ids: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let start = 0; start < ids.length; start += 1000) {
        const slice = ids.slice(start, start + 1000);
        const rows = await db.selectFrom(physicalTables[table]).select('id').where('id', 'in', slice).execute();
        for (const r of rows) found.add(r.id);
      }
      return found;
    },

    rollbackBatch(batchId: string) {
      return inTransaction(async (trx) => {
        const batch = isUuid(batchId) ? await trx.selectFrom('migration_batches').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirst() : undefined;
        if (!batch) throw new NotFoundError('Migration batch');
        if (batch.status === 'rolled_back') throw new ConflictError('already_rolled_back', 'This import batch was rolled back already');
        const dependents = await dependentsOf(trx, batchId);
        if (Object.keys(dependents).length > 0) {
          throw new ConflictError('batch_has_dependents', 'Other data was added to what this batch imported; rolling back would delete it too', { details: dependents });
        }
        const deleted: RollbackCounts = { projects: 0, tasks: 0, issues: 0, comments: 0, instant_analyses: 0, quarantined: 0 };
        // Children first, so no cascade removes anything the counts would miss.
        for (const table of ['comments', 'issues', 'instant_analyses', 'tasks', 'projects'] as const) {
          const result = await trx.deleteFrom(physicalTables[table]).where('migration_batch_id', '=', batchId).executeTakeFirst();
          deleted[table] = Number(result.numDeletedRows);
        }
        const quarantine = await trx.deleteFrom('migration_quarantine').where('batch_id', '=', batchId).executeTakeFirst();
        deleted.quarantined = Number(quarantine.numDeletedRows);
        const now = new Date();
        const updated = await trx
          .updateTable('migration_batches')
          .set({ status: 'rolled_back', rolled_back_at: now, finished_at: batch.finished_at ?? now, updated_at: now })
          .where('id', '=', batchId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { batch: updated, deleted };
      });
    },

    async readOwnerSnapshot(ownerId: string): Promise<OwnerSnapshot> {
      if (!isUuid(ownerId)) return { projects: [], tasks: [], findings: [], comments: [], instant_analyses: [] };
      const ownedProjects = db.selectFrom('projects').select('id').where('owner_id', '=', ownerId);
      const [projects, tasks, findings, comments, analyses] = await Promise.all([
        db.selectFrom('projects').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').orderBy('id').execute(),
        db.selectFrom('audit_tasks').selectAll().where('project_id', 'in', ownedProjects).orderBy('created_at').orderBy('id').execute(),
        db.selectFrom('findings').selectAll().where('project_id', 'in', ownedProjects).orderBy('created_at').orderBy('id').execute(),
        db
          .selectFrom('finding_comments')
          .selectAll()
          .where('finding_id', 'in', db.selectFrom('findings').select('id').where('project_id', 'in', ownedProjects))
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
        db.selectFrom('instant_analyses').selectAll().where('user_id', '=', ownerId).orderBy('created_at').orderBy('id').execute(),
      ]);
      return { projects, tasks, findings, comments, instant_analyses: analyses };
    },
  };
}
