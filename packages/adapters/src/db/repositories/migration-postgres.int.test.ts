import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { createDatabase } from '../create-database.ts';
import { describeMigrationSuite } from './migration-suite.ts';

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
