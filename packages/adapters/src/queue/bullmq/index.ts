import { randomUUID } from 'node:crypto';
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { UnavailableError } from '@xcr/core/errors';
import type { EnqueueOptions, JobHandler, JobInfo, JobQueue, QueueCounts } from '@xcr/core/ports/job-queue';
import { closeRedis, createRedisClient, pingRedis, withCommandTimeout } from '../../cache/redis/redis-client.ts';
import { defaultOutageRetryBaseMs, resolveJobOptions, type ResolvedJobOptions } from '../job-runtime.ts';
import { fromBullId, toBullId, toBullPriority } from './bullmq-ids.ts';
import { BullMqWorker, type BullEnvelope } from './bullmq-worker.ts';

/** Options of the BullMQ queue. */
export interface BullMqJobQueueOptions {
  redisUrl: string;
  /** Prefix of BullMQ's keys. */
  prefix?: string;
  /** How long `ping` waits. */
  pingTimeoutMs?: number;
  /** How long an enqueue waits for Redis. Default 500 ms. */
  enqueueTimeoutMs?: number;
  /** How often workers look for cancel requests of the jobs they run. */
  cancelCheckIntervalMs?: number;
  /**
   * How long a worker's claim on a job lasts without renewal (renewed every half of it while the worker lives).
   * A worker that dies (SIGKILL, lost node) holds its jobs this long; then the next stalled check hands them to
   * another worker. Default 15 s; an event loop blocked longer than this would let a live job be taken over.
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose claim lapsed. Default 5 s. */
  stalledIntervalMs?: number;
  /**
   * How many times a job may be taken over from a dead worker before BullMQ fails it (its handler never runs
   * again then). Default: the job's attempts in the catalog (at least 1), so a job survives as many worker crashes
   * as it may fail attempts, while one that crashes every worker it meets still ends.
   */
  maxStalledCount?: number;
  /**
   * First delay before a job that met a dependency outage (database, cache, storage unavailable) runs again,
   * doubling up to 15 times this; the attempt is not counted. Default 2 s.
   */
  outageRetryBaseMs?: number;
}

const dayS = 24 * 3600;

/**
 * A job queue on Redis with BullMQ (production). A queue per job name; retries, backoff, priorities, delays and cron
 * schedulers are BullMQ's own. A cancel of a running job leaves a marker key that the worker running it polls for,
 * since the job's lock belongs to that worker.
 */
