import type { Command } from 'commander';
// Type-only: erased at run time, so the database modules still load only when a db command runs.
import type { DatabaseHandle } from '@xcr/adapters/db/create-database';

/** Opens the configured database (DATABASE_URL, or the embedded data folder), runs `work`, closes it. */
async function withConfiguredDatabase(work: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
  const { readConfig, exitOnConfigProblems } = await import('@xcr/server/config/read-config');
  const { createDatabase } = await import('@xcr/adapters/db/create-database');
  const loaded = readConfig(process.env);
  if (!loaded.ok) return exitOnConfigProblems(loaded.problems);
  const handle = await createDatabase(loaded.config.db);
  try {
    await work(handle);
  } finally {
    await handle.close();
  }
}

/** Registers `xcr db migrate` and `xcr db status`, working on the configured database. */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('Database schema');
  db.command('migrate')
    .description('Apply pending migrations to the configured database (DATABASE_URL, or the embedded data folder)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const { migrateToLatest } = await import('@xcr/adapters/db/migrate');
      await withConfiguredDatabase(async (handle) => {
        const { applied } = await migrateToLatest(handle);
        if (options.json) console.log(JSON.stringify({ applied }));
        else console.log(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
      });
    });
  db.command('status')
    .description('List migrations and whether each is applied')
    .action(async () => {
      const { migrationStatus } = await import('@xcr/adapters/db/migrate');
      await withConfiguredDatabase(async (handle) => {
        for (const m of await migrationStatus(handle)) console.log(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}`);
      });
    });
}
