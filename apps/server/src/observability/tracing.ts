// OpenTelemetry tracing for the server process: HTTP requests (Fastify routes and raw node:http, inbound and
// outbound), PostgreSQL (pg), Redis (ioredis), and the spans core opens through the API (audit stages,
// `llm.call`). Traces leave over OTLP only when an endpoint is configured; otherwise no SDK starts and every
// span call stays a no-op. Start it before the modules it instruments are loaded (see main.ts).
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK, resources, tracing } from '@opentelemetry/sdk-node';

export { otlpEndpointOf } from './otlp-endpoint.ts';

/** Routes probes and Prometheus hit every few seconds: tracing them would drown the useful traces. */
const untracedPaths = new Set(['/health', '/ready', '/metrics']);

/** What {@link startTracing} needs. */
export interface TracingOptions {
  /** OTLP/HTTP base URL (`http://collector:4318`); traces go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  /** Exporter or processors to use instead of OTLP (tests pass an in-memory exporter). */
  spanProcessors?: tracing.SpanProcessor[];
  serviceName?: string;
  serviceVersion?: string;
  /** The roles this process runs, as the `xcr.roles` resource attribute (`api,worker`). */
  roles?: readonly string[];
  environment?: string;
}

/** A started SDK; `shutdown` flushes the spans still buffered. */
export interface TracingHandle {
  shutdown(): Promise<void>;
}

function isUntracedUrl(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.split('?')[0] ?? url;
  return untracedPaths.has(path);
}

/** The instrumentations the server uses; exported so tests register the same set. */
export function serverInstrumentations() {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isUntracedUrl(request.url) }),
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      ignorePaths: (route) => untracedPaths.has(route.url),
    }),
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
  ];
}

/**
 * Starts the OpenTelemetry SDK with the server's instrumentations and a batch OTLP exporter (or the given
 * processors). Returns undefined, starting nothing, when there is neither an endpoint nor a processor.
 */
export function startTracing(options: TracingOptions): TracingHandle | undefined {
  const spanProcessors =
    options.spanProcessors ??
    (options.endpoint ? [new tracing.BatchSpanProcessor(createOtlpExporter(options.endpoint))] : undefined);
  if (!spanProcessors) return undefined;
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({
      'service.name': options.serviceName ?? 'xcodereviewer',
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
      ...(options.roles ? { 'xcr.roles': options.roles.join(',') } : {}),
      ...(options.environment ? { 'deployment.environment.name': options.environment } : {}),
    }),
    spanProcessors,
    instrumentations: serverInstrumentations(),
    // Resource detection reads hosts and cloud metadata: not wanted at every start, and the server names itself.
    autoDetectResources: false,
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

function createOtlpExporter(endpoint: string): OTLPTraceExporter {
  const url = endpoint.replace(/\/+$/, '');
  return new OTLPTraceExporter({ url: url.endsWith('/v1/traces') ? url : `${url}/v1/traces` });
}
