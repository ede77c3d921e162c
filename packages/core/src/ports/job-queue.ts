/**
 * The job queue port: pg-boss on the database (embedded) or BullMQ on Redis (production). Job names come from
 * the catalog in `@xcr/contracts` (`audit.run`, `report.render`, ...). Payloads carry ids, never secrets or code.
 */
export interface JobQueueCapabilities {
  /** Whether `schedule` runs a cron job exactly once per tick across processes. */
  readonly schedules: boolean;
}

/** Options for one enqueue. */
export interface EnqueueOptions {
  /** Idempotency key: a second enqueue with the same id while the job exists is a no-op. */
  jobId?: string;
  /** Higher runs first. */
  priority?: number;
  /** Attempts in all, including the first. */
  attempts?: number;
  /** Base delay of exponential backoff between attempts. */
  backoffMs?: number;
  /** Earliest start. */
  delayMs?: number;
  /**
   * Longest one attempt may run: then its signal aborts (reason code `job_timeout`) and the attempt fails. It also
   * bounds how long a job stays claimed by a worker that died (pg-boss expires it then). Jobs of the catalog default
   * to their catalog entry; others to 15 minutes.
   */
  timeoutMs?: number;
}

/**
 * Why a job's signal aborted, as the `code` of the AppError in `signal.reason`: the job was cancelled (it ends
 * `cancelled`, never retried), its attempt ran out of time (the attempt fails and may be retried), or this worker
 * is stopping (the job goes back to the queue without using up an attempt).
 */
export type JobAbortCode = 'job_cancelled' | 'job_timeout' | 'worker_stopping';

/** What a handler receives. */
export interface JobContext<P = unknown> {
  id: string;
  name: string;
  payload: P;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the process shuts down, the job is cancelled or its attempt times out; see `JobAbortCode`. */
  signal: AbortSignal;
}

/** Counts of jobs in each state, for monitoring. */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  /** Failed or cancelled. */
  failed: number;
}

/** A job as monitoring shows it. */
export interface JobInfo {
  id: string;
  name: string;
  state: 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'cancelled' | 'unknown';
  /** Attempts started so far: 0 before the first run. */
  attempt: number;
  payload: unknown;
}

/**
 * Runs one attempt of a job. Resolving completes the job. Throwing fails the attempt: an AppError whose `retryable`
 * is false fails the job at once; any other error is retried while attempts remain.
 */
export type JobHandler<P = unknown> = (job: JobContext<P>) => Promise<void>;

/** A durable queue of named jobs. */
export interface JobQueue {
  readonly id: 'pgboss' | 'bullmq' | 'memory';
  readonly capabilities: JobQueueCapabilities;
  /** Connects and creates what the queue needs. Idempotent. */
  start(signal?: AbortSignal): Promise<void>;
  /** Adds a job; returns its id (the given `jobId` when set). */
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<string>;
  /** Runs `handler` for jobs of `name` with up to `concurrency` at once in this process. */
  work<P>(name: string, handler: JobHandler<P>, options?: { concurrency?: number }): Promise<void>;
  /** Registers (or replaces) a cron schedule that enqueues `name` with `payload`. */
  schedule(name: string, cron: string, payload?: unknown): Promise<void>;
  /** Removes a schedule. */
  unschedule(name: string): Promise<void>;
  /** Looks a job up; undefined when it no longer exists. */
  getJob(name: string, id: string): Promise<JobInfo | undefined>;
  /**
   * Removes a waiting or delayed job, or aborts an active one (in whichever process runs it; it then ends
   * `cancelled`). Returns whether a job was found that had not finished yet.
   */
  cancel(name: string, id: string): Promise<boolean>;
  /** Counts per state for one job name. */
  counts(name: string): Promise<QueueCounts>;
  /** Checks the backing service answers; throws when it does not. */
  ping(signal?: AbortSignal): Promise<void>;
  /**
   * Stops taking new jobs, waits up to `timeoutMs` for active ones, then aborts them (their signal fires and the
   * job goes back to the queue to be retried), and closes connections.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}
