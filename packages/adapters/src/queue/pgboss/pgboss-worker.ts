import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { JobHandler } from '@xcr/core/ports/job-queue';
import { abortAttempt, failureSummary, isRetryableFailure, outageDeferralMs, settlesWithin, type ActiveAttempt } from '../job-runtime.ts';
import { callerId, type adapterSql, type JobEnvelope, type SqlExecutor } from './pgboss-sql.ts';

type FetchedJob = PgBoss.JobWithMetadata<JobEnvelope>;

/** How long a worker keeps trying to put a job back while the database (and with it the queue) is away. */
const outageWaitMs = 5 * 60_000;

interface RunningJob extends ActiveAttempt {
  job: FetchedJob;
  done: Promise<void>;
  /** Set when stop gave up waiting and requeued the job: its late outcome must not touch the row any more. */
  isAbandoned: boolean;
}

/** What a worker loop needs from its queue. */
export interface PgBossWorkerDeps {
  boss: PgBoss;
  db: SqlExecutor;
  sql: ReturnType<typeof adapterSql>;
  pollingIntervalMs: number;
  /** First delay of a job put off by a dependency outage (see `outageDeferralMs`). */
  outageRetryBaseMs: number;
  logger?: Logger;
}

/**
 * One `work()` registration: a loop that claims up to `concurrency` jobs at a time (pg-boss's fetch uses
 * `FOR UPDATE SKIP LOCKED`, so processes never claim the same job), runs them, and records each outcome. Between
 * polls it re-reads the claims of its running jobs, which is how a cancel in another process reaches them.
 */
