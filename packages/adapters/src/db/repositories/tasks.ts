import { sql, type Kysely, type UpdateObject } from 'kysely';
import { ConflictError, NotFoundError } from '@xcr/core/errors';
import {
  taskTransitions,
  type NewTask,
  type Page,
  type TaskListQuery,
  type TaskPatch,
  type TaskRecord,
  type TaskRepository,
  type TaskStatus,
} from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJson, toJsonOrNull } from '../json.ts';
import type { Database } from '../schema.ts';
import { asList, fetchPage, isUuid, pageWindow } from './query-helpers.ts';
import { visibleProjectIds } from './visibility.ts';

type TaskUpdate = UpdateObject<Database, 'audit_tasks'>;

function toRow(patch: TaskPatch): TaskUpdate {
  const { metrics, skipped, llm_record, ...rest } = patch;
  return {
    ...rest,
    ...(metrics !== undefined ? { metrics: toJsonOrNull(metrics) } : {}),
    ...(skipped !== undefined ? { skipped: toJson(skipped) } : {}),
    ...(llm_record !== undefined ? { llm_record: toJsonOrNull(llm_record) } : {}),
  };
}

/** The bookkeeping a status change writes besides the status itself. */
function stampsFor(to: TaskStatus, patch: TaskPatch): TaskUpdate {
  switch (to) {
    case 'running':
      // A re-delivered job re-claims its running task: keep the first start time.
      return { started_at: sql<Date>`coalesce(started_at, now())` };
    case 'completed':
      return { completed_at: sql<Date>`now()`, progress: patch.progress ?? 100 };
    case 'failed':
    case 'cancelled':
      return { completed_at: sql<Date>`now()` };
    case 'pending':
      return {
        retry_count: sql<number>`retry_count + 1`,
        progress: 0,
        current_step: null,
        error_message: null,
        started_at: null,
        completed_at: null,
        cancel_requested_at: null,
      };
  }
}

/** Audit tasks on Kysely; status changes are compare-and-set statements, so two workers cannot both win. */
export function createTaskRepository(db: Kysely<Database>): TaskRepository {
  async function get(id: string): Promise<TaskRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return db.selectFrom('audit_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  return {
    create(input: NewTask) {
      return withDbErrors(
        () =>
          db
            .insertInto('audit_tasks')
            .values({
              project_id: input.project_id,
              created_by: input.created_by,
              name: input.name,
              description: input.description ?? null,
              kind: input.kind,
              priority: input.priority,
              scan_config: input.scan_config ? toJson(input.scan_config) : undefined,
              branch: input.branch ?? null,
              cost_usd: 0,
              migration_batch_id: input.migration_batch_id ?? null,
              source_key: input.source_key ?? null,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        { audit_tasks_source_key: 'task_exists' },
      );
    },

    get,

    async list(query: TaskListQuery): Promise<Page<TaskRecord>> {
      const window = pageWindow(query);
      let base = db.selectFrom('audit_tasks');
      const statuses = asList(query.status);
      if (statuses) base = base.where('status', 'in', statuses);
      if (query.project_id) base = base.where('project_id', '=', query.project_id);
      if (query.priority) base = base.where('priority', '=', query.priority);
      if (query.created_by) base = base.where('created_by', '=', query.created_by);
      if (query.kind) base = base.where('kind', '=', query.kind);
      if (query.visible_to) base = base.where('project_id', 'in', visibleProjectIds(db, query.visible_to));
      return fetchPage(db, base, (q) => q.selectAll().orderBy('created_at', 'desc').orderBy('id'), window);
    },

    async transition(id: string, to: TaskStatus, patch: TaskPatch = {}) {
      const from = taskTransitions[to];
      const row = isUuid(id)
        ? await withDbErrors(() =>
            db
              .updateTable('audit_tasks')
              .set({ ...toRow(patch), ...stampsFor(to, patch), status: to })
              .where('id', '=', id)
              .where('status', 'in', [...from])
              .returningAll()
              .executeTakeFirst(),
          )
        : undefined;
      if (row) return row;
      const current = await get(id);
      if (!current) throw new NotFoundError('Task');
      throw new ConflictError('task_state_conflict', `A ${current.status} task cannot become ${to}`, {
        details: { from: current.status, to },
      });
    },

    async updateProgress(id: string, patch: TaskPatch) {
      if (!isUuid(id)) return false;
      const { progress, ...rest } = patch;
      const set: TaskUpdate = toRow(rest);
      // Progress only moves forward, even when updates from parallel file batches arrive out of order.
      if (progress !== undefined) set.progress = sql<number>`greatest(progress, ${Math.round(progress)})`;
      if (Object.keys(set).length === 0) return false;
      const result = await withDbErrors(() =>
        db.updateTable('audit_tasks').set(set).where('id', '=', id).where('status', '=', 'running').executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n;
    },

    async update(id: string, patch: TaskPatch) {
      if (!isUuid(id)) return undefined;
      if (Object.keys(patch).length === 0) return get(id);
      return withDbErrors(() => db.updateTable('audit_tasks').set(toRow(patch)).where('id', '=', id).returningAll().executeTakeFirst());
    },

    async requestCancel(id: string) {
      if (!isUuid(id)) return undefined;
      const now = sql<Date>`now()`;
      const cancelled = await db
        .updateTable('audit_tasks')
        .set({ status: 'cancelled', completed_at: now, cancel_requested_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (cancelled) return cancelled;
      const flagged = await db
        .updateTable('audit_tasks')
        .set({ cancel_requested_at: sql<Date>`coalesce(cancel_requested_at, now())` })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .returningAll()
        .executeTakeFirst();
      return flagged ?? get(id);
    },

    findPreviousCompleted(projectId: string, branch: string | null, before: Date) {
      return db
        .selectFrom('audit_tasks')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('status', '=', 'completed')
        .where('branch', 'is not distinct from', branch)
        .where('completed_at', '<', before)
        .orderBy('completed_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
  };
}
