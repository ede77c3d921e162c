/**
 * The production-mode pieces a chaos test runs against: a migrated PostgreSQL database (a given URL), a Redis
 * (a given URL, BullMQ on it), file storage in a temporary data folder shared by every process, and `xcr serve`
 * processes started with the same environment. Plus the HTTP calls the tests make (login, a ZIP project with one
 * vulnerable file, tasks) and a database handle to count what the workers stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type DatabaseHandle } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { startOwnRedisServer, type OwnRedisServer } from '@xcr/testkit/services/redis-server';
import { uploadZip, vulnerableFiles, zipOf } from '../../../apps/server/src/http/routes/audit-test-kit.ts';
import { login, request, type ApiResponse } from '../../ops/api-client.ts';
import { startOwnPostgres } from './own-postgres.ts';
import { startQueueProbe, type QueueProbe } from './queue-probe.ts';
import { startServe, type ServeProcess } from './serve-process.ts';

/** One vulnerable JavaScript file: a tiny audit with a known rule finding (tainted eval). */
export const oneFileProject: Record<string, string> = { 'src/server.js': vulnerableFiles['src/server.js']! };
/** The rule that must report on {@link oneFileProject}. */
export const oneFileRule = 'javascript.code-injection.tainted-eval';

/** What `startChaosStack` needs: where the database and Redis are, and extra environment for every process. */
export interface ChaosStackOptions {
  databaseUrl: string;
  redisUrl: string;
  env?: Record<string, string>;
}

/** A prepared environment; processes are started with `serve`. */
export interface ChaosStack {
  env: Record<string, string>;
  admin: { login: string; password: string };
  /** A handle on the same database (pool of 4) for counting rows. */
  database: DatabaseHandle;
  /** Starts `xcr serve --roles <roles>`; it is stopped by `close` unless stopped before. */
  serve(roles: string, env?: Record<string, string>): Promise<ServeProcess>;
  close(): Promise<void>;
}

/** Migrates the database and prepares the environment of the processes. */
export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  const database = await createDatabase({
    kind: 'postgres',
    url: options.databaseUrl,
    poolMax: 4,
    statementTimeoutMs: 30_000,
  });
  await migrateToLatest(database);
  const dataDir = mkdtempSync(join(tmpdir(), 'xcr-chaos-data-'));
  const admin = { login: 'chaos-admin@example.com', password: 'chaos-admin-passphrase-42' };
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    XCR_DATA_DIR: dataDir,
    XCR_SECRET_KEY: 'chaos-signing-key-0123456789-abcdefghijklmnop',
    XCR_ENCRYPTION_KEY: 'c'.repeat(64),
    XCR_ADMIN_EMAIL: admin.login,
    XCR_ADMIN_PASSWORD: admin.password,
    XCR_RATE_LIMIT_PER_MIN: '1000000',
    XCR_RATE_LIMIT_PER_HOUR: '10000000',
    XCR_RATE_LIMIT_AUTH_PER_MIN: '1000',
    ...options.env,
  };
  const processes: ServeProcess[] = [];
  return {
    env,
    admin,
    database,
    async serve(roles, extra = {}) {
      const started = await startServe({ roles, env: { ...env, ...extra } });
      processes.push(started);
      return started;
    },
    async close() {
      await Promise.all(processes.map((p) => p.stop(10_000).catch(() => undefined)));
      await database.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An API process's client: the admin's token and the calls the chaos tests make. */
export interface ApiClient {
  baseUrl: string;
  token: string;
  call(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<ApiResponse>;
  /** Creates a ZIP project holding `files` and returns its id. */
  createZipProject(name: string, files?: Record<string, string>): Promise<string>;
  /** Starts an audit of the project; returns the answer (201 with the task, or an error). */
  createTask(projectId: string, timeoutMs?: number): Promise<ApiResponse>;
}

/** Logs the stack's admin in at `baseUrl`. */
export async function apiClient(baseUrl: string, admin: ChaosStack['admin']): Promise<ApiClient> {
  const token = await login(baseUrl, admin);
  const call: ApiClient['call'] = (method, path, body, timeoutMs) =>
    request(baseUrl, `/api/v1${path}`, { method, token, body, ...(timeoutMs ? { timeoutMs } : {}) });
  return {
    baseUrl,
    token,
    call,
    async createZipProject(name, files = oneFileProject) {
      const project = await call('POST', '/projects', { name, source_type: 'zip' });
      if (project.status !== 201) throw new Error(`project not created: ${project.status} ${project.text}`);
      const id = (project.json as { id: string }).id;
      const upload = await uploadZip(baseUrl, token, id, await zipOf(files));
      if (upload.status !== 200)
        throw new Error(`upload refused: ${upload.status} ${JSON.stringify(upload.body)}`);
      return id;
    },
    createTask: (projectId, timeoutMs) => call('POST', '/tasks', { project_id: projectId }, timeoutMs),
  };
}

/** Everything a chaos test starts with: a database, an own redis-server, the stack, a queue probe, an API process. */
export interface ChaosRun {
  redis: OwnRedisServer;
  stack: ChaosStack;
  probe: QueueProbe;
  api: ServeProcess;
  client: ApiClient;
  /** Stops everything started here (the API and every process of the stack, Redis, the database). */
  close(): Promise<void>;
}

/**
 * Starts a chaos run: a PostgreSQL cluster of the run's own (or `databaseUrl`, which the caller owns), an own
 * redis-server, the stack with `env`, a queue probe, and one `api,scheduler` process with its admin logged in. The
 * own cluster keeps the run's connections (a pool per process) off the shared server other tests use.
 */
export async function startChaosRun(options: {
  env: Record<string, string>;
  databaseUrl?: string;
}): Promise<ChaosRun> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const step of closers.reverse()) await step().catch(() => undefined);
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const cluster = await startOwnPostgres();
      closers.push(() => cluster.destroy());
      databaseUrl = await cluster.createDatabase('xcr');
    }
    const redis = await startOwnRedisServer();
    closers.push(async () => {
      redis.resume();
      await redis.stop();
    });
    const stack = await startChaosStack({ databaseUrl, redisUrl: redis.url, env: options.env });
    closers.push(() => stack.close());
    const probe = await startQueueProbe(redis.url);
    closers.push(() => probe.close());
    const api = await stack.serve('api,scheduler');
    const client = await apiClient(api.baseUrl, stack.admin);
    return { redis, stack, probe, api, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
