// Two API replicas on one PostgreSQL and one Redis: each keeps user rows and dashboard totals between
// requests, so a change through one replica must reach requests on the other at once (real HTTP, production mode).
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../observability/logger.ts';
import { startServer, type RunningServer } from '../server.ts';
import { createTestServer, type TestServer } from '../test-support/test-server.ts';

describe('what API replicas keep between requests follows writes through another replica (production)', { timeout: 120_000 }, () => {
  let t: TestServer;
  let replica: RunningServer;
  let replicaUrl: string;

  before(async () => {
    t = await createTestServer({ mode: 'production' });
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    replica = await startServer(t.config, ['api'], createLogger('warn', { destination: quiet }));
    replicaUrl = `http://127.0.0.1:${replica.port}`;
  });
  after(async () => {
    await replica?.stop();
    await t?.stop();
  });

  type Answer = { role?: string; total_projects?: number; error?: { code: string } };
  async function onReplica(path: string, token: string): Promise<{ status: number; body: Answer }> {
    const res = await fetch(`${replicaUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Answer };
  }

  it('a role changed through one replica applies on the other from the next request', async () => {
    const admin = await t.login(t.admin.username, t.admin.password);
    const { user, tokens } = await t.loginAs('user');
    // The replica has read (and kept) the user's row.
    for (let i = 0; i < 3; i++) assert.equal((await onReplica('/api/v1/auth/me', tokens.access_token)).body.role, 'user');
    assert.equal((await onReplica('/api/v1/users', tokens.access_token)).status, 403);

    const promoted = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: admin.access_token, json: { role: 'admin' } });
    assert.equal(promoted.status, 200);
    assert.equal((await onReplica('/api/v1/auth/me', tokens.access_token)).body.role, 'admin');
    assert.equal((await onReplica('/api/v1/users', tokens.access_token)).status, 200);

    const demoted = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: admin.access_token, json: { role: 'viewer' } });
    assert.equal(demoted.status, 200);
    assert.equal((await onReplica('/api/v1/users', tokens.access_token)).status, 403);
  });

  it('a deactivation through one replica locks the user out of the other at once', async () => {
    const admin = await t.login(t.admin.username, t.admin.password);
    const { user, tokens } = await t.loginAs('user');
    assert.equal((await onReplica('/api/v1/auth/me', tokens.access_token)).status, 200);
    const off = await t.request('PATCH', `/api/v1/users/${user.id}`, { token: admin.access_token, json: { is_active: false } });
    assert.equal(off.status, 200);
    const refused = await onReplica('/api/v1/auth/me', tokens.access_token);
    assert.equal(refused.status, 401);
  });

  it('dashboard totals kept by one replica follow a project created through the other at once', async () => {
    const admin = await t.login(t.admin.username, t.admin.password);
    const overview = async () => (await onReplica('/api/v1/statistics/overview', admin.access_token)).body.total_projects!;
    const before = await overview();
    assert.equal(await overview(), before, 'kept between requests');
    const created = await t.request('POST', '/api/v1/projects', {
      token: admin.access_token,
      json: { name: `replica stats ${Date.now()}`, source: 'local', local_path: '/tmp' },
    });
    assert.ok([200, 201].includes(created.status), JSON.stringify(created.body));
    assert.equal(await overview(), before + 1);
  });
});
