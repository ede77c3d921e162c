import { sql, type Kysely } from 'kysely';

/**
 * Runs DDL statements one by one: a prepared statement may hold only one command (PGlite refuses more), and
 * the migrator already wraps each run in a transaction.
 */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** The trigger that keeps `updated_at` current on every UPDATE of `table`. */
export function touchTrigger(table: string): string {
  return `CREATE TRIGGER ${table}_touch_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION xcr_touch_updated_at()`;
}
