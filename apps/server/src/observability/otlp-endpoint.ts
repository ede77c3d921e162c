// Kept apart from tracing.ts so a process without tracing can decide so without loading the SDK.

/**
 * The OTLP endpoint the environment asks for: the standard `OTEL_EXPORTER_OTLP_ENDPOINT` (or its traces-only
 * form), else `XCR_OTEL_ENDPOINT`. Undefined means tracing stays off.
 */
export function otlpEndpointOf(env: Record<string, string | undefined>): string | undefined {
  const value =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.XCR_OTEL_ENDPOINT;
  return value && value.trim() !== '' ? value.trim() : undefined;
}
