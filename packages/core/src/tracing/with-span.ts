// Spans through the OpenTelemetry API only: without an SDK registered (tests, the CLI, tracing not configured)
// every call here is a no-op, so core stays free of exporters and of any I/O.
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/** The instrumentation scope of every span core opens. */
export const tracerName = 'xcodereviewer';

/** Attribute values a span accepts; undefined ones are left out. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

function definedAttributes(attributes: SpanAttributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Runs `fn` inside a span named `name` that is the child of the current one. A thrown error is recorded on the
 * span (status ERROR, with the error's `code` when it has one) and rethrown; the span ends either way.
 */
export async function withSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  return trace
    .getTracer(tracerName)
    .startActiveSpan(name, { attributes: definedAttributes(attributes) }, async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        markSpanFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
}

/** Sets attributes on a span, skipping undefined values. */
export function setSpanAttributes(span: Span, attributes: SpanAttributes): void {
  span.setAttributes(definedAttributes(attributes));
}

/** Records `error` on `span` and sets its status to ERROR. */
export function markSpanFailed(span: Span, error: unknown): void {
  const code =
    typeof error === 'object' && error !== null && 'code' in error
      ? String((error as { code: unknown }).code)
      : undefined;
  if (code !== undefined) span.setAttribute('error.type', code);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
