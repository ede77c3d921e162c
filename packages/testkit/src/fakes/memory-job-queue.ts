import { randomUUID } from 'node:crypto';
import {
  abortAttempt,
  failureSummary,
  isRetryableFailure,
  defaultOutageRetryBaseMs,
  outageDeferralMs,
  resolveJobOptions,
  type ActiveAttempt,
} from '@xcr/adapters/queue/job-runtime';
import { UnavailableError } from '@xcr/core/errors';
import type { EnqueueOptions, JobHandler, JobInfo, JobQueue, QueueCounts } from '@xcr/core/ports/job-queue';

type MemoryState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'cancelled';

/** A job as the in-memory queue keeps it; exposed read-only for assertions. */
export interface MemoryJob {
  id: string;
  name: string;
  payload: unknown;
  state: MemoryState;
  attemptsStarted: number;
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  priority: number;
  runAt: number;
  seq: number;
  /** Times the job was put off by a dependency outage (no attempt spent). */
  deferrals: number;
  lastError?: { code: string; message: string };
}

interface Consumer {
  owner: object;
  name: string;
  handler: JobHandler;
  concurrency: number;
  running: Map<string, ActiveAttempt & { done: Promise<void> }>;
  isStopping: boolean;
}

/** The shared state of in-memory queues: instances on one broker behave like processes on one database. */
export interface MemoryQueueBroker {
  readonly jobs: Map<string, Map<string, MemoryJob>>;
  readonly schedules: Map<string, { cron: string; payload: unknown }>;
  readonly consumers: Consumer[];
  seq: number;
}

/** Creates an empty broker to share between several in-memory queues. */
export function createMemoryQueueBroker(): MemoryQueueBroker {
  return { jobs: new Map(), schedules: new Map(), consumers: [], seq: 0 };
}

/** The in-memory queue plus test helpers. */
export interface MemoryJobQueue extends JobQueue {
  readonly broker: MemoryQueueBroker;
  /** Every job of a name, in enqueue order. */
  jobs(name: string): MemoryJob[];
  /** Enqueues the job of a registered schedule now, as a tick would; cron expressions are not evaluated. */
  runSchedule(name: string): Promise<string>;
  /** Resolves when no job is waiting or running (delayed jobs do not count). */
  drain(timeoutMs?: number): Promise<void>;
}

/**
 * An in-memory `JobQueue` for unit tests of other modules, with the semantics of the real adapters (it passes the
 * same contract suite): idempotent ids, concurrency, retries with backoff, priorities, delays, cancel, timeouts and
 * a stop that hands jobs back. Schedules are recorded and fire only through `runSchedule`.
 */
