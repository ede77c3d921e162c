/** Admin monitoring under `/api/v1/monitoring/*`: queues, jobs, workers, database, Redis, LLM providers. */
import { z } from 'zod';
import { Timestamp } from './common.ts';

/** Jobs of one catalog name by state. */
export const QueueCountsResponse = z.object({
  name: z.string(),
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  /** The cron of the scheduled jobs; null for jobs enqueued on demand. */
  cron: z.string().nullable(),
});
export type QueueCountsResponse = z.infer<typeof QueueCountsResponse>;

/** `GET /monitoring/queues`. */
export const QueuesResponse = z.object({
  backend: z.enum(['pgboss', 'bullmq', 'memory']),
  queues: z.array(QueueCountsResponse),
});
export type QueuesResponse = z.infer<typeof QueuesResponse>;

/** The job states `GET /monitoring/jobs` lists. */
export const MonitoredJobState = z.enum(['waiting', 'active', 'delayed', 'completed', 'failed']);
export type MonitoredJobState = z.infer<typeof MonitoredJobState>;

/** `GET /monitoring/jobs` query: one state (default `active`), optionally one job name, newest first. */
export const JobListQuery = z.object({
  state: MonitoredJobState.default('active'),
  name: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type JobListQuery = z.infer<typeof JobListQuery>;

/** A job as monitoring shows it (payloads hold ids only). */
export const MonitoredJob = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  attempt: z.number().int(),
  payload: z.unknown(),
  created_at: Timestamp.nullable(),
  started_at: Timestamp.nullable(),
  finished_at: Timestamp.nullable(),
  error: z.string().nullable(),
});
export type MonitoredJob = z.infer<typeof MonitoredJob>;

/** `GET /monitoring/jobs`. */
export const JobListResponse = z.object({ state: MonitoredJobState, items: z.array(MonitoredJob) });
export type JobListResponse = z.infer<typeof JobListResponse>;

/** `POST /monitoring/jobs/{name}/{id}/revoke` path. */
export const JobParams = z.object({ name: z.string().min(1).max(100), id: z.string().min(1).max(200) });
export type JobParams = z.infer<typeof JobParams>;

/** `POST /monitoring/jobs/{name}/{id}/revoke`: whether a job was found that had not finished. */
export const RevokeJobResponse = z.object({ name: z.string(), id: z.string(), revoked: z.boolean() });
export type RevokeJobResponse = z.infer<typeof RevokeJobResponse>;

/** A worker process and its last heartbeat. */
export const WorkerStatus = z.object({
  worker_id: z.string(),
  roles: z.array(z.string()),
  started_at: Timestamp,
  last_seen_at: Timestamp,
  /** Seconds since the last heartbeat. */
  age_s: z.number(),
  /** Heartbeats arrive every 15 s: a worker silent for more than 60 s is reported not alive. */
  is_alive: z.boolean(),
  info: z.record(z.string(), z.unknown()),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;

/** `GET /monitoring/workers`. */
export const WorkersResponse = z.object({ alive: z.number().int(), workers: z.array(WorkerStatus) });
export type WorkersResponse = z.infer<typeof WorkersResponse>;

/** `GET /monitoring/database`: the pool of this API process and the server's view of connections. */
export const DatabaseStatusResponse = z.object({
  kind: z.enum(['pglite', 'postgres']),
  ping_ms: z.number(),
  pool: z
    .object({
      max: z.number().int(),
      total: z.number().int(),
      idle: z.number().int(),
      waiting: z.number().int(),
    })
    .nullable(),
  /** Connections to this database by state (`pg_stat_activity`); null where it cannot be read. */
  connections: z.record(z.string(), z.number().int()).nullable(),
  size_bytes: z.number().nullable(),
});
export type DatabaseStatusResponse = z.infer<typeof DatabaseStatusResponse>;

/** `GET /monitoring/redis`: null fields when Redis is not configured. */
export const RedisStatusResponse = z.object({
  is_configured: z.boolean(),
  ping_ms: z.number().nullable(),
  /** `INFO memory`: used_memory, used_memory_peak, maxmemory (bytes). */
  memory: z.record(z.string(), z.number()).nullable(),
  /** `INFO keyspace`: keys per database. */
  keyspace: z.record(z.string(), z.number()).nullable(),
  /** `INFO stats`: keyspace_hits, keyspace_misses, evicted_keys, expired_keys. */
  stats: z.record(z.string(), z.number()).nullable(),
  connected_clients: z.number().nullable(),
});
export type RedisStatusResponse = z.infer<typeof RedisStatusResponse>;

/** Figures of one LLM provider in one process since it was built. */
export const LlmProviderFigures = z.object({
  /** `api` for this process, else the worker id that reported it. */
  process: z.string(),
  name: z.string(),
  model: z.string(),
  calls: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  retries: z.number().int(),
  rate_limited: z.number().int(),
  errors_by_kind: z.record(z.string(), z.number().int()),
  circuit_state: z.string(),
  circuit_rejections: z.number().int(),
  active: z.number().int(),
  queued: z.number().int(),
});
export type LlmProviderFigures = z.infer<typeof LlmProviderFigures>;

/** `GET /monitoring/llm`. */
export const LlmMonitoringResponse = z.object({ providers: z.array(LlmProviderFigures) });
export type LlmMonitoringResponse = z.infer<typeof LlmMonitoringResponse>;
