// P-QUEUE: no-op jobs through the product's queue adapters: BullMQ on Redis and pg-boss on PostgreSQL (each worked
// by a separate worker process, as in production), and pg-boss on PGlite (one process, as in embedded mode).
// Two figures per queue: jobs/s sustained over --duration seconds with a backlog waiting, and the enqueue-to-done
// latency (p50/p95/p99) when jobs arrive paced at --rate per second for --duration seconds. Prints a table and the
// P-QUEUE line last.
//   npm run bench:queue -- [--duration 60] [--rate 100] [--concurrency 16] [--queues bullmq,pgboss,pglite]
//                          [--redis-url redis://...]   (default: a redis-server of its own)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { JobQueue } from '@xcr/core/ports/job-queue';
import { startOwnRedisServer } from '@xcr/testkit/services/redis-server';
import { createTestDatabaseUrl } from '@xcr/testkit/services/test-database';
import { loadAverage, quantile } from '../ops/load.ts';
import {
  benchJobName,
  epochMs,
  openQueue,
  workNoop,
  type BenchPayload,
  type QueueBackend,
  type WorkerMessage,
} from './queue-worker.ts';

type QueueKind = QueueBackend['kind'];
const labels: Record<QueueKind, string> = {
  bullmq: 'BullMQ (Redis)',
  pgboss: 'pg-boss (PostgreSQL)',
  pglite: 'pg-boss (PGlite)',
};

/** What consumes the jobs: counts so far, timed latencies, and how to stop it. */
interface Consumer {
  done(): number;
  latenciesMs(): number[];
  stop(): Promise<void>;
}

