import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { ConflictError } from '@xcr/core/errors';
import { createLogger } from '../observability/logger.ts';
import { createHttpMetrics } from '../observability/metrics.ts';
import { buildHttpApp } from './app.ts';
import type { HttpApp } from './types.ts';

describe('apps/server/http/app', () => {
  let app: HttpApp;
  let isQueueUp = true;

  before(async () => {
    app = await buildHttpApp({
      logger: createLogger('silent'),
      metrics: createHttpMetrics(undefined, { collectProcess: false }),
      readiness: [
        { name: 'database', check: async () => {} },
        {
          name: 'queue',
          check: async () => {
            if (!isQueueUp) throw new Error('connect ECONNREFUSED redis://:hunter2@127.0.0.1:6379');
          },
        },
      ],
      corsOrigins: ['https://ui.example'],
      trustProxy: false,
      bodyLimitBytes: 1024,
      // No web app: its catch-all route would answer some of the router's refusals below with its own 404, and
      // whether a build exists depends on what ran before.
      webRoot: null,
      registerApi: (api) => {
        api.post(
          '/echo',
          { schema: { body: z.object({ name: z.string().min(1), count: z.number().int() }) } },
          async (request) => ({ name: request.body.name }),
        );
        api.get('/conflict', async () => {
          throw new ConflictError('already_exists', 'project already exists');
        });
        api.get('/boom', async () => {
          throw new Error('secret internal detail');
        });
        api.get('/items/:id', async (request) => request.params);
      },
    });
  });
  after(() => app.close());

  it('answers /health with status and version', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });

    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'healthy');
  });

  it('answers /ready 200 when every dependency answers, 503 naming the one that does not', async () => {
    const ok = await app.inject({ method: 'GET', url: '/ready' });
    isQueueUp = false;
    const down = await app.inject({ method: 'GET', url: '/ready' });
    isQueueUp = true;

    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().checks.database.status, 'ok');
    assert.equal(down.statusCode, 503);
    assert.equal(down.json().checks.queue.status, 'failed');
    assert.match(down.json().error.message, /queue/);
    assert.doesNotMatch(down.body, /hunter2/, 'credentials in connection errors are scrubbed');
  });

  it('echoes a valid X-Request-ID and generates one otherwise', async () => {
    const given = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    const bad = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bad id with spaces' },
    });

    assert.equal(given.headers['x-request-id'], 'abc-123');
    assert.match(String(bad.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('answers errors with {error: {code, message, details}} and the right status', async () => {
    const notFound = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: { name: '', count: 'x' },
    });
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    const tooLarge = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: { name: 'x'.repeat(4000), count: 1 },
    });
    const conflict = await app.inject({ method: 'GET', url: '/api/v1/conflict' });
    const boom = await app.inject({ method: 'GET', url: '/api/v1/boom' });

    assert.equal(notFound.statusCode, 404);
    assert.equal(notFound.json().error.code, 'not_found');
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().error.code, 'validation_error');
    assert.equal(invalid.json().error.details.length, 2);
    assert.equal(badJson.statusCode, 400);
    assert.equal(tooLarge.statusCode, 413);
    assert.equal(tooLarge.json().error.code, 'payload_too_large');
    assert.equal(conflict.statusCode, 409);
    assert.deepEqual(conflict.json(), {
      error: { code: 'already_exists', message: 'project already exists' },
    });
    assert.equal(boom.statusCode, 500);
    assert.doesNotMatch(boom.body, /secret internal detail/);
  });

  it('answers what the router and the database would refuse with the standard body: bad escapes, long segments, NUL', async () => {
    const badEscape = await app.inject({ method: 'GET', url: '/api/v1/items/%E0%A4%A' });
    const longSegment = await app.inject({ method: 'GET', url: `/api/v1/items/${'a'.repeat(300)}` });
    const nulInPath = await app.inject({ method: 'GET', url: '/api/v1/items/a%00b' });
    const nulInQuery = await app.inject({ method: 'GET', url: '/api/v1/conflict?search=%00' });
    const nulInBody = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: { name: 'a\u0000b', count: 1 },
    });
    const nulInKey = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: { name: 'a', count: 1, 'x\u0000': 1 },
    });

    assert.deepEqual([badEscape.statusCode, badEscape.json().error.code], [400, 'bad_url']);
    assert.ok(badEscape.headers['x-request-id']);
    assert.deepEqual([longSegment.statusCode, longSegment.json().error.code], [414, 'uri_too_long']);
    for (const [res, path] of [
      [nulInPath, 'params.id'],
      [nulInQuery, 'query.search'],
      [nulInBody, 'body.name'],
      [nulInKey, 'body'],
    ] as const) {
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json().error, {
        code: 'invalid_characters',
        message: 'Text may not contain NUL characters (U+0000)',
        details: { path },
      });
    }
  });

  it('sends security headers and applies the CORS allow-list', async () => {
    const allowed = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://ui.example' },
    });
    const refused = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example' },
    });

    assert.equal(allowed.headers['x-frame-options'], 'DENY');
    assert.equal(allowed.headers['x-content-type-options'], 'nosniff');
    assert.ok(allowed.headers['content-security-policy']);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://ui.example');
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  it('exposes Prometheus metrics with route labels and the SLO buckets', async () => {
    await app.inject({ method: 'GET', url: '/health' });

    const res = await app.inject({ method: 'GET', url: '/metrics' });

    assert.equal(res.statusCode, 200);
    assert.match(res.body, /http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
    assert.match(res.body, /http_request_duration_seconds_bucket\{le="0.5",/);
    assert.match(res.body, /http_request_duration_seconds_bucket\{le="2",/);
    assert.match(res.body, /backend_active_connections/);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const ui = await app.inject({ method: 'GET', url: '/api/v1/docs/' });

    assert.equal(doc.statusCode, 200);
    assert.ok(doc.json().paths['/health']);
    assert.ok(doc.json().paths['/api/v1/echo'].post.requestBody);
    assert.equal(ui.statusCode, 200);
  });
});

describe('apps/server/http/app request context', () => {
  it('carries the request id into log lines written by the handler, after awaits too', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    const logger = createLogger('info', { destination });
    const app = await buildHttpApp({
      logger,
      metrics: createHttpMetrics(undefined, { collectProcess: false }),
      readiness: [],
      corsOrigins: [],
      trustProxy: false,
      bodyLimitBytes: 1024,
      webRoot: null,
      registerApi: (api) => {
        api.get('/work', async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          logger.info('handler step');
          return { ok: true };
        });
      },
    });
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/work',
        headers: { 'x-request-id': 'req-ctx-1' },
      });
      assert.equal(res.statusCode, 200);
      const step = lines.find((l) => l.msg === 'handler step');
      assert.equal(step?.request_id, 'req-ctx-1');
      assert.equal(lines.find((l) => l.msg === 'request completed')?.request_id, 'req-ctx-1');
    } finally {
      await app.close();
    }
  });
});
