import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isFlagOnFor } from '@xcr/core/flags/rollout-bucket';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

const runbookFlags = ['useBackendAPI', 'USE_BACKEND_API', 'USE_BACKEND_AUTH', 'USE_BACKEND_PROJECTS', 'USE_BACKEND_TASKS', 'USE_BACKEND_ISSUES', 'USE_BACKEND_REPORTS', 'USE_BACKEND_STATISTICS', 'USE_WEBSOCKET_UPDATES', 'ENABLE_DATA_MIGRATION', 'SHOW_MIGRATION_UI'];

for (const mode of testModes()) {
  describe(`feature flags API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let adminToken: string;

    before(async () => {
      t = await createTestServer({ mode });
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
    });
    after(() => t?.stop());

    it('serves the seeded runbook flags, all off, to anonymous callers and users', async () => {
      const anonymous = await t.request('GET', '/api/v1/flags');
      const { tokens } = await t.loginAs('viewer');
      const viewer = await t.request('GET', '/api/v1/flags', { token: tokens.access_token });
      const badToken = await t.request('GET', '/api/v1/flags', { token: 'not-a-token' });

      assert.equal(anonymous.status, 200);
      for (const key of runbookFlags) assert.equal(anonymous.body.flags[key], false, key);
      assert.deepEqual(viewer.body, anonymous.body);
      assert.equal(badToken.status, 401);
    });

    it('lets only admins manage flags, validating input', async () => {
      const { tokens } = await t.loginAs('user');
      const asUser = await t.request('GET', '/api/v1/admin/flags', { token: tokens.access_token });
      const anonymous = await t.request('POST', '/api/v1/admin/flags', { json: { key: 'x' } });
      const list = await t.request('GET', '/api/v1/admin/flags', { token: adminToken });
      const badKey = await t.request('POST', '/api/v1/admin/flags', { token: adminToken, json: { key: '1 bad key' } });
      const badPct = await t.request('POST', '/api/v1/admin/flags', { token: adminToken, json: { key: 'okKey', rollout_percentage: 101 } });
      const emptyPatch = await t.request('PUT', '/api/v1/admin/flags/useBackendAPI', { token: adminToken, json: {} });

      assert.equal(asUser.status, 403);
      assert.equal(anonymous.status, 401);
      assert.equal(list.status, 200);
      assert.deepEqual(runbookFlags.filter((k) => !list.body.items.some((f: { key: string }) => f.key === k)), []);
      assert.equal(list.body.items.find((f: { key: string }) => f.key === 'useBackendAPI').rollout_percentage, 10);
      assert.equal(badKey.status, 400);
      assert.equal(badPct.status, 400);
      assert.equal(emptyPatch.status, 400);
    });

    it('creates, changes and deletes flags, audit-logged with before and after, effective at once in this process', async () => {
      const key = uniqueName('beta_');
      const { user, tokens } = await t.loginAs('user');
      const created = await t.request('POST', '/api/v1/admin/flags', { token: adminToken, json: { key, description: 'Beta — ベータ' } });
      const duplicate = await t.request('POST', '/api/v1/admin/flags', { token: adminToken, json: { key } });
      const offBefore = await t.request('GET', '/api/v1/flags', { token: tokens.access_token });
      const enabled = await t.request('PUT', `/api/v1/admin/flags/${key}`, { token: adminToken, json: { enabled: true } });
      const onAfter = await t.request('GET', '/api/v1/flags', { token: tokens.access_token });
      const missing = await t.request('PUT', '/api/v1/admin/flags/noSuchFlag', { token: adminToken, json: { enabled: true } });
      const removed = await t.request('DELETE', `/api/v1/admin/flags/${key}`, { token: adminToken });
      const removedAgain = await t.request('DELETE', `/api/v1/admin/flags/${key}`, { token: adminToken });
      const gone = await t.request('GET', '/api/v1/flags', { token: tokens.access_token });
      const audit = await t.repos.auditLog.list({ resource_type: 'feature_flag', resource_id: key, page_size: 10 });

      assert.equal(created.status, 201);
      assert.deepEqual({ enabled: created.body.enabled, pct: created.body.rollout_percentage, users: created.body.allowed_users }, { enabled: false, pct: 100, users: [] });
      assert.equal(duplicate.status, 409);
      assert.equal(duplicate.body.error.code, 'flag_exists');
      assert.equal(offBefore.body.flags[key], false);
      assert.equal(enabled.status, 200);
      assert.equal(enabled.body.description, 'Beta — ベータ');
      assert.equal(onAfter.body.flags[key], true);
      assert.equal(missing.status, 404);
      assert.equal(removed.status, 204);
      assert.equal(removedAgain.status, 404);
      assert.equal(key in gone.body.flags, false);
      assert.deepEqual(audit.items.map((e) => e.action).sort(), ['flag.created', 'flag.deleted', 'flag.updated']);
      const update = audit.items.find((e) => e.action === 'flag.updated')!;
      assert.deepEqual((update.details.before as { enabled: boolean }).enabled, false);
      assert.deepEqual((update.details.after as { enabled: boolean }).enabled, true);
      assert.ok(update.actor_id);
      assert.notEqual(update.actor_id, user.id);
    });

    it('rolls out by percentage per user as the shared bucket function says, allowed users always on, disabled always off', async () => {
      const key = uniqueName('pct_');
      const users = await Promise.all(Array.from({ length: 6 }, () => t.loginAs('user')));
      const allowed = users[0]!.user.id;
      await t.request('POST', '/api/v1/admin/flags', { token: adminToken, json: { key, enabled: true, rollout_percentage: 25, allowed_users: [allowed] } });
      for (const { user, tokens } of users) {
        const res = await t.request('GET', '/api/v1/flags', { token: tokens.access_token });
        const expected = user.id === allowed || isFlagOnFor({ key, enabled: true, rollout_percentage: 25, allowed_users: [] }, user.id);
        assert.equal(res.body.flags[key], expected, user.id);
      }
      await t.request('PUT', `/api/v1/admin/flags/${key}`, { token: adminToken, json: { enabled: false } });
      const off = await t.request('GET', '/api/v1/flags', { token: users[0]!.tokens.access_token });
      assert.equal(off.body.flags[key], false);
    });
  });
}
