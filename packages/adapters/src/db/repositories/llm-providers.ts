import { sql, type Kysely, type UpdateObject } from 'kysely';
import type { LlmProviderPatch, LlmProviderRecord, LlmProviderRepository, NewLlmProvider, PageQuery } from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';
import { fetchPage, isUuid, pageWindow } from './query-helpers.ts';

const conflictCodes = { llm_providers_name_key: 'llm_provider_exists', llm_providers_single_default: 'llm_provider_default_conflict' };

type ProviderUpdate = UpdateObject<Database, 'llm_providers'>;

/**
 * LLM providers on Kysely. Making a provider the default clears the flag elsewhere in the same transaction, so
 * the partial unique index (one default at most) never trips over a hand-over.
 */
export function createLlmProviderRepository(db: Kysely<Database>): LlmProviderRepository {
  function inTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.isTransaction ? work(db) : db.transaction().execute(work);
  }

  async function clearDefault(trx: Kysely<Database>, exceptId?: string): Promise<void> {
    let update = trx.updateTable('llm_providers').set({ is_default: false }).where('is_default', '=', true);
    if (exceptId) update = update.where('id', '!=', exceptId);
    await update.execute();
  }

  function findById(id: string): Promise<LlmProviderRecord | undefined> {
    return db.selectFrom('llm_providers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  return {
    create(input: NewLlmProvider) {
      return withDbErrors(
        () =>
          inTransaction(async (trx) => {
            if (input.is_default) await clearDefault(trx);
            return trx
              .insertInto('llm_providers')
              .values({
                name: input.name,
                kind: input.kind,
                model: input.model,
                base_url: input.base_url ?? null,
                api_key_encrypted: input.api_key_encrypted ?? null,
                options: toJson(input.options ?? {}),
                is_default: input.is_default ?? false,
                is_enabled: input.is_enabled ?? true,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
          }),
        conflictCodes,
      );
    },

    async get(id: string) {
      if (!isUuid(id)) return undefined;
      return findById(id);
    },

    findByName(name: string) {
      return db.selectFrom('llm_providers').selectAll().where('name', '=', name).executeTakeFirst();
    },

    findDefault() {
      return db.selectFrom('llm_providers').selectAll().where('is_default', '=', true).where('is_enabled', '=', true).executeTakeFirst();
    },

    async list(query: PageQuery) {
      const window = pageWindow(query);
      return fetchPage(db, db.selectFrom('llm_providers'), (q) => q.selectAll().orderBy('name'), window);
    },

    listAll() {
      return db.selectFrom('llm_providers').selectAll().orderBy('name').execute();
    },

    async update(id: string, patch: LlmProviderPatch) {
      if (!isUuid(id)) return undefined;
      const { options, is_key_change, ...rest } = patch;
      const row: ProviderUpdate = { ...rest };
      if (options !== undefined) row.options = toJson(options);
      if (is_key_change) row.key_version = sql<number>`key_version + 1`;
      // Nothing to change (an empty PUT, or a key sent back masked): an UPDATE with an empty SET is not SQL.
      if (Object.keys(row).length === 0) return findById(id);
      return withDbErrors(
        () =>
          inTransaction(async (trx) => {
            if (patch.is_default) await clearDefault(trx, id);
            // updated_at moves on every write (the trigger), which is what caches of built providers key on.
            return trx.updateTable('llm_providers').set(row).where('id', '=', id).returningAll().executeTakeFirst();
          }),
        conflictCodes,
      );
    },

    async delete(id: string) {
      if (!isUuid(id)) return false;
      const result = await db.deleteFrom('llm_providers').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
