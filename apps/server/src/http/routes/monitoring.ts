import { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { jobCatalog, type JobName } from '@xcr/contracts';
import {
  DatabaseStatusResponse,
  errorResponses,
  JobListQuery,
  JobListResponse,
  JobParams,
  LlmMonitoringResponse,
  QueuesResponse,
  RedisStatusResponse,
  RevokeJobResponse,
  WorkersResponse,
  type LlmProviderFigures,
} from '@xcr/contracts/api/index';
import { NotFoundError } from '@xcr/core/errors';
import type { ResilienceStats } from '@xcr/core/llm/resilience/with-resilience';
import type { ApiDeps } from '../api-deps.ts';
import { actionContext, requireUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { createBullMqJobLister, createPgBossJobLister, type JobLister } from './monitoring-jobs.ts';

/** Workers write a heartbeat every 15 s; one silent for longer than this is reported not alive. */
const workerAliveMs = 60_000;

const errors = errorResponses(400, 401, 403, 404, 429, 503);
const common = { tags: ['monitoring'], security: [{ bearerAuth: [] }] };

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round((performance.now() - started) * 100) / 100;
}

/** `INFO` text as `{section: {field: number}}` (numeric fields only). */
export function parseRedisInfo(text: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('# ')) {
      section = line.slice(2).trim().toLowerCase();
      out[section] = {};
    } else if (line.includes(':') && section) {
      const [key = '', value = ''] = line.split(':', 2);
      // Keyspace lines read `db0:keys=12,expires=0,avg_ttl=0`: the key count stands for the database.
      const keys = /(?:^|,)keys=(\d+)/.exec(value);
      const number = keys ? Number(keys[1]) : Number(value);
      if (Number.isFinite(number)) (out[section] as Record<string, number>)[key] = number;
    }
  }
  return out;
}

function pick(
  values: Record<string, number> | undefined,
  keys: readonly string[],
): Record<string, number> | null {
  if (!values) return null;
  return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k] as number]));
}

function llmFigures(process: string, name: string, model: string, s: ResilienceStats): LlmProviderFigures {
  return {
    process,
    name,
    model,
    calls: s.calls,
    succeeded: s.succeeded,
    failed: s.failed,
    retries: s.retries,
    rate_limited: s.rateLimited,
    errors_by_kind: { ...s.errorsByKind },
    circuit_state: s.circuitState,
    circuit_rejections: s.circuitRejections,
    active: s.active,
    queued: s.queued,
  };
}

/**
 * `/monitoring/*` (admins only): queue depths, recent jobs, worker heartbeats, the database pool, Redis, per-provider
 * LLM figures, and revoking a job. Revoking an audit job also cancels its task, so the reconciler does not bring the
 * job back.
 */
