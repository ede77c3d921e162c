import { createDatabase } from '../create-database.ts';
import { describeMigrationSuite } from './migration-suite.ts';

describeMigrationSuite(
  'imports, exports and rollback on PGlite (in memory)',
  () => createDatabase({ kind: 'pglite', dataDir: 'memory://' }),
  (handle) => handle.close(),
);
