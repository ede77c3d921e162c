import { jobCatalog, type AppConfig, type JobName, type Role } from '@xcr/contracts';
import type { Logger } from 'pino';
import { ensureAdmin } from './bootstrap/admin.ts';
import { ensureLocalSecrets } from './config/local-secrets.ts';
import { buildHttpApp } from './http/app.ts';
import type { HttpApp } from './http/types.ts';
import { createLogger } from './observability/logger.ts';
import { createHttpMetrics } from './observability/metrics.ts';
import { instrumentCache } from './observability/cache-metrics.ts';
import { createJobMetrics, registerRuntimeCollectors } from './observability/runtime-metrics.ts';
import { startSchedulerRole } from './roles/scheduler.ts';
import { startWorkerRole } from './roles/worker.ts';
import { registerApiRoutes } from './http/api.ts';
import { createRuntime, type Runtime, type RuntimeOverrides } from './runtime.ts';

/** A running server process; `stop` is the graceful shutdown SIGTERM triggers. */
export interface RunningServer {
  runtime: Runtime;
  http?: HttpApp;
  /** The port the API listens on (useful with XCR_PORT=0). */
  port?: number;
  stop(): Promise<void>;
}

/** Problems with the combination of roles and configuration, found before anything starts. */
export function checkRoles(config: AppConfig, roles: readonly Role[]): string[] {
  const problems: string[] = [];
  if (roles.length === 0) problems.push('--roles: at least one of api, worker, scheduler is needed');
  const isSplit = roles.length < 3;
  if (isSplit && config.db.kind === 'pglite') {
    problems.push(
      '--roles: the embedded database serves one process running every role; set DATABASE_URL to split roles',
    );
  }
  if (config.db.kind === 'postgres' && roles.includes('api') && !config.auth.secretKey) {
    problems.push(
      'XCR_SECRET_KEY: required with DATABASE_URL, so that every API replica signs and checks tokens alike',
    );
  }
  if (config.db.kind === 'postgres' && !config.auth.encryptionKey) {
    problems.push(
      'XCR_ENCRYPTION_KEY: required with DATABASE_URL, so that every process can read secrets stored at rest',
    );
  }
  return problems;
}

/**
 * Starts the given roles in this process: builds the adapters, migrates an embedded database, creates the first
 * admin, then starts the scheduler, worker and API. Throws (after closing what it opened) when a step fails.
 */
export async function startServer(
  config: AppConfig,
  roles: readonly Role[],
  logger: Logger = createLogger(config.logLevel),
  overrides: RuntimeOverrides = {},
): Promise<RunningServer> {
  const log = logger.child({ component: 'server' });
  if (config.db.kind === 'pglite') {
    const secrets = ensureLocalSecrets(config.dataDir, {
      secretKey: config.auth.secretKey,
      encryptionKey: config.auth.encryptionKey,
    });
    config = { ...config, auth: { ...config.auth, ...secrets } };
  }
  const runtime = await createRuntime({ ...config, roles: [...roles] }, logger, overrides);
  let stopHeartbeat: (() => void) | undefined;
  let http: HttpApp | undefined;
  try {
    await runtime.queue.start();
    await ensureAdmin(
      { db: runtime.database.db, hasher: runtime.passwordHasher, logger },
      { email: config.auth.adminEmail, password: config.auth.adminPassword },
    );
    const httpMetrics = createHttpMetrics();
    runtime.cache = instrumentCache(runtime.cache, httpMetrics.registry);
    registerRuntimeCollectors(httpMetrics.registry, {
      queue: runtime.queue,
      jobNames: Object.keys(jobCatalog) as JobName[],
      database: runtime.database,
      llm: runtime.llmResolver,
    });
    runtime.llmMetrics.register(httpMetrics.registry);
    if (roles.includes('scheduler')) await startSchedulerRole(runtime);
    if (roles.includes('worker'))
      stopHeartbeat = await startWorkerRole(runtime, createJobMetrics(httpMetrics.registry));
    // Every role listens: the worker and scheduler serve /health, /ready and /metrics for probes and scraping;
    // only the api role adds the /api/v1 resources.
    http = await buildHttpApp({
      logger,
      metrics: httpMetrics,
      readiness: runtime.readiness,
      corsOrigins: config.http.corsOrigins,
      trustProxy: config.http.trustProxy,
      bodyLimitBytes: config.http.bodyLimitBytes,
      ...(roles.includes('api')
        ? { registerApi: (api: HttpApp) => registerApiRoutes(api, runtime, httpMetrics.registry) }
        : {}),
    });
    await http.listen({ port: config.http.port, host: config.http.host });
  } catch (err) {
    stopHeartbeat?.();
    await http?.close().catch(() => undefined);
    await runtime.queue.stop({ timeoutMs: 1_000 }).catch(() => undefined);
    await runtime.close();
    throw err;
  }
  const address = http?.server.address();
  const port = address && typeof address === 'object' ? address.port : undefined;
  log.info(
    { roles, port, database: runtime.database.kind, queue: runtime.queue.id, storage: runtime.storage.id },
    'server started',
  );

  let stopping: Promise<void> | undefined;
  return {
    runtime,
    http,
    port,
    stop() {
      stopping ??= (async () => {
        const budgetMs = config.http.shutdownTimeoutMs;
        log.info({ budget_ms: budgetMs }, 'shutting down');
        stopHeartbeat?.();
        // Stop accepting first, so the load balancer moves traffic while running work completes.
        await http?.close().catch((err: unknown) => log.warn({ err }, 'http close failed'));
        await runtime.queue
          .stop({ timeoutMs: Math.max(500, budgetMs - 3_000) })
          .catch((err: unknown) => log.warn({ err }, 'queue stop failed'));
        await runtime.close();
        log.info('shutdown complete');
      })();
      return stopping;
    },
  };
}
