import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, UnavailableError } from '@xcr/core/errors';
import type { JobContext, JobQueue } from '@xcr/core/ports/job-queue';

/** What a contract factory hands back. Each call stands for another process on the same backend. */
export interface JobQueueFixture {
  instance: JobQueue;
  /** Stops the instance (if the test did not) and releases what the factory opened for it. */
  cleanup(): Promise<void>;
}

/** Options of the job queue contract. */
export interface JobQueueContractOptions {
  /** Builds an instance whose backend cannot be reached, to check that `ping` fails in bounded time. */
  unreachable?: () => Promise<JobQueueFixture>;
  /** A cron expression that ticks every second, when the queue supports one: enables the once-per-tick test. */
  everySecondCron?: string;
  /** How long to watch that nothing more happens (a second poll of the slowest adapter). */
  settleMs?: number;
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function abortCode(signal: AbortSignal): string | undefined {
  const reason: unknown = signal.reason;
  return reason instanceof AppError ? reason.code : undefined;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * The behaviour every `JobQueue` shares: idempotent enqueue, concurrency, retries with attempt numbers, final
 * failure, priorities and delays, cancel of waiting and running jobs (also across processes), timeouts, counts, and a
 * stop that hands unfinished jobs back without losing them or spending an attempt.
 */
export function describeJobQueueContract(label: string, factory: () => Promise<JobQueueFixture>, options: JobQueueContractOptions = {}): void {
  const settleMs = options.settleMs ?? 1200;
  let counter = 0;
  const run = randomBytes(3).toString('hex');
  const uniqueName = () => `contract.${run}.${++counter}`;

  describe(`JobQueue contract: ${label}`, { timeout: 120_000 }, () => {
    let main: JobQueueFixture;
    let queue: JobQueue;
    const extras: JobQueueFixture[] = [];
    async function another(): Promise<JobQueue> {
      const fixture = await factory();
      extras.push(fixture);
      await fixture.instance.start();
      return fixture.instance;
    }

    before(async () => {
      main = await factory();
      queue = main.instance;
      await queue.start();
    });
    after(async () => {
      for (const fixture of extras) await fixture.cleanup();
      await main?.cleanup();
    });

    it('runs a job with its payload, name and first attempt', async () => {
      const name = uniqueName();
      const seen: JobContext[] = [];
      await queue.work(name, async (job) => {
        seen.push(job);
      });
      const id = await queue.enqueue(name, { task_id: 'a', list: [1, 'ü'] });
      await waitFor(() => seen.length === 1, 'the handler');
      assert.equal(seen[0]?.id, id);
      assert.equal(seen[0]?.name, name);
      assert.deepEqual(seen[0]?.payload, { task_id: 'a', list: [1, 'ü'] });
      assert.equal(seen[0]?.attempt, 1);
      assert.equal(seen[0]?.signal.aborted, false);
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'completed', 'completed state');
      const info = await queue.getJob(name, id);
      assert.equal(info?.attempt, 1);
      assert.deepEqual(info?.payload, { task_id: 'a', list: [1, 'ü'] });
      assert.equal((await queue.counts(name)).completed, 1);
    });

    for (const [kind, makeId] of [
      ['a key', () => `task:${randomBytes(4).toString('hex')}`],
      ['a UUID', () => randomUUID()],
      ['digits', () => String(Date.now())],
    ] as const) {
      it(`ignores a second enqueue with the same jobId (${kind}) while the job exists`, async () => {
        const name = uniqueName();
        const jobId = makeId();
        const other = await another();
        const ids = await Promise.all([queue.enqueue(name, { n: 1 }, { jobId }), other.enqueue(name, { n: 1 }, { jobId })]);
        assert.deepEqual(ids, [jobId, jobId]);
        assert.equal(await queue.enqueue(name, { n: 2 }, { jobId }), jobId);
        assert.equal((await queue.counts(name)).waiting, 1);
        const info = await queue.getJob(name, jobId);
        assert.equal(info?.id, jobId);
        assert.equal(info?.state, 'waiting');
        assert.equal(info?.attempt, 0);
        assert.deepEqual(info?.payload, { n: 1 });
        const seen: string[] = [];
        await queue.work(name, async (job) => {
          seen.push(job.id);
        });
        await waitFor(async () => (await queue.getJob(name, jobId))?.state === 'completed', 'completed state');
        await queue.enqueue(name, { n: 3 }, { jobId });
        await sleep(settleMs);
        assert.deepEqual(seen, [jobId]);
      });
    }

    it('runs at most `concurrency` jobs at once', async () => {
      const name = uniqueName();
      let inFlight = 0;
      let maxInFlight = 0;
      let finished = 0;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      for (let i = 0; i < 5; i++) await queue.enqueue(name, { i });
      await queue.work(
        name,
        async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await gate;
          inFlight--;
          finished++;
        },
        { concurrency: 2 },
      );
      await waitFor(() => inFlight === 2, 'two running jobs');
      await sleep(settleMs);
      assert.equal(inFlight, 2);
      release();
      await waitFor(() => finished === 5, 'all jobs');
      assert.equal(maxInFlight, 2);
    });

    it('retries a failing attempt and numbers the attempts', async () => {
      const name = uniqueName();
      const attempts: number[] = [];
      await queue.work(name, async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error('flaky upstream');
      });
      const id = await queue.enqueue(name, {}, { attempts: 3, backoffMs: 10 });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'completed', 'completed state');
      assert.deepEqual(attempts, [1, 2, 3]);
      assert.equal((await queue.getJob(name, id))?.attempt, 3);
    });

