import { DelayedError, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobHandler } from '@xcr/core/ports/job-queue';
import { abortAttempt, failureSummary, isRetryableFailure, outageDeferralMs, settlesWithin, type ActiveAttempt } from '../job-runtime.ts';
import { fromBullId } from './bullmq-ids.ts';

/** The data of a BullMQ job: the payload plus what the adapter needs to run it. */
export interface BullEnvelope {
  payload: unknown;
  timeoutMs: number;
  /** Times the job was put back because a dependency was unavailable (see `outageDeferralMs`). */
  deferrals?: number;
}



interface RunningJob extends ActiveAttempt {
  job: Job<BullEnvelope>;
}

/** What a worker needs from its queue. */
export interface BullMqWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  cancelKey(bullId: string): string;
  cancelCheckIntervalMs: number;
  /** Claim lifetime without renewal: how long a dead worker's jobs wait before another worker takes them. */
  lockDurationMs: number;
  /** How often lapsed claims are looked for. */
  stalledIntervalMs: number;
  /** Take-overs from dead workers a job survives; one more fails it. */
  maxStalledCount: number;
  /** First delay of a job put off by a dependency outage (see `outageDeferralMs`). */
  outageRetryBaseMs: number;
  logger?: Logger;
}

/**
 * One `work()` registration on BullMQ. Outcomes map onto BullMQ's errors: a cancelled job or a non-retryable failure
 * throws UnrecoverableError (no retry); a job interrupted by stop goes back to the wait list with its lock released
 * and throws WaitingError, which BullMQ takes as "not finished" and which spends no attempt; a job that failed
 * against an unavailable dependency is moved to the delayed set and throws DelayedError, spending none either.
 */
export class BullMqWorker {
  private readonly running = new Map<string, RunningJob>();
  private worker: Worker<BullEnvelope> | undefined;
  private cancelTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    private readonly handler: JobHandler,
    private readonly deps: BullMqWorkerDeps,
  ) {}

  async start(): Promise<void> {
    const worker = new Worker<BullEnvelope>(this.name, (job, token) => this.process(job, token), {
      connection: this.deps.connection,
      prefix: this.deps.prefix,
      concurrency: this.deps.concurrency,
      lockDuration: this.deps.lockDurationMs,
      stalledInterval: this.deps.stalledIntervalMs,
      maxStalledCount: this.deps.maxStalledCount,
    });
    worker.on('error', (error: Error) => this.deps.logger?.warn({ job: this.name, err: { message: error.message } }, 'worker error'));
    this.worker = worker;
    this.cancelTimer = setInterval(() => void this.checkCancels(), this.deps.cancelCheckIntervalMs);
    this.cancelTimer.unref();
    await worker.waitUntilReady();
  }

  private async process(job: Job<BullEnvelope>, token: string | undefined): Promise<void> {
    const bullId = job.id as string;
    const running: RunningJob = { job, controller: new AbortController() };
    this.running.set(bullId, running);
    const envelope = job.data ?? { payload: undefined, timeoutMs: 0 };
    const timer = envelope.timeoutMs > 0 ? setTimeout(() => abortAttempt(running, 'job_timeout'), envelope.timeoutMs) : undefined;
    try {
      await this.handler({
        id: fromBullId(bullId),
        name: this.name,
        payload: envelope.payload,
        attempt: job.attemptsMade + 1,
        signal: running.controller.signal,
      });
      if (running.abortCode === 'job_cancelled') throw new UnrecoverableError('job_cancelled: The job was cancelled');
    } catch (error) {
      throw await this.failure(running, error, token);
    } finally {
      clearTimeout(timer);
      this.running.delete(bullId);
    }
  }

  /** The error BullMQ should see for a failed attempt. */
  private async failure(running: RunningJob, error: unknown, token: string | undefined): Promise<Error> {
    const { job } = running;
    if (error instanceof UnrecoverableError) return error;
    if (running.abortCode === 'job_cancelled') {
      await this.deps.connection.del(this.deps.cancelKey(job.id as string)).catch(() => undefined);
      return new UnrecoverableError('job_cancelled: The job was cancelled');
    }
    if (running.abortCode === 'worker_stopping') {
      await job.moveToWait(token);
      return new WaitingError();
    }
    const summary = failureSummary(error);
    const deferrals = job.data?.deferrals ?? 0;
    const delayMs = outageDeferralMs(error, running, deferrals, this.deps.outageRetryBaseMs);
    if (delayMs !== undefined && (await this.deferForOutage(job, token, summary.code, deferrals, delayMs)))
      return new DelayedError();
    this.deps.logger?.warn({ job: this.name, id: job.id, attempt: job.attemptsMade + 1, code: summary.code }, 'job attempt failed');
    const message = `${summary.code}: ${summary.message}`;
    return isRetryableFailure(error) ? new Error(message) : new UnrecoverableError(message);
  }

  /**
   * Puts a job that failed against an unavailable dependency back in the queue for later, its attempt unspent;
   * false when the queue itself cannot take it back.
   */
  private async deferForOutage(job: Job<BullEnvelope>, token: string | undefined, code: string, deferrals: number, delayMs: number): Promise<boolean> {
    try {
      await job.updateData({ ...job.data, deferrals: deferrals + 1 });
      await job.moveToDelayed(Date.now() + delayMs, token);
    } catch {
      return false;
    }
    this.deps.logger?.warn({ job: this.name, id: job.id, code, deferrals: deferrals + 1, delay_ms: delayMs }, 'job deferred: a dependency is unavailable');
    return true;
  }

  /** Aborts running jobs that another process asked to cancel (it left a marker key). */
  private async checkCancels(): Promise<void> {
    if (this.running.size === 0) return;
    const ids = [...this.running.keys()];
    try {
      const marks = await this.deps.connection.mget(ids.map((id) => this.deps.cancelKey(id)));
      ids.forEach((id, i) => {
        const running = this.running.get(id);
        if (marks[i] && running) abortAttempt(running, 'job_cancelled');
      });
    } catch (error) {
      this.deps.logger?.warn({ job: this.name, err: error }, 'cancel check failed');
    }
  }

  /** Aborts one running job of this worker, if it runs here. */
  abortLocal(bullId: string): boolean {
    const running = this.running.get(bullId);
    if (!running) return false;
    abortAttempt(running, 'job_cancelled');
    return true;
  }

  /**
   * Closes the worker: no new jobs; running ones may finish until `deadline`, then their signals abort (they go back
   * to the wait list) and they get `windDownMs` more. A handler that ignores its signal is left to BullMQ's stalled
   * check, which hands its job to another worker once the lock lapses.
   */
  async stop(deadline: number, windDownMs: number): Promise<void> {
    clearInterval(this.cancelTimer);
    const worker = this.worker;
    if (!worker) return;
    const closing = worker.close();
    const finished = await settlesWithin(closing, deadline - Date.now());
    if (finished) return;
    for (const running of this.running.values()) abortAttempt(running, 'worker_stopping');
    const wound = await settlesWithin(closing, windDownMs);
    if (!wound) this.deps.logger?.warn({ job: this.name, count: this.running.size }, 'job handlers ignored their abort signal');
  }
}
