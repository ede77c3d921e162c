import { hostname } from 'node:os';
import { jobCatalog, type JobName } from '@xcr/contracts';
import { withLogContext } from '../observability/context.ts';
import { jobRunners } from '../jobs/registry.ts';
import type { Runtime } from '../runtime.ts';
import type { JobMetrics } from '../observability/runtime-metrics.ts';

/** How often a worker records that it is alive (monitoring lists workers by their last heartbeat). */
const heartbeatIntervalMs = 15_000;

/** Starts the worker role: a handler per catalog job, and a heartbeat. Returns a function that stops the heartbeat. */
export async function startWorkerRole(runtime: Runtime, metrics?: JobMetrics): Promise<() => void> {
  const log = runtime.logger.child({ component: 'worker' });
  for (const [name, run] of jobRunners) {
    await runtime.queue.work(
      name,
      (job) =>
        withLogContext({ jobId: job.id }, async () => {
          const payload = jobCatalog[name as JobName].payload.safeParse(job.payload);
          if (!payload.success) {
            log.error({ job: name, id: job.id }, 'job payload invalid; dropped');
            return;
          }
          const stopTimer = metrics?.duration.startTimer({ queue: name });
          try {
            await run(runtime, { ...job, payload: payload.data });
            metrics?.completed.inc({ queue: name });
            stopTimer?.({ outcome: 'completed' });
          } catch (err) {
            metrics?.failed.inc({ queue: name });
            stopTimer?.({ outcome: 'failed' });
            throw err;
          }
        }),
      { concurrency: name === 'audit.run' ? runtime.config.queueConcurrency : 1 },
    );
  }
  const workerId = `${hostname()}:${process.pid}`;
  const beat = async () => {
    try {
      // roles is text[] (a JS array, which pg sends as an array literal); info carries this process's LLM figures
      // for the admin monitor, since the providers a worker uses live in the worker.
      const info = JSON.stringify({ pid: process.pid, jobs: [...jobRunners.keys()], llm: runtime.llmResolver.stats() });
      await runtime.database.db
        .insertInto('worker_heartbeats')
        .values({ worker_id: workerId, roles: [...runtime.config.roles], last_seen_at: new Date(), info } as never)
        .onConflict((oc) => oc.column('worker_id').doUpdateSet({ last_seen_at: new Date(), info } as never))
        .execute();
    } catch (err) {
      log.warn({ err }, 'heartbeat failed');
    }
  };
  await beat();
  const timer = setInterval(beat, heartbeatIntervalMs);
  timer.unref();
  log.info({ jobs: [...jobRunners.keys()], worker_id: workerId }, 'worker started');
  return () => clearInterval(timer);
}
