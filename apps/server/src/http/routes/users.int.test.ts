import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';

for (const mode of testModes()) {
  describe(`users and audit log API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let adminToken: string;
    let adminId: string;

    before(async () => {
      t = await createTestServer({ mode });
      const tokens = await t.login(t.admin.username, t.admin.password);
      adminToken = tokens.access_token;
      adminId = (await t.request('GET', '/api/v1/auth/me', { token: adminToken })).body.id;
    });
    after(() => t?.stop());

    // First, while the bootstrap admin is the only one.
    it('keeps the last active admin: no self-demotion, deactivation or deletion', async () => {
      const demote = await t.request('PATCH', `/api/v1/users/${adminId}`, { token: adminToken, json: { role: 'user' } });
      const deactivate = await t.request('PATCH', `/api/v1/users/${adminId}`, { token: adminToken, json: { is_active: false } });
      const remove = await t.request('DELETE', `/api/v1/users/${adminId}`, { token: adminToken });

      assert.equal(demote.status, 409);
      assert.equal(demote.body.error.code, 'last_admin');
      assert.equal(deactivate.status, 409);
      assert.equal(remove.status, 409);
      assert.equal(remove.body.error.code, 'cannot_delete_self');
    });

    it('answers 401 without a token and 403 forbidden to users and viewers', async () => {
      const anonymous = await t.request('GET', '/api/v1/users');
      assert.equal(anonymous.status, 401);
      for (const role of ['user', 'viewer'] as const) {
        const { tokens } = await t.loginAs(role);
        for (const path of ['/api/v1/users', '/api/v1/audit-log', `/api/v1/users/${adminId}`]) {
          const res = await t.request('GET', path, { token: tokens.access_token });
          assert.equal(res.status, 403, `${role} ${path}`);
          assert.equal(res.body.error.code, 'forbidden');
        }
      }
    });

    it('lists users with filters and pagination, and reads one (404 for unknown ids)', async () => {
      const tag = uniqueName('list');
      for (let i = 0; i < 3; i += 1) await t.createUser({ role: 'viewer', username: `${tag}_${i}` });
      const page1 = await t.request('GET', `/api/v1/users?search=${tag}&page_size=2`, { token: adminToken });
      const page2 = await t.request('GET', `/api/v1/users?search=${tag}&page_size=2&page=2`, { token: adminToken });
      const viewers = await t.request('GET', `/api/v1/users?search=${tag}&role=viewer&is_active=true`, { token: adminToken });
      const one = await t.request('GET', `/api/v1/users/${page1.body.items[0].id}`, { token: adminToken });
      const missing = await t.request('GET', `/api/v1/users/${randomUUID()}`, { token: adminToken });
      const notUuid = await t.request('GET', '/api/v1/users/not-a-uuid', { token: adminToken });
      const badPage = await t.request('GET', '/api/v1/users?page_size=500', { token: adminToken });

      assert.equal(page1.status, 200);
      assert.equal(page1.body.total, 3);
      assert.equal(page1.body.items.length, 2);
      assert.equal(page1.body.page_size, 2);
      assert.equal(page2.body.items.length, 1);
      assert.equal(viewers.body.total, 3);
      assert.equal(one.status, 200);
      assert.equal(one.body.password_hash, undefined);
      assert.equal(missing.status, 404);
      assert.equal(notUuid.status, 404);
      assert.equal(badPage.status, 400);
    });

    it('creates users (forced password change by default), refusing weak passwords and taken names', async () => {
      const username = uniqueName('made');
      const body = { email: `${username}@example.test`, username, password: 'an admin chose this passphrase', role: 'viewer' };
      const created = await t.request('POST', '/api/v1/users', { token: adminToken, json: body });
      const duplicate = await t.request('POST', '/api/v1/users', { token: adminToken, json: body });
      const weak = await t.request('POST', '/api/v1/users', { token: adminToken, json: { ...body, username: `${username}x`, email: `x${body.email}`, password: 'letmein' } });
      const tokens = await t.login(username, body.password);
      const blocked = await t.request('GET', '/api/v1/audit-log', { token: tokens.access_token });

      assert.equal(created.status, 201);
      assert.equal(created.body.role, 'viewer');
      assert.equal(created.body.force_password_change, true);
      assert.equal(duplicate.status, 409);
      assert.equal(weak.status, 422);
      assert.equal(blocked.status, 403);
      assert.equal(blocked.body.error.code, 'password_change_required');
      const audit = await t.repos.auditLog.list({ action: 'user.created', resource_id: created.body.id });
      assert.equal(audit.items[0]?.actor_id, adminId);
    });

    it('changes roles with an audit entry; the new role applies to tokens already issued', async () => {
      const { user, tokens } = await t.loginAs('user');
      const before = await t.request('GET', '/api/v1/users', { token: tokens.access_token });
      const promoted = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: adminToken, json: { role: 'admin' } });
      const after = await t.request('GET', '/api/v1/users', { token: tokens.access_token });
      const demoted = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: adminToken, json: { role: 'viewer' } });
      const afterDemotion = await t.request('GET', '/api/v1/users', { token: tokens.access_token });
      const unknownField = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: adminToken, json: { password_hash: 'x' } });
      const log = await t.request('GET', `/api/v1/audit-log?action=user.role_changed&resource_id=${user.id}`, { token: adminToken });

      assert.equal(before.status, 403);
      assert.equal(promoted.status, 200);
      assert.equal(promoted.body.role, 'admin');
      assert.equal(after.status, 200);
      assert.equal(demoted.body.role, 'viewer');
      assert.equal(afterDemotion.status, 403);
      assert.equal(unknownField.status, 400);
      assert.equal(log.status, 200);
      assert.equal(log.body.total, 2);
      assert.deepEqual(log.body.items.map((e: { details: unknown }) => e.details), [{ from: 'admin', to: 'viewer' }, { from: 'user', to: 'admin' }]);
      assert.equal(log.body.items[0].actor_id, adminId);
      assert.equal(typeof log.body.items[0].ip, 'string');
    });

    it('deactivation locks the user out at once (401 account_disabled), reactivation lets them back', async () => {
      const { user, password, tokens } = await t.loginAs('user');
      const off = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: adminToken, json: { is_active: false } });
      const access = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });
      const refresh = await t.request('POST', '/api/v1/auth/refresh', { json: { refresh_token: tokens.refresh_token } });
      const login = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });
      const on = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: adminToken, json: { is_active: true } });
      const loginAgain = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });

      assert.equal(off.status, 200);
      assert.equal(off.body.is_active, false);
      assert.equal(access.status, 401);
      assert.ok(['account_disabled', 'token_revoked'].includes(access.body.error.code));
      assert.equal(refresh.status, 401);
      assert.equal(login.status, 403);
      assert.equal(login.body.error.code, 'account_disabled');
      assert.equal(on.status, 200);
      assert.equal(loginAgain.status, 200);
      const actions = (await t.repos.auditLog.list({ resource_id: user.id, page_size: 50 })).items.map((e) => e.action);
      assert.ok(actions.includes('user.deactivated') && actions.includes('user.activated'));
    });

    it('sets a password (revoking sessions, forcing a change) and unlocks a locked account', async () => {
      const { user, password, tokens } = await t.loginAs('user');
      for (let i = 0; i < 5; i += 1) await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password: `bad guess ${i}` } });
      const locked = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });
      const unlocked = await t.request('POST', `/api/v1/users/${user.id}/unlock`, { token: adminToken });
      const loginAfterUnlock = await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password } });
      const set = await t.request('PUT', `/api/v1/users/${user.id}/password`, { token: adminToken, json: { password: 'set by the admin today' } });
      const oldSession = await t.request('GET', '/api/v1/auth/me', { token: tokens.access_token });
      const withNew = await t.login(user.username, 'set by the admin today');
      const me = await t.request('GET', '/api/v1/auth/me', { token: withNew.access_token });

      assert.equal(locked.status, 403);
      assert.equal(unlocked.status, 200);
      assert.equal(unlocked.body.locked_until, null);
      assert.equal(loginAfterUnlock.status, 200);
      assert.equal(set.status, 200);
      assert.equal(oldSession.status, 401);
      assert.equal(me.body.force_password_change, true);
    });

    it('deletes users (409 in_use while they own projects) with an audit entry', async () => {
      const { user } = await t.createUser();
      const owner = await t.createUser();
      await t.repos.projects.create({ owner_id: owner.user.id, name: 'kept', source: 'zip' });
      const removed = await t.request('DELETE', `/api/v1/users/${user.id}`, { token: adminToken });
      const gone = await t.request('GET', `/api/v1/users/${user.id}`, { token: adminToken });
      const inUse = await t.request('DELETE', `/api/v1/users/${owner.user.id}`, { token: adminToken });
      const again = await t.request('DELETE', `/api/v1/users/${user.id}`, { token: adminToken });

      assert.equal(removed.status, 204);
      assert.equal(gone.status, 404);
      assert.equal(inUse.status, 409);
      assert.equal(inUse.body.error.code, 'in_use');
      assert.equal(again.status, 404);
      const audit = await t.request('GET', `/api/v1/audit-log?action=user.deleted&resource_id=${user.id}`, { token: adminToken });
      assert.equal(audit.body.total, 1);
      assert.equal(audit.body.items[0].details.username, user.username);
    });

    it('reads the audit log newest first, with filters and pagination', async () => {
      const { user, password } = await t.createUser();
      await t.request('POST', '/api/v1/auth/login', { json: { username: user.username, password: 'wrong password here' } });
      await t.login(user.username, password);
      const all = await t.request('GET', `/api/v1/audit-log?resource_id=${user.id}`, { token: adminToken });
      const byActor = await t.request('GET', `/api/v1/audit-log?actor_id=${user.id}&action=auth.login`, { token: adminToken });
      const since = await t.request('GET', `/api/v1/audit-log?resource_id=${user.id}&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: adminToken });
      const badActor = await t.request('GET', '/api/v1/audit-log?actor_id=nope', { token: adminToken });
      const paged = await t.request('GET', '/api/v1/audit-log?page_size=1&page=2', { token: adminToken });

      assert.equal(all.status, 200);
      assert.deepEqual(all.body.items.map((e: { action: string }) => e.action), ['auth.login', 'auth.login_failed']);
      assert.equal(byActor.body.total, 1);
      assert.equal(since.body.total, 0);
      assert.equal(badActor.status, 400);
      assert.equal(paged.body.page, 2);
      assert.equal(paged.body.items.length, 1);
    });
  });
}
