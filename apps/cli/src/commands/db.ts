import type { Command } from 'commander';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { migrateToLatest, migrationStatus } from '@xcr/adapters/db/migrate';
import { exitOnConfigProblems, readConfig } from '@xcr/server/config/read-config';

/** Registers `xcr db migrate` and `xcr db status`, working on the configured database. */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('Database schema');
  db.command('migrate')
    .description('Apply pending migrations to the configured database (DATABASE_URL, or the embedded data folder)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const loaded = readConfig(process.env);
      if (!loaded.ok) exitOnConfigProblems(loaded.problems);
      const handle = await createDatabase(loaded.config.db);
      try {
        const { applied } = await migrateToLatest(handle);
        if (options.json) console.log(JSON.stringify({ applied }));
        else console.log(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
      } finally {
        await handle.close();
      }
    });
  db.command('status')
    .description('List migrations and whether each is applied')
    .action(async () => {
      const loaded = readConfig(process.env);
      if (!loaded.ok) exitOnConfigProblems(loaded.problems);
      const handle = await createDatabase(loaded.config.db);
      try {
        for (const m of await migrationStatus(handle)) console.log(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}`);
      } finally {
        await handle.close();
      }
    });
}
