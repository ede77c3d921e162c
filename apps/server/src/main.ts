// The server's composition root: reads configuration, starts the requested roles, and shuts down gracefully
// on SIGTERM/SIGINT within XCR_SHUTDOWN_TIMEOUT_MS.
import { Role } from '@xcr/contracts';
import { exitOnConfigProblems, readConfig } from './config/read-config.ts';
import { createLogger } from './observability/logger.ts';
import { otlpEndpointOf } from './observability/otlp-endpoint.ts';
import type { TracingHandle } from './observability/tracing.ts';
import { productVersion } from './version.ts';

/** Parses `--roles api,worker` into roles; undefined when the flag is absent. */
export function parseRolesArg(value: string | undefined): { roles?: Role[]; problems: string[] } {
  if (value === undefined) return { problems: [] };
  const roles: Role[] = [];
  const problems: string[] = [];
  for (const raw of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const parsed = Role.safeParse(raw);
    if (parsed.success) roles.push(parsed.data);
    else problems.push(`--roles: unknown role "${raw}" (expected api, worker or scheduler)`);
  }
  return { roles, problems };
}

/** Starts the OpenTelemetry SDK when an OTLP endpoint is configured (see otlpEndpointOf); loads nothing otherwise. */
async function startTracingFromEnv(roles: readonly Role[]): Promise<TracingHandle | undefined> {
  const endpoint = otlpEndpointOf(process.env);
  if (!endpoint) return undefined;
  const { startTracing } = await import('./observability/tracing.ts');
  return startTracing({ endpoint, serviceVersion: productVersion, roles, serviceName: process.env.OTEL_SERVICE_NAME || 'xcodereviewer' });
}

/** Starts the server as `xcr serve` does; resolves once it is up. */
export async function runServe(options: { roles?: string }): Promise<void> {
  const loaded = readConfig(process.env);
  const rolesArg = parseRolesArg(options.roles);
  const problems = [...(loaded.ok ? [] : loaded.problems), ...rolesArg.problems];
  if (!loaded.ok || problems.length > 0) exitOnConfigProblems(problems);
  const config = loaded.config;
  const roles = rolesArg.roles ?? config.roles;
  // Tracing starts before the server's modules load, so that pg, ioredis and node:http are instrumented.
  const tracing = await startTracingFromEnv(roles);
  const { checkRoles, startServer } = await import('./server.ts');
  const roleProblems = checkRoles(config, roles);
  if (roleProblems.length > 0) exitOnConfigProblems(roleProblems);

  const logger = createLogger(config.logLevel, { roles, ...(process.env.XCR_ENV ? { environment: process.env.XCR_ENV } : {}) });
  if (tracing) logger.info({ endpoint: otlpEndpointOf(process.env) }, 'tracing exported over OTLP');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config, roles, logger);
  } catch (err) {
    logger.fatal({ err }, 'server failed to start');
    process.exit(1);
  }
  let isStopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'signal received');
    const hardStop = setTimeout(() => {
      logger.error({ budget_ms: config.http.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    hardStop.unref();
    server
      .stop()
      .then(() => tracing?.shutdown())
      .then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const index = process.argv.indexOf('--roles');
  await runServe({ roles: index >= 0 ? process.argv[index + 1] : undefined });
}
