import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobName } from '@xcr/contracts';
import type { JobQueue } from '@xcr/core/ports/job-queue';
import type { DatabaseHandle } from '@xcr/adapters/db/create-database';

/** Job outcomes, counted by the worker that ran them (Prometheus sums over worker pods). */
export interface JobMetrics {
  completed: Counter<'queue'>;
  failed: Counter<'queue'>;
  duration: Histogram<'queue' | 'outcome'>;
}

/** Per-provider LLM figures, as the resilience wrapper counts them since the provider was built. */
export interface LlmStatsSource {
  stats(): Array<{
    name: string;
    model: string;
    stats: {
      calls: number;
      succeeded: number;
      failed: number;
      retries: number;
      rateLimited: number;
      circuitState: string;
    };
  }>;
}

const circuitStateValue: Record<string, number> = { closed: 0, half_open: 1, 'half-open': 1, open: 2 };

/** Job counters and the duration histogram, registered once per process. */
export function createJobMetrics(registry: Registry): JobMetrics {
  return {
    completed: new Counter({
      name: 'xcr_queue_jobs_completed_total',
      help: 'Jobs this worker completed',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    failed: new Counter({
      name: 'xcr_queue_jobs_failed_total',
      help: 'Job attempts that failed in this worker',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'xcr_queue_job_duration_seconds',
      help: 'Time one job attempt ran',
      labelNames: ['queue', 'outcome'] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    }),
  };
}

/**
 * Gauges read when Prometheus scrapes: queue depth per job name, database pool, and the LLM providers' call
 * counts and breaker state. Reading never throws into the scrape: a failed read leaves the series out.
 */
export function registerRuntimeCollectors(
  registry: Registry,
  deps: { queue: JobQueue; jobNames: readonly JobName[]; database: DatabaseHandle; llm?: LlmStatsSource },
): void {
  new Gauge({
    name: 'xcr_queue_jobs_waiting',
    help: 'Jobs waiting (including delayed) per queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const name of deps.jobNames) {
        const counts = await deps.queue.counts(name).catch(() => undefined);
        if (counts) this.set({ queue: name }, counts.waiting + counts.delayed);
      }
    },
  });
  new Gauge({
    name: 'xcr_queue_jobs_active',
    help: 'Jobs running per queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const name of deps.jobNames) {
        const counts = await deps.queue.counts(name).catch(() => undefined);
        if (counts) this.set({ queue: name }, counts.active);
      }
    },
  });
  new Gauge({
    name: 'xcr_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = deps.database.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  // Counters read from the database handle's running totals: they only grow, so setting them at scrape time
  // keeps Prometheus counter semantics (rate() works) without wrapping every query in a metric call.
  new Counter({
    name: 'xcr_db_queries_total',
    help: 'Queries attempted, including those that failed to get a connection',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(deps.database.queryStats().queries);
    },
  });
  new Counter({
    name: 'xcr_db_connection_errors_total',
    help: 'Queries that could not get a database connection (refused, timed out, reset)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(deps.database.queryStats().connectionErrors);
    },
  });
  if (!deps.llm) return;
  const llm = deps.llm;
  new Gauge({
    name: 'xcr_llm_circuit_state',
    help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open',
    labelNames: ['provider'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { name, stats } of llm.stats())
        this.set({ provider: name }, circuitStateValue[stats.circuitState] ?? 0);
    },
  });
}