export function createBullMqJobQueue(options: BullMqJobQueueOptions, deps: { logger?: Logger } = {}): JobQueue {
  const prefix = (options.prefix ?? 'xcr').replace(/:+$/, '');
  const logger = deps.logger;
  // Producer commands fail after a couple of retries rather than wait for Redis forever, and an enqueue within
  // `enqueueTimeoutMs` when Redis hangs (connection open, no answer), so an API call answers 503 instead of hanging.
  // ioredis' own timeout bounds the other producer commands (a job's state, cancel, counts).
  const connection = createRedisClient(options.redisUrl, { purpose: 'queue', logger, redisOptions: { commandTimeout: 5_000 } });
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 500;
  const queues = new Map<string, Queue>();
  const workers: BullMqWorker[] = [];
  const workerConnections: Redis[] = [];
  let isStopped = false;

  function queueFor(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queue.on('error', (error: Error) => logger?.warn({ job: name, err: { message: error.message } }, 'queue error'));
      queues.set(name, queue);
    }
    return queue;
  }

  const cancelKey = (name: string, bullId: string) => `${prefix}-cancel:${name}:${bullId}`;

  function jobOptions(resolved: ResolvedJobOptions): JobsOptions {
    return {
      attempts: resolved.attempts,
      ...(resolved.backoffMs > 0 ? { backoff: { type: 'exponential', delay: resolved.backoffMs } } : {}),
      ...(resolved.delayMs > 0 ? { delay: resolved.delayMs } : {}),
      priority: toBullPriority(resolved.priority),
      // Finished jobs stay for monitoring (and for idempotency of their id) a while, then go.
      removeOnComplete: { age: 7 * dayS, count: 5000 },
      removeOnFail: { age: 30 * dayS, count: 5000 },
    };
  }

  async function start(signal?: AbortSignal): Promise<void> {
    if (isStopped) throw new UnavailableError('queue_stopped', 'The queue has been stopped');
    await ping(signal);
  }

  async function enqueue(name: string, payload: unknown, enqueueOptions?: EnqueueOptions): Promise<string> {
    const resolved = resolveJobOptions(name, enqueueOptions);
    const bullId = resolved.jobId !== undefined ? toBullId(resolved.jobId) : randomUUID();
    const envelope: BullEnvelope = { payload, timeoutMs: resolved.timeoutMs };
    try {
      // BullMQ ignores an add whose id already exists: that is the idempotency.
      await withCommandTimeout(queueFor(name).add(name, envelope, { ...jobOptions(resolved), jobId: bullId }), enqueueTimeoutMs);
    } catch (error) {
      throw new UnavailableError('queue_unavailable', 'Could not enqueue the job', { cause: error });
    }
    return resolved.jobId ?? bullId;
  }

  async function work<P>(name: string, handler: JobHandler<P>, workOptions: { concurrency?: number } = {}): Promise<void> {
    if (isStopped) throw new UnavailableError('queue_stopped', 'The queue has been stopped');
    // Workers block on their connection, which BullMQ wants without a retry limit.
    const workerConnection = createRedisClient(options.redisUrl, { purpose: 'queue-worker', logger, redisOptions: { maxRetriesPerRequest: null } });
    workerConnections.push(workerConnection);
    const worker = new BullMqWorker(name, handler as JobHandler, {
      connection: workerConnection,
      prefix,
      concurrency: Math.max(1, workOptions.concurrency ?? 1),
      cancelKey: (bullId) => cancelKey(name, bullId),
      cancelCheckIntervalMs: options.cancelCheckIntervalMs ?? 1000,
      lockDurationMs: options.lockDurationMs ?? 15_000,
      stalledIntervalMs: options.stalledIntervalMs ?? 5_000,
      maxStalledCount: options.maxStalledCount ?? resolveJobOptions(name).attempts,
      outageRetryBaseMs: options.outageRetryBaseMs ?? defaultOutageRetryBaseMs,
      logger,
    });
    workers.push(worker);
    await worker.start();
  }

  async function schedule(name: string, cron: string, payload?: unknown): Promise<void> {
    const resolved = resolveJobOptions(name);
    const envelope: BullEnvelope = { payload: payload ?? {}, timeoutMs: resolved.timeoutMs };
    // The scheduler id is the job name: every process upserts the same scheduler, so a tick enqueues one job.
    await queueFor(name).upsertJobScheduler(name, { pattern: cron, tz: 'UTC' }, { name, data: envelope, opts: jobOptions({ ...resolved, delayMs: 0 }) });
  }

  async function unschedule(name: string): Promise<void> {
    await queueFor(name).removeJobScheduler(name);
  }

  async function getJob(name: string, id: string): Promise<JobInfo | undefined> {
    const job = (await queueFor(name).getJob(toBullId(id))) as Job<BullEnvelope> | undefined;
    if (!job?.id) return undefined;
    const state = await job.getState();
    return {
      id: fromBullId(job.id),
      name,
      state: stateOf(state, job),
      attempt: attemptsStarted(state, job),
      payload: job.data?.payload,
    };
  }

  async function cancel(name: string, id: string): Promise<boolean> {
    const bullId = toBullId(id);
    const job = await queueFor(name).getJob(bullId);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'completed' || state === 'failed' || state === 'unknown') return false;
    if (state !== 'active') {
      try {
        await job.remove();
        return true;
      } catch {
        // It became active in between (its lock refuses the removal): cancel it as a running job.
      }
    }
    await connection.set(cancelKey(name, bullId), '1', 'EX', dayS);
    for (const worker of workers) if (worker.name === name) worker.abortLocal(bullId);
    return true;
  }

  async function counts(name: string): Promise<QueueCounts> {
    const c = await queueFor(name).getJobCounts('waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'completed', 'failed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  function ping(signal?: AbortSignal): Promise<void> {
    return pingRedis(connection, 'queue_unavailable', { timeoutMs: options.pingTimeoutMs, signal });
  }

  async function stop(stopOptions: { timeoutMs?: number } = {}): Promise<void> {
    if (isStopped) return;
    isStopped = true;
    const deadline = Date.now() + (stopOptions.timeoutMs ?? 30_000);
    await Promise.all(workers.map((w) => w.stop(deadline, 5_000)));
    await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
    await Promise.all([...workerConnections, connection].map((c) => closeRedis(c)));
  }

  return {
    id: 'bullmq',
    capabilities: { schedules: true },
    start,
    enqueue,
    work,
    schedule,
    unschedule,
    getJob,
    cancel,
    counts,
    ping,
    stop,
  };
}

function stateOf(state: string, job: Job<BullEnvelope>): JobInfo['state'] {
  switch (state) {
    case 'waiting':
    case 'prioritized':
    case 'paused':
    case 'waiting-children':
      return 'waiting';
    case 'failed':
      return job.failedReason?.startsWith('job_cancelled') ? 'cancelled' : 'failed';
    case 'active':
    case 'delayed':
    case 'completed':
      return state;
    default:
      return 'unknown';
  }
}

/** BullMQ's `attemptsMade` counts finished attempts; a running one adds one. */
function attemptsStarted(state: string, job: Job<BullEnvelope>): number {
  return job.attemptsMade + (state === 'active' ? 1 : 0);
}