export async function registerMonitoringRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { runtime, repos, config } = deps;
  const jobNames = Object.keys(jobCatalog) as JobName[];
  let lister: JobLister | undefined;
  let redis: Redis | undefined;
  const jobs = () =>
    (lister ??=
      config.queue.kind === 'bullmq'
        ? createBullMqJobLister(config.queue.redisUrl)
        : createPgBossJobLister(runtime.database.db));
  const redisClient = (url: string) =>
    (redis ??= new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      lazyConnect: true,
      connectionName: 'xcr-monitoring',
    }));

  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.requireRole('admin'));
    scope.addHook('onClose', async () => {
      await lister?.close();
      redis?.disconnect();
    });

    scope.get(
      '/monitoring/queues',
      {
        schema: {
          ...common,
          summary: 'Jobs per state for each job of the catalog',
          response: { 200: QueuesResponse, ...errors },
        },
      },
      async () => {
        const queues = [];
        for (const name of jobNames) {
          const counts = await runtime.queue.counts(name);
          const entry = jobCatalog[name];
          queues.push({ name, ...counts, cron: 'cron' in entry ? entry.cron : null });
        }
        return { backend: runtime.queue.id, queues };
      },
    );

    scope.get(
      '/monitoring/jobs',
      {
        schema: {
          ...common,
          summary: 'Recent jobs in one state (default: active), newest first',
          querystring: JobListQuery,
          response: { 200: JobListResponse, ...errors },
        },
      },
      async (request) => {
        const { state, name, limit } = request.query;
        if (name !== undefined && !(name in jobCatalog)) throw new NotFoundError('Job name');
        return { state, items: await jobs().list(name ? [name] : jobNames, state, limit) };
      },
    );

    scope.post(
      '/monitoring/jobs/:name/:id/revoke',
      {
        schema: {
          ...common,
          summary: 'Remove a waiting job or stop a running one',
          params: JobParams,
          response: { 200: RevokeJobResponse, ...errors },
        },
      },
      async (request) => {
        const { name, id } = request.params;
        if (!(name in jobCatalog)) throw new NotFoundError('Job name');
        const job = await runtime.queue.getJob(name, id);
        const revoked = await runtime.queue.cancel(name, id);
        const taskId = (job?.payload as { task_id?: unknown } | undefined)?.task_id;
        if (revoked && name === 'audit.run' && typeof taskId === 'string')
          await repos.tasks.requestCancel(taskId);
        const context = actionContext(request);
        await repos.auditLog.append({
          actor_id: requireUser(request).id,
          action: 'job.revoke',
          resource_type: 'job',
          resource_id: `${name}/${id}`,
          details: { revoked, ...(typeof taskId === 'string' ? { task_id: taskId } : {}) },
          ip: context.ip,
        });
        return { name, id, revoked };
      },
    );

    scope.get(
      '/monitoring/workers',
      {
        schema: {
          ...common,
          summary: 'Worker processes by their last heartbeat',
          response: { 200: WorkersResponse, ...errors },
        },
      },
      async () => {
        const rows = await runtime.database.db
          .selectFrom('worker_heartbeats')
          .selectAll()
          .orderBy('last_seen_at', 'desc')
          .execute();
        const now = deps.clock().getTime();
        const workers = rows.map((row) => {
          const ageMs = Math.max(0, now - row.last_seen_at.getTime());
          return {
            worker_id: row.worker_id,
            roles: Array.isArray(row.roles) ? row.roles.map(String) : [],
            started_at: row.started_at.toISOString(),
            last_seen_at: row.last_seen_at.toISOString(),
            age_s: Math.round(ageMs / 100) / 10,
            is_alive: ageMs <= workerAliveMs,
            info: (row.info ?? {}) as Record<string, unknown>,
          };
        });
        return { alive: workers.filter((w) => w.is_alive).length, workers };
      },
    );

    scope.get(
      '/monitoring/database',
      {
        schema: {
          ...common,
          summary: 'Database answer time, connection pool and connections',
          response: { 200: DatabaseStatusResponse, ...errors },
        },
      },
      async () => {
        const { database } = runtime;
        const pingMs = await timed(() => database.ping());
        const stats = database.poolStats();
        let connections: Record<string, number> | null = null;
        let sizeBytes: number | null = null;
        try {
          const { rows } = await sql<{ state: string | null; count: number }>`
          SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count FROM pg_stat_activity
          WHERE datname = current_database() GROUP BY 1`.execute(database.db);
          connections = Object.fromEntries(rows.map((r) => [r.state ?? 'unknown', Number(r.count)]));
          const size = await sql<{
            size: string;
          }>`SELECT pg_database_size(current_database())::text AS size`.execute(database.db);
          sizeBytes = Number(size.rows[0]?.size ?? NaN);
          if (!Number.isFinite(sizeBytes)) sizeBytes = null;
        } catch {
          // The embedded database has no statistics views worth reading.
        }
        return {
          kind: database.kind,
          ping_ms: pingMs,
          pool: config.db.kind === 'postgres' ? { max: config.db.poolMax, ...stats } : null,
          connections,
          size_bytes: sizeBytes,
        };
      },
    );

    scope.get(
      '/monitoring/redis',
      {
        schema: {
          ...common,
          summary: 'Redis answer time, memory, keys and hit counters',
          response: { 200: RedisStatusResponse, ...errors },
        },
      },
      async () => {
        if (!config.redisUrl)
          return {
            is_configured: false,
            ping_ms: null,
            memory: null,
            keyspace: null,
            stats: null,
            connected_clients: null,
          };
        const client = redisClient(config.redisUrl);
        if (client.status === 'wait') await client.connect();
        const pingMs = await timed(() => client.ping());
        const info = parseRedisInfo(await client.info());
        return {
          is_configured: true,
          ping_ms: pingMs,
          memory: pick(info.memory, ['used_memory', 'used_memory_peak', 'used_memory_rss', 'maxmemory']),
          keyspace: info.keyspace ?? {},
          stats: pick(info.stats, [
            'keyspace_hits',
            'keyspace_misses',
            'evicted_keys',
            'expired_keys',
            'total_commands_processed',
          ]),
          connected_clients: info.clients?.connected_clients ?? null,
        };
      },
    );

    scope.get(
      '/monitoring/llm',
      {
        schema: {
          ...common,
          summary: 'Calls, errors and circuit state per LLM provider and process',
          response: { 200: LlmMonitoringResponse, ...errors },
        },
      },
      async () => {
        const providers: LlmProviderFigures[] = runtime.llmResolver
          .stats()
          .map((p) => llmFigures('api', p.name, p.model, p.stats));
        // Workers may report their own providers' figures with their heartbeat (`info.llm`).
        const rows = await runtime.database.db
          .selectFrom('worker_heartbeats')
          .select(['worker_id', 'info'])
          .execute();
        for (const row of rows) {
          const reported = (row.info as { llm?: unknown } | null)?.llm;
          if (!Array.isArray(reported)) continue;
          for (const p of reported as Array<{ name?: unknown; model?: unknown; stats?: ResilienceStats }>) {
            if (typeof p.name === 'string' && typeof p.model === 'string' && p.stats)
              providers.push(llmFigures(row.worker_id, p.name, p.model, p.stats));
          }
        }
        return { providers };
      },
    );
  });
}
