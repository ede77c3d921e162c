import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tracing } from '@opentelemetry/sdk-node';
import { ScanConfig } from '@xcr/contracts';
import type { SourceTree } from '@xcr/core/ports/source-tree';
import { createScriptedLlmProvider } from '@xcr/testkit/llm/scripted-llm-provider';
import { UpstreamError } from '@xcr/core/errors';
import { withResilience } from '@xcr/core/llm/resilience/with-resilience';
import { withSpan } from '@xcr/core/tracing/with-span';
import { otlpEndpointOf, startTracing, type TracingHandle } from './tracing.ts';

const exporter = new tracing.InMemorySpanExporter();
let handle: TracingHandle | undefined;

function spansNamed(name: string): tracing.ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.name === name);
}

describe('tracing', () => {
  before(() => {
    handle = startTracing({
      spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
      serviceVersion: 'test',
      roles: ['api'],
    });
  });
  after(async () => {
    await handle?.shutdown();
  });

  it('starts nothing without an endpoint or processors, and reads the endpoint from the environment', () => {
    assert.equal(startTracing({}), undefined);
    assert.equal(otlpEndpointOf({}), undefined);
    assert.equal(otlpEndpointOf({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }), undefined);
    assert.equal(otlpEndpointOf({ XCR_OTEL_ENDPOINT: 'http://collector:4318' }), 'http://collector:4318');
    assert.equal(
      otlpEndpointOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', XCR_OTEL_ENDPOINT: 'http://b:4318' }),
      'http://a:4318',
    );
  });

  it('traces an HTTP request to a Fastify app with its route, and skips the probes', async () => {
    exporter.reset();
    // Loaded after the SDK started, as main.ts does.
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.get('/api/v1/items/:id', async (request) =>
      withSpan('lookup', {}, () => ({ id: (request.params as { id: string }).id })),
    );
    app.get('/health', async () => ({ status: 'ok' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      assert.equal((await fetch(`http://127.0.0.1:${port}/api/v1/items/7`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
    } finally {
      await app.close();
    }
    const spans = exporter.getFinishedSpans();
    const routeSpan = spans.find((span) => span.attributes['http.route'] === '/api/v1/items/:id');
    assert.ok(routeSpan, `a span with the route template; got ${spans.map((s) => s.name).join(', ')}`);
    const lookup = spansNamed('lookup')[0];
    assert.ok(lookup, 'the handler span');
    assert.equal(lookup.spanContext().traceId, routeSpan.spanContext().traceId);
    assert.ok(
      !spans.some(
        (span) =>
          span.attributes['http.route'] === '/health' ||
          String(span.attributes['url.path'] ?? '') === '/health',
      ),
    );
  });

  it('nests withSpan calls and records failures', async () => {
    exporter.reset();
    await withSpan('audit.run', { 'xcr.task_id': 't1', skipped: undefined }, async () => {
      await withSpan('audit.rules', { files: 3 }, async () => undefined);
      await assert.rejects(
        withSpan('audit.persist', {}, async () => {
          throw new UpstreamError('unavailable', 'down');
        }),
      );
    });
    const [outer] = spansNamed('audit.run');
    const [rules] = spansNamed('audit.rules');
    const [persist] = spansNamed('audit.persist');
    assert.ok(outer && rules && persist);
    assert.equal(rules.parentSpanContext?.spanId, outer.spanContext().spanId);
    assert.equal(persist.parentSpanContext?.spanId, outer.spanContext().spanId);
    assert.equal(outer.attributes['xcr.task_id'], 't1');
    assert.equal('skipped' in outer.attributes, false);
    assert.equal(rules.attributes.files, 3);
    assert.equal(persist.status.code, 2);
    assert.equal(outer.status.code, 0);
  });

  it('records an llm.call span per call with provider, model, tokens and outcome', async () => {
    exporter.reset();
    const provider = createScriptedLlmProvider({ name: 'local' });
    provider.script(
      { content: '{}', model: 'scripted', usage: { promptTokens: 120, completionTokens: 30 } },
      new UpstreamError('auth', 'bad key'),
    );
    const resilient = withResilience(provider, { retry: { maxAttempts: 1 } });
    const signal = new AbortController().signal;
    await withSpan('audit.llm', {}, () =>
      resilient.complete({ messages: [{ role: 'user', content: 'x' }] }, { signal }),
    );
    await assert.rejects(resilient.complete({ messages: [{ role: 'user', content: 'x' }] }, { signal }));
    const calls = spansNamed('llm.call');
    assert.equal(calls.length, 2);
    const [answered, failed] = calls;
    assert.ok(answered && failed);
    assert.equal(answered.attributes['llm.provider'], 'local');
    assert.equal(answered.attributes['llm.model'], 'scripted');
    assert.equal(answered.attributes['llm.outcome'], 'success');
    assert.equal(answered.attributes['llm.usage.prompt_tokens'], 120);
    assert.equal(answered.attributes['llm.usage.completion_tokens'], 30);
    assert.equal(answered.parentSpanContext?.spanId, spansNamed('audit.llm')[0]?.spanContext().spanId);
    assert.equal(failed.attributes['llm.outcome'], 'error');
    assert.equal(failed.status.code, 2);
  });

  it('runScan opens selection and rules spans under the caller', async () => {
    const { runScan } = await import('@xcr/core/scan/run-scan');
    exporter.reset();
    const files: Record<string, string> = { 'app.js': 'eval(location.hash)\n' };
    const tree: SourceTree = {
      label: 'memory',
      list: async () =>
        Object.entries(files).map(([path, body]) => ({
          path,
          sizeBytes: Buffer.byteLength(body),
          isSymlink: false,
        })),
      read: async (path) => Buffer.from(files[path] ?? '', 'utf8'),
      dispose: async () => undefined,
    };
    await withSpan('audit.scan', {}, () =>
      runScan(tree, {
        scanConfig: ScanConfig.parse({ analyzers: ['rules'] }),
        tool: { name: 'xcr', version: 'test' },
      }),
    );
    const spans = exporter.getFinishedSpans();
    const scan = spans.find((span) => span.name === 'audit.scan');
    assert.ok(scan);
    for (const name of ['audit.selection', 'audit.rules']) {
      const stage = spans.find((span) => span.name === name);
      assert.ok(stage, name);
      assert.equal(stage.parentSpanContext?.spanId, scan.spanContext().spanId);
    }
    assert.equal(spans.find((span) => span.name === 'audit.rules')?.attributes['xcr.files'], 1);
  });
});
