/**
 * Looks at the BullMQ queue and the task event channel from outside the product, as an operator would: how many
 * audit jobs are active, how often finished jobs were taken over from a dead worker or retried, and how many
 * `task_completed` events each task published.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** The key prefix and queue name the product uses (see runtime.ts and the job catalog). */
const prefix = 'xcr';
const auditQueue = 'audit.run';

/** Figures about the audit jobs BullMQ still holds. */
export interface AuditJobFigures {
  /** Jobs that finished after BullMQ moved them back from a dead worker at least once. */
  takenOver: number;
  /** Of those, jobs moved back more than once (their worker died again while running them). */
  takenOverTwice: number;
  /** Jobs that finished more than one attempt (a failed attempt was retried). */
  retried: number;
  /** Runs started, over all jobs (one per job when nothing was interrupted). */
  started: number;
  /** Jobs put off at least once because a dependency was unavailable (no attempt spent). */
  deferred: number;
  failed: number;
}

/** A probe on the product's Redis; `close` ends its connections. */
export interface QueueProbe {
  activeAuditJobs(): Promise<number>;
  /** The BullMQ state of one audit job, for failure messages. */
  jobState(jobId: string): Promise<Record<string, unknown>>;
  auditJobFigures(): Promise<AuditJobFigures>;
  /** `task_completed` events seen per task id since the probe started. */
  completedEvents: Map<string, number>;
  close(): Promise<void>;
}

/** Connects to Redis at `redisUrl` and subscribes to every task's event channel. */
export async function startQueueProbe(redisUrl: string): Promise<QueueProbe> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(redisUrl);
  const queue = new Queue(auditQueue, { connection, prefix });
  const completedEvents = new Map<string, number>();
  subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) => {
    const event = JSON.parse(message) as { type?: string; data?: { task_id?: string } };
    const taskId = event.data?.task_id;
    if (event.type === 'task_completed' && taskId)
      completedEvents.set(taskId, (completedEvents.get(taskId) ?? 0) + 1);
  });
  await subscriber.psubscribe('xcr:events:task:*');
  return {
    activeAuditJobs: () => queue.getActiveCount(),
    async jobState(jobId) {
      const job = await queue.getJob(jobId);
      if (!job) return { jobId, state: 'missing' };
      const { attemptsMade, attemptsStarted, stalledCounter, failedReason } = job;
      return {
        jobId,
        state: await job.getState(),
        attemptsMade,
        attemptsStarted,
        stalledCounter,
        failedReason,
      };
    },
    async auditJobFigures() {
      const jobs = await queue.getJobs(['completed', 'failed'], 0, -1);
      const failed = await queue.getFailedCount();
      return {
        takenOver: jobs.filter((job) => job.stalledCounter > 0).length,
        takenOverTwice: jobs.filter((job) => job.stalledCounter > 1).length,
        retried: jobs.filter((job) => job.attemptsMade > 1).length,
        started: jobs.reduce((sum, job) => sum + job.attemptsStarted, 0),
        deferred: jobs.filter((job) => ((job.data as { deferrals?: number } | undefined)?.deferrals ?? 0) > 0)
          .length,
        failed,
      };
    },
    completedEvents,
    async close() {
      await queue.close();
      subscriber.disconnect();
      connection.disconnect();
    },
  };
}
