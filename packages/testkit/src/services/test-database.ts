import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh PostgreSQL database for one test file. */
export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/** The local server the test suite runs against (trust authentication), overridable for other machines. */
function adminUrl(): string {
  return process.env.XCR_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Creates a database `xcr_test_<random>` through the `postgres` database and returns its URL. */
export async function createTestDatabaseUrl(options: { prefix?: string } = {}): Promise<TestDatabase> {
  const prefix = options.prefix ?? 'xcr_test';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`invalid database name prefix: ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  // Identifiers cannot be bound as parameters; the name is a checked prefix and random hex.
  // xcr-ignore-next-line javascript.sqli.string-built-query
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // xcr-ignore-next-line javascript.sqli.string-built-query
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
