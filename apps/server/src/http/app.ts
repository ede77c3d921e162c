import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { ValidationError } from '@xcr/core/errors';
import { logContext } from '../observability/context.ts';
import type { HttpMetrics } from '../observability/metrics.ts';
import { productName, productVersion } from '../version.ts';
import { answerClientError, answerFrameworkError, registerErrorHandling } from './error-handler.ts';
import { registerNulGuard } from './plugins/nul-guard.ts';
import type { ReadinessCheck } from './readiness.ts';
import { createSecurityHeaders } from './security-headers.ts';
import type { HttpApp } from './types.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { defaultWebRoot, hasWebBuild, registerWebUi } from './web-ui.ts';

/** What the HTTP layer needs from the composition root. */
export interface HttpAppDeps {
  logger: Logger;
  metrics: HttpMetrics;
  readiness: readonly ReadinessCheck[];
  corsOrigins: readonly string[];
  trustProxy: boolean;
  bodyLimitBytes: number;
  /** Registers the `/api/v1` resource routes; called inside the API prefix. */
  registerApi?: (api: HttpApp) => Promise<void> | void;
  /** The built web app served at `/` with the API (default apps/web/dist when built); null serves none. */
  webRoot?: string | null;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const hostPattern = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** `ws://host` for the CSP, from a Host header that looks like one (anything else adds nothing). */
function sameHostSocket(host: string | undefined, scheme: 'ws' | 'wss'): string {
  return host && hostPattern.test(host) ? `${scheme}://${host}` : "'self'";
}

/** Builds the Fastify application: plugins, hooks, error body, OpenAPI, system routes and the API. */
export async function buildHttpApp(deps: HttpAppDeps): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Requests are logged once, by the onResponse hook below, with the route template and duration.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy,
    bodyLimit: deps.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Node would answer a missing Host with an empty 400 of its own; the onRequest hook answers it instead.
    http: { requireHostHeader: false },
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.server.on('connection', (socket) => {
    deps.metrics.activeConnections.inc();
    socket.once('close', () => deps.metrics.activeConnections.dec());
  });

  // Callback-style hooks: these run on every request, and an async hook costs a promise (and its async-hook
  // bookkeeping) each time.
  app.addHook('onRequest', (request, reply, done) => {
    logContext.enterWith({ requestId: request.id });
    reply.header('X-Request-ID', request.id);
    if (request.protocol === 'https') reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      done(new ValidationError('host_required', 'An HTTP/1.1 request needs a Host header'));
      return;
    }
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    deps.metrics.requests.inc(labels);
    deps.metrics.duration.observe(labels, reply.elapsedTime / 1000);
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (route !== '/health' && route !== '/metrics') {
      request.log[level](
        { method: request.method, route, status: reply.statusCode, duration_ms: Math.round(reply.elapsedTime) },
        'request completed',
      );
    }
    done();
  });

  // helmet's headers, computed once per Host (the CSP names the host's WebSocket) instead of on each request.
  const securityHeadersFor = createSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // The app's WebSocket on this same host (older browsers do not count ws: as 'self').
        connectSrc: ["'self'", (req) => sameHostSocket(req.headers.host, 'ws'), (req) => sameHostSocket(req.headers.host, 'wss')],
        frameAncestors: ["'none'"],
        // Self-hosted installs are often reached over plain http on a private network, where upgrading the app's
        // own requests to https would break it; TLS is the proxy's job when there is one.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    // Browsers ignore this header on plain http (and say so in the console), so it is sent over https only, below.
    crossOriginOpenerPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeadersFor(request.headers.host));
    done();
  });
  await app.register(cors, {
    origin: deps.corsOrigins.length > 0 ? [...deps.corsOrigins] : false,
    credentials: true,
    exposedHeaders: ['X-Request-ID', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `${productName} API`, version: productVersion, description: 'Self-hostable, LLM-powered code audit platform' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs', staticCSP: true });

  registerErrorHandling(app);
  registerNulGuard(app);
  const webRoot = deps.registerApi ? (deps.webRoot === undefined ? defaultWebRoot : deps.webRoot) : null;
  const isWebServed = webRoot !== null && hasWebBuild(webRoot);
  registerSystemRoutes(app, { readiness: deps.readiness, registry: deps.metrics.registry, isRootInfoShown: !isWebServed });
  if (isWebServed) await registerWebUi(app, webRoot);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (deps.registerApi) {
    const registerApi = deps.registerApi;
    await app.register(async (api) => registerApi(api as HttpApp), { prefix: '/api/v1' });
  }
  return app;
}
