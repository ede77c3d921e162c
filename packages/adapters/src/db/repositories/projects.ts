import { sql, type Kysely } from 'kysely';
import type { NewProject, Page, ProjectListQuery, ProjectPatch, ProjectRecord, ProjectRepository } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJson } from '../json.ts';
import type { Database, ProjectsTable } from '../schema.ts';
import type { Updateable } from 'kysely';
import { asList, containsPattern, fetchPage, isUuid, pageWindow } from './query-helpers.ts';
import { visibleProjectIds } from './visibility.ts';

const projectConflicts = { projects_source_key: 'project_exists' };

function toRow(patch: ProjectPatch): Updateable<ProjectsTable> {
  const { languages, settings, ...rest } = patch;
  return {
    ...rest,
    ...(languages !== undefined ? { languages: toJson(languages) } : {}),
    ...(settings !== undefined ? { settings: toJson(settings) } : {}),
  };
}

/** Projects on Kysely, with the recycle bin as `status = 'deleted'` plus `deleted_at`. */
export function createProjectRepository(db: Kysely<Database>): ProjectRepository {
  async function get(id: string): Promise<ProjectRecord | undefined> {
    if (!isUuid(id)) return undefined;
    return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  return {
    create(input: NewProject) {
      return withDbErrors(
        () =>
          db
            .insertInto('projects')
            .values({
              owner_id: input.owner_id,
              name: input.name,
              source: input.source,
              description: input.description ?? null,
              repository_url: input.repository_url ?? null,
              branch: input.branch,
              git_token_encrypted: input.git_token_encrypted ?? null,
              upload_object_key: input.upload_object_key ?? null,
              languages: input.languages ? toJson(input.languages) : undefined,
              settings: input.settings ? toJson(input.settings) : undefined,
              status: input.status,
              migration_batch_id: input.migration_batch_id ?? null,
              source_key: input.source_key ?? null,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        projectConflicts,
      );
    },

    get,

    async list(query: ProjectListQuery): Promise<Page<ProjectRecord>> {
      const window = pageWindow(query);
      let base = db.selectFrom('projects');
      const statuses = asList(query.status);
      base = statuses ? base.where('status', 'in', statuses) : base.where('status', '!=', 'deleted');
      if (query.owner_id) base = base.where('owner_id', '=', query.owner_id);
      if (query.visible_to) base = base.where('id', 'in', visibleProjectIds(db, query.visible_to));
      if (query.search) base = base.where('name', 'ilike', containsPattern(query.search));
      return fetchPage(db, base, (q) => q.selectAll().orderBy('updated_at', 'desc').orderBy('id'), window);
    },

    async update(id: string, patch: ProjectPatch) {
      if (!isUuid(id)) return undefined;
      if (Object.keys(patch).length === 0) return get(id);
      return withDbErrors(() =>
        db.updateTable('projects').set(toRow(patch)).where('id', '=', id).where('status', '!=', 'deleted').returningAll().executeTakeFirst(),
      );
    },

    async softDelete(id: string) {
      if (!isUuid(id)) return undefined;
      return db
        .updateTable('projects')
        .set({ status: 'deleted', deleted_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('status', '!=', 'deleted')
        .returningAll()
        .executeTakeFirst();
    },

    async restore(id: string) {
      if (!isUuid(id)) return undefined;
      return db
        .updateTable('projects')
        .set({ status: 'active', deleted_at: null })
        .where('id', '=', id)
        .where('status', '=', 'deleted')
        .returningAll()
        .executeTakeFirst();
    },

    async purge(id: string) {
      if (!isUuid(id)) return false;
      const result = await db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async purgeDeletedBefore(cutoff: Date) {
      const rows = await db
        .deleteFrom('projects')
        .where('status', '=', 'deleted')
        .where('deleted_at', '<', cutoff)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
