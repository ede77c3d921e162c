// PostgreSQL stopped for a few seconds and started again while audits run (production mode: a PostgreSQL cluster
// of the test's own, an own redis-server with BullMQ, file storage; one api+scheduler and one worker process).
// Meanwhile /ready and an authenticated list answer 503 (never a 500, never a hang); afterwards both processes
// serve again without a restart, and every task reaches a final state. Jobs that meet the outage are put off by
// the queue without spending attempts, so the queue gives none of them up.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bulkFiles } from '../../apps/server/src/http/routes/audit-test-kit.ts';
import { request } from '../ops/api-client.ts';
import { oneFileProject, startChaosRun, type ChaosRun } from './support/chaos-stack.ts';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres.ts';
import { reportFigures, sleep, waitFor } from './support/poll.ts';
import type { ServeProcess } from './support/serve-process.ts';
import { createTasks, waitForTasks, wrongFindingCounts } from './support/tasks.ts';

// Long enough for queued jobs to spend all their attempts (backoff 5 s, then 10 s) against the missing database if
// the outage counted as attempts; the queue puts them off instead (2 s, 4 s, 8 s...).
const downMs = 20_000;
const taskCount = 30;
const findingsPerTask = 2;

/** What one probe of the API got while PostgreSQL was down. */
interface Answer {
  status: number;
  ms: number;
}

describe('PostgreSQL restarted while audits run', { timeout: 300_000 }, () => {
  let cluster: OwnPostgres;
  let run: ChaosRun;
  let worker: ServeProcess;

  before(async () => {
    cluster = await startOwnPostgres();
    run = await startChaosRun({
      env: { XCR_QUEUE_CONCURRENCY: '4' },
      databaseUrl: await cluster.createDatabase('xcr'),
    });
  });

  after(async () => {
    await run?.close();
    await cluster?.destroy();
  });

  async function timed(path: string, token?: string): Promise<Answer> {
    const started = performance.now();
    const status = await request(run.api.baseUrl, path, {
      timeoutMs: 15_000,
      ...(token ? { token } : {}),
    }).then(
      (r) => r.status,
      () => 0,
    );
    return { status, ms: Math.round(performance.now() - started) };
  }

  /** Stops PostgreSQL for `downMs`, asking /ready and the task list every 500 ms meanwhile; always starts it again. */
  async function downtime(): Promise<{ ready: Answer[]; list: Answer[] }> {
    const ready: Answer[] = [];
    const list: Answer[] = [];
    await cluster.stop();
    const stoppedAt = Date.now();
    try {
      while (Date.now() - stoppedAt < downMs) {
        const [r, l] = await Promise.all([
          timed('/ready'),
          timed('/api/v1/tasks?page_size=5', run.client.token),
        ]);
        ready.push(r);
        list.push(l);
        await sleep(500);
      }
    } finally {
      await cluster.start();
    }
    return { ready, list };
  }

  it('answers 503 while PostgreSQL is down, recovers without a restart, and leaves no task unfinished', async () => {
    const { stack, probe, client, api } = run;
    const files = { ...oneFileProject, ...bulkFiles(40) };
    const projects: string[] = [];
    for (let i = 0; i < 3; i += 1)
      projects.push(await client.createZipProject(`chaos postgres-restart ${i}`, files));
    worker = await stack.serve('worker');
    const taskIds = await createTasks(client, projects, taskCount);
    await waitFor('running audits', async () => ((await probe.activeAuditJobs()) > 0 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });

    const { ready, list } = await downtime();
    const startedAt = Date.now();
    await waitFor(
      '/ready and the task list to answer 200',
      async () => {
        const [r, l] = await Promise.all([timed('/ready'), timed('/api/v1/tasks?page_size=5', client.token)]);
        return r.status === 200 && l.status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const recoverySeconds = Math.round((Date.now() - startedAt) / 100) / 10;

    // A straggler's cause is usually in the worker's last log lines.
    const census = await waitForTasks(stack.database, probe, taskIds, 180_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker log:\n${worker.logTail()}`);
    });
    const completed = taskIds.filter((id) => census.tasks.get(id)?.status === 'completed');
    const jobs = await probe.auditJobFigures();
    reportFigures({
      test: 'postgres-restart',
      downSeconds: downMs / 1000,
      tasks: taskCount,
      readyDuringDowntime: summarise(ready),
      listDuringDowntime: summarise(list),
      secondsToRecoverAfterStart: recoverySeconds,
      completed: completed.length,
      failed: census.byStatus.failed ?? 0,
      stuck: taskCount - completed.length - (census.byStatus.failed ?? 0) - (census.byStatus.cancelled ?? 0),
      wrongFindingCounts: wrongFindingCounts(census, completed, findingsPerTask).length,
      jobsRetried: jobs.retried,
      jobsPutOffForTheOutage: jobs.deferred,
      jobsGivenUpByQueue: jobs.failed,
      tasksRecoveredByReconciler: worker
        .logEntries('tasks reconciled with the queue')
        .reduce((sum, e) => sum + (Array.isArray(e.recovered) ? e.recovered.length : 0), 0),
    });

    for (const answer of [...ready, ...list])
      assert.ok(
        answer.status === 503,
        `answered ${answer.status} in ${answer.ms} ms while PostgreSQL was down`,
      );
    assert.ok(ready.length >= 3, 'probed during the downtime');
    assert.equal(api.child.exitCode, null, 'the API process kept running');
    assert.equal(worker.child.exitCode, null, 'the worker process kept running');
    assert.deepEqual(wrongFindingCounts(census, completed, findingsPerTask), []);
    assert.equal(jobs.failed, 0, 'the queue gave up no job over the outage');
    assert.ok(jobs.deferred > 0, 'jobs that met the outage were put off');
  });
});

/** Statuses by count and the slowest answer, e.g. `{"503":12,"maxMs":40}`. */
function summarise(answers: readonly Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) out[String(a.status)] = (out[String(a.status)] ?? 0) + 1;
  out.maxMs = Math.max(0, ...answers.map((a) => a.ms));
  return out;
}