/** What one queue measured. */
interface QueueResult {
  kind: QueueKind;
  jobsPerS: number;
  enqueuedPerS: number;
  paced: { sent: number; finished: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  loadAverage: string;
}

/** A fresh home for `kind`: its own redis-server, a new PostgreSQL database, or a new PGlite folder. */
async function prepare(
  kind: QueueKind,
  redisUrl: string | undefined,
): Promise<{ backend: QueueBackend; cleanup(): Promise<void> }> {
  if (kind === 'bullmq') {
    if (redisUrl) return { backend: { kind, redisUrl }, cleanup: async () => undefined };
    const redis = await startOwnRedisServer();
    return { backend: { kind, redisUrl: redis.url }, cleanup: () => redis.stop() };
  }
  if (kind === 'pgboss') {
    const database = await createTestDatabaseUrl({ prefix: 'xcr_bench_queue' });
    return { backend: { kind, databaseUrl: database.url }, cleanup: () => database.drop() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'xcr-bench-queue-'));
  return {
    backend: { kind, dataDir },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A worker process working the queue (scripts/bench/queue-worker.ts). */
async function startWorkerProcess(backend: QueueBackend, concurrency: number): Promise<Consumer> {
  const child: ChildProcess = fork(new URL('./queue-worker.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      XCR_BENCH_QUEUE_BACKEND: JSON.stringify(backend),
      XCR_BENCH_QUEUE_CONCURRENCY: String(concurrency),
    },
  });
  let done = 0;
  const latencies: number[] = [];
  let onStopped: () => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the worker process exited (${code})`)));
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'progress') {
        done += message.done;
        latencies.push(...message.latenciesMs);
      }
      if (message.type === 'stopped') onStopped();
    });
  });
  await ready;
  return {
    done: () => done,
    latenciesMs: () => latencies,
    async stop() {
      const stopped = new Promise<void>((resolve) => (onStopped = resolve));
      child.send({ type: 'stop' });
      await Promise.race([stopped, sleep(15_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The consumer on the producer's own queue instance (embedded mode: one process runs every role). */
async function startInProcessWorker(queue: JobQueue, concurrency: number): Promise<Consumer> {
  const report = await workNoop(queue, concurrency);
  let done = 0;
  const latencies: number[] = [];
  const collect = () => {
    const batch = report();
    done += batch.done;
    latencies.push(...batch.latenciesMs);
  };
  const timer = setInterval(collect, 100);
  return {
    done: () => (collect(), done),
    latenciesMs: () => (collect(), latencies),
    stop: async () => clearInterval(timer),
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

function enqueueNoop(queue: JobQueue, isTimed: boolean): Promise<string> {
  const payload: BenchPayload = { enqueuedAtMs: epochMs(), isTimed };
  return queue.enqueue(benchJobName, payload, { attempts: 1 });
}

/** Enqueues as fast as `producers` callers can while at most `backlog` jobs wait; returns jobs/s finished and enqueued. */
async function sustained(
  queue: JobQueue,
  consumer: Consumer,
  durationS: number,
): Promise<{ jobsPerS: number; enqueuedPerS: number }> {
  const backlog = 2_000;
  const producers = 16;
  let enqueued = 0;
  const doneBefore = consumer.done();
  const started = performance.now();
  const endAt = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: producers }, async () => {
      while (performance.now() < endAt) {
        if (enqueued - (consumer.done() - doneBefore) >= backlog) {
          await sleep(5);
          continue;
        }
        enqueued += 1;
        await enqueueNoop(queue, false);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const finished = consumer.done() - doneBefore;
  // Let the backlog drain so the paced run starts on an empty queue.
  await waitFor(() => consumer.done() - doneBefore >= enqueued, 120_000);
  return { jobsPerS: finished / elapsedS, enqueuedPerS: enqueued / elapsedS };
}

/** Enqueues `ratePerS` timed jobs a second for `durationS`, on a fixed schedule; returns the latency quantiles. */
async function paced(
  queue: JobQueue,
  consumer: Consumer,
  durationS: number,
  ratePerS: number,
): Promise<QueueResult['paced']> {
  const count = Math.round(durationS * ratePerS);
  const timedBefore = consumer.latenciesMs().length;
  const started = performance.now();
  const sends: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / ratePerS - performance.now();
    if (wait > 1) await sleep(wait);
    sends.push(enqueueNoop(queue, true).catch(() => undefined));
  }
  await Promise.all(sends);
  await waitFor(() => consumer.latenciesMs().length - timedBefore >= count, 30_000);
  const sorted = Float64Array.from(consumer.latenciesMs().slice(timedBefore)).sort();
  return {
    sent: count,
    finished: sorted.length,
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? 0,
  };
}

async function measure(
  kind: QueueKind,
  options: { durationS: number; ratePerS: number; concurrency: number; redisUrl?: string },
): Promise<QueueResult> {
  const { backend, cleanup } = await prepare(kind, options.redisUrl);
  const { queue, close } = await openQueue(backend);
  let consumer: Consumer | undefined;
  try {
    await queue.start();
    consumer =
      kind === 'pglite'
        ? await startInProcessWorker(queue, options.concurrency)
        : await startWorkerProcess(backend, options.concurrency);
    const warmUp = await Promise.all(Array.from({ length: 200 }, () => enqueueNoop(queue, false)));
    await waitFor(() => consumer!.done() >= warmUp.length, 60_000);
    const rates = await sustained(queue, consumer, options.durationS);
    const latency = await paced(queue, consumer, options.durationS, options.ratePerS);
    return { kind, ...rates, paced: latency, loadAverage: loadAverage() };
  } finally {
    await consumer?.stop();
    await close();
    await cleanup();
  }
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

function formatTable(
  results: readonly QueueResult[],
  options: { durationS: number; ratePerS: number },
): string {
  const header = [
    'queue',
    `jobs/s (${options.durationS} s)`,
    'enqueued/s',
    `p50 @${options.ratePerS}/s`,
    'p95',
    'p99',
    'max',
    'done',
    'load average',
  ];
  const rows = results.map((r) => [
    labels[r.kind],
    Math.round(r.jobsPerS).toLocaleString('en-US'),
    Math.round(r.enqueuedPerS).toLocaleString('en-US'),
    `${ms(r.paced.p50Ms)} ms`,
    `${ms(r.paced.p95Ms)} ms`,
    `${ms(r.paced.p99Ms)} ms`,
    `${ms(r.paced.maxMs)} ms`,
    `${r.paced.finished}/${r.paced.sent}`,
    r.loadAverage,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60' },
      rate: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '16' },
      queues: { type: 'string', default: 'bullmq,pgboss,pglite' },
      'redis-url': { type: 'string' },
    },
  });
  const options = {
    durationS: Number(values.duration),
    ratePerS: Number(values.rate),
    concurrency: Number(values.concurrency),
    redisUrl: values['redis-url'],
  };
  const kinds = values.queues.split(',').map((k) => k.trim()) as QueueKind[];
  const unknown = kinds.filter((k) => !(k in labels));
  if (unknown.length > 0)
    throw new Error(`--queues: unknown ${unknown.join(', ')} (expected bullmq, pgboss, pglite)`);
  console.log(
    `P-QUEUE: no-op jobs, worker concurrency ${options.concurrency}; sustained for ${options.durationS} s with up to 2,000 waiting, then paced at ${options.ratePerS} jobs/s for ${options.durationS} s`,
  );
  const results: QueueResult[] = [];
  for (const kind of kinds) {
    const result = await measure(kind, options);
    results.push(result);
    console.log(
      `${labels[kind]}: ${Math.round(result.jobsPerS).toLocaleString('en-US')} jobs/s sustained, enqueue to done p95 ${ms(result.paced.p95Ms)} ms at ${options.ratePerS}/s`,
    );
  }
  console.log(formatTable(results, options));
  const summary = results.map(
    (r) =>
      `${labels[r.kind]} ${Math.round(r.jobsPerS).toLocaleString('en-US')} jobs/s, p95 ${ms(r.paced.p95Ms)} ms`,
  );
  console.log(`P-QUEUE: ${summary.join('; ')} (load average ${loadAverage()})`);
}

await main();
