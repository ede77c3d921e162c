import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabase, embeddedSharedBuffersMb, type DatabaseHandle } from './create-database.ts';
import { describeDatabaseSuite } from './db-suite.ts';
import { migrateToLatest } from './migrate.ts';
import { createRepositories } from './repositories/index.ts';

// One in-memory instance serves the shared suite and the session-lock cases (each instance costs ~2 s and
// ~800 MB); it is closed before the on-disk cases open theirs.
let shared: DatabaseHandle | undefined;

describeDatabaseSuite(
  'database on PGlite (in memory)',
  async () => {
    shared = await createDatabase({ kind: 'pglite', dataDir: 'memory://' });
    return shared;
  },
  async () => undefined,
);

describe('PGlite session lock', () => {
  after(async () => {
    await shared?.close();
    await shared?.close();
  });

  it('makes raw SQL (pg-boss) wait for an open transaction instead of running inside it', async () => {
    const handle = shared!;
    const repos = createRepositories(handle.db);
    let markInside = () => {};
    const inside = new Promise<void>((resolve) => (markInside = resolve));
    const transaction = repos.transaction(async (trx) => {
      await trx.settings.set('lock-probe', 1, null);
      markInside();
      await sleep(50);
      throw new Error('roll back');
    });
    await inside;
    assert.equal(handle.poolStats().idle, 0);
    const raw = handle.executeSql(`SELECT count(*)::int AS n FROM settings WHERE key = 'lock-probe'`);
    assert.equal(handle.poolStats().waiting, 1);
    await assert.rejects(transaction, /roll back/);
    assert.deepEqual((await raw).rows, [{ n: 0 }]);
    assert.deepEqual(handle.poolStats(), { total: 1, idle: 1, waiting: 0 });
  });
});

describe('PGlite data folder', () => {
  let dir: string | undefined;
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is created when missing and keeps its data across close and reopen', async () => {
    dir = await mkdtemp(join(tmpdir(), 'xcr-pglite-'));
    const dataDir = join(dir, 'nested', 'db');
    const first = await createDatabase({ kind: 'pglite', dataDir });
    try {
      await migrateToLatest(first);
      await createRepositories(first.db).users.create({ email: 'keep@example.test', username: 'keeper' });
    } finally {
      await first.close();
    }
    assert.ok(existsSync(dataDir));
    const second = await createDatabase({ kind: 'pglite', dataDir });
    try {
      assert.deepEqual(await migrateToLatest(second), { applied: [] });
      const user = await createRepositories(second.db).users.findByEmailOrUsername('KEEPER');
      assert.equal(user?.email, 'keep@example.test');
      // The small buffer pool holds on reopen too (it is what keeps the idle embedded server's memory down).
      const before = second.queryStats();
      const { rows } = await second.executeSql('SHOW shared_buffers');
      await second.db.selectFrom('users').select('id').execute();
      assert.deepEqual(second.queryStats(), { queries: before.queries + 2, connectionErrors: 0 });
      assert.deepEqual(rows, [{ shared_buffers: `${embeddedSharedBuffersMb}MB` }]);
    } finally {
      await second.close();
    }
  });
});
