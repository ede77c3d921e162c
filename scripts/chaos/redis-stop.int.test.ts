// Redis frozen (SIGSTOP) for 10 s while audits run (production mode: PostgreSQL, an own redis-server with BullMQ,
// file storage; one api+scheduler and one worker process). Every task created before the outage completes with the
// findings of a clean run, and each task created during it either gets 503 within 1 s or is accepted and runs
// once Redis is back; no request hangs on the frozen Redis.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bulkFiles } from '../../apps/server/src/http/routes/audit-test-kit.ts';
import { request } from '../ops/api-client.ts';
import { oneFileProject, startChaosRun, type ChaosRun } from './support/chaos-stack.ts';
import { reportFigures, sleep, waitFor } from './support/poll.ts';
import { createTasks, waitForTasks, wrongFindingCounts } from './support/tasks.ts';

const outageMs = 10_000;
const tasksBefore = 40;
/** The one vulnerable file of every project yields these findings (the bulk files none). */
const findingsPerTask = 2;

/** One task creation during the outage: when it was sent, what came back, how long it took. */
interface Attempt {
  atMs: number;
  status: number;
  ms: number;
  taskId?: string;
  code?: string;
}

describe('Redis frozen for 10 s while audits run', { timeout: 300_000 }, () => {
  let run: ChaosRun;

  before(async () => {
    run = await startChaosRun({ env: { XCR_QUEUE_CONCURRENCY: '4' } });
  });

  after(async () => {
    await run?.close();
  });

  /** Creates a task, timing the answer; the client gives up after 15 s (longer than the outage). */
  async function timedCreate(projectId: string, outageStart: number): Promise<Attempt> {
    const atMs = Date.now() - outageStart;
    const started = performance.now();
    const answer = await run.client.createTask(projectId, 15_000).catch(() => undefined);
    const ms = Math.round(performance.now() - started);
    if (!answer) return { atMs, status: 0, ms };
    const body = answer.json as { id?: string; error?: { code: string } } | undefined;
    return {
      atMs,
      status: answer.status,
      ms,
      ...(body?.id ? { taskId: body.id } : {}),
      ...(body?.error ? { code: body.error.code } : {}),
    };
  }

  /** Freezes Redis for `outageMs`, creating a task and asking /ready every 1.5 s meanwhile; always thaws it. */
  async function outage(projects: readonly string[]): Promise<{ attempts: Attempt[]; readiness: number[] }> {
    const attempts: Attempt[] = [];
    const readiness: number[] = [];
    const pending: Array<Promise<void>> = [];
    const outageStart = Date.now();
    run.redis.pause();
    try {
      for (let i = 0; Date.now() - outageStart < outageMs - 1_500; i += 1) {
        pending.push(
          timedCreate(projects[i % projects.length]!, outageStart).then((a) => void attempts.push(a)),
        );
        const ready = request(run.client.baseUrl, '/ready', { timeoutMs: 15_000 }).then(
          (r) => r.status,
          () => 0,
        );
        pending.push(ready.then((status) => void readiness.push(status)));
        await sleep(1_500);
      }
      await sleep(Math.max(0, outageMs - (Date.now() - outageStart)));
    } finally {
      run.redis.resume();
    }
    await Promise.all(pending);
    return { attempts, readiness };
  }

  it('finishes every task and answers task creation fast during the outage', async () => {
    const { stack, probe, client } = run;
    // The bulk files make each audit last long enough to be cut by the outage.
    const files = { ...oneFileProject, ...bulkFiles(40) };
    const projects: string[] = [];
    for (let i = 0; i < 4; i += 1)
      projects.push(await client.createZipProject(`chaos redis-stop ${i}`, files));
    await stack.serve('worker');
    const before = await createTasks(client, projects, tasksBefore);
    await waitFor('running audits', async () => ((await probe.activeAuditJobs()) > 0 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });

    const { attempts, readiness } = await outage(projects);
    const resumedAt = Date.now();
    const accepted = attempts.filter((a) => a.status === 201).map((a) => a.taskId!);
    const expected = [...before, ...accepted];
    const census = await waitForTasks(stack.database, probe, expected, 150_000);
    const notCompleted = expected.filter((id) => census.tasks.get(id)?.status !== 'completed');
    const wrongFindings = wrongFindingCounts(census, expected, findingsPerTask);
    const jobs = await probe.auditJobFigures();
    reportFigures({
      test: 'redis-stop',
      outageSeconds: outageMs / 1000,
      tasksBefore: before.length,
      createdDuringOutage: attempts.length,
      answers: attempts.map((a) => `${a.status}${a.code ? ` ${a.code}` : ''} in ${a.ms} ms`),
      readyDuringOutage: readiness,
      acceptedDuringOutage: accepted.length,
      completed: expected.length - notCompleted.length,
      lost: notCompleted.length,
      wrongFindingCounts: wrongFindings.length,
      jobsTakenOver: jobs.takenOver,
      jobsRetried: jobs.retried,
      secondsToDrainAfterResume: Math.round((Date.now() - resumedAt) / 100) / 10,
    });

    for (const a of attempts)
      assert.ok(
        a.status === 201 || (a.status === 503 && a.ms <= 1_000),
        `task creation during the outage answered ${a.status} in ${a.ms} ms`,
      );
    assert.deepEqual(
      notCompleted,
      [],
      'every task created before the outage, or accepted during it, completed',
    );
    assert.deepEqual(wrongFindings, [], 'every task stored the findings of its one vulnerable file, once');
    assert.ok(
      readiness.length > 0 && readiness.every((s) => s === 503),
      `/ready answered ${readiness.join(', ')} during the outage`,
    );
  });
});
