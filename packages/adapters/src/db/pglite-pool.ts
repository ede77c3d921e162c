/**
 * A pg-Pool-shaped front for one PGlite instance, so Kysely's stock PostgresDialect runs on it.
 *
 * PGlite is ONE database session. Two Kysely transactions sharing it would interleave their statements inside
 * one BEGIN...COMMIT, so `connect()` hands the session out to one holder at a time (FIFO) and the next caller
 * waits until `release()`. Raw SQL from other users of the same instance (pg-boss) goes through the same lock.
 * Consequence: code inside a transaction must use the transaction object, never the outer `db`, or it waits
 * on itself forever; a warning is logged when a caller waits longer than `slowWaitMs`.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** The logger subset the database layer uses (pino's Logger satisfies it). */
export interface DbLogger {
  warn(data: object, message: string): void;
}

/** The pool facade plus what the handle needs for stats and raw SQL. */
export interface PglitePool extends PostgresPool {
  /** Runs raw SQL under the session lock; parameterless SQL may hold several statements. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  stats(): { total: number; idle: number; waiting: number };
  /** Waits for the current holder and every queued caller, then refuses new work. */
  drain(): Promise<void>;
}

interface Waiter {
  grant: () => void;
}

/**
 * Wraps `pg` in a one-holder-at-a-time pool. `end()` (called by Kysely's destroy) does nothing: the handle
 * drains the pool and then closes PGlite itself.
 */
export function createPglitePool(pg: PGlite, options: { logger?: DbLogger; slowWaitMs?: number } = {}): PglitePool {
  const slowWaitMs = options.slowWaitMs ?? 10_000;
  const waiters: Waiter[] = [];
  let isHeld = false;
  let isEnded = false;

  function acquire(): Promise<() => void> {
    if (isEnded) return Promise.reject(new Error('database is closed'));
    let isReleased = false;
    const release = () => {
      if (isReleased) return;
      isReleased = true;
      const next = waiters.shift();
      if (next) next.grant();
      else isHeld = false;
    };
    if (!isHeld) {
      isHeld = true;
      return Promise.resolve(release);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        options.logger?.warn({ slowWaitMs, waiting: waiters.length }, 'waiting long for the embedded database session');
      }, slowWaitMs);
      timer.unref();
      waiters.push({
        grant: () => {
          clearTimeout(timer);
          resolve(release);
        },
      });
    });
  }

  async function connect(): Promise<PostgresPoolClient> {
    const release = await acquire();
    let isReleased = false;
    const client = {
      async query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        if (isReleased) throw new Error('query on a released embedded database connection');
        const result = await pg.query<R>(sqlText, parameters as unknown[]);
        return {
          rows: result.rows,
          command: (result.command ?? 'SELECT') as PostgresQueryResult<R>['command'],
          rowCount: result.rowCount ?? result.affectedRows ?? 0,
        };
      },
      release() {
        isReleased = true;
        release();
      },
    };
    // Kysely's types also allow a cursor overload; streaming is not offered on the embedded database.
    return client as unknown as PostgresPoolClient;
  }

  async function executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    const release = await acquire();
    try {
      if (values?.length) return await pg.query(text, values);
      // exec() runs the simple protocol, which accepts several statements; its last result is the answer.
      const results = await pg.exec(text);
      return results.at(-1) ?? { rows: [] };
    } finally {
      release();
    }
  }

  return {
    connect,
    executeSql,
    async end() {},
    async drain() {
      if (isEnded) return;
      await acquire();
      isEnded = true;
    },
    stats() {
      return { total: 1, idle: isHeld ? 0 : 1, waiting: waiters.length };
    },
  };
}
