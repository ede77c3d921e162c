import { randomUUID } from 'node:crypto';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { UnavailableError } from '@xcr/core/errors';
import type { EnqueueOptions, JobHandler, JobInfo, JobQueue, QueueCounts } from '@xcr/core/ports/job-queue';
import { defaultOutageRetryBaseMs, resolveJobOptions, type ResolvedJobOptions } from '../job-runtime.ts';
import { adapterSql, callerId, storageId, type JobEnvelope, type SqlExecutor } from './pgboss-sql.ts';
import { PgBossWorker } from './pgboss-worker.ts';

/** Options of the pg-boss queue: a PostgreSQL URL, or an executor over the embedded database. */
export interface PgBossJobQueueOptions {
  connectionString?: string;
  /** Runs SQL on the embedded database; calls must never interleave (PGlite has one connection). */
  db?: SqlExecutor;
  /** Schema of pg-boss's tables. */
  schema?: string;
  /** How often an idle worker polls for jobs; pg-boss allows 500 at the least. */
  pollingIntervalMs?: number;
  /** Connections of the pool opened for `connectionString`. */
  maxConnections?: number;
  /** How long `ping` waits. */
  pingTimeoutMs?: number;
  /** First delay before a job that met a dependency outage runs again, its attempt unspent. Default 2 s. */
  outageRetryBaseMs?: number;
}

/** Extra seconds pg-boss gives a job beyond its timeout before expiring it, so the worker's own timeout acts first. */
const expiryGraceS = 60;
/** pg-boss refuses expiries of 24 hours or more. */
const maxExpiryS = 24 * 3600 - 1;

/**
 * A job queue on PostgreSQL with pg-boss (the embedded default, on PGlite through `db`). The adapter runs its own
 * claim loop over pg-boss's fetch/complete/fail so that a stopping worker can put interrupted jobs back without
 * spending an attempt, and a cancel reaches a job running in another process. Backoff counts in whole seconds.
 */
