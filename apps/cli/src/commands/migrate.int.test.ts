import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createDatabase, type DatabaseConfig } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { migrationFixtures } from '@xcr/core/migration/fixtures/index';
import { generateV1Export, generatedRecordCount } from '@xcr/core/migration/fixtures/generate-v1-export';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const xcr = join(repoRoot, 'apps/cli/bin/xcr.js');
const [exportFixture, , dumpFixture] = migrationFixtures as [(typeof migrationFixtures)[number], (typeof migrationFixtures)[number], (typeof migrationFixtures)[number]];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line, parsed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted field by field
  last: any;
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [xcr, ...args], { cwd: repoRoot, env: { ...process.env, XCR_LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.trim().split('\n');
      let last: unknown = undefined;
      try {
        last = JSON.parse(lines.at(-1) ?? '');
      } catch {
        last = undefined;
      }
      resolve({ code, stdout, stderr, last });
    });
  });
}

async function createOwner(config: DatabaseConfig, email: string): Promise<string> {
  const handle = await createDatabase(config);
  try {
    await migrateToLatest(handle);
    const user = await createRepositories(handle.db).users.create({ email, username: email.split('@')[0]!, password_hash: null, role: 'admin' });
    return user.id;
  } finally {
    await handle.close();
  }
}

describe('xcr migrate on the embedded database', { timeout: 300_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'xcr-cli-migrate-'));
    env = { XCR_DATA_DIR: dataDir };
    await createOwner({ kind: 'pglite', dataDir: join(dataDir, 'db') }, 'owner@example.test');
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('validates without a database, and refuses what is not JSON or not an export with exit code 2', async () => {
    const report = await run(['migrate', 'validate', dumpFixture.path, '--json'], env);
    const garbage = join(dataDir, 'garbage.json');
    writeFileSync(garbage, '{"version": "1.0",');
    const notJson = await run(['migrate', 'validate', garbage], env);
    writeFileSync(garbage, '{"hello": "world"}');
    const unknown = await run(['migrate', 'validate', garbage, '--json'], env);

    assert.equal(report.code, 0, report.stderr);
    assert.deepEqual({ ...report.last, errors: report.last.errors.map((e: { code: string }) => e.code) }, {
      projects: 2,
      tasks: 2,
      issues: 3,
      instant_analyses: 2,
      skipped: 0,
      quarantined: 2,
      errors: ['duplicate_id', 'issue_task_missing'],
    });
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /not valid JSON/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown_format/);
  });

  it('imports with exact counts as the last JSON line, adds nothing the second time, dry-runs, exports, rolls back', async () => {
    const owner = ['--owner', 'owner@example.test'];
    const dry = await run(['migrate', 'import', exportFixture.path, ...owner, '--dry-run', '--json'], env);
    const first = await run(['migrate', 'import', exportFixture.path, ...owner, '--batch-size', '2', '--json'], env);
    const again = await run(['migrate', 'import', exportFixture.path, ...owner, '--json'], env);
    const orphan = { path: 'issues[4]', code: 'issue_task_missing' };

    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(Object.keys(first.last), ['projects', 'tasks', 'issues', 'instant_analyses', 'skipped', 'quarantined', 'errors']);
    assert.deepEqual({ ...first.last, errors: first.last.errors.length }, { projects: 3, tasks: 3, issues: 4, instant_analyses: 0, skipped: 0, quarantined: 3, errors: 3 });
    assert.ok(first.last.errors.some((e: { path: string; code: string }) => e.path === orphan.path && e.code === orphan.code));
    assert.deepEqual(dry.last, first.last);
    assert.deepEqual({ ...again.last, errors: again.last.errors.length }, { projects: 0, tasks: 0, issues: 0, instant_analyses: 0, skipped: 10, quarantined: 3, errors: 3 });

    let handle = await createDatabase({ kind: 'pglite', dataDir: join(dataDir, 'db') });
    await createRepositories(handle.db).users.create({ email: 'copy@example.test', username: 'copy', password_hash: null });
    await handle.close();
    const file = join(dataDir, 'native.json');
    const exported = await run(['migrate', 'export', file, ...owner, '--json'], env);
    const copied = await run(['migrate', 'import', file, '--owner', 'copy@example.test', '--json'], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual({ ...exported.last }, { projects: 3, tasks: 3, issues: 4, instant_analyses: 0, skipped: 0, quarantined: 0, errors: [] });
    assert.deepEqual(copied.last, exported.last);

    const firstBatch = JSON.parse(first.stdout.trim().split('\n')[0]!).batch.id;
    const rollback = await run(['migrate', 'rollback', firstBatch, '--json'], env);
    assert.equal(rollback.code, 0, rollback.stderr);
    assert.deepEqual(rollback.last.deleted, { projects: 3, tasks: 3, issues: 4, comments: 0, instant_analyses: 0, quarantined: 3 });
    handle = await createDatabase({ kind: 'pglite', dataDir: join(dataDir, 'db') });
    try {
      const batches = await handle.db.selectFrom('migration_batches').select(['id', 'status']).orderBy('started_at').execute();
      const projects = await handle.db.selectFrom('projects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.deepEqual(batches.map((b) => b.status), ['rolled_back', 'completed', 'completed']);
      // The copy's three projects stay: the rollback removed only the first batch's rows.
      assert.equal(Number(projects.n), 3);
    } finally {
      await handle.close();
    }
  });
});

