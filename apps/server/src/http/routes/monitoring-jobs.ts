/**
 * Recent jobs in one state, read straight from the queue's own storage: pg-boss's `job` table (same database) or
 * BullMQ's lists in Redis. The job queue port has no listing (workers never need one); monitoring reads here.
 */
import { Queue, type Job } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import type { MonitoredJob, MonitoredJobState } from '@xcr/contracts/api/index';
import type { Database } from '@xcr/adapters/db/schema';
import { fromBullId } from '@xcr/adapters/queue/bullmq/bullmq-ids';

/** Lists jobs of some names in one state, newest first. */
export interface JobLister {
  list(names: readonly string[], state: MonitoredJobState, limit: number): Promise<MonitoredJob[]>;
  close(): Promise<void>;
}

function iso(value: Date | string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

interface PgBossRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  started_on: Date | null;
  created_on: Date;
  completed_on: Date | null;
  data: { payload?: unknown; key?: string } | null;
  output: { message?: string; code?: string } | null;
}

const pgBossStates: Record<MonitoredJobState, string> = {
  waiting: `state IN ('created', 'retry') AND start_after <= now()`,
  delayed: `state IN ('created', 'retry') AND start_after > now()`,
  active: `state = 'active'`,
  completed: `state = 'completed'`,
  failed: `state IN ('failed', 'cancelled')`,
};

/** pg-boss keeps jobs in `pgboss.job` of the application's database. */
export function createPgBossJobLister(db: Kysely<Database>, schema = 'pgboss'): JobLister {
  return {
    async list(names, state, limit) {
      const { rows } = await sql<PgBossRow>`
        SELECT id, name, state::text AS state, retry_count, started_on, created_on, completed_on, data, output
        FROM ${sql.table(`${schema}.job`)}
        WHERE name IN (${sql.join(names.map((n) => sql.lit(n)))}) AND ${sql.raw(pgBossStates[state])}
        ORDER BY created_on DESC LIMIT ${limit}`.execute(db);
      return rows.map((row) => ({
        id: typeof row.data?.key === 'string' ? row.data.key : row.id,
        name: row.name,
        state: row.state,
        attempt: row.started_on ? row.retry_count + 1 : 0,
        payload: row.data?.payload ?? null,
        created_at: iso(row.created_on),
        started_at: iso(row.started_on),
        finished_at: iso(row.completed_on),
        error: state === 'failed' ? (row.output?.message ?? row.output?.code ?? null) : null,
      }));
    },
    async close() {},
  };
}

const bullStates: Record<
  MonitoredJobState,
  Array<'waiting' | 'prioritized' | 'active' | 'delayed' | 'completed' | 'failed'>
> = {
  waiting: ['waiting', 'prioritized'],
  delayed: ['delayed'],
  active: ['active'],
  completed: ['completed'],
  failed: ['failed'],
};

/** BullMQ keeps a queue per job name under the `xcr` prefix. */
export function createBullMqJobLister(redisUrl: string, prefix = 'xcr'): JobLister {
  const queues = new Map<string, Queue>();
  const queueOf = (name: string) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: { url: redisUrl, maxRetriesPerRequest: 2 }, prefix });
      queues.set(name, queue);
    }
    return queue;
  };
  return {
    async list(names, state, limit) {
      const all: MonitoredJob[] = [];
      for (const name of names) {
        const jobs = (await queueOf(name).getJobs(bullStates[state], 0, limit - 1, false)) as Array<
          Job<{ payload?: unknown }>
        >;
        for (const job of jobs) {
          all.push({
            id: fromBullId(job.id ?? ''),
            name,
            state,
            attempt: job.attemptsMade + (state === 'active' ? 1 : 0),
            payload: job.data?.payload ?? null,
            created_at: iso(job.timestamp),
            started_at: iso(job.processedOn),
            finished_at: iso(job.finishedOn),
            error: state === 'failed' ? (job.failedReason ?? null) : null,
          });
        }
      }
      return all.sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? '')).slice(0, limit);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
    },
  };
}
