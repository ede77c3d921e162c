// The `/api/v1` resource routes, in order: authentication and rate limits first (hooks apply to the routes
// registered after them), then one line per resource module.
import type { Registry } from 'prom-client';
import type { Runtime } from '../runtime.ts';
import { createApiDeps } from './api-deps.ts';
import { registerAuthPlugin } from './plugins/auth.ts';
import { registerRateLimits } from './plugins/rate-limit.ts';
import { registerAuditLogRoutes } from './routes/audit-log.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerInstantAnalysisRoutes } from './routes/instant-analysis.ts';
import { registerIssueRoutes } from './routes/issues.ts';
import { registerLlmProviderRoutes } from './routes/llm-providers.ts';
import { registerStatisticsRoutes } from './routes/statistics.ts';
import { registerUserRoutes } from './routes/users.ts';
import { registerProjectRoutes } from './routes/projects.ts';
import { registerProjectMemberRoutes } from './routes/project-members.ts';
import { registerRecycleBinRoutes } from './routes/recycle-bin.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerFlagRoutes } from './routes/flags.ts';
import { registerMigrationRoutes } from './routes/migration.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerMonitoringRoutes } from './routes/monitoring.ts';
import { registerLiveChannel } from '../ws/ws-route.ts';
import type { HttpApp } from './types.ts';

/** Registers every `/api/v1` route on `api` (already prefixed); `registry` receives the API's own metrics. */
export async function registerApiRoutes(api: HttpApp, runtime: Runtime, registry?: Registry): Promise<void> {
  const deps = createApiDeps(runtime);
  registerAuthPlugin(api, deps);
  await registerRateLimits(api, {
    ...runtime.config.rateLimit,
    redisUrl: runtime.config.redisUrl,
    logger: runtime.logger,
  });
  await registerAuthRoutes(api, deps);
  await registerUserRoutes(api, deps);
  await registerAuditLogRoutes(api, deps);
  await registerIssueRoutes(api, deps);
  await registerStatisticsRoutes(api, deps);
  await registerLlmProviderRoutes(api, deps);
  await registerInstantAnalysisRoutes(api, deps);
  await registerProjectRoutes(api, deps);
  await registerProjectMemberRoutes(api, deps);
  await registerRecycleBinRoutes(api, deps);
  await registerTaskRoutes(api, deps);
  await registerFlagRoutes(api, deps);
  await registerMigrationRoutes(api, deps);
  await registerReportRoutes(api, deps);
  await registerMonitoringRoutes(api, deps);
  await registerLiveChannel(api, deps, registry ? { registry } : {});
}
