/**
 * Opens the application database: PGlite in a data folder (embedded mode) or a PostgreSQL pool (production).
 * Both are driven by Kysely's stock PostgresDialect, so one SQL dialect and one set of migrations serve both.
 *
 * Values come back the same from both drivers: timestamptz as `Date`, int8 and numeric as `number`, jsonb as
 * parsed JSON.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { UnavailableError } from '@xcr/core/errors';
import { withNamedStatements } from './named-statements.ts';
import { createPglitePool, type DbLogger } from './pglite-pool.ts';
import type { Database } from './schema.ts';

export type { DbLogger } from './pglite-pool.ts';

/** Where the database lives. `dataDir: 'memory://'` keeps an embedded database in memory (tests). */
export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | {
      kind: 'postgres';
      url: string;
      poolMax: number;
      statementTimeoutMs: number;
      connectTimeoutMs?: number;
      /** Kysely's queries run as named prepared statements (named-statements.ts); on unless false. */
      preparedStatements?: boolean;
    };

/** Connection counts for monitoring. The embedded database has exactly one session. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * Monotonic counts for `xcr_db_queries_total` and `xcr_db_connection_errors_total`: every query attempted (Kysely,
 * raw SQL and pings), including those that never got a connection, and those connection failures alone. Their
 * ratio is the runbook's database connection failure rate.
 */
export interface QueryStats {
  queries: number;
  connectionErrors: number;
}

/** An open database and what the rest of the system needs around it. */
export interface DatabaseHandle {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<Database>;
  /**
   * Raw SQL outside Kysely (pg-boss's `db` option). Parameterless SQL may hold several statements; the result
   * is the last statement's. On PGlite it waits for the session like any Kysely query.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Resolves when the database answers; rejects with UnavailableError within `pingTimeoutMs` otherwise. */
  ping(signal?: AbortSignal): Promise<void>;
  poolStats(): PoolStats;
  /** Queries attempted and failures to get a connection since the database was opened. */
  queryStats(): QueryStats;
  /** Closes the pool or the embedded database; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Shared buffers of the embedded database. PostgreSQL's default (128 MB) lives inside PGlite's WebAssembly memory,
 * which never shrinks; 32 MB keeps a reopened embedded server about 115 MB smaller (P-MEM) and fits the laptop-sized
 * data sets embedded mode is for, while file reads still go through the OS page cache.
 */
export const embeddedSharedBuffersMb = 32;

/** How long `ping` waits before declaring the database unavailable. */
export const pingTimeoutMs = 2_000;

/** How long a query waits for a pool connection when the config does not say (XCR_DB_CONNECT_TIMEOUT_MS). */
export const defaultConnectTimeoutMs = 2_000;

/** Seconds a caller refused for want of a connection is asked to wait (a full pool drains in moments). */
export const poolRetryAfterS = 1;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function toNumber(value: string): number {
  return Number(value);
}

/** Opens the database described by `config`. Does not migrate: call `migrateToLatest` for that. */
export async function createDatabase(
  config: DatabaseConfig,
  deps: { logger?: DbLogger } = {},
): Promise<DatabaseHandle> {
  return config.kind === 'pglite'
    ? openPglite(config.dataDir, deps.logger)
    : openPostgres(config, deps.logger);
}

async function openPglite(dataDir: string, logger: DbLogger | undefined): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
    postgresqlconf: [`shared_buffers = ${embeddedSharedBuffersMb}MB`],
  });
  const pool = createPglitePool(pglite, { logger });
  const stats: QueryStats = { queries: 0, connectionErrors: 0 };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: () => void (stats.queries += 1),
  });
  const executeSql = (text: string, values?: unknown[]) => {
    stats.queries += 1;
    return pool.executeSql(text, values);
  };
  let closing: Promise<void> | undefined;
  return {
    kind: 'pglite',
    db,
    executeSql,
    ping: (signal) => withDeadline(() => executeSql('SELECT 1'), signal),
    poolStats: () => pool.stats(),
    queryStats: () => ({ ...stats }),
    close() {
      closing ??= (async () => {
        await db.destroy();
        // Let anyone holding or awaiting the session (e.g. pg-boss mid-query) finish before the instance goes away.
        await pool.drain();
        await pglite.close();
      })();
      return closing;
    },
  };
}

