/**
 * The import/export/rollback suite, run against PGlite and PostgreSQL by migration-*.int.test.ts: the v1 fixtures
 * import with exact counts, re-imports add nothing, dry runs write nothing, a failed or killed run resumes to exact
 * counts, rollback restores every table's checksum, and a native export imports back with the same content.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { migrationFixtures } from '@xcr/core/migration/fixtures/index';
import { nativeContentHashes } from '@xcr/core/migration/export-native';
import { createMigrationService, type MigrationService } from '@xcr/core/migration/migration-service';
import type { NativeExport } from '@xcr/core/migration/native-format';
import { planImport } from '@xcr/core/migration/plan';
import { systemClock } from '@xcr/core/ports/clock';
import type { Repositories } from '@xcr/core/ports/repositories';
import type { DatabaseHandle } from '../create-database.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories } from './index.ts';

const ctx = { actorId: null, ip: null };
/** Bookkeeping of the import itself: a rollback keeps the batch row and adds audit entries. */
const excludedTables = new Set(['migration_batches', 'audit_log', 'xcr_schema_migration', 'xcr_schema_migration_lock']);

/** md5 of every row of every application table, ordered. */
export async function tableChecksums(handle: DatabaseHandle): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(handle.db);
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables.rows) {
    if (excludedTables.has(name)) continue;
    const result = await sql<{ sum: string }>`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${sql.table(name)} t`.execute(handle.db);
    out[name] = result.rows[0]!.sum;
  }
  return out;
}

/** Row counts of the imported tables for one owner. */
export async function ownerCounts(handle: DatabaseHandle, ownerId: string): Promise<Record<string, number>> {
  const result = await sql<Record<string, number>>`SELECT
      (SELECT count(*) FROM projects WHERE owner_id = ${ownerId})::int AS projects,
      (SELECT count(*) FROM projects WHERE owner_id = ${ownerId} AND status = 'deleted')::int AS deleted_projects,
      (SELECT count(*) FROM audit_tasks WHERE project_id IN (SELECT id FROM projects WHERE owner_id = ${ownerId}))::int AS tasks,
      (SELECT count(*) FROM findings WHERE project_id IN (SELECT id FROM projects WHERE owner_id = ${ownerId}))::int AS issues,
      (SELECT count(*) FROM instant_analyses WHERE user_id = ${ownerId})::int AS instant_analyses`.execute(handle.db);
  return result.rows[0]!;
}

async function newOwner(repos: Repositories): Promise<string> {
  const name = `owner${randomUUID().slice(0, 8)}`;
  return (await repos.users.create({ email: `${name}@example.test`, username: name, password_hash: null })).id;
}

