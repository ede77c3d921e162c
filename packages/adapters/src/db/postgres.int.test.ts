import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { UnavailableError } from '@xcr/core/errors';
import { createDatabase, type DatabaseHandle } from './create-database.ts';
import { describeDatabaseSuite } from './db-suite.ts';

const adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = `xcr_test_${randomBytes(6).toString('hex')}`;
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${databaseName}`;

async function withAdmin<T>(work: (admin: DatabaseHandle) => Promise<T>): Promise<T> {
  const admin = await createDatabase({ kind: 'postgres', url: adminUrl, poolMax: 1, statementTimeoutMs: 30_000 });
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

before(async () => {
  await withAdmin((admin) => admin.executeSql(`CREATE DATABASE ${databaseName}`));
});

after(async () => {
  // FORCE ends any connection a failed test left open, so the database is always dropped.
  await withAdmin((admin) => admin.executeSql(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
});

describeDatabaseSuite(
  'database on PostgreSQL',
  () => createDatabase({ kind: 'postgres', url: databaseUrl, poolMax: 4, statementTimeoutMs: 10_000 }),
  (handle) => handle.close(),
);

/** A TCP relay to PostgreSQL that can be cut and restored, to play a server outage. */
function createRelay(): { start(port?: number): Promise<number>; cut(): Promise<void> } {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    start(port = 0) {
      server = createServer((client) => {
        const upstream = connect(5432, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      return new Promise((resolve) => server!.listen(port, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)));
    },
    cut() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

describe('PostgreSQL outages and limits', () => {
  const relay = createRelay();
  let handle: DatabaseHandle;
  let port: number;

  before(async () => {
    port = await relay.start();
    handle = await createDatabase({
      kind: 'postgres',
      url: `postgres://postgres@127.0.0.1:${port}/${databaseName}`,
      poolMax: 2,
      statementTimeoutMs: 200,
      connectTimeoutMs: 1_000,
    });
  });
  after(async () => {
    await handle?.close();
    await relay.cut();
  });

  it('enforces the statement timeout', async () => {
    await assert.rejects(handle.executeSql('SELECT pg_sleep(2)'), (error: { code?: string }) => error.code === '57014');
  });

  it('fails ping with UnavailableError while the server is gone and recovers without a restart', async () => {
    await handle.ping();
    await relay.cut();
    await assert.rejects(handle.ping(), UnavailableError);
    await relay.start(port);
    // A connection cut while idle may surface on the first query after the relay is back; the next one works.
    let isUp = false;
    for (let attempt = 0; attempt < 5 && !isUp; attempt += 1) {
      isUp = await handle.ping().then(
        () => true,
        () => false,
      );
    }
    assert.ok(isUp, 'ping never recovered');
    assert.deepEqual((await handle.executeSql('SELECT 1 AS one')).rows, [{ one: 1 }]);
  });

  it('rejects ping at once when the caller aborts', async () => {
    await assert.rejects(handle.ping(AbortSignal.abort()), UnavailableError);
  });
});
