import { PGlite } from '@electric-sql/pglite';

/** The `db` shape pg-boss (and any raw-SQL user) accepts. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** An in-memory PGlite with a serialised executor, as the embedded database layer hands one out. */
export interface TestPglite {
  pg: PGlite;
  db: SqlExecutor;
  close(): Promise<void>;
}

/**
 * Starts an in-memory PGlite (about 2 s and several hundred MB, so share one per test file). PGlite has one
 * connection: calls are chained so they never interleave, and parameterless text goes through `exec` because it may
 * hold several statements (pg-boss sends `BEGIN; ...; COMMIT;` that way).
 */
export async function startTestPglite(): Promise<TestPglite> {
  const pg = await PGlite.create();
  let tail: Promise<unknown> = Promise.resolve();
  const db: SqlExecutor = {
    executeSql(text, values) {
      const run = async () =>
        values?.length ? pg.query(text, values) : ((await pg.exec(text)).at(-1) ?? { rows: [] });
      const result = tail.then(run, run);
      tail = result.catch(() => undefined);
      return result as Promise<{ rows: unknown[] }>;
    },
  };
  return {
    pg,
    db,
    async close() {
      await tail;
      await pg.close();
    },
  };
}
