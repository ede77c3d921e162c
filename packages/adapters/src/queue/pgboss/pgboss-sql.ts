import { createHash } from 'node:crypto';

/** Runs SQL: pg-boss's `db` contract, which both a pg pool and the serialised PGlite executor meet. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The data column of a job: the payload plus what the adapter needs to run it. */
export interface JobEnvelope {
  payload: unknown;
  /** The caller's job id when it is not a UUID (pg-boss ids are UUIDs). */
  key?: string;
  timeoutMs: number;
  /** Times the job was put off because a dependency was unavailable (see `outageDeferralMs`). */
  deferrals?: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The pg-boss id of a caller's job id: the id itself when it is a UUID, else a UUID derived from the job name and
 * the id, so that the same key always lands on the same row and idempotent enqueues collide as they should.
 */
export function storageId(name: string, id: string): string {
  if (uuidPattern.test(id)) return id.toLowerCase();
  const hex = createHash('sha256').update(`${name}\u0000${id}`).digest('hex');
  // Version nibble 8 ("custom") and the RFC 4122 variant, so the text is a well-formed UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** The id a caller sees for a stored job. */
export function callerId(row: { id: string; data?: unknown }): string {
  const key = (row.data as Partial<JobEnvelope> | null | undefined)?.key;
  return typeof key === 'string' ? key : row.id;
}

/** The statements the adapter runs itself, beyond pg-boss's API. */
export function adapterSql(schema: string) {
  return {
    /** Deletes a job only while nobody runs it, so a cancel never pulls a row from under a worker. */
    deleteIfWaiting: `DELETE FROM ${schema}.job WHERE name = $1 AND id = $2 AND state < 'active' RETURNING id`,
    /**
     * Puts an interrupted job back without spending an attempt: fetching adds 1 to `retry_count` whenever
     * `started_on` is set, so the first attempt clears `started_on` and later ones step `retry_count` back.
     */
    requeue: `
      UPDATE ${schema}.job SET
        state = (CASE WHEN retry_count = 0 THEN 'created' ELSE 'retry' END)::${schema}.job_state,
        start_after = now(),
        retry_count = CASE WHEN retry_count > 0 THEN retry_count - 1 ELSE 0 END,
        started_on = CASE WHEN retry_count = 0 THEN NULL ELSE started_on END
      WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
    /**
     * Puts a job that met a dependency outage back for later ($3 ms), its attempt unspent like `requeue`, and
     * records how often that happened ($4) in its data; only while the row is still this attempt's claim ($5, its
     * `started_on`), so a late failure never moves a run that pg-boss already gave to another worker.
     */
    defer: `
      UPDATE ${schema}.job SET
        state = (CASE WHEN retry_count = 0 THEN 'created' ELSE 'retry' END)::${schema}.job_state,
        start_after = now() + $3::int * interval '1 millisecond',
        retry_count = CASE WHEN retry_count > 0 THEN retry_count - 1 ELSE 0 END,
        started_on = CASE WHEN retry_count = 0 THEN NULL ELSE started_on END,
        data = jsonb_set(coalesce(data, '{}'::jsonb), '{deferrals}', to_jsonb($4::int))
      WHERE name = $1 AND id = $2 AND state = 'active'
        AND date_trunc('milliseconds', started_on) = date_trunc('milliseconds', $5::timestamptz)
      RETURNING id`,
    /** Makes the attempt that just failed the last one (for failures that retrying cannot fix). */
    exhaustRetries: `UPDATE ${schema}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active'`,
    /** The claim of each job a worker runs: a job cancelled, expired or re-claimed elsewhere no longer matches. */
    claims: `SELECT id, state, started_on AS "startedOn" FROM ${schema}.job WHERE name = $1 AND id = ANY($2::uuid[])`,
    /**
     * Creates a job name's queue under pg-boss's advisory lock: pg-boss 10's create_queue alters shared tables and
     * deadlocks when two connections create queues at the same moment. Parameterless, so it runs as one
     * multi-statement call on either driver.
     */
    createQueue: (name: string) => `
      BEGIN;
      SELECT pg_advisory_xact_lock(('x' || encode(sha224((current_database() || '.pgboss.${schema}')::bytea), 'hex'))::bit(64)::bigint);
      SELECT ${schema}.create_queue(${quoteLiteral(name)}, '{"policy":"standard"}'::json);
      COMMIT;`,
    counts: `
      SELECT state::text AS state, (start_after > now()) AS "isLater", count(*)::int AS count
      FROM ${schema}.job WHERE name = $1 GROUP BY 1, 2`,
  };
}

/** Quotes a text literal (doubling single quotes); for the one statement that cannot take parameters. */
function quoteLiteral(text: string): string {
  if (text.includes('\u0000')) throw new Error('NUL in SQL literal');
  return `'${text.replaceAll("'", "''")}'`;
}
