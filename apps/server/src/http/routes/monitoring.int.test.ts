import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestServer, testModes, uniqueName, type TestServer } from '../../test-support/test-server.ts';
import { parseRedisInfo } from './monitoring.ts';

describe('parseRedisInfo', () => {
  it('reads numeric fields per section and key counts per database', () => {
    const info = parseRedisInfo(
      '# Memory\r\nused_memory:1024\r\nused_memory_human:1K\r\n\r\n# Keyspace\r\ndb0:keys=12,expires=1,avg_ttl=0\r\n',
    );
    assert.deepEqual(info, { memory: { used_memory: 1024 }, keyspace: { db0: 12 } });
  });
});

for (const mode of testModes()) {
  describe(`monitoring API (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let adminToken: string;
    let userToken: string;

    before(async () => {
      t = await createTestServer({ mode });
      adminToken = (await t.login(t.admin.username, t.admin.password)).access_token;
      userToken = (await t.loginAs('user')).tokens.access_token;
    });
    after(() => t?.stop());

    const get = (path: string, token = adminToken) =>
      t.request('GET', `/api/v1/monitoring${path}`, { token });

    it('is for admins only', async () => {
      for (const path of ['/queues', '/jobs', '/workers', '/database', '/redis', '/llm']) {
        assert.equal((await get(path, userToken)).status, 403, path);
      }
      assert.equal((await t.request('GET', '/api/v1/monitoring/queues')).status, 401);
    });

    it('shows queue depths per catalog job, the workers, the database, Redis and LLM figures', async () => {
      const queues = await get('/queues');
      assert.equal(queues.status, 200);
      assert.equal(queues.body.backend, mode === 'embedded' ? 'pgboss' : 'bullmq');
      const names = queues.body.queues.map((q: { name: string }) => q.name);
      for (const name of ['audit.run', 'report.render', 'maintenance.cleanup', 'maintenance.reconcile'])
        assert.ok(names.includes(name), name);
      assert.equal(
        queues.body.queues.find((q: { name: string }) => q.name === 'maintenance.reconcile').cron,
        '* * * * *',
      );

      const workers = await get('/workers');
      assert.equal(workers.status, 200);
      assert.ok(workers.body.alive >= 1, JSON.stringify(workers.body));
      assert.ok(workers.body.workers[0].roles.includes('worker'));
      assert.ok(Array.isArray(workers.body.workers[0].info.jobs));

      const database = await get('/database');
      assert.equal(database.status, 200);
      assert.equal(database.body.kind, mode === 'embedded' ? 'pglite' : 'postgres');
      assert.equal(typeof database.body.ping_ms, 'number');
      if (mode === 'production') {
        assert.ok(database.body.pool.max >= 1);
        assert.ok(
          Object.values(database.body.connections as Record<string, number>).reduce((a, b) => a + b, 0) >= 1,
        );
      }

      const redis = await get('/redis');
      assert.equal(redis.status, 200);
      assert.equal(redis.body.is_configured, mode === 'production');
      if (mode === 'production') {
        assert.ok(redis.body.memory.used_memory > 0);
        assert.equal(typeof redis.body.ping_ms, 'number');
      }

      const llm = await get('/llm');
      assert.equal(llm.status, 200);
      assert.ok(Array.isArray(llm.body.providers));
    });

    it('lists recent jobs and revokes an audit job, cancelling its task', async () => {
      const owner = (await t.loginAs('user')).user;
      const project = await t.repos.projects.create({
        owner_id: owner.id,
        name: uniqueName('mon'),
        source: 'git',
        repository_url: 'https://example.test/m.git',
      });
      const task = await t.repos.tasks.create({
        project_id: project.id,
        created_by: owner.id,
        name: 'later',
      });
      // Held back an hour, so it is still there to be listed and revoked.
      await t.running.runtime.queue.enqueue(
        'audit.run',
        { task_id: task.id },
        { jobId: task.id, delayMs: 3_600_000 },
      );
      const delayed = await get('/jobs?state=delayed&name=audit.run');
      assert.equal(delayed.status, 200);
      const listed = delayed.body.items.find((j: { id: string }) => j.id === task.id);
      assert.deepEqual(listed?.payload, { task_id: task.id });
      assert.equal((await get('/jobs?name=no.such.job')).status, 404);

      const revoke = await t.request('POST', `/api/v1/monitoring/jobs/audit.run/${task.id}/revoke`, {
        token: adminToken,
      });
      assert.equal(revoke.status, 200);
      assert.deepEqual(revoke.body, { name: 'audit.run', id: task.id, revoked: true });
      assert.equal(await t.running.runtime.queue.getJob('audit.run', task.id), undefined);
      assert.equal((await t.repos.tasks.get(task.id))?.status, 'cancelled');
      const again = await t.request('POST', `/api/v1/monitoring/jobs/audit.run/${task.id}/revoke`, {
        token: adminToken,
      });
      assert.equal(again.body.revoked, false);
      const audit = await t.repos.auditLog.list({
        action: 'job.revoke',
        resource_id: `audit.run/${task.id}`,
      });
      assert.equal(audit.total, 2);

      // A job that ran shows among the completed ones.
      const reportId = randomUUID();
      await t.running.runtime.queue.enqueue('report.render', { report_id: reportId }, { jobId: reportId });
      let completed: Array<{ id: string }> = [];
      for (let i = 0; i < 100 && !completed.some((j) => j.id === reportId); i += 1) {
        await new Promise((r) => setTimeout(r, 200));
        completed = (await get('/jobs?state=completed&name=report.render')).body.items;
      }
      assert.ok(
        completed.some((j) => j.id === reportId),
        'completed job not listed',
      );
    });
  });
}