export function createPgBossJobQueue(options: PgBossJobQueueOptions, deps: { logger?: Logger } = {}): JobQueue {
  const schema = options.schema ?? 'pgboss';
  const logger = deps.logger;
  const pollingIntervalMs = Math.max(500, options.pollingIntervalMs ?? 2000);
  let pool: pg.Pool | undefined;
  let db: SqlExecutor;
  if (options.db) {
    db = options.db;
  } else if (options.connectionString) {
    pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 4, connectionTimeoutMillis: 5000 });
    pool.on('error', (error) => logger?.warn({ err: { message: error.message } }, 'queue database connection error'));
    db = poolExecutor(pool);
  } else {
    throw new UnavailableError('queue_misconfigured', 'The pg-boss queue needs a connection string or a database executor');
  }
  const boss = new PgBoss({ db: db as PgBoss.Db, schema, pollingIntervalSeconds: pollingIntervalMs / 1000, supervise: true, schedule: true });
  boss.on('error', (error: Error) => logger?.warn({ err: { message: error.message } }, 'pg-boss error'));
  const sql = adapterSql(schema);
  const workers: PgBossWorker[] = [];
  const queues = new Map<string, Promise<void>>();
  let started: Promise<void> | undefined;
  let isStopped = false;

  function start(): Promise<void> {
    if (isStopped) return Promise.reject(new UnavailableError('queue_stopped', 'The queue has been stopped'));
    started ??= boss.start().then(
      () => undefined,
      (error: unknown) => {
        started = undefined;
        throw new UnavailableError('queue_unavailable', 'The job queue could not start', { cause: error });
      },
    );
    return started;
  }

  /** pg-boss 10 keeps each job name in a queue (and partition) of its own, created before first use. */
  async function ensureQueue(name: string): Promise<void> {
    await start();
    let ready = queues.get(name);
    if (!ready) {
      ready = db.executeSql(sql.createQueue(name)).then(
        () => undefined,
        async (error: unknown) => {
          queues.delete(name);
          // A failed multi-statement call leaves its transaction open on a single-connection database.
          await db.executeSql('ROLLBACK').catch(() => undefined);
          throw error;
        },
      );
      queues.set(name, ready);
    }
    await ready;
  }

  function sendOptions(resolved: ResolvedJobOptions): PgBoss.SendOptions {
    const retryDelay = Math.round(resolved.backoffMs / 1000);
    return {
      priority: resolved.priority,
      retryLimit: resolved.attempts - 1,
      retryDelay,
      retryBackoff: retryDelay > 0,
      expireInSeconds: Math.min(maxExpiryS, Math.ceil(resolved.timeoutMs / 1000) + expiryGraceS),
      ...(resolved.delayMs > 0 ? { startAfter: resolved.delayMs / 1000 } : {}),
    };
  }

  async function enqueue(name: string, payload: unknown, enqueueOptions?: EnqueueOptions): Promise<string> {
    const resolved = resolveJobOptions(name, enqueueOptions);
    await ensureQueue(name);
    const id = resolved.jobId !== undefined ? storageId(name, resolved.jobId) : randomUUID();
    const envelope: JobEnvelope = { payload, timeoutMs: resolved.timeoutMs, ...(resolved.jobId !== undefined && resolved.jobId !== id ? { key: resolved.jobId } : {}) };
    // An existing row with this id makes the insert a no-op (ON CONFLICT DO NOTHING): that is the idempotency.
    await boss.send(name, envelope as object, { ...sendOptions(resolved), id });
    for (const worker of workers) if (worker.name === name) worker.notify();
    return resolved.jobId ?? id;
  }

  async function work<P>(name: string, handler: JobHandler<P>, workOptions: { concurrency?: number } = {}): Promise<void> {
    if (isStopped) throw new UnavailableError('queue_stopped', 'The queue has been stopped');
    await ensureQueue(name);
    const worker = new PgBossWorker(name, handler as JobHandler, Math.max(1, workOptions.concurrency ?? 1), {
      boss,
      db,
      sql,
      pollingIntervalMs,
      outageRetryBaseMs: options.outageRetryBaseMs ?? defaultOutageRetryBaseMs,
      logger,
    });
    workers.push(worker);
    worker.start();
  }

  async function schedule(name: string, cron: string, payload?: unknown): Promise<void> {
    const resolved = resolveJobOptions(name);
    await ensureQueue(name);
    const envelope: JobEnvelope = { payload: payload ?? {}, timeoutMs: resolved.timeoutMs };
    await boss.schedule(name, cron, envelope as object, { ...sendOptions(resolved), tz: 'UTC' });
  }

  async function unschedule(name: string): Promise<void> {
    await start();
    await boss.unschedule(name);
  }

  async function getJob(name: string, id: string): Promise<JobInfo | undefined> {
    await start();
    const row = await boss.getJobById<JobEnvelope>(name, storageId(name, id), { includeArchive: true });
    if (!row) return undefined;
    return {
      id: callerId(row),
      name,
      state: stateOf(row),
      attempt: row.startedOn ? row.retryCount + 1 : 0,
      payload: row.data?.payload,
    };
  }

  async function cancel(name: string, id: string): Promise<boolean> {
    await start();
    const rowId = storageId(name, id);
    const { rows } = await db.executeSql(sql.deleteIfWaiting, [name, rowId]);
    if (rows.length > 0) return true;
    // Running (here or elsewhere): mark it cancelled, which the claim check of its worker notices.
    const result = (await boss.cancel(name, rowId)) as unknown as { affected?: number } | undefined;
    const isLocal = workers.some((w) => w.abortLocal(rowId));
    return isLocal || (result?.affected ?? 0) > 0;
  }

  async function counts(name: string): Promise<QueueCounts> {
    await start();
    const { rows } = await db.executeSql(sql.counts, [name]);
    const out: QueueCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    for (const row of rows as { state: string; isLater: boolean; count: number }[]) {
      const n = Number(row.count);
      if (row.state === 'created' || row.state === 'retry') out[row.isLater ? 'delayed' : 'waiting'] += n;
      else if (row.state === 'active') out.active += n;
      else if (row.state === 'completed') out.completed += n;
      else out.failed += n;
    }
    return out;
  }

  async function ping(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const timeoutMs = options.pingTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        db.executeSql('SELECT 1 AS ok', []),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      throw new UnavailableError('queue_unavailable', 'The job queue database does not answer', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async function stop(stopOptions: { timeoutMs?: number } = {}): Promise<void> {
    if (isStopped) return;
    isStopped = true;
    const deadline = Date.now() + (stopOptions.timeoutMs ?? 30_000);
    await Promise.all(workers.map((w) => w.stop(deadline, 5_000)));
    if (started) {
      await started.catch(() => undefined);
      await boss.stop({ graceful: true, close: false, timeout: 1000, wait: true }).catch((error: unknown) => {
        logger?.warn({ err: error }, 'pg-boss stop failed');
      });
    }
    await pool?.end();
  }

  return {
    id: 'pgboss',
    capabilities: { schedules: true },
    start: () => start(),
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

/**
 * Runs SQL on a pool. Parameterless text may hold several statements with their own BEGIN/COMMIT (pg-boss sends
 * such); it runs on one checked-out connection that is rolled back on failure, so no pooled connection is returned
 * inside an aborted transaction. The answer is the last statement's, as on PGlite.
 */
function poolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values?.length) return pool.query(text, values);
      const client = await pool.connect();
      try {
        const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
        return Array.isArray(result) ? (result.at(-1) ?? { rows: [] }) : result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

function stateOf(row: PgBoss.JobWithMetadata<JobEnvelope>): JobInfo['state'] {
  switch (row.state) {
    case 'created':
    case 'retry':
      return new Date(row.startAfter).getTime() > Date.now() ? 'delayed' : 'waiting';
    case 'active':
    case 'completed':
    case 'failed':
    case 'cancelled':
      return row.state;
    default:
      return 'unknown';
  }
}