export class PgBossWorker {
  readonly running = new Map<string, RunningJob>();
  private isStopping = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly handler: JobHandler,
    private readonly concurrency: number,
    private readonly deps: PgBossWorkerDeps,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the poll early (a job finished, or this process enqueued one). */
  notify(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { boss, logger } = this.deps;
    while (!this.isStopping) {
      const free = this.concurrency - this.running.size;
      let fetched = 0;
      if (free > 0) {
        try {
          const jobs = (await boss.fetch<JobEnvelope>(this.name, { batchSize: free, includeMetadata: true })) ?? [];
          fetched = jobs.length;
          if (this.isStopping) {
            await this.requeue(jobs.map((j) => j.id));
            break;
          }
          for (const job of jobs) this.begin(job);
        } catch (error) {
          logger?.warn({ job: this.name, err: error }, 'job fetch failed');
        }
      }
      if (fetched > 0 && fetched === free) continue; // there may be more waiting
      await this.checkClaims();
      await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.deps.pollingIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private begin(job: FetchedJob): void {
    const envelope = job.data ?? ({ payload: undefined, timeoutMs: 0 } as JobEnvelope);
    const running: RunningJob = { job, controller: new AbortController(), isAbandoned: false, done: Promise.resolve() };
    this.running.set(job.id, running);
    const timer = envelope.timeoutMs > 0 ? setTimeout(() => abortAttempt(running, 'job_timeout'), envelope.timeoutMs) : undefined;
    const context = {
      id: callerId(job),
      name: this.name,
      payload: envelope.payload,
      attempt: job.retryCount + 1,
      signal: running.controller.signal,
    };
    running.done = (async () => {
      let failure: { error: unknown } | undefined;
      try {
        await this.handler(context);
      } catch (error) {
        failure = { error };
      }
      clearTimeout(timer);
      try {
        if (!running.isAbandoned) await this.settle(running, failure);
      } catch (error) {
        this.deps.logger?.error({ job: this.name, id: job.id, err: error }, 'job outcome not recorded');
      } finally {
        this.running.delete(job.id);
        this.notify();
      }
    })();
  }

  private async settle(running: RunningJob, failure: { error: unknown } | undefined): Promise<void> {
    const { boss, db, sql, logger } = this.deps;
    const { job } = running;
    // A cancel already moved the row to `cancelled`; whatever the handler did, there is nothing to record.
    if (running.abortCode === 'job_cancelled') return;
    if (!failure) {
      await boss.complete(this.name, job.id);
      return;
    }
    if (running.abortCode === 'worker_stopping') {
      await this.requeue([job.id]);
      return;
    }
    const summary = failureSummary(failure.error);
    const deferrals = (job.data as JobEnvelope | undefined)?.deferrals ?? 0;
    const delayMs = outageDeferralMs(failure.error, running, deferrals, this.deps.outageRetryBaseMs);
    if (delayMs !== undefined && (await this.deferForOutage(running, summary.code, deferrals, delayMs))) return;
    if (!isRetryableFailure(failure.error)) await db.executeSql(sql.exhaustRetries, [this.name, job.id]);
    logger?.warn({ job: this.name, id: job.id, attempt: job.retryCount + 1, code: summary.code }, 'job attempt failed');
    await boss.fail(this.name, job.id, summary);
  }

  /**
   * Puts a job that failed against an unavailable dependency back for later, its attempt unspent; false when its
   * row is no longer this attempt's. When the database itself is away (the queue lives there), the update is
   * tried again every few seconds for up to `outageWaitMs`, holding the worker's slot, so the job does not sit
   * claimed until pg-boss expires it.
   */
  private async deferForOutage(running: RunningJob, code: string, deferrals: number, delayMs: number): Promise<boolean> {
    const { job } = running;
    const params = [this.name, job.id, delayMs, deferrals + 1, new Date(job.startedOn)];
    const giveUpAt = Date.now() + outageWaitMs;
    for (;;) {
      try {
        const { rows } = await this.deps.db.executeSql(this.deps.sql.defer, params);
        if (rows.length === 0) return false;
        break;
      } catch {
        if (running.isAbandoned || Date.now() > giveUpAt) return false;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 2 * this.deps.outageRetryBaseMs)));
      }
    }
    this.deps.logger?.warn({ job: this.name, id: job.id, code, deferrals: deferrals + 1, delay_ms: delayMs }, 'job deferred: a dependency is unavailable');
    return true;
  }

  private async requeue(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.deps.db.executeSql(this.deps.sql.requeue, [this.name, ids]);
  }

  /** Aborts running jobs whose row says they are no longer ours: cancelled, expired, or claimed again elsewhere. */
  private async checkClaims(): Promise<void> {
    if (this.running.size === 0) return;
    const ids = [...this.running.keys()];
    try {
      const { rows } = await this.deps.db.executeSql(this.deps.sql.claims, [this.name, ids]);
      const claims = new Map((rows as { id: string; state: string; startedOn: Date | null }[]).map((r) => [r.id, r]));
      for (const [id, running] of this.running) {
        const claim = claims.get(id);
        const isOurs =
          claim?.state === 'active' && claim.startedOn?.getTime() === new Date(running.job.startedOn).getTime();
        if (isOurs) continue;
        // The row belongs to someone else now (a cancel, or pg-boss expired it and it may run again elsewhere):
        // this attempt must not record any outcome on it.
        running.isAbandoned = true;
        abortAttempt(running, !claim || claim.state === 'cancelled' ? 'job_cancelled' : 'job_timeout');
      }
    } catch (error) {
      this.deps.logger?.warn({ job: this.name, err: error }, 'job claim check failed');
    }
  }

  /** Aborts one running job of this worker, if it runs here. */
  abortLocal(id: string): boolean {
    const running = this.running.get(id);
    if (!running) return false;
    abortAttempt(running, 'job_cancelled');
    return true;
  }

  /**
   * Stops claiming, lets running jobs finish until `deadline`, then aborts the rest (they go back to the queue) and
   * waits a little more for them to wind down. A handler that ignores its signal is requeued anyway and left behind.
   */
  async stop(deadline: number, windDownMs: number): Promise<void> {
    this.isStopping = true;
    this.notify();
    await this.loop;
    const all = () => Promise.all([...this.running.values()].map((r) => r.done));
    await settlesWithin(all(), deadline - Date.now());
    if (this.running.size === 0) return;
    for (const running of this.running.values()) abortAttempt(running, 'worker_stopping');
    await settlesWithin(all(), windDownMs);
    const stuck = [...this.running.values()];
    for (const running of stuck) running.isAbandoned = true;
    if (stuck.length > 0) {
      this.deps.logger?.warn({ job: this.name, count: stuck.length }, 'job handlers ignored their abort signal; jobs requeued');
      await this.requeue(stuck.map((r) => r.job.id));
    }
  }
}
