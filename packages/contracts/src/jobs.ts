import { z } from 'zod';

/**
 * The job catalog: every background job, its payload schema, how long it may run and how it retries.
 * Payloads carry ids only, never secrets or source code.
 */
export const jobCatalog = {
  'audit.run': {
    payload: z.object({ task_id: z.string().uuid() }),
    timeoutMs: 3_600_000,
    retry: { attempts: 3, backoffMs: 5_000 },
  },
  'maintenance.cleanup': {
    payload: z.object({}),
    timeoutMs: 300_000,
    retry: { attempts: 1, backoffMs: 0 },
    cron: '17 * * * *',
  },
  /** Renders one stored report (`reports` row) to its format and stores the file. */
  'report.render': {
    payload: z.object({ report_id: z.string().uuid() }),
    timeoutMs: 600_000,
    retry: { attempts: 2, backoffMs: 5_000 },
  },
  /** Re-enqueues audit tasks left pending or running with no live job (deleted job, lost worker, stuck run). */
  'maintenance.reconcile': {
    payload: z.object({}),
    timeoutMs: 120_000,
    retry: { attempts: 1, backoffMs: 0 },
    cron: '* * * * *',
  },
  /** Starts the audits of projects whose `settings.schedule_cron` matches this minute (one task per project and minute). */
  'project.scheduled-audit': {
    payload: z.object({}),
    timeoutMs: 120_000,
    retry: { attempts: 2, backoffMs: 5_000 },
    cron: '* * * * *',
  },
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['payload']>;
