// Named prepared statements on a real PostgreSQL: what gets prepared, the per-connection cap, and a table changed
// under a prepared `SELECT *` (a migration during a rolling deploy).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { createDatabase, type DatabaseHandle } from './create-database.ts';
import { withNamedStatements } from './named-statements.ts';

describe('named prepared statements (PostgreSQL)', { timeout: 60_000 }, () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabaseUrl({ prefix: 'xcr_named' });
    const setup = new pg.Client({ connectionString: database.url });
    await setup.connect();
    await setup.query('create table items (id int primary key, label text); insert into items values (1, $$one$$), (2, $$two$$)');
    await setup.end();
  });
  after(() => database?.drop());

  /** One connection, so the session the queries ran in is the one asked about. */
  async function open(preparedStatements?: boolean): Promise<DatabaseHandle> {
    return createDatabase({ kind: 'postgres', url: database.url, poolMax: 1, statementTimeoutMs: 10_000, preparedStatements });
  }

  async function preparedTexts(handle: DatabaseHandle): Promise<string[]> {
    const { rows } = await handle.executeSql('select statement from pg_prepared_statements order by prepare_time');
    return (rows as Array<{ statement: string }>).map((r) => r.statement);
  }

  it('prepares Kysely queries with parameters once per connection, and nothing else', async () => {
    const handle = await open();
    try {
      const byId = (id: number) => sql<{ label: string }>`select label from items where id = ${id}`.execute(handle.db);
      assert.equal((await byId(1)).rows[0]?.label, 'one');
      assert.equal((await byId(2)).rows[0]?.label, 'two');
      await handle.db.transaction().execute(async (trx) => {
        await sql`select label from items where id = ${1}`.execute(trx);
      });
      await sql`select count(*) from items`.execute(handle.db);
      const texts = await preparedTexts(handle);
      assert.deepEqual(texts, ['select label from items where id = $1'], 'one statement, prepared once; begin/commit and parameterless SQL run unnamed');
    } finally {
      await handle.close();
    }
  });

  it('prepares nothing when turned off', async () => {
    const handle = await open(false);
    try {
      await sql`select label from items where id = ${1}`.execute(handle.db);
      assert.deepEqual(await preparedTexts(handle), []);
    } finally {
      await handle.close();
    }
  });

  it('answers a prepared SELECT * after a migration changed the table, and replaces the connection', async () => {
    const handle = await open();
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      const all = () => sql<Record<string, unknown>>`select * from items where id >= ${1} order by id`.execute(handle.db);
      const pid = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid where ${1} = 1`.execute(handle.db)).rows[0]!.pid;
      assert.deepEqual(Object.keys((await all()).rows[0]!), ['id', 'label']);
      const before = await pid();
      await other.query('alter table items add column note text');
      const rows = (await all()).rows;
      assert.equal(rows.length, 2);
      assert.deepEqual(Object.keys(rows[0]!), ['id', 'label', 'note'], 'the new column, not an error');
      assert.notEqual(await pid(), before, 'the connection with stale statements was closed on release');
      assert.deepEqual(Object.keys((await all()).rows[0]!), ['id', 'label', 'note']);
    } finally {
      await other.query('alter table items drop column if exists note');
      await other.end();
      await handle.close();
    }
  });

  it('runs texts past the per-connection cap unnamed', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const client = withNamedStatements(await pool.connect(), { maxPerConnection: 2 });
      for (const column of ['id', 'label', 'id, label']) {
        const result = await client.query(`select ${column} from items where id = $1`, [1]);
        assert.equal(result.rows.length, 1);
      }
      const { rows } = await client.query('select statement from pg_prepared_statements order by prepare_time');
      assert.deepEqual(
        rows.map((r: { statement: string }) => r.statement),
        ['select id from items where id = $1', 'select label from items where id = $1'],
      );
      client.release();
    } finally {
      await pool.end();
    }
  });
});
