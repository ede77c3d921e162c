// P-IMPORT: 100,000 records of a v1.0 browser export imported into a fresh PostgreSQL database in batches of
// 1,000 (median of BENCH_RUNS runs, 3 by default, each on its own database), then a kill-and-resume run: the CLI
// import is started as a child process, killed with SIGKILL once a fifth of the file is committed, and run again;
// the counts must then be exact (100,000 rows, no duplicate source keys, one batch). Prints each figure; the last
// line is the one-line summary.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { generateV1Export, generatedRecordCount } from '@xcr/core/migration/fixtures/generate-v1-export';
import { createMigrationService } from '@xcr/core/migration/migration-service';
import { systemClock } from '@xcr/core/ports/clock';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';

const size = { projects: 4_000, tasksPerProject: 4, issuesPerTask: 5, seed: 100 };
const records = generatedRecordCount(size);
const batchSize = 1_000;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function withFreshDatabase<T>(work: (database: TestDatabase, handle: DatabaseHandle, ownerEmail: string) => Promise<T>): Promise<T> {
  const database = await createTestDatabaseUrl({ prefix: 'xcr_bench_import' });
  const handle = await createDatabase({ kind: 'postgres', url: database.url, poolMax: 4, statementTimeoutMs: 120_000 });
  try {
    await migrateToLatest(handle);
    const ownerEmail = 'bench@example.test';
    await createRepositories(handle.db).users.create({ email: ownerEmail, username: 'bench', password_hash: null, role: 'admin' });
    return await work(database, handle, ownerEmail);
  } finally {
    await handle.close();
    await database.drop();
  }
}

/** One in-process import of the file text (parse included); returns records per second. */
async function measure(text: string): Promise<number> {
  return withFreshDatabase(async (_database, handle, ownerEmail) => {
    const repos = createRepositories(handle.db);
    const owner = (await repos.users.findByEmailOrUsername(ownerEmail))!;
    const service = createMigrationService({ repos, clock: systemClock });
    const startedMs = performance.now();
    const result = await service.import(JSON.parse(text), { ownerId: owner.id, ctx: { actorId: null, ip: null }, batchSize });
    const seconds = (performance.now() - startedMs) / 1000;
    const created = result.summary.projects + result.summary.tasks + result.summary.issues;
    if (created !== records) throw new Error(`imported ${created} of ${records} records`);
    return records / seconds;
  });
}

function runCli(args: string[], env: Record<string, string>): { done: Promise<number | null>; kill(): void } {
  const child = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/xcr.js'), ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
  return { done: new Promise((resolve) => child.on('exit', (code) => resolve(code))), kill: () => child.kill('SIGKILL') };
}

/** Kill mid-import, run again, compare the counts. */
async function killAndResume(file: string): Promise<{ isExact: boolean; killedAt: number; detail: string }> {
  return withFreshDatabase(async (database, handle, ownerEmail) => {
    const args = ['migrate', 'import', file, '--owner', ownerEmail, '--batch-size', String(batchSize), '--json'];
    const env = { DATABASE_URL: database.url, XCR_LOG_LEVEL: 'error' };
    const first = runCli(args, env);
    let isExited = false;
    void first.done.then(() => (isExited = true));
    let killedAt = 0;
    while (!isExited) {
      const row = await handle.db.selectFrom('migration_batches').select('items_done').executeTakeFirst();
      if (row && row.items_done >= records / 5) {
        first.kill();
        break;
      }
      await sleep(20);
    }
    await first.done;
    killedAt = (await handle.db.selectFrom('migration_batches').select('items_done').executeTakeFirst())?.items_done ?? 0;
    const code = await runCli(args, env).done;
    const counts = await sql<{ projects: number; tasks: number; issues: number; keys: number; batches: number }>`SELECT
        (SELECT count(*) FROM projects)::int AS projects,
        (SELECT count(*) FROM audit_tasks)::int AS tasks,
        (SELECT count(*) FROM findings)::int AS issues,
        (SELECT count(DISTINCT source_key) FROM projects)::int + (SELECT count(DISTINCT source_key) FROM audit_tasks)::int
          + (SELECT count(DISTINCT source_key) FROM findings)::int AS keys,
        (SELECT count(*) FROM migration_batches WHERE status = 'completed')::int AS batches`.execute(handle.db);
    const c = counts.rows[0]!;
    const total = c.projects + c.tasks + c.issues;
    const isExact = code === 0 && total === records && c.keys === records && c.batches === 1 && killedAt > 0 && killedAt < records;
    return { isExact, killedAt, detail: `${fmt(c.projects)} projects, ${fmt(c.tasks)} tasks, ${fmt(c.issues)} issues, ${fmt(c.keys)} distinct keys, ${c.batches} batch` };
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xcr-bench-import-'));
  try {
    const text = JSON.stringify(generateV1Export(size));
    const file = join(dir, 'xcodereviewer-export.json');
    writeFileSync(file, text);
    console.log(`file: ${fmt(records)} records (${fmt(size.projects)} projects, ${fmt(size.projects * size.tasksPerProject)} tasks, ${fmt(records - size.projects * (1 + size.tasksPerProject))} issues), ${(text.length / 1024 / 1024).toFixed(1)} MB`);
    const rates: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const rate = await measure(text);
      rates.push(rate);
      console.log(`run ${i + 1}: ${fmt(rate)} records/s`);
    }
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)]!;
    const resume = await killAndResume(file);
    console.log(`kill+resume: killed at ${fmt(resume.killedAt)} of ${fmt(records)} committed; after the second run: ${resume.detail}`);
    console.log(`P-IMPORT: ${fmt(median)} records/s (${fmt(records)} records, batch ${fmt(batchSize)}); kill+resume exact: ${resume.isExact ? 'yes' : 'no'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
