// The consuming side of `npm run bench:queue`, and the queues it measures. As a child process (forked by
// scripts/bench/queue.ts) it runs no-op jobs through the product's queue adapter, the way a worker process does, and
// reports to its parent every 100 ms how many jobs it finished and the enqueue-to-done latency of timed ones.
import { createDatabase, type DatabaseHandle } from '@xcr/adapters/db/create-database';
import { createBullMqJobQueue } from '@xcr/adapters/queue/bullmq/index';
import { createPgBossJobQueue } from '@xcr/adapters/queue/pgboss/index';
import type { JobQueue } from '@xcr/core/ports/job-queue';
import { isMain } from '../ops/is-main.ts';

/** Where a queue lives: BullMQ on a Redis URL, pg-boss on a PostgreSQL URL, or pg-boss on an embedded PGlite folder. */
export type QueueBackend =
  | { kind: 'bullmq'; redisUrl: string }
  | { kind: 'pgboss'; databaseUrl: string }
  | { kind: 'pglite'; dataDir: string };

/** The job every run enqueues. */
export const benchJobName = 'bench.noop';

/** A job's payload: when its enqueue started (epoch ms, sub-ms precision), and whether its latency counts. */
export interface BenchPayload {
  enqueuedAtMs: number;
  isTimed: boolean;
}

/** Messages from the worker process. */
export type WorkerMessage =
  { type: 'ready' } | { type: 'progress'; done: number; latenciesMs: number[] } | { type: 'stopped' };

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Opens the product's queue adapter on `backend`, as the server's runtime does; `close` also closes the database. */
export async function openQueue(backend: QueueBackend): Promise<{ queue: JobQueue; close(): Promise<void> }> {
  if (backend.kind === 'bullmq') {
    const queue = createBullMqJobQueue({ redisUrl: backend.redisUrl, prefix: 'xcr-bench' });
    return { queue, close: () => queue.stop({ timeoutMs: 5_000 }) };
  }
  if (backend.kind === 'pgboss') {
    const queue = createPgBossJobQueue({ connectionString: backend.databaseUrl });
    return { queue, close: () => queue.stop({ timeoutMs: 5_000 }) };
  }
  const database: DatabaseHandle = await createDatabase({ kind: 'pglite', dataDir: backend.dataDir });
  const queue = createPgBossJobQueue({ db: { executeSql: database.executeSql } });
  return {
    queue,
    async close() {
      await queue.stop({ timeoutMs: 5_000 });
      await database.close();
    },
  };
}

/**
 * Works `benchJobName` with `concurrency` no-op handlers on `queue`, counting finished jobs and the latency of timed
 * ones; `report` receives what accumulated since the last call.
 */
export async function workNoop(
  queue: JobQueue,
  concurrency: number,
): Promise<() => { done: number; latenciesMs: number[] }> {
  let done = 0;
  let latenciesMs: number[] = [];
  await queue.work<BenchPayload>(
    benchJobName,
    async (job) => {
      done += 1;
      if (job.payload.isTimed) latenciesMs.push(epochMs() - job.payload.enqueuedAtMs);
    },
    { concurrency },
  );
  return () => {
    const batch = { done, latenciesMs };
    done = 0;
    latenciesMs = [];
    return batch;
  };
}

async function main(): Promise<void> {
  const backend = JSON.parse(process.env.XCR_BENCH_QUEUE_BACKEND!) as QueueBackend;
  const concurrency = Number(process.env.XCR_BENCH_QUEUE_CONCURRENCY ?? 16);
  const { queue, close } = await openQueue(backend);
  await queue.start();
  const report = await workNoop(queue, concurrency);
  const send = (message: WorkerMessage) => process.send!(message);
  const timer = setInterval(() => send({ type: 'progress', ...report() }), 100);
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'stop') return;
    clearInterval(timer);
    void close().finally(() => {
      send({ type: 'progress', ...report() });
      send({ type: 'stopped' });
      process.disconnect();
    });
  });
  send({ type: 'ready' });
}

if (isMain(import.meta.url)) await main();
