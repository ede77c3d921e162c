import { jobCatalog, type JobName } from '@xcr/contracts';
import { jobRunners } from '../jobs/registry.ts';
import type { Runtime } from '../runtime.ts';

/**
 * Starts the scheduler role: registers every cron entry of the job catalog with the queue's own scheduler, which
 * enqueues one job per tick however many scheduler processes run.
 */
export async function startSchedulerRole(runtime: Runtime): Promise<void> {
  const log = runtime.logger.child({ component: 'scheduler' });
  const scheduled: string[] = [];
  for (const [name, entry] of Object.entries(jobCatalog) as Array<[JobName, (typeof jobCatalog)[JobName]]>) {
    if (!('cron' in entry) || !jobRunners.has(name)) continue;
    await runtime.queue.schedule(name, entry.cron, {});
    scheduled.push(`${name} (${entry.cron})`);
  }
  log.info({ scheduled }, 'scheduler started');
}