async function openPostgres(
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
  logger: DbLogger | undefined,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    statement_timeout: config.statementTimeoutMs,
    // Bounds both waits for a connection: a free slot of a full pool, and a new session when PostgreSQL is slow
    // or down. Callers then fail fast (503, see acquireOrUnavailable) instead of queueing without end; the pool
    // opens fresh connections on demand, so it recovers by itself once the server is back.
    connectionTimeoutMillis: config.connectTimeoutMs ?? defaultConnectTimeoutMs,
    idleTimeoutMillis: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? toNumber
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client whose server went away emits 'error'; without a listener that would crash the process.
  pool.on('error', (error) => logger?.warn({ err: error }, 'idle database connection failed'));
  const stats: QueryStats = { queries: 0, connectionErrors: 0 };
  const connections = acquireOrUnavailable(pool, stats);
  const kyselyPool =
    config.preparedStatements === false
      ? connections
      : { connect: async () => withNamedStatements(await connections.connect()), end: () => connections.end() };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: kyselyPool }),
    log: () => void (stats.queries += 1),
  });
  // Raw SQL takes its connection the way Kysely does, so it is counted, and refused with 503, the same way.
  async function executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    const client = await connections.connect();
    stats.queries += 1;
    try {
      const result = (await client.query(text, values)) as unknown as pg.QueryResult | pg.QueryResult[];
      client.release();
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: last?.rows ?? [] };
    } catch (error) {
      // A failed connection is discarded rather than handed to the next caller.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    db,
    executeSql,
    ping: (signal) => withDeadline(() => executeSql('SELECT 1'), signal),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    queryStats: () => ({ ...stats }),
    close() {
      closing ??= (async () => {
        await db.destroy();
        // Kysely ends the pool only if it ever ran a query; raw SQL alone would leave the pool open.
        if (!pool.ended) await pool.end();
      })();
      return closing;
    },
  };
}

/**
 * A connection that dies while checked out (PostgreSQL restarted, network cut) emits 'error' besides failing its
 * query; with no listener that event would end the process. The pool removes the listener it keeps on idle
 * connections while one is lent out, so this one stays for the connection's life: the query's own rejection
 * reports the failure, and the pool discards the connection when it comes back unusable.
 */
function ignoreCheckedOutError(): void {}

/**
 * The pool as Kysely sees it, with every failure to get a connection (pool full past the connect timeout,
 * PostgreSQL refusing or not answering) turned into UnavailableError `database_unavailable`: the API answers 503
 * with Retry-After instead of a 500, and job runners see a retryable error. Failures of queries on a connection
 * that was obtained are not touched.
 */
export function acquireOrUnavailable(
  pool: Pick<pg.Pool, 'connect' | 'end'>,
  stats: QueryStats = { queries: 0, connectionErrors: 0 },
): {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
} {
  return {
    async connect() {
      try {
        const client = await pool.connect();
        if (!client.listeners('error').includes(ignoreCheckedOutError))
          client.on('error', ignoreCheckedOutError);
        return client;
      } catch (error) {
        stats.queries += 1;
        stats.connectionErrors += 1;
        throw new UnavailableError(
          'database_unavailable',
          'No database connection could be obtained; try again shortly',
          {
            cause: error,
            details: { retry_after_s: poolRetryAfterS },
          },
        );
      }
    },
    end: () => pool.end(),
  };
}

/**
 * Settles with `work()`, or rejects with UnavailableError after `pingTimeoutMs` or when `signal` aborts. Work
 * left behind by a timeout may still fail later; that late failure is swallowed.
 */
function withDeadline(work: () => Promise<unknown>, signal?: AbortSignal): Promise<void> {
  const unavailable = (cause?: unknown) =>
    new UnavailableError('database_unavailable', 'The database is not reachable', { cause });
  if (signal?.aborted) return Promise.reject(unavailable(signal.reason));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(unavailable(new Error(`no answer within ${pingTimeoutMs} ms`))),
      pingTimeoutMs,
    );
    const onAbort = () => finish(unavailable(signal?.reason));
    function finish(error?: UnavailableError) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    work().then(
      () => finish(),
      (error: unknown) => finish(unavailable(error)),
    );
  });
}
