import type { Kysely, Migration } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The audit log's insertion order. "Newest first" sorted by `created_at`, and two entries written within one tick
 * of the database clock (PGlite's is coarse) came back in the order of their random ids. `seq` numbers entries as
 * they are appended; rows already there are numbered in their physical order, which is the order they came in for
 * an append-only table.
 */
export const auditLogOrder: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE audit_log ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`,
      `DROP INDEX audit_log_created_idx`,
      `CREATE INDEX audit_log_created_idx ON audit_log (created_at DESC, seq DESC)`,
    ]);
  },
};