describe('xcr migrate killed with SIGKILL on PostgreSQL', { timeout: 300_000 }, () => {
  let database: TestDatabase;
  let dir: string;

  before(async () => {
    database = await createTestDatabaseUrl();
    dir = mkdtempSync(join(tmpdir(), 'xcr-cli-kill-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('resumes a 25,000-record import to exactly 25,000 records, no duplicates', async () => {
    const size = { projects: 1000, tasksPerProject: 4, issuesPerTask: 5, seed: 25 };
    assert.equal(generatedRecordCount(size), 25_000);
    const file = join(dir, 'export.json');
    writeFileSync(file, JSON.stringify(generateV1Export(size)));
    const config: DatabaseConfig = { kind: 'postgres', url: database.url, poolMax: 2, statementTimeoutMs: 30_000 };
    const ownerId = await createOwner(config, 'kill@example.test');
    const env = { DATABASE_URL: database.url };
    const args = ['migrate', 'import', file, '--owner', 'kill@example.test', '--batch-size', '500', '--json'];

    const handle = await createDatabase(config);
    try {
      const child = start(args, env);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let doneAtKill = 0;
      for (let i = 0; i < 3000; i += 1) {
        const row = await handle.db.selectFrom('migration_batches').select('items_done').executeTakeFirst();
        if (row && row.items_done >= 1000) {
          child.kill('SIGKILL');
          break;
        }
        await sleep(10);
      }
      await exited;
      const killed = await handle.db.selectFrom('migration_batches').select(['status', 'items_done']).executeTakeFirstOrThrow();
      doneAtKill = killed.items_done;
      assert.equal(killed.status, 'running');
      assert.ok(doneAtKill > 0 && doneAtKill < 25_000, `killed at ${doneAtKill}`);

      const rerun = await run(args, env);
      assert.equal(rerun.code, 0, rerun.stderr);
      const counts = await sql<{ projects: number; tasks: number; issues: number; keys: number; batches: number }>`SELECT
          (SELECT count(*) FROM projects WHERE owner_id = ${ownerId})::int AS projects,
          (SELECT count(*) FROM audit_tasks)::int AS tasks,
          (SELECT count(*) FROM findings)::int AS issues,
          (SELECT count(DISTINCT source_key) FROM findings)::int AS keys,
          (SELECT count(*) FROM migration_batches)::int AS batches`.execute(handle.db);
      assert.deepEqual(counts.rows[0], { projects: 1000, tasks: 4000, issues: 20_000, keys: 20_000, batches: 1 });
      const created = rerun.last.projects + rerun.last.tasks + rerun.last.issues;
      assert.equal(created, 25_000 - doneAtKill);
      assert.equal(rerun.last.skipped, 0);
    } finally {
      await handle.close();
    }
  });
});