    it('fails a job after its last attempt', async () => {
      const name = uniqueName();
      let calls = 0;
      await queue.work(name, async () => {
        calls++;
        throw new Error('always');
      });
      const id = await queue.enqueue(name, {}, { attempts: 2, backoffMs: 0 });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'failed', 'failed state');
      await sleep(settleMs);
      assert.equal(calls, 2);
      assert.equal((await queue.getJob(name, id))?.attempt, 2);
      assert.equal((await queue.counts(name)).failed, 1);
    });

    it('fails at once on an error that says it is not retryable', async () => {
      const name = uniqueName();
      let calls = 0;
      await queue.work(name, async () => {
        calls++;
        throw new AppError('payload_invalid', 'bad payload', { retryable: false });
      });
      const id = await queue.enqueue(name, {}, { attempts: 3 });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'failed', 'failed state');
      await sleep(settleMs);
      assert.equal(calls, 1);
    });

    it('puts off a job that met a dependency outage without spending its attempt; a timeout spends one', async () => {
      const name = uniqueName();
      const attempts = new Map<string, number[]>();
      await queue.work(name, async (job) => {
        const kind = (job.payload as { kind: string }).kind;
        const seen = [...(attempts.get(kind) ?? []), job.attempt];
        attempts.set(kind, seen);
        if (kind === 'outage' && seen.length <= 2) throw new UnavailableError('database_unavailable', 'The database is not reachable');
        if (kind === 'timeout') throw new UnavailableError('database_timeout', 'The statement ran out of time');
      });
      const outage = await queue.enqueue(name, { kind: 'outage' }, { attempts: 1 });
      const timeout = await queue.enqueue(name, { kind: 'timeout' }, { attempts: 1 });
      await waitFor(async () => (await queue.getJob(name, outage))?.state === 'completed', 'the put-off job to complete', 30_000);
      await waitFor(async () => (await queue.getJob(name, timeout))?.state === 'failed', 'the timed-out job to fail');
      // Two outages and the success, all the job's first attempt; the timeout is the job's own failure.
      assert.deepEqual(attempts.get('outage'), [1, 1, 1]);
      assert.deepEqual(attempts.get('timeout'), [1]);
    });

    it('runs higher priorities first', async () => {
      const name = uniqueName();
      await queue.enqueue(name, { p: 0 });
      await queue.enqueue(name, { p: 10 }, { priority: 10 });
      await queue.enqueue(name, { p: -5 }, { priority: -5 });
      await queue.enqueue(name, { p: 5 }, { priority: 5 });
      const order: number[] = [];
      await queue.work(name, async (job) => {
        order.push((job.payload as { p: number }).p);
      });
      await waitFor(() => order.length === 4, 'all jobs');
      assert.deepEqual(order, [10, 5, 0, -5]);
    });

    it('holds a delayed job back, counts it, and cancels it', async () => {
      const name = uniqueName();
      const id = await queue.enqueue(name, {}, { delayMs: 60_000 });
      const ran: string[] = [];
      await queue.work(name, async (job) => {
        ran.push(job.id);
      });
      assert.equal((await queue.getJob(name, id))?.state, 'delayed');
      assert.equal((await queue.counts(name)).delayed, 1);
      assert.equal(await queue.cancel(name, id), true);
      assert.equal(await queue.getJob(name, id), undefined);
      assert.equal((await queue.counts(name)).delayed, 0);
      assert.deepEqual(ran, []);
    });

    it('runs a short delay once it has passed', async () => {
      const name = uniqueName();
      const ran: string[] = [];
      await queue.work(name, async (job) => {
        ran.push(job.id);
      });
      const id = await queue.enqueue(name, {}, { delayMs: 300 });
      await waitFor(() => ran.length === 1, 'the delayed job');
      assert.deepEqual(ran, [id]);
    });

    it('removes a waiting job on cancel; unknown and finished jobs report false', async () => {
      const name = uniqueName();
      const id = await queue.enqueue(name, {});
      assert.equal(await queue.cancel(name, id), true);
      assert.equal(await queue.getJob(name, id), undefined);
      assert.equal(await queue.cancel(name, id), false);
      assert.equal(await queue.cancel(name, randomUUID()), false);
      assert.equal(await queue.getJob(name, randomUUID()), undefined);
      assert.equal((await queue.counts(name)).waiting, 0);
    });

    it('aborts a running job on cancel and never retries it', async () => {
      const name = uniqueName();
      const codes: (string | undefined)[] = [];
      await queue.work(name, async (job) => {
        await untilAborted(job.signal);
        codes.push(abortCode(job.signal));
        throw job.signal.reason;
      });
      const id = await queue.enqueue(name, {}, { attempts: 3 });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'active', 'active state');
      assert.equal(await queue.cancel(name, id), true);
      await waitFor(() => codes.length === 1, 'the abort');
      assert.deepEqual(codes, ['job_cancelled']);
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'cancelled', 'cancelled state');
      await sleep(settleMs);
      assert.equal(codes.length, 1);
      assert.equal(await queue.cancel(name, id), false);
    });

    it('reaches a job running in another process on cancel', async () => {
      const name = uniqueName();
      const worker = await another();
      const codes: (string | undefined)[] = [];
      await worker.work(name, async (job) => {
        await untilAborted(job.signal);
        codes.push(abortCode(job.signal));
      });
      const id = await queue.enqueue(name, {}, { attempts: 3 });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'active', 'active state');
      assert.equal(await queue.cancel(name, id), true);
      await waitFor(() => codes.length === 1, 'the abort in the other process');
      assert.deepEqual(codes, ['job_cancelled']);
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'cancelled', 'cancelled state');
    });

    it('aborts an attempt that outlasts its timeout and fails it', async () => {
      const name = uniqueName();
      const codes: (string | undefined)[] = [];
      await queue.work(name, async (job) => {
        await untilAborted(job.signal);
        codes.push(abortCode(job.signal));
        throw job.signal.reason;
      });
      const id = await queue.enqueue(name, {}, { attempts: 1, timeoutMs: 300 });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'failed', 'failed state');
      assert.deepEqual(codes, ['job_timeout']);
    });

    it('counts jobs per state', async () => {
      const name = uniqueName();
      await queue.enqueue(name, {});
      await queue.enqueue(name, {});
      await queue.enqueue(name, {}, { delayMs: 60_000 });
      assert.deepEqual(await queue.counts(name), { waiting: 2, active: 0, delayed: 1, completed: 0, failed: 0 });
    });

    it('lets running jobs finish on stop', async () => {
      const name = uniqueName();
      const worker = await another();
      let started = 0;
      await worker.work(name, async () => {
        started++;
        await sleep(300);
      });
      const id = await queue.enqueue(name, {});
      await waitFor(() => started === 1, 'the job to start');
      await worker.stop({ timeoutMs: 10_000 });
      assert.equal((await queue.getJob(name, id))?.state, 'completed');
    });

    it('hands an unfinished job back on stop, for another process, without spending an attempt', async () => {
      const name = uniqueName();
      const first = await another();
      const codes: (string | undefined)[] = [];
      await first.work(name, async (job) => {
        await untilAborted(job.signal);
        codes.push(abortCode(job.signal));
        throw job.signal.reason;
      });
      const id = await queue.enqueue(name, { keep: 'me' }, { attempts: 1 });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'active', 'active state');
      await first.stop({ timeoutMs: 200 });
      assert.deepEqual(codes, ['worker_stopping']);
      const info = await queue.getJob(name, id);
      assert.ok(info && (info.state === 'waiting' || info.state === 'delayed'), `state after stop: ${info?.state}`);
      const second = await another();
      const seen: JobContext[] = [];
      await second.work(name, async (job) => {
        seen.push(job);
      });
      await waitFor(() => seen.length === 1, 'the job in the second process');
      assert.equal(seen[0]?.id, id);
      assert.equal(seen[0]?.attempt, 1);
      assert.deepEqual(seen[0]?.payload, { keep: 'me' });
      await waitFor(async () => (await queue.getJob(name, id))?.state === 'completed', 'completed state');
    });

    it('registers, replaces and removes a schedule from several processes', async () => {
      const name = uniqueName();
      const other = await another();
      await queue.schedule(name, '0 3 * * *', { at: 3 });
      await other.schedule(name, '0 4 * * *', { at: 4 });
      await queue.unschedule(name);
      await other.unschedule(name);
      assert.equal(queue.capabilities.schedules, true);
    });

    it('runs a schedule once per tick across two processes', async (t) => {
      if (!options.everySecondCron) {
        t.skip('no sub-minute cron');
        return;
      }
      const name = uniqueName();
      const other = await another();
      const ids: string[] = [];
      const record = async (job: JobContext) => {
        assert.deepEqual(job.payload, { tick: true });
        ids.push(job.id);
      };
      await queue.work(name, record);
      await other.work(name, record);
      const startedAt = Date.now();
      await Promise.all([queue.schedule(name, options.everySecondCron, { tick: true }), other.schedule(name, options.everySecondCron, { tick: true })]);
      await waitFor(() => ids.length >= 3, 'three ticks');
      await Promise.all([queue.unschedule(name), other.unschedule(name)]);
      const elapsedS = (Date.now() - startedAt) / 1000;
      assert.equal(new Set(ids).size, ids.length, 'a tick ran twice');
      // Two schedulers ticking independently would run about two jobs a second.
      assert.ok(ids.length <= Math.ceil(elapsedS) + 1, `${ids.length} runs in ${elapsedS} s`);
    });

    it('answers ping', async () => {
      await queue.ping();
    });

    it('fails ping when its backend cannot be reached', async (t) => {
      if (!options.unreachable) {
        t.skip('no unreachable backend to try');
        return;
      }
      const fixture = await options.unreachable();
      try {
        await assert.rejects(fixture.instance.ping(), (error: unknown) => error instanceof AppError && error.code === 'queue_unavailable');
      } finally {
        await fixture.cleanup();
      }
    });
  });
}
