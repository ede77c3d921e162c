import type { JobName, JobPayload } from '@xcr/contracts';
import type { JobContext } from '@xcr/core/ports/job-queue';
import type { Runtime } from '../runtime.ts';
import { runAuditJob } from './audit-run.ts';
import { runMaintenanceCleanup } from './maintenance-cleanup.ts';
import { runMaintenanceReconcile } from './maintenance-reconcile.ts';
import { runReportRender } from './report-render.ts';
import { runScheduledAudits } from './scheduled-audit.ts';

/** A job handler bound to the runtime. */
export type JobRunner = (runtime: Runtime, job: JobContext) => Promise<void>;

/**
 * The handlers the worker role runs, by catalog name. The scheduler only schedules cron entries that have a
 * handler here, so nothing is ever enqueued that no worker can run.
 */
export const jobRunners: ReadonlyMap<JobName, JobRunner> = new Map<JobName, JobRunner>([
  [
    'audit.run',
    async (runtime, job) => {
      await runAuditJob(runtime, job as JobContext<JobPayload<'audit.run'>>);
    },
  ],
  [
    'maintenance.cleanup',
    async (runtime) => {
      const result = await runMaintenanceCleanup(runtime);
      runtime.logger.child({ component: 'jobs' }).info({ result }, 'maintenance cleanup done');
    },
  ],
  ['report.render', (runtime, job) => runReportRender(runtime, job as JobContext<JobPayload<'report.render'>>)],
  [
    'maintenance.reconcile',
    async (runtime) => {
      await runMaintenanceReconcile(runtime);
    },
  ],
  [
    'project.scheduled-audit',
    async (runtime) => {
      await runScheduledAudits(runtime);
    },
  ],
]);
