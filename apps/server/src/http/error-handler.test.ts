import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { UnavailableError } from '@xcr/core/errors';
import { registerErrorHandling } from './error-handler.ts';
import type { HttpApp } from './types.ts';

/** A system or driver error carrying only a `code`, the way fs and pg throw them. */
function coded(code: string): Error {
  return Object.assign(new Error(`failure ${code} with /internal/path`), { code });
}

describe('apps/server/http/error-handler', () => {
  let app: HttpApp;
  const thrown: Record<string, Error> = {
    'disk-full': coded('ENOSPC'),
    quota: coded('EDQUOT'),
    'statement-timeout': coded('57014'),
    'admin-shutdown': coded('57P01'),
    duplicate: coded('23505'),
    'pool-timeout': new UnavailableError(
      'database_unavailable',
      'No database connection could be obtained; try again shortly',
      {
        details: { retry_after_s: 1 },
      },
    ),
    other: coded('EPERM'),
  };

  before(async () => {
    app = Fastify({ logger: false }) as unknown as HttpApp;
    registerErrorHandling(app);
    for (const [name, error] of Object.entries(thrown)) {
      app.get(`/${name}`, async () => {
        throw error;
      });
    }
    await app.ready();
  });
  after(() => app.close());

  async function get(name: string) {
    const res = await app.inject({ method: 'GET', url: `/${name}` });
    return {
      status: res.statusCode,
      retryAfter: res.headers['retry-after'],
      body: res.json() as { error: { code: string; message: string } },
    };
  }

  it('answers a full disk with 507 insufficient_storage, without the path', async () => {
    for (const name of ['disk-full', 'quota']) {
      const res = await get(name);
      assert.equal(res.status, 507, name);
      assert.equal(res.body.error.code, 'insufficient_storage');
      assert.doesNotMatch(res.body.error.message, /internal/);
    }
  });

  it('answers a database that is busy or away with 503 and Retry-After', async () => {
    const timeout = await get('statement-timeout');
    assert.deepEqual(
      [timeout.status, timeout.body.error.code, timeout.retryAfter],
      [503, 'database_timeout', '2'],
    );
    const shutdown = await get('admin-shutdown');
    assert.deepEqual([shutdown.status, shutdown.body.error.code], [503, 'database_unavailable']);
    const pool = await get('pool-timeout');
    assert.deepEqual(
      [pool.status, pool.body.error.code, pool.retryAfter],
      [503, 'database_unavailable', '1'],
    );
  });

  it('answers an escaped unique violation as a conflict, and anything unknown as a 500 that hides it', async () => {
    assert.equal((await get('duplicate')).status, 409);
    const other = await get('other');
    assert.equal(other.status, 500);
    assert.deepEqual(other.body, { error: { code: 'internal_error', message: 'Internal server error' } });
  });
});
