import type { Kysely } from 'kysely';
import type {
  ReportListQuery,
  ReportRecord,
  ReportRepository,
  ReportWithProject,
} from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';
import { fetchPage, isUuid, pageWindow, toPage } from './query-helpers.ts';
import { visibleProjectIds } from './visibility.ts';

const columns = [
  'reports.id',
  'reports.task_id',
  'reports.format',
  'reports.options',
  'reports.status',
  'reports.object_key',
  'reports.size_bytes',
  'reports.content_hash',
  'reports.error_message',
  'reports.metadata',
  'reports.created_by',
  'reports.created_at',
  'reports.completed_at',
] as const;

/** `bigint` columns come back as text from `pg`: sizes are numbers in records. */
function toRecord<T extends { size_bytes: number | string | null }>(
  row: T,
): T & { size_bytes: number | null } {
  return { ...row, size_bytes: row.size_bytes === null ? null : Number(row.size_bytes) };
}

/** Reports on Kysely, joined to their task for the project (access checks, visibility filter). */
export function createReportRepository(db: Kysely<Database>): ReportRepository {
  const withProject = () =>
    db.selectFrom('reports').innerJoin('audit_tasks', 'audit_tasks.id', 'reports.task_id');

  async function updateWhere(
    id: string,
    statuses: ReportRecord['status'][],
    values: Record<string, unknown>,
  ): Promise<ReportRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await withDbErrors(() =>
      db
        .updateTable('reports')
        .set(values as never)
        .where('id', '=', id)
        .where('status', 'in', statuses)
        .returning(columns)
        .executeTakeFirst(),
    );
    return row ? toRecord(row) : undefined;
  }

  return {
    async create(input) {
      const row = await withDbErrors(() =>
        db
          .insertInto('reports')
          .values({
            task_id: input.task_id,
            format: input.format,
            options: toJson(input.options),
            created_by: input.created_by,
          })
          .returning(columns)
          .executeTakeFirstOrThrow(),
      );
      return toRecord(row);
    },

    async get(id) {
      if (!isUuid(id)) return undefined;
      const row = await withProject()
        .select([...columns, 'audit_tasks.project_id'])
        .where('reports.id', '=', id)
        .executeTakeFirst();
      return row ? (toRecord(row) as ReportWithProject) : undefined;
    },

    async list(query: ReportListQuery) {
      const window = pageWindow(query);
      if (
        (query.task_id !== undefined && !isUuid(query.task_id)) ||
        (query.visible_to !== undefined && !isUuid(query.visible_to))
      ) {
        return toPage<ReportWithProject>([], 0, window);
      }
      let base = withProject();
      if (query.visible_to !== undefined)
        base = base.where('audit_tasks.project_id', 'in', visibleProjectIds(db, query.visible_to));
      if (query.task_id !== undefined) base = base.where('reports.task_id', '=', query.task_id);
      if (query.format !== undefined) base = base.where('reports.format', '=', query.format);
      if (query.status !== undefined) base = base.where('reports.status', '=', query.status);
      const page = await fetchPage(
        db,
        base,
        (q) => q.select([...columns, 'audit_tasks.project_id']).orderBy('reports.created_at', 'desc').orderBy('reports.id'),
        window,
      );
      return { ...page, items: page.items.map((r) => toRecord(r) as ReportWithProject) };
    },

    markGenerating(id) {
      return updateWhere(id, ['pending', 'failed', 'generating'], {
        status: 'generating',
        error_message: null,
      });
    },

    complete(id, result) {
      return updateWhere(id, ['generating'], {
        status: 'completed',
        object_key: result.object_key,
        size_bytes: result.size_bytes,
        content_hash: result.content_hash,
        metadata: toJson(result.metadata),
        error_message: null,
        completed_at: new Date(),
      });
    },

    fail(id, error) {
      return updateWhere(id, ['pending', 'generating'], {
        status: 'failed',
        error_message: error.slice(0, 2000),
        completed_at: new Date(),
      });
    },

    async delete(id) {
      if (!isUuid(id)) return false;
      const result = await db.deleteFrom('reports').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async listCreatedBefore(cutoff, limit) {
      const rows = await db
        .selectFrom('reports')
        .select(columns)
        .where('reports.created_at', '<', cutoff)
        .orderBy('reports.created_at')
        .limit(Math.max(1, limit))
        .execute();
      return rows.map(toRecord);
    },
  };
}
