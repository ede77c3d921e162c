import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * HTTP metrics with the names the deployment runbook and alert rules use. Buckets include 0.5 s and 2 s, the
 * two latency thresholds of the SLO and the canary analysis.
 */
export interface HttpMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
  activeConnections: Gauge;
}

/** Creates a registry with process metrics and the HTTP series. One registry per process (or per test app). */
export function createHttpMetrics(registry = new Registry(), options: { collectProcess?: boolean } = {}): HttpMetrics {
  if (options.collectProcess ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency in seconds',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [registry],
    }),
    activeConnections: new Gauge({
      name: 'backend_active_connections',
      help: 'Open TCP connections to the API',
      registers: [registry],
    }),
  };
}
