import type { Registry } from 'prom-client';
import { z } from 'zod';
import { productName, productVersion } from '../../version.ts';
import { checkReadiness, type ReadinessCheck } from '../readiness.ts';
import type { HttpApp } from '../types.ts';

const Health = z.object({ status: z.literal('healthy'), version: z.string(), timestamp: z.string() });
const Ready = z.object({
  status: z.enum(['ready', 'unavailable']),
  version: z.string(),
  timestamp: z.string(),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['ok', 'failed']), error: z.string().optional(), latency_ms: z.number() }),
  ),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/**
 * `/` (product info, unless the web app is served there), `/health` (liveness), `/ready` (dependencies), `/metrics`
 * (Prometheus). No auth.
 */
export function registerSystemRoutes(
  app: HttpApp,
  deps: { readiness: readonly ReadinessCheck[]; registry: Registry; isRootInfoShown?: boolean },
): void {
  if (deps.isRootInfoShown !== false)
    app.get('/', { schema: { hide: true } }, async () => ({
      name: productName,
      version: productVersion,
      docs: '/api/v1/docs',
    }));

  app.get(
    '/health',
    {
      schema: { tags: ['system'], summary: 'Liveness: the process is up', response: { 200: Health } },
      // Probed every few seconds by every orchestrator; the body is built right here, so it skips the zod check
      // every API answer goes through (the schema still documents it).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async () => ({
      status: 'healthy' as const,
      version: productVersion,
      timestamp: new Date().toISOString(),
    }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: database, queue and storage answer',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_request, reply) => {
      const report = await checkReadiness(deps.readiness, 2_000);
      const failed = Object.entries(report.checks)
        .filter(([, c]) => c.status === 'failed')
        .map(([name]) => name);
      const body = {
        status: report.isReady ? ('ready' as const) : ('unavailable' as const),
        version: productVersion,
        timestamp: new Date().toISOString(),
        checks: report.checks,
        ...(report.isReady
          ? {}
          : { error: { code: 'not_ready', message: `unavailable: ${failed.join(', ')}` } }),
      };
      if (!report.isReady) reply.header('Retry-After', '5');
      return reply.status(report.isReady ? 200 : 503).send(body);
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['system'], summary: 'Prometheus metrics (text exposition format)' } },
    async (_request, reply) => {
      reply.header('Content-Type', deps.registry.contentType);
      return deps.registry.metrics();
    },
  );
}
