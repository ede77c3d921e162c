/**
 * Applies the schema migrations with Kysely's Migrator over the explicit list in ./migrations/index.ts.
 * Pending migrations run inside one transaction under the migrator's lock, so a failed run leaves the schema as
 * it was and two processes starting at once do not both migrate.
 */
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { AppError } from '@xcr/core/errors';
import type { DatabaseHandle } from './create-database.ts';
import { migrations } from './migrations/index.ts';

/** Tables the migrator keeps its own bookkeeping in. */
export const migrationTableName = 'xcr_schema_migration';
export const migrationLockTableName = 'xcr_schema_migration_lock';

/** One migration and whether (and when) it was applied. */
export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

function createMigrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider, migrationTableName, migrationLockTableName });
}

/** Applies every pending migration; returns the names applied by this call (empty when up to date). */
export async function migrateToLatest(handle: Pick<DatabaseHandle, 'db'>): Promise<{ applied: string[] }> {
  const { error, results } = await createMigrator(handle.db as Kysely<unknown>).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new AppError('db_migration_failed', `Database migration ${failed ?? ''} failed`.replace('  ', ' '), {
      cause: error,
      details: { migration: failed },
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Every known migration in order, with the time it was applied or null when pending. */
export async function migrationStatus(handle: Pick<DatabaseHandle, 'db'>): Promise<MigrationState[]> {
  const infos = await createMigrator(handle.db as Kysely<unknown>).getMigrations();
  return infos.map((info) => ({ name: info.name, executedAt: info.executedAt ?? null }));
}
