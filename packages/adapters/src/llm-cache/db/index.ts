import { sql, type Kysely } from 'kysely';
import type { LlmCache } from '@xcr/core/ports/llm-cache';
import { toJson } from '../../db/json.ts';
import type { Database } from '../../db/schema.ts';

/** The database LLM cache, with the pruning the maintenance job calls. */
export interface DbLlmCache extends LlmCache {
  /** Deletes expired entries; returns how many. */
  pruneExpired(): Promise<number>;
}

/**
 * The LLM cache in the `llm_cache` table (embedded mode, or any deployment without Redis). Expired rows are
 * invisible to `get` and removed by `pruneExpired`. The database handle is borrowed: `close` leaves it open.
 */
export function createDbLlmCache(_options: Record<string, never>, deps: { db: Kysely<Database> }): DbLlmCache {
  const { db } = deps;
  return {
    id: 'db',
    async get(key) {
      const row = await db
        .selectFrom('llm_cache')
        .select('value')
        .where('key', '=', key)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .executeTakeFirst();
      return row?.value;
    },
    async set(key, value, ttlMs) {
      const json = toJson(value);
      const expiresAt = new Date(Date.now() + ttlMs);
      await db
        .insertInto('llm_cache')
        .values({ key, value: json, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, expires_at: expiresAt }))
        .execute();
    },
    async pruneExpired() {
      const result = await db.deleteFrom('llm_cache').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async close() {},
  };
}
