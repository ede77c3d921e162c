import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrationFixtures } from '@xcr/core/migration/fixtures/index';
import { generateV1Export } from '@xcr/core/migration/fixtures/generate-v1-export';
import { createTestServer, testModes, type TestServer } from '../../test-support/test-server.ts';

const [exportFixture, backupFixture, dumpFixture] = migrationFixtures as [(typeof migrationFixtures)[number], (typeof migrationFixtures)[number], (typeof migrationFixtures)[number]];
const fileText = (path: string) => readFileSync(path, 'utf8');

for (const mode of testModes()) {
  describe(`migration API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let adminToken: string;

    before(async () => {
      t = await createTestServer({ mode });
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
    });
    after(() => t?.stop());

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted field by field, as TestServer.request
    async function upload(path: string, token: string, text: string, name = 'export.json'): Promise<{ status: number; body: any }> {
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'application/json' }), name);
      const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    }

    async function countsOf(ownerId: string) {
      const projects = await t.repos.projects.list({ owner_id: ownerId, status: ['active', 'archived', 'deleted'], page_size: 100 });
      const findings = await t.repos.findings.list({ visible_to: ownerId, page_size: 100 });
      return { projects: projects.total, deleted: projects.items.filter((p) => p.status === 'deleted').length, issues: findings.total };
    }

    it('validates a JSON body or a multipart file, reporting counts and quarantine reasons with paths', async () => {
      const { tokens } = await t.loginAs('viewer');
      const json = await t.request('POST', '/api/v1/migration/validate', { token: tokens.access_token, json: JSON.parse(fileText(exportFixture.path)) });
      const multipart = await upload('/api/v1/migration/validate', tokens.access_token, fileText(dumpFixture.path));
      const notJson = await upload('/api/v1/migration/validate', tokens.access_token, '{"version": "1.0",');
      const unknown = await t.request('POST', '/api/v1/migration/validate', { token: tokens.access_token, json: { something: 'else' } });
      const anonymous = await t.request('POST', '/api/v1/migration/validate', { json: {} });
      // Larger than the server's default body limit (1 MB): the migration routes take files up to 200 MB.
      const large = generateV1Export({ projects: 300, tasksPerProject: 4, issuesPerTask: 5 });
      const big = await t.request('POST', '/api/v1/migration/validate', { token: tokens.access_token, json: large });

      assert.equal(json.status, 200);
      assert.equal(json.body.format, 'v1-export');
      assert.deepEqual(json.body.importable, { projects: 3, tasks: 3, issues: 4, comments: 0, instant_analyses: 0 });
      assert.equal(json.body.is_valid, false);
      assert.deepEqual(json.body.errors.find((e: { code: string }) => e.code === 'issue_task_missing').path, 'issues[4]');
      assert.equal(multipart.status, 200);
      assert.equal(multipart.body.format, 'v1-indexeddb');
      assert.equal(multipart.body.records.project_members, 1);
      assert.equal(notJson.status, 400);
      assert.equal(notJson.body.error.code, 'invalid_json');
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.error.code, 'unknown_format');
      assert.equal(anonymous.status, 401);
      assert.ok(JSON.stringify(large).length > 2 * 1024 * 1024);
      assert.equal(big.status, 200);
      assert.equal(big.body.importable.issues, 6000);
    });

    it('dry-runs, imports into the caller, adds nothing the second time, and keeps viewers out', async () => {
      const { user, tokens } = await t.loginAs('user');
      const token = tokens.access_token;
      const data = JSON.parse(fileText(exportFixture.path));
      const dry = await t.request('POST', '/api/v1/migration/import?dry_run=true', { token, json: data });
      const afterDry = await countsOf(user.id);
      const first = await upload('/api/v1/migration/import?batch_size=2', token, fileText(exportFixture.path), 'xcodereviewer-export-1.json');
      const again = await t.request('POST', '/api/v1/migration/import', { token, json: { data, skip_existing: true } });
      const { tokens: viewerTokens } = await t.loginAs('viewer');
      const viewer = await t.request('POST', '/api/v1/migration/import', { token: viewerTokens.access_token, json: data });
      const { tokens: otherTokens } = await t.loginAs('user');
      const otherOwner = await t.request('POST', `/api/v1/migration/import?owner_id=${user.id}`, { token: otherTokens.access_token, json: data });
      const badSize = await t.request('POST', '/api/v1/migration/import?batch_size=0', { token, json: data });

      assert.equal(dry.status, 200);
      assert.equal(dry.body.batch, null);
      assert.equal(dry.body.is_dry_run, true);
      assert.deepEqual(afterDry, { projects: 0, deleted: 0, issues: 0 });
      assert.equal(first.status, 200);
      assert.deepEqual({ ...first.body.summary, errors: first.body.summary.errors.length }, { projects: 3, tasks: 3, issues: 4, instant_analyses: 0, skipped: 0, quarantined: 3, errors: 3 });
      assert.deepEqual({ ...dry.body.summary, errors: 3 }, { ...first.body.summary, errors: 3 });
      assert.equal(first.body.batch.status, 'completed');
      assert.equal(first.body.batch.file_name, 'xcodereviewer-export-1.json');
      assert.equal(first.body.batch.owner_id, user.id);
      assert.deepEqual(await countsOf(user.id), { projects: 3, deleted: 1, issues: 4 });
      assert.equal(again.status, 200);
      assert.deepEqual([again.body.summary.projects, again.body.summary.tasks, again.body.summary.issues, again.body.summary.skipped], [0, 0, 0, 10]);
      assert.notEqual(again.body.batch.id, first.body.batch.id);
      assert.equal(viewer.status, 403);
      assert.equal(otherOwner.status, 403);
      assert.equal(otherOwner.body.error.code, 'forbidden');
      assert.equal(badSize.status, 400);
    });

    it('lets admins import for another user; owners see their batches and quarantine, others get 404', async () => {
      const { user: owner, tokens: ownerTokens } = await t.loginAs('user');
      const { tokens: strangerTokens } = await t.loginAs('user');
      const imported = await t.request('POST', `/api/v1/migration/import?owner_id=${owner.id}`, { token: adminToken, json: JSON.parse(fileText(backupFixture.path)) });
      const batchId = imported.body.batch.id;
      const list = await t.request('GET', '/api/v1/migration/batches', { token: ownerTokens.access_token });
      const one = await t.request('GET', `/api/v1/migration/batches/${batchId}`, { token: ownerTokens.access_token });
      const quarantine = await t.request('GET', `/api/v1/migration/batches/${batchId}/quarantine`, { token: ownerTokens.access_token });
      const stranger = await t.request('GET', `/api/v1/migration/batches/${batchId}`, { token: strangerTokens.access_token });
      const strangerRollback = await t.request('POST', `/api/v1/migration/batches/${batchId}/rollback`, { token: strangerTokens.access_token });
      const adminList = await t.request('GET', `/api/v1/migration/batches?owner_id=${owner.id}`, { token: adminToken });
      const noOwner = await t.request('POST', `/api/v1/migration/import?owner_id=00000000-0000-4000-8000-000000000000`, { token: adminToken, json: JSON.parse(fileText(backupFixture.path)) });

      assert.equal(imported.status, 200);
      assert.equal(imported.body.batch.owner_id, owner.id);
      assert.deepEqual(await countsOf(owner.id), { projects: 2, deleted: 0, issues: 0 });
      assert.equal(list.body.total, 1);
      assert.equal(one.body.counts.projects, 2);
      assert.equal(one.body.items_done, one.body.total_items);
      assert.deepEqual(quarantine.body.items.map((q: { path: string; reason: string }) => [q.path, q.reason]).sort(), [
        ['auditTasks[1]', 'task_project_missing'],
        ['auditTasks[3]', 'duplicate_id'],
      ]);
      assert.equal(typeof quarantine.body.items[0].record, 'object');
      assert.equal(stranger.status, 404);
      assert.equal(strangerRollback.status, 404);
      assert.equal(adminList.body.total, 1);
      assert.equal(noOwner.status, 404);
    });

    it('rolls a batch back, removing exactly what it created, audit-logged', async () => {
      const { user, tokens } = await t.loginAs('user');
      const token = tokens.access_token;
      await t.request('POST', '/api/v1/migration/import', { token, json: JSON.parse(fileText(backupFixture.path)) });
      const second = await t.request('POST', '/api/v1/migration/import', { token, json: JSON.parse(fileText(dumpFixture.path)) });
      const rollback = await t.request('POST', `/api/v1/migration/batches/${second.body.batch.id}/rollback`, { token });
      const again = await t.request('POST', `/api/v1/migration/batches/${second.body.batch.id}/rollback`, { token });
      const audit = await t.repos.auditLog.list({ resource_type: 'migration_batch', resource_id: second.body.batch.id, page_size: 10 });

      assert.equal(rollback.status, 200);
      assert.deepEqual(rollback.body.deleted, { projects: 2, tasks: 2, issues: 3, comments: 0, instant_analyses: 2, quarantined: 2 });
      assert.equal(rollback.body.batch.status, 'rolled_back');
      assert.deepEqual(await countsOf(user.id), { projects: 2, deleted: 0, issues: 0 });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'already_rolled_back');
      assert.deepEqual(audit.items.map((e) => e.action).sort(), ['migration.imported', 'migration.rolled_back']);
    });

    it('exports as an attachment (native and v1) that imports back with the same counts', async () => {
      const { user, tokens } = await t.loginAs('user');
      await t.request('POST', '/api/v1/migration/import', { token: tokens.access_token, json: JSON.parse(fileText(dumpFixture.path)) });
      const native = await t.request('GET', '/api/v1/migration/export', { token: tokens.access_token });
      const v1 = await t.request('GET', '/api/v1/migration/export?format=v1', { token: tokens.access_token });
      const { user: copy, tokens: copyTokens } = await t.loginAs('user');
      const imported = await t.request('POST', '/api/v1/migration/import', { token: copyTokens.access_token, json: native.body });
      const forbidden = await t.request('GET', `/api/v1/migration/export?owner_id=${copy.id}`, { token: tokens.access_token });

      assert.equal(native.status, 200);
      assert.match(native.headers.get('content-disposition') ?? '', /^attachment; filename="xcodereviewer-export-native-\d{8}T\d{6}Z\.json"$/);
      assert.equal(native.body.format, 'xcodereviewer');
      assert.equal(native.body.findings.length, 3);
      assert.equal(v1.body.version, '1.0');
      assert.equal(v1.body.projects.filter((p: { is_active: boolean }) => !p.is_active).length, 1);
      assert.equal(imported.body.report.format, 'native');
      assert.deepEqual(await countsOf(copy.id), await countsOf(user.id));
      assert.equal(forbidden.status, 403);
    });

    it('imports in the background with wait=false: 202 with the batch, then progress to completed', async () => {
      const { tokens } = await t.loginAs('user');
      const started = await t.request('POST', '/api/v1/migration/import?wait=false&batch_size=1', { token: tokens.access_token, json: JSON.parse(fileText(exportFixture.path)) });
      assert.equal(started.status, 202);
      assert.equal(started.body.total_items, 13);
      let batch = started.body;
      for (let i = 0; i < 100 && batch.status === 'running'; i += 1) {
        await sleep(50);
        batch = (await t.request('GET', `/api/v1/migration/batches/${started.body.id}`, { token: tokens.access_token })).body;
      }
      assert.equal(batch.status, 'completed');
      assert.equal(batch.items_done, 13);
      assert.deepEqual(batch.counts, { projects: 3, tasks: 3, issues: 4, comments: 0, instant_analyses: 0, skipped: 0, quarantined: 3 });
    });
  });
}
