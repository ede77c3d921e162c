import type { Kysely } from 'kysely';
import type { SettingsRepository } from '@xcr/core/ports/repositories';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';

/** Key/value settings (JSON values) on Kysely. */
export function createSettingsRepository(db: Kysely<Database>): SettingsRepository {
  return {
    get(key: string) {
      return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
    },

    set(key: string, value: unknown, updatedBy: string | null) {
      const json = toJson(value);
      return db
        .insertInto('settings')
        .values({ key, value: json, updated_by: updatedBy })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_by: updatedBy }))
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    list() {
      return db.selectFrom('settings').selectAll().orderBy('key').execute();
    },

    async delete(key: string) {
      const result = await db.deleteFrom('settings').where('key', '=', key).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
