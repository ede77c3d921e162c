import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { UnavailableError } from '@xcr/core/errors';
import { acquireOrUnavailable, poolRetryAfterS } from './create-database.ts';

describe('adapters/db/create-database acquireOrUnavailable', () => {
  it('passes a connection through', async () => {
    const client = { query: () => undefined } as unknown as pg.PoolClient;
    const pool = { connect: async () => client, end: async () => undefined } as unknown as pg.Pool;
    assert.equal(await acquireOrUnavailable(pool).connect(), client);
  });

  it('turns a failure to get a connection into a retryable 503 with the cause kept', async () => {
    // What pg-pool rejects with when connectionTimeoutMillis passes with every connection busy.
    const timeout = new Error('timeout exceeded when trying to connect');
    const pool = { connect: () => Promise.reject(timeout), end: async () => undefined } as unknown as pg.Pool;
    await assert.rejects(acquireOrUnavailable(pool).connect(), (error: unknown) => {
      assert.ok(error instanceof UnavailableError);
      assert.equal(error.code, 'database_unavailable');
      assert.equal(error.status, 503);
      assert.equal(error.cause, timeout);
      assert.deepEqual(error.details, { retry_after_s: poolRetryAfterS });
      return true;
    });
  });

  it('ends the pool it wraps', async () => {
    let ended = 0;
    const pool = { connect: async () => undefined, end: async () => void (ended += 1) } as unknown as pg.Pool;
    await acquireOrUnavailable(pool).end();
    assert.equal(ended, 1);
  });
});
