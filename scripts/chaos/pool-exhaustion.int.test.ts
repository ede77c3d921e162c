/**
 * Chaos: the PostgreSQL pool runs dry. The server runs in production mode with XCR_DB_POOL_MAX=2; a session of
 * the test's own locks the `projects` table, so two project listings each hold a pool connection while they wait
 * for the lock. Every further request then waits for a connection: it must answer 503 with Retry-After within
 * 2.5 s (the pool's connect timeout is 2 s), not hang, and the API must answer 200 again once the lock is gone.
 * Nothing in the product is slowed on purpose; the load comes from outside, the way a long migration or a
 * stuck report query would cause it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import {
  createTestServer,
  uniqueName,
  type HttpAnswer,
  type TestServer,
} from '../../apps/server/src/test-support/test-server.ts';
import { reportFigures, waitFor } from './support/poll.ts';

/** Requests fired at once while the pool is full. */
const probeCount = 10;
const answerBoundMs = 2_500;
/** Long enough for the first case to release its lock well before it, short enough for the second to wait it out. */
const statementTimeoutMs = 6_000;

describe('chaos: database pool exhaustion (production mode)', { timeout: 120_000 }, () => {
  let t: TestServer;
  let token: string;
  let locker: pg.Client | undefined;

  before(async () => {
    t = await createTestServer({
      mode: 'production',
      env: {
        XCR_DB_POOL_MAX: '2',
        XCR_DB_CONNECT_TIMEOUT_MS: '2000',
        XCR_DB_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs),
      },
    });
    token = (await t.loginAs('user')).tokens.access_token;
    const created = await t.request('POST', '/api/v1/projects', {
      token,
      json: { name: uniqueName('pool'), source_type: 'zip' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });
  after(async () => {
    await locker?.end().catch(() => undefined);
    await t?.stop();
  });

  /** Lock requests on `projects` that wait, seen from the locking session. */
  async function waitingOnProjects(client: pg.Client): Promise<number> {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'projects'::regclass",
    );
    return rows[0]?.n ?? 0;
  }

  /** A session of the test's own holding an exclusive lock on `projects` until it commits. */
  async function lockProjects(): Promise<pg.Client> {
    const url = t.config.db.kind === 'postgres' ? t.config.db.url : '';
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    locker = client;
    await client.query('BEGIN');
    await client.query('LOCK TABLE projects IN ACCESS EXCLUSIVE MODE');
    return client;
  }

  async function release(client: pg.Client): Promise<void> {
    await client.query('COMMIT');
    await client.end();
    locker = undefined;
  }

  async function timed(path: string): Promise<HttpAnswer & { ms: number }> {
    const startedAt = performance.now();
    const answer = await t.request('GET', path, { token });
    return { ...answer, ms: Math.round(performance.now() - startedAt) };
  }

  it('answers 503 with Retry-After within 2.5 s while every connection is held, then recovers', async () => {
    assert.equal(t.config.db.kind, 'postgres');
    const statsBefore = t.running.runtime.database.queryStats();
    const lockedClient = await lockProjects();

    // Listings take both connections and wait for the lock with them (one listing may take both: it counts and
    // reads its page at once).
    const holders = [timed('/api/v1/projects'), timed('/api/v1/projects')];
    await waitFor(
      'two requests waiting on the lock',
      async () => (await waitingOnProjects(lockedClient)) >= 2 || undefined,
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    assert.equal(t.running.runtime.database.poolStats().idle, 0);

    const probes = await Promise.all(
      Array.from({ length: probeCount }, (_, i) => timed(i % 2 === 0 ? '/api/v1/projects' : '/api/v1/tasks')),
    );
    for (const probe of probes) {
      assert.equal(probe.status, 503, JSON.stringify(probe.body));
      assert.equal(probe.body.error.code, 'database_unavailable');
      assert.ok(Number(probe.headers.get('retry-after')) >= 1, 'Retry-After names a wait in seconds');
      assert.ok(probe.ms < answerBoundMs, `answered after ${probe.ms} ms`);
    }
    const health = await t.request('GET', '/health');
    assert.equal(health.status, 200, 'the process itself stays healthy');
    // Every refused request is a query that got no connection, in the counters behind the runbook's failure ratio.
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    const counter = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
    const statsAfter = t.running.runtime.database.queryStats();
    assert.ok(
      statsAfter.connectionErrors - statsBefore.connectionErrors >= probeCount,
      JSON.stringify(statsAfter),
    );
    assert.ok(counter('xcr_db_connection_errors_total') >= statsAfter.connectionErrors - 1);
    assert.ok(counter('xcr_db_queries_total') > counter('xcr_db_connection_errors_total'));

    const releasedAt = performance.now();
    await release(lockedClient);
    // The listings that got connections finish once the lock is gone; one that found the pool full is a 503.
    const held = await Promise.all(holders);
    assert.ok(
      held.some((h) => h.status === 200),
      JSON.stringify(held.map((h) => h.status)),
    );
    assert.ok(
      held.every((h) => h.status === 200 || h.status === 503),
      JSON.stringify(held.map((h) => h.status)),
    );
    let recovered: HttpAnswer | undefined;
    await waitFor(
      'a 200 again',
      async () =>
        (recovered = await t.request('GET', '/api/v1/projects', { token })).status === 200 || undefined,
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    const recoveredMs = Math.round(performance.now() - releasedAt);
    assert.equal(recovered?.body.total, 1);
    assert.equal(t.running.runtime.database.poolStats().waiting, 0);

    reportFigures({
      test: 'pool-exhaustion',
      poolMax: 2,
      connectTimeoutMs: 2000,
      probes: probeCount,
      firstStatus: probes[0]?.status,
      statuses503: probes.filter((p) => p.status === 503).length,
      retryAfterS: Number(probes[0]?.headers.get('retry-after')),
      answeredMsMin: Math.min(...probes.map((p) => p.ms)),
      answeredMsMax: Math.max(...probes.map((p) => p.ms)),
      holders: held.map((h) => ({ status: h.status, ms: h.ms })),
      recoveredMs,
    });
  });

  it('bounds a query stuck behind a lock by the statement timeout: 503 database_timeout, connection returned', async () => {
    const lockedClient = await lockProjects();
    try {
      const stuck = await timed('/api/v1/projects');
      assert.equal(stuck.status, 503, JSON.stringify(stuck.body));
      assert.equal(stuck.body.error.code, 'database_timeout');
      assert.ok(Number(stuck.headers.get('retry-after')) >= 1);
      assert.ok(
        stuck.ms >= statementTimeoutMs - 500 && stuck.ms < statementTimeoutMs + 5_000,
        `answered after ${stuck.ms} ms`,
      );
      reportFigures({
        test: 'statement-timeout',
        statementTimeoutMs,
        status: stuck.status,
        code: stuck.body.error.code,
        answeredMs: stuck.ms,
      });
    } finally {
      await release(lockedClient);
    }
    const after = await t.request('GET', '/api/v1/projects', { token });
    assert.equal(after.status, 200);
    assert.equal(t.running.runtime.database.poolStats().waiting, 0);
  });
});
