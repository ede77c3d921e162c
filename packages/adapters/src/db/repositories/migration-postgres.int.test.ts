import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nativeContentHashes } from '@xcr/core/migration/export-native';
import { migrationFixtures } from '@xcr/core/migration/fixtures/index';
import { createMigrationService } from '@xcr/core/migration/migration-service';
import type { NativeExport } from '@xcr/core/migration/native-format';
import { systemClock } from '@xcr/core/ports/clock';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { createDatabase, type DatabaseHandle } from '../create-database.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories } from './index.ts';
import { describeMigrationSuite, ownerCounts } from './migration-suite.ts';

let database: TestDatabase | undefined;

describeMigrationSuite(
  'imports, exports and rollback on PostgreSQL',
  async () => {
    database = await createTestDatabaseUrl();
    return createDatabase({ kind: 'postgres', url: database.url, poolMax: 4, statementTimeoutMs: 30_000 });
  },
  async (handle) => {
    await handle.close();
    await database?.drop();
  },
);

describe('native export into an empty instance', { timeout: 300_000 }, () => {
  const opened: Array<{ database: TestDatabase; handle: DatabaseHandle }> = [];
  after(async () => {
    for (const { database: db, handle } of opened) {
      await handle.close();
      await db.drop();
    }
  });

  async function instance() {
    const db = await createTestDatabaseUrl();
    const handle = await createDatabase({ kind: 'postgres', url: db.url, poolMax: 2, statementTimeoutMs: 30_000 });
    opened.push({ database: db, handle });
    await migrateToLatest(handle);
    const repos = createRepositories(handle.db);
    const owner = await repos.users.create({ email: 'owner@example.test', username: 'owner', password_hash: null });
    return { handle, repos, owner: owner.id, service: createMigrationService({ repos, clock: systemClock }) };
  }

  it('gives the same counts and content hashes', async () => {
    const source = await instance();
    const ctx = { actorId: null, ip: null };
    for (const f of migrationFixtures) await source.service.import(JSON.parse(readFileSync(f.path, 'utf8')), { ownerId: source.owner, ctx });
    const exported = (await source.service.export(source.owner, 'native', ctx)) as NativeExport;

    const target = await instance();
    const result = await target.service.import(JSON.parse(JSON.stringify(exported)), { ownerId: target.owner, ctx });
    const reexported = (await target.service.export(target.owner, 'native', ctx)) as NativeExport;

    assert.equal(result.summary.quarantined, 0);
    assert.deepEqual(await ownerCounts(target.handle, target.owner), await ownerCounts(source.handle, source.owner));
    assert.deepEqual(nativeContentHashes(reexported), nativeContentHashes(exported));
    assert.equal(reexported.projects.length, 7);
    assert.equal(reexported.findings.length, 7);
  });
});
