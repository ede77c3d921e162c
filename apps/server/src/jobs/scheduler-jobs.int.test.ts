/**
 * The scheduler's jobs against real services: PostgreSQL, BullMQ on a redis-server of the test's own. Two scheduler
 * processes (two queues and two scheduler roles on the same Redis) keep one schedule per job and run one job per
 * tick; the reconciler brings back a task whose job was deleted; scheduled audits start once per project and minute.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import pino from 'pino';
import { jobCatalog, type AppConfig } from '@xcr/contracts';
import { createDatabase, type DatabaseHandle } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { createMemoryPubSub } from '@xcr/adapters/pubsub/memory/index';
import { createBullMqJobQueue } from '@xcr/adapters/queue/bullmq/index';
import { createPgBossJobQueue } from '@xcr/adapters/queue/pgboss/index';
import type { JobQueue } from '@xcr/core/ports/job-queue';
import type { Repositories } from '@xcr/core/ports/repositories';
import { createMemoryObjectStore } from '@xcr/testkit/fakes/memory-object-store';
import { startOwnRedisServer, type OwnRedisServer } from '@xcr/testkit/services/redis-server';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import type { Runtime } from '../runtime.ts';
import { startSchedulerRole } from '../roles/scheduler.ts';
import { runMaintenanceCleanup } from './maintenance-cleanup.ts';
import { recoveryJobId, runMaintenanceReconcile } from './maintenance-reconcile.ts';
import { runScheduledAudits } from './scheduled-audit.ts';

const logger = pino({ level: 'silent' });

describe(
  'scheduler jobs (PostgreSQL + BullMQ)',
  { timeout: process.env.XCR_SLOW_TESTS ? 600_000 : 120_000 },
  () => {
    let database: TestDatabase;
    let handle: DatabaseHandle;
    let redis: OwnRedisServer;
    const queues: JobQueue[] = [];
    let repos: Repositories;
    let runtime: Pick<Runtime, 'database' | 'repos' | 'queue' | 'logger' | 'pubsub'>;
    let ownerId: string;

    const newQueue = () => {
      const queue = createBullMqJobQueue({ redisUrl: redis.url, prefix: 'xcr' }, { logger });
      queues.push(queue);
      return queue;
    };

    before(async () => {
      database = await createTestDatabaseUrl();
      handle = await createDatabase({
        kind: 'postgres',
        url: database.url,
        poolMax: 4,
        statementTimeoutMs: 30_000,
      });
      await migrateToLatest(handle);
      redis = await startOwnRedisServer();
      repos = createRepositories(handle.db);
      runtime = { database: handle, repos, queue: newQueue(), logger, pubsub: createMemoryPubSub() };
      ownerId = (await repos.users.create({ email: 'owner@example.test', username: 'owner' })).id;
    });
    after(async () => {
      for (const queue of queues) await queue.stop({ timeoutMs: 500 }).catch(() => undefined);
      await handle?.close();
      await redis?.stop();
      await database?.drop();
    });

    it('keeps one schedule per cron job however many scheduler processes start', async () => {
      const asRuntime = (queue: JobQueue) => ({ queue, logger }) as unknown as Runtime;
      await Promise.all([
        startSchedulerRole(asRuntime(newQueue())),
        startSchedulerRole(asRuntime(newQueue())),
      ]);
      for (const name of [
        'maintenance.cleanup',
        'maintenance.reconcile',
        'project.scheduled-audit',
      ] as const) {
        const queue = new Queue(name, { connection: { url: redis.url }, prefix: 'xcr' });
        try {
          const schedulers = await queue.getJobSchedulers();
          assert.equal(schedulers.length, 1, name);
          assert.equal(schedulers[0]?.pattern, (jobCatalog[name] as { cron: string }).cron);
        } finally {
          await queue.close();
        }
      }
    });

    it('runs a scheduled job once per tick across two scheduler processes', async () => {
      const [a, b] = [newQueue(), newQueue()];
      const runs: string[] = [];
      await a.work('test.tick', async (job) => {
        runs.push(job.id);
      });
      // BullMQ takes second-level crons, so a tick comes every second instead of every minute.
      await Promise.all([a.schedule('test.tick', '* * * * * *'), b.schedule('test.tick', '* * * * * *')]);
      const startedAt = Date.now();
      while (runs.length < 4) await new Promise((r) => setTimeout(r, 100));
      await Promise.all([a.unschedule('test.tick'), b.unschedule('test.tick')]);
      const elapsedS = (Date.now() - startedAt) / 1000;
      // Each tick is one job (its id names the tick), and there are no more jobs than ticks.
      assert.equal(new Set(runs).size, runs.length);
      assert.ok(runs.length <= Math.ceil(elapsedS) + 1, `${runs.length} runs in ${elapsedS} s`);
    });

    it('re-enqueues a task whose job was deleted, recovers one whose job ended, and fails it after that', async () => {
      const project = await repos.projects.create({
        owner_id: ownerId,
        name: 'reconcile',
        source: 'git',
        repository_url: 'https://example.test/r.git',
      });
      const task = await repos.tasks.create({ project_id: project.id, created_by: ownerId, name: 'lost' });
      const queue = runtime.queue;
      await queue.enqueue('audit.run', { task_id: task.id }, { jobId: task.id });
      assert.equal(await queue.cancel('audit.run', task.id), true);
      assert.equal(await queue.getJob('audit.run', task.id), undefined);

      const young = await runMaintenanceReconcile(runtime);
      assert.deepEqual(young.requeued, [], 'a task inside the grace period was touched');

      const first = await runMaintenanceReconcile(runtime, { graceMs: 0 });
      assert.deepEqual(first.requeued, [task.id]);
      const job = await queue.getJob('audit.run', task.id);
      assert.equal(job?.state, 'waiting');
      assert.deepEqual(job?.payload, { task_id: task.id });
      // A live job is left alone.
      assert.deepEqual((await runMaintenanceReconcile(runtime, { graceMs: 0 })).requeued, []);

      // A worker that ends the job without finishing the task (as a crash at the wrong moment would).
      const worker = newQueue();
      await worker.work('audit.run', async () => undefined);
      const waitState = async (id: string, state: string) => {
        while ((await queue.getJob('audit.run', id))?.state !== state)
          await new Promise((r) => setTimeout(r, 50));
      };
      await waitState(task.id, 'completed');
      // An ended job cannot be racing the task's creation: no grace period is waited for (the default is 10 min).
      const second = await runMaintenanceReconcile(runtime);
      assert.deepEqual(second.recovered, [task.id]);
      await waitState(recoveryJobId(task), 'completed');
      const third = await runMaintenanceReconcile(runtime);
      assert.deepEqual(third.failed, [task.id]);
      const failed = await repos.tasks.get(task.id);
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.error_message ?? '', /^job_lost/);
    });

    it('starts scheduled audits once per project and minute, skipping bad schedules', async () => {
      const due = await repos.projects.create({
        owner_id: ownerId,
        name: 'nightly',
        source: 'git',
        repository_url: 'https://example.test/n.git',
        settings: { schedule_cron: '30 2 * * *' },
      });
      const broken = await repos.projects.create({
        owner_id: ownerId,
        name: 'broken',
        source: 'git',
        repository_url: 'https://example.test/b.git',
        settings: { schedule_cron: 'every night' },
      });
      const tick = new Date('2030-01-02T02:30:07Z');
      const first = await runScheduledAudits(runtime, tick);
      assert.equal(first.started.length, 1);
      assert.equal(first.skipped[broken.id], 'invalid_cron');
      const again = await runScheduledAudits(runtime, new Date('2030-01-02T02:30:40Z'));
      assert.deepEqual(again.started, []);
      assert.equal(again.skipped[due.id], 'already_started');
      assert.deepEqual((await runScheduledAudits(runtime, new Date('2030-01-02T02:31:00Z'))).started, []);
      const taskId = first.started[0]!;
      const task = await repos.tasks.get(taskId);
      assert.equal(task?.project_id, due.id);
      assert.equal(task?.source_key, 'schedule:2030-01-02T02:30');
      assert.ok(await runtime.queue.getJob('audit.run', taskId));
    });

    it('removes reports past their retention, with their files', async () => {
      const project = await repos.projects.create({
        owner_id: ownerId,
        name: 'retention',
        source: 'git',
        repository_url: 'https://example.test/k.git',
      });
      const task = await repos.tasks.create({ project_id: project.id, created_by: ownerId, name: 'done' });
      const storage = createMemoryObjectStore();
      const make = async (key: string) => {
        const report = await repos.reports.create({
          task_id: task.id,
          format: 'json',
          options: {},
          created_by: ownerId,
        });
        await storage.put(key, Buffer.from('{}'));
        await repos.reports.markGenerating(report.id);
        await repos.reports.complete(report.id, {
          object_key: key,
          size_bytes: 2,
          content_hash: 'h',
          metadata: {},
        });
        return report.id;
      };
      const oldId = await make('reports/old.json');
      const newId = await make('reports/new.json');
      const config = { dataDir: '/nonexistent-xcr-test', reportRetentionDays: 30 } as unknown as AppConfig;
      // 31 days from now, both are old; 29 days from now, neither is.
      const none = await runMaintenanceCleanup(
        { database: handle, repos, config, storage },
        new Date(Date.now() + 29 * 86_400_000),
      );
      assert.equal(none.reports, 0);
      await handle.db
        .updateTable('reports')
        .set({ created_at: new Date(Date.now() - 40 * 86_400_000) } as never)
        .where('id', '=', oldId)
        .execute();
      const result = await runMaintenanceCleanup({ database: handle, repos, config, storage });
      assert.equal(result.reports, 1);
      assert.equal(await repos.reports.get(oldId), undefined);
      assert.equal(await storage.head('reports/old.json'), undefined);
      assert.ok(await repos.reports.get(newId));
      assert.ok(await storage.head('reports/new.json'));
    });

    // pg-boss schedules by the minute, so this one waits for real minutes: XCR_SLOW_TESTS=1 runs it.
    it(
      'runs a per-minute pg-boss schedule once per minute across two scheduler processes',
      { skip: !process.env.XCR_SLOW_TESTS, timeout: 300_000 },
      async () => {
        const [a, b] = [
          createPgBossJobQueue({ connectionString: database.url }),
          createPgBossJobQueue({ connectionString: database.url }),
        ];
        queues.push(a, b);
        await Promise.all([a.start(), b.start()]);
        const runs: number[] = [];
        const record = async () => {
          runs.push(Date.now());
        };
        await a.work('test.minute', record);
        await b.work('test.minute', record);
        await Promise.all([a.schedule('test.minute', '* * * * *'), b.schedule('test.minute', '* * * * *')]);
        const startedAt = Date.now();
        await new Promise((r) => setTimeout(r, 150_000));
        await a.unschedule('test.minute');
        // One job per minute slot: pg-boss files each tick under the minute it belongs to.
        const { rows } = await handle.executeSql(
          `SELECT date_trunc('minute', created_on) AS minute, count(*)::int AS jobs FROM pgboss.job WHERE name = 'test.minute' GROUP BY 1`,
        );
        const perMinute = (rows as Array<{ jobs: number }>).map((r) => Number(r.jobs));
        console.log(
          `[figure] pg-boss: ${runs.length} runs in ${Math.round((Date.now() - startedAt) / 1000)} s; jobs per minute ${perMinute.join(', ')}`,
        );
        assert.ok(runs.length >= 2, `runs: ${runs.length}`);
        assert.ok(
          perMinute.every((n) => n === 1),
          'a minute ran twice',
        );
      },
    );
  },
);