function readFixture(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Registers the suite; `open` returns a fresh, empty database, `close` disposes of it. */
export function describeMigrationSuite(name: string, open: () => Promise<DatabaseHandle>, close: (handle: DatabaseHandle) => Promise<void>): void {
  describe(name, { timeout: 300_000 }, () => {
    let handle: DatabaseHandle;
    let repos: Repositories;
    let service: MigrationService;

    before(async () => {
      handle = await open();
      await migrateToLatest(handle);
      repos = createRepositories(handle.db);
      service = createMigrationService({ repos, clock: systemClock });
    });
    after(() => close(handle));

    it('seeds the runbook flags, all disabled', async () => {
      const flags = await repos.featureFlags.list();
      const keys = flags.map((f) => f.key);
      for (const key of ['useBackendAPI', 'USE_BACKEND_PROJECTS', 'USE_WEBSOCKET_UPDATES', 'SHOW_MIGRATION_UI']) assert.ok(keys.includes(key), key);
      assert.ok(flags.every((f) => !f.enabled));
      assert.equal(flags.find((f) => f.key === 'useBackendAPI')?.rollout_percentage, 10);
    });

    for (const fixture of migrationFixtures) {
      it(`imports the ${fixture.name} with exact counts, quarantines the orphan, and adds nothing the second time`, async () => {
        const owner = await newOwner(repos);
        const data = readFixture(fixture.path);
        const dry = await service.import(data, { ownerId: owner, ctx, isDryRun: true });
        const before = await tableChecksums(handle);
        const first = await service.import(data, { ownerId: owner, ctx, batchSize: 2 });
        const again = await service.import(data, { ownerId: owner, ctx });
        const counts = await ownerCounts(handle, owner);
        const quarantine = await repos.migration.listQuarantine(first.batch!.id, { page_size: 100 });

        const { expected } = fixture;
        const quarantinedTotal = Object.values(expected.quarantined).reduce((a, b) => a + b, 0);
        const createdTotal = expected.projects + expected.tasks + expected.issues + expected.instant_analyses;
        assert.equal(first.report.format, fixture.format);
        assert.deepEqual(dry.summary, { ...first.summary, errors: dry.summary.errors });
        assert.deepEqual(
          { projects: first.summary.projects, tasks: first.summary.tasks, issues: first.summary.issues, instant_analyses: first.summary.instant_analyses, skipped: first.summary.skipped, quarantined: first.summary.quarantined },
          { projects: expected.projects, tasks: expected.tasks, issues: expected.issues, instant_analyses: expected.instant_analyses, skipped: 0, quarantined: quarantinedTotal },
        );
        assert.deepEqual(counts, { projects: expected.projects, deleted_projects: expected.deleted_projects, tasks: expected.tasks, issues: expected.issues, instant_analyses: expected.instant_analyses });
        assert.equal(first.batch!.status, 'completed');
        assert.equal(first.batch!.items_done, createdTotal + quarantinedTotal);
        const orphan = quarantine.items.find((q) => q.path === expected.orphan.path);
        assert.equal(orphan?.reason, expected.orphan.reason);
        assert.ok(first.summary.errors.some((e) => e.path === expected.orphan.path && e.code === expected.orphan.reason));
        assert.deepEqual(Object.fromEntries(Object.entries(first.report.quarantined_by_reason)), expected.quarantined);
        assert.equal(again.summary.projects + again.summary.tasks + again.summary.issues + again.summary.instant_analyses, 0);
        assert.equal(again.summary.skipped, createdTotal);
        assert.deepEqual(await ownerCounts(handle, owner), counts);
        assert.notDeepEqual(await tableChecksums(handle), before);
      });
    }

    it('maps v1 JSON-text fields, enums, the recycle bin and Unicode', async () => {
      const owner = await newOwner(repos);
      await service.import(readFixture(migrationFixtures[0]!.path), { ownerId: owner, ctx });
      const projects = await repos.projects.list({ owner_id: owner, status: ['active', 'deleted'], page_size: 10 });
      const payments = projects.items.find((p) => p.name.startsWith('支付服务'))!;
      const zip = projects.items.find((p) => p.name === 'legacy-zip')!;
      const tasks = await repos.tasks.list({ project_id: payments.id });
      const task = tasks.items[0]!;
      const findings = await repos.findings.list({ task_id: task.id });
      const sqli = findings.items.find((f) => f.category === 'security')!;
      const nullDeref = findings.items.find((f) => f.title.startsWith('空指针'))!;

      assert.equal(payments.name, '支付服务 — payments 🚀');
      assert.deepEqual(payments.languages, { TypeScript: 0, JavaScript: 0 });
      assert.equal(payments.primary_language, 'TypeScript');
      assert.equal(payments.source, 'github');
      assert.equal(zip.status, 'deleted');
      assert.equal(zip.source, 'zip');
      assert.ok(zip.deleted_at instanceof Date);
      assert.deepEqual(task.scan_config.exclude, ['node_modules/**', '*.min.js']);
      assert.equal(task.scan_config.include_tests, false);
      assert.equal(task.scan_config.analysis_depth, 'deep');
      assert.deepEqual(task.scan_config.v1, { include_tests: false, include_docs: true, max_file_size: 200, analysis_depth: 'deep' });
      assert.equal(task.critical_issues, 1);
      assert.equal(task.high_issues, 1);
      assert.equal(task.created_by, owner);
      assert.equal(sqli.severity, 'critical');
      assert.deepEqual(sqli.explanation, {
        what: 'Untrusted input is concatenated into SQL',
        why: 'An attacker can read or change any row',
        how: 'Bind the value as a parameter',
        learn_more: 'https://owasp.org/www-community/attacks/SQL_Injection',
      });
      assert.equal(sqli.line_start, 42);
      assert.equal(nullDeref.file_path, 'src/支付/处理.ts');
      assert.deepEqual(nullDeref.explanation, { what: 'Plain text explanation from an older model', why: '', how: '' });
      assert.equal(nullDeref.status, 'false_positive');
      assert.equal(nullDeref.resolved_by, owner);
    });

    it('dry run writes nothing and reports what a real run creates', async () => {
      const owner = await newOwner(repos);
      const data = readFixture(migrationFixtures[2]!.path);
      const before = await tableChecksums(handle);
      const batchesBefore = await repos.migration.listBatches({ owner_id: owner });
      const dry = await service.import(data, { ownerId: owner, ctx, isDryRun: true });
      assert.deepEqual(await tableChecksums(handle), before);
      assert.equal((await repos.migration.listBatches({ owner_id: owner })).total, batchesBefore.total);
      assert.equal(dry.batch, null);
      assert.equal(dry.summary.issues, 3);
      assert.equal(dry.summary.instant_analyses, 2);
      assert.equal(dry.summary.quarantined, 2);
    });

    it('rolls a batch back to every table checksum before it, and refuses while other data depends on it', async () => {
      const owner = await newOwner(repos);
      await service.import(readFixture(migrationFixtures[1]!.path), { ownerId: owner, ctx });
      const before = await tableChecksums(handle);
      const imported = await service.import(readFixture(migrationFixtures[0]!.path), { ownerId: owner, ctx, batchSize: 3 });
      const admin = { id: owner, role: 'user' as const };
      const project = (await repos.projects.list({ owner_id: owner, page_size: 100 })).items.find((p) => p.migration_batch_id === imported.batch!.id)!;
      const extra = await repos.tasks.create({ project_id: project.id, created_by: owner, name: 'added after the import' });
      await assert.rejects(service.rollback(admin, imported.batch!.id, ctx), (e: { code?: string; details?: unknown }) => e.code === 'batch_has_dependents');
      await handle.db.deleteFrom('audit_tasks').where('id', '=', extra.id).execute();
      const { batch, deleted } = await service.rollback(admin, imported.batch!.id, ctx);

      assert.deepEqual(await tableChecksums(handle), before);
      assert.equal(batch.status, 'rolled_back');
      assert.deepEqual(deleted, { projects: 3, tasks: 3, issues: 4, comments: 0, instant_analyses: 0, quarantined: 3 });
      await assert.rejects(service.rollback(admin, imported.batch!.id, ctx), (e: { code?: string }) => e.code === 'already_rolled_back');
      await assert.rejects(service.rollback({ id: randomUUID(), role: 'user' }, imported.batch!.id, ctx), (e: { status?: number }) => e.status === 404);
    });

    it('resumes a failed run and a killed one at the committed position, with exact counts', async () => {
      const owner = await newOwner(repos);
      const data = readFixture(migrationFixtures[0]!.path);
      // A writer that fails on the third chunk, as a lost connection would.
      let calls = 0;
      const failing: Repositories = {
        ...repos,
        migration: {
          ...repos.migration,
          commitChunk: (id, done, items) => {
            calls += 1;
            return calls === 3 ? Promise.reject(new Error('connection lost')) : repos.migration.commitChunk(id, done, items);
          },
        },
      };
      await assert.rejects(createMigrationService({ repos: failing, clock: systemClock }).import(data, { ownerId: owner, ctx, batchSize: 2 }), /connection lost/);
      const failed = (await repos.migration.listBatches({ owner_id: owner })).items[0]!;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.items_done, 4);

      const resumed = await service.import(data, { ownerId: owner, ctx, batchSize: 2 });
      assert.equal(resumed.is_resumed, true);
      assert.equal(resumed.batch!.id, failed.id);
      assert.deepEqual({ ...resumed.summary, errors: [] }, { projects: 0, tasks: 3, issues: 4, instant_analyses: 0, skipped: 0, quarantined: 2, errors: [] });
      assert.deepEqual(resumed.batch!.counts, { projects: 3, tasks: 3, issues: 4, comments: 0, instant_analyses: 0, skipped: 0, quarantined: 3 });
      assert.deepEqual(await ownerCounts(handle, owner), { projects: 3, deleted_projects: 1, tasks: 3, issues: 4, instant_analyses: 0 });

      // Killed: the batch stays `running` with one chunk committed; the next run takes it over.
      const other = await newOwner(repos);
      const plan = planImport(data, { ownerId: other });
      const { batch } = await repos.migration.openBatch({ source_hash: plan.report.source_hash, format: plan.report.format, owner_id: other, created_by: null, total_items: plan.items.length, batch_size: 5 });
      await repos.migration.commitChunk(batch.id, 0, plan.items.slice(0, 5));
      const taken = await service.import(data, { ownerId: other, ctx });
      assert.equal(taken.batch!.id, batch.id);
      assert.equal(taken.batch!.items_done, plan.items.length);
      assert.deepEqual(await ownerCounts(handle, other), { projects: 3, deleted_projects: 1, tasks: 3, issues: 4, instant_analyses: 0 });
    });

    it('exports natively and imports back for another owner with the same counts and content hashes', async () => {
      const owner = await newOwner(repos);
      for (const fixture of migrationFixtures) await service.import(readFixture(fixture.path), { ownerId: owner, ctx });
      const finding = (await repos.findings.list({ visible_to: owner, page_size: 1 })).items[0]!;
      await repos.findings.addComment(finding.id, owner, 'Reviewed — 見た');
      const exported = (await service.export(owner, 'native', ctx)) as NativeExport;
      const copyOwner = await newOwner(repos);
      const copy = await service.import(JSON.parse(JSON.stringify(exported)), { ownerId: copyOwner, ctx });
      const reexported = (await service.export(copyOwner, 'native', ctx)) as NativeExport;

      assert.equal(copy.report.format, 'native');
      assert.equal(copy.summary.quarantined, 0);
      assert.deepEqual(await ownerCounts(handle, copyOwner), await ownerCounts(handle, owner));
      assert.equal(reexported.comments.length, 1);
      assert.deepEqual(nativeContentHashes(reexported), nativeContentHashes(exported));
      const again = await service.import(JSON.parse(JSON.stringify(exported)), { ownerId: copyOwner, ctx });
      assert.equal(again.summary.skipped, exported.projects.length + exported.tasks.length + exported.findings.length + exported.instant_analyses.length + 1);

      const v1 = await service.export(owner, 'v1', ctx);
      const v1Owner = await newOwner(repos);
      const fromV1 = await service.import(JSON.parse(JSON.stringify(v1)), { ownerId: v1Owner, ctx });
      assert.equal(fromV1.report.format, 'v1-export');
      assert.deepEqual({ ...(await ownerCounts(handle, v1Owner)), instant_analyses: 0 }, { ...(await ownerCounts(handle, owner)), instant_analyses: 0 });
    });
  });
}