export function createMemoryJobQueue(
  options: { broker?: MemoryQueueBroker; /** First delay of a job put off by an outage (default 2 s). */ outageRetryBaseMs?: number } = {},
): MemoryJobQueue {
  const outageRetryBaseMs = options.outageRetryBaseMs ?? defaultOutageRetryBaseMs;
  const broker = options.broker ?? createMemoryQueueBroker();
  const owner = {};
  let isStopped = false;

  const table = (name: string) => {
    let jobs = broker.jobs.get(name);
    if (!jobs) broker.jobs.set(name, (jobs = new Map()));
    return jobs;
  };

  function dispatch(name: string): void {
    for (const consumer of broker.consumers) {
      if (consumer.name !== name || consumer.isStopping) continue;
      while (consumer.running.size < consumer.concurrency) {
        const job = nextReady(name);
        if (!job) break;
        begin(consumer, job);
      }
    }
  }

  function nextReady(name: string): MemoryJob | undefined {
    const now = Date.now();
    let best: MemoryJob | undefined;
    for (const job of table(name).values()) {
      const isReady = (job.state === 'waiting' || job.state === 'delayed') && job.runAt <= now;
      if (isReady && (!best || job.priority > best.priority || (job.priority === best.priority && job.seq < best.seq))) best = job;
    }
    return best;
  }

  function wakeAt(job: MemoryJob): void {
    const timer = setTimeout(() => dispatch(job.name), Math.max(0, job.runAt - Date.now()) + 1);
    timer.unref();
  }

  function begin(consumer: Consumer, job: MemoryJob): void {
    job.state = 'active';
    job.attemptsStarted++;
    const attempt: ActiveAttempt = { controller: new AbortController() };
    const timer = setTimeout(() => abortAttempt(attempt, 'job_timeout'), job.timeoutMs);
    timer.unref();
    const context = { id: job.id, name: job.name, payload: structuredClone(job.payload), attempt: job.attemptsStarted, signal: attempt.controller.signal };
    const done = (async () => {
      let failure: { error: unknown } | undefined;
      try {
        await consumer.handler(context);
      } catch (error) {
        failure = { error };
      }
      clearTimeout(timer);
      consumer.running.delete(job.id);
      settle(job, attempt, failure);
      dispatch(job.name);
    })();
    consumer.running.set(job.id, Object.assign(attempt, { done }));
  }

  function settle(job: MemoryJob, attempt: ActiveAttempt, failure: { error: unknown } | undefined): void {
    if (job.state !== 'active') return; // cancelled meanwhile
    if (!failure) {
      job.state = 'completed';
      return;
    }
    if (attempt.abortCode === 'worker_stopping') {
      job.attemptsStarted--;
      job.state = 'waiting';
      return;
    }
    job.lastError = failureSummary(failure.error);
    // Like the real queues: an outage puts the job off without spending the attempt (not a timed-out one).
    const putOffMs = outageDeferralMs(failure.error, attempt, job.deferrals, outageRetryBaseMs);
    if (putOffMs !== undefined) {
      job.deferrals++;
      job.attemptsStarted--;
      job.state = 'delayed';
      job.runAt = Date.now() + putOffMs;
      wakeAt(job);
      return;
    }
    if (!isRetryableFailure(failure.error) || job.attemptsStarted >= job.attempts) {
      job.state = 'failed';
      return;
    }
    const delayMs = job.backoffMs * 2 ** (job.attemptsStarted - 1);
    job.state = delayMs > 0 ? 'delayed' : 'waiting';
    job.runAt = Date.now() + delayMs;
    if (delayMs > 0) wakeAt(job);
  }

  function assertRunning(): void {
    if (isStopped) throw new UnavailableError('queue_stopped', 'The queue has been stopped');
  }

  async function enqueue(name: string, payload: unknown, enqueueOptions?: EnqueueOptions): Promise<string> {
    assertRunning();
    const resolved = resolveJobOptions(name, enqueueOptions);
    const id = resolved.jobId ?? randomUUID();
    if (table(name).has(id)) return id;
    const job: MemoryJob = {
      id,
      name,
      payload: structuredClone(payload),
      state: resolved.delayMs > 0 ? 'delayed' : 'waiting',
      attemptsStarted: 0,
      attempts: resolved.attempts,
      backoffMs: resolved.backoffMs,
      timeoutMs: resolved.timeoutMs,
      priority: resolved.priority,
      runAt: Date.now() + resolved.delayMs,
      seq: ++broker.seq,
      deferrals: 0,
    };
    table(name).set(id, job);
    if (resolved.delayMs > 0) wakeAt(job);
    queueMicrotask(() => dispatch(name));
    return id;
  }

  function findRunning(name: string, id: string): (ActiveAttempt & { done: Promise<void> }) | undefined {
    for (const consumer of broker.consumers) if (consumer.name === name && consumer.running.has(id)) return consumer.running.get(id);
    return undefined;
  }

  async function stop(stopOptions: { timeoutMs?: number } = {}): Promise<void> {
    if (isStopped) return;
    isStopped = true;
    const mine = broker.consumers.filter((c) => c.owner === owner);
    for (const consumer of mine) consumer.isStopping = true;
    const all = () => Promise.all(mine.flatMap((c) => [...c.running.values()].map((r) => r.done)));
    await within(all(), stopOptions.timeoutMs ?? 30_000);
    for (const consumer of mine) for (const running of consumer.running.values()) abortAttempt(running, 'worker_stopping');
    await within(all(), 5_000);
    for (const consumer of mine) broker.consumers.splice(broker.consumers.indexOf(consumer), 1);
    for (const name of new Set(mine.map((c) => c.name))) dispatch(name);
  }

  return {
    id: 'memory',
    capabilities: { schedules: true },
    broker,
    async start() {
      assertRunning();
    },
    enqueue,
    async work(name, handler, workOptions = {}) {
      assertRunning();
      broker.consumers.push({ owner, name, handler: handler as JobHandler, concurrency: Math.max(1, workOptions.concurrency ?? 1), running: new Map(), isStopping: false });
      dispatch(name);
    },
    async schedule(name, cron, payload) {
      broker.schedules.set(name, { cron, payload: payload ?? {} });
    },
    async unschedule(name) {
      broker.schedules.delete(name);
    },
    async getJob(name, id): Promise<JobInfo | undefined> {
      const job = table(name).get(id);
      if (!job) return undefined;
      const state = job.state === 'delayed' && job.runAt <= Date.now() ? 'waiting' : job.state;
      return { id, name, state, attempt: job.attemptsStarted, payload: structuredClone(job.payload) };
    },
    async cancel(name, id) {
      const job = table(name).get(id);
      if (!job) return false;
      if (job.state === 'waiting' || job.state === 'delayed') {
        table(name).delete(id);
        return true;
      }
      if (job.state !== 'active') return false;
      job.state = 'cancelled';
      const running = findRunning(name, id);
      if (running) abortAttempt(running, 'job_cancelled');
      return true;
    },
    async counts(name): Promise<QueueCounts> {
      const out: QueueCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
      for (const job of table(name).values()) {
        if (job.state === 'cancelled') out.failed++;
        else if (job.state === 'delayed' && job.runAt <= Date.now()) out.waiting++;
        else out[job.state]++;
      }
      return out;
    },
    async ping() {},
    stop,
    jobs: (name) => [...table(name).values()].sort((a, b) => a.seq - b.seq),
    async runSchedule(name) {
      const entry = broker.schedules.get(name);
      if (!entry) throw new Error(`no schedule for ${name}`);
      return enqueue(name, entry.payload);
    },
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const isBusy = () => [...broker.jobs.values()].some((jobs) => [...jobs.values()].some((j) => j.state === 'waiting' || j.state === 'active'));
      while (isBusy()) {
        if (Date.now() > deadline) throw new Error('queue did not drain');
        await delay(5);
      }
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Waits for `promise` at most `ms`; the timer is cleared either way so it never holds the process open. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}
