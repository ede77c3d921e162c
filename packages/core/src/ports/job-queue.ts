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
}

/** What a handler receives. */
export interface JobContext<P = unknown> {
  id: string;
  name: string;
  payload: P;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the process shuts down or the job is revoked. */
  signal: AbortSignal;
}

/** Counts of jobs in each state, for monitoring. */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/** A job as monitoring shows it. */
export interface JobInfo {
  id: string;
  name: string;
  state: 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'unknown';
  attempt: number;
  payload: unknown;
}

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
  /** Removes a waiting job or signals an active one to stop. Returns whether anything was found. */
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
