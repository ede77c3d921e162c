import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { UnavailableError } from '@xcr/core/errors';
import { acquireOrUnavailable, poolRetryAfterS } from './create-database.ts';

describe('adapters/db/create-database acquireOrUnavailable', () => {
  it('passes a connection through, and a connection dying while lent out does not end the process', async () => {
    const client = Object.assign(new EventEmitter(), { query: () => undefined }) as unknown as pg.PoolClient;
    const pool = { connect: async () => client, end: async () => undefined } as unknown as pg.Pool;
    const connections = acquireOrUnavailable(pool);
    assert.equal(await connections.connect(), client);
    await connections.connect();
    // One listener however often the connection is lent; without it, emit('error') would throw.
    assert.equal(client.listenerCount('error'), 1);
    assert.doesNotThrow(() => client.emit('error', new Error('Connection terminated unexpectedly')));
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

  it('counts each failure to get a connection as an attempted query and a connection error', async () => {
    const stats = { queries: 5, connectionErrors: 0 };
    let fails = true;
    const pool = {
      connect: () =>
        fails ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve(new EventEmitter()),
      end: async () => undefined,
    } as unknown as pg.Pool;
    const connections = acquireOrUnavailable(pool, stats);
    await assert.rejects(connections.connect());
    await assert.rejects(connections.connect());
    fails = false;
    await connections.connect();
    // A connection that was obtained is counted by the query it runs, not here.
    assert.deepEqual(stats, { queries: 7, connectionErrors: 2 });
  });

  it('ends the pool it wraps', async () => {
    let ended = 0;
    const pool = { connect: async () => undefined, end: async () => void (ended += 1) } as unknown as pg.Pool;
    await acquireOrUnavailable(pool).end();
    assert.equal(ended, 1);
  });
});
