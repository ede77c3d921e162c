// Worker SIGKILL during a run of 1,000 audits (production mode: PostgreSQL, an own redis-server with BullMQ, file
// storage). The only worker process is killed 5 times while it runs jobs and started again each time; BullMQ
// hands the dead worker's jobs to the new one once their locks lapse. Every task must complete, each with exactly
// the findings a clean run stores, each completed once (one `task_completed` event, one completed attempt).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startChaosRun, type ChaosRun } from './support/chaos-stack.ts';
import { reportFigures, sleep, waitFor } from './support/poll.ts';
import type { ServeProcess } from './support/serve-process.ts';
import {
  cleanRunFingerprints,
  countTasks,
  createTasks,
  waitForTasks,
  wrongFindingCounts,
} from './support/tasks.ts';

const jobCount = 1000;
const killCount = 5;
const projectCount = 10;

describe('worker SIGKILLed 5 times during 1,000 audits', { timeout: 400_000 }, () => {
  let run: ChaosRun;
  const workers: ServeProcess[] = [];

  before(async () => {
    run = await startChaosRun({ env: { XCR_QUEUE_CONCURRENCY: '16', XCR_DB_POOL_MAX: '20' } });
  });

  after(async () => {
    await run?.close();
  });

  /** Completed attempts per task, from the "audit attempt finished" lines of every worker that ever ran. */
  function completedAttempts(): Map<string, number> {
    const perTask = new Map<string, number>();
    for (const worker of workers)
      for (const entry of worker.logEntries('audit attempt finished'))
        if (entry.outcome === 'completed')
          perTask.set(String(entry.task_id), (perTask.get(String(entry.task_id)) ?? 0) + 1);
    return perTask;
  }

  /** Kills the worker `killCount` times, spread over the run and each while it holds jobs; returns the active counts. */
  async function killWorkers(baseline: number): Promise<number[]> {
    const activeAtKills: number[] = [];
    for (let kill = 1; kill <= killCount; kill += 1) {
      const target = baseline + Math.floor((kill * jobCount) / (killCount + 1));
      await waitFor(
        `${target} completed tasks`,
        async () => ((await countTasks(run.stack.database, 'completed')) >= target ? true : undefined),
        {
          timeoutMs: 120_000,
          intervalMs: 100,
        },
      );
      const active = await waitFor(
        'active jobs',
        async () => {
          const n = await run.probe.activeAuditJobs();
          return n > 0 ? n : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      await workers.at(-1)!.kill();
      activeAtKills.push(active);
      workers.push(await run.stack.serve('worker'));
    }
    return activeAtKills;
  }

  it('completes every task once, with the findings of a clean run', async () => {
    const { stack, probe, client } = run;
    const projects: string[] = [];
    for (let i = 0; i < projectCount; i += 1)
      projects.push(await client.createZipProject(`chaos worker-kill ${i}`));
    workers.push(await stack.serve('worker'));
    const expected = await cleanRunFingerprints(client, stack.database, probe, projects[0]!);

    const started = Date.now();
    const taskIds = await createTasks(client, projects, jobCount);
    const activeAtKills = await killWorkers(1);
    const census = await waitForTasks(stack.database, probe, taskIds, 180_000);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    await sleep(500); // the last completed events are published right after the status change

    const lost = taskIds.filter((id) => census.tasks.get(id)?.status !== 'completed');
    const wrongFindings = wrongFindingCounts(census, taskIds, expected.length);
    const attempts = completedAttempts();
    const completedTwice = taskIds.filter(
      (id) => (attempts.get(id) ?? 0) > 1 || (probe.completedEvents.get(id) ?? 0) > 1,
    );
    const jobs = await probe.auditJobFigures();
    reportFigures({
      test: 'worker-kill',
      jobs: jobCount,
      kills: activeAtKills.length,
      // Active when killed, counting jobs an earlier dead worker still held (their locks had not lapsed yet).
      activeJobsAtKills: activeAtKills,
      completed: jobCount - lost.length,
      lost: lost.length,
      duplicates: completedTwice.length,
      wrongFindingCounts: wrongFindings.length,
      findingsPerTask: expected.length,
      jobsTakenOver: jobs.takenOver,
      jobsTakenOverTwice: jobs.takenOverTwice,
      jobsRetried: jobs.retried,
      runsStarted: jobs.started,
      seconds,
    });
    assert.equal(activeAtKills.length, killCount);
    assert.deepEqual(lost, [], 'every task completed');
    assert.deepEqual(wrongFindings, [], 'every task stored exactly the findings of the clean run');
    assert.deepEqual(completedTwice, [], 'no task completed twice');
    assert.equal(jobs.failed, 0);
    assert.ok(jobs.takenOver > 0, 'jobs of the killed workers were taken over');
  });
});
