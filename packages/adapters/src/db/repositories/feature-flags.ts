import type { Kysely } from 'kysely';
import type { FeatureFlagInput, FeatureFlagRepository } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';

/** Feature flags on Kysely; `upsert` changes only the fields it is given. */
export function createFeatureFlagRepository(db: Kysely<Database>): FeatureFlagRepository {
  return {
    list() {
      return db.selectFrom('feature_flags').selectAll().orderBy('key').execute();
    },

    get(key: string) {
      return db.selectFrom('feature_flags').selectAll().where('key', '=', key).executeTakeFirst();
    },

    upsert(input: FeatureFlagInput, updatedBy: string | null) {
      const fields = {
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.rollout_percentage !== undefined ? { rollout_percentage: input.rollout_percentage } : {}),
        ...(input.allowed_users !== undefined ? { allowed_users: toJson(input.allowed_users) } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      };
      return withDbErrors(() =>
        db
          .insertInto('feature_flags')
          .values({ key: input.key, description: null, ...fields, updated_by: updatedBy })
          .onConflict((oc) => oc.column('key').doUpdateSet({ ...fields, updated_by: updatedBy }))
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },

    async delete(key: string) {
      const result = await db.deleteFrom('feature_flags').where('key', '=', key).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
