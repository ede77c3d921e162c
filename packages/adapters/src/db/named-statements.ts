/**
 * Named prepared statements for the queries Kysely sends to PostgreSQL. An unnamed statement is parsed and planned
 * on every execution; a named one is parsed once per connection, and PostgreSQL may keep a generic plan for it
 * after a few executions. On the API's list and dashboard queries that halves PostgreSQL's CPU per request.
 *
 * The name is a hash of the SQL text, so one text always maps to one name. A connection prepares at most
 * `maxPerConnection` statements; texts past that run unnamed (statements with long `IN (...)` lists vary in
 * text). A prepared `SELECT *` fails with "cached plan must not change result type" once a migration changed the
 * table (a rolling deploy migrates under running replicas): the query is then run again unnamed and the connection
 * is closed when it is released, which drops all its prepared statements.
 *
 * Transaction control and other statements without parameters are never prepared. Turn the whole thing off with
 * XCR_DB_PREPARED_STATEMENTS=false behind a pooler that cannot carry prepared statements (PgBouncer in
 * transaction mode before 1.21).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** The part of a pooled client Kysely uses. */
export type KyselyClient = Pick<pg.PoolClient, 'query' | 'release'>;

/** SQLSTATE 0A000 with this message: a prepared statement's result columns changed under it. */
const resultTypeChanged = /cached plan must not change result type/;

/** Statements that must run as sent: transaction control and session settings. */
const unpreparable = /^\s*(begin|start|commit|end|rollback|savepoint|release|set|reset|lock|prepare|deallocate|discard|listen|notify)\b/i;

/** Texts hashed so far, so a repeated query is not hashed again (bounded: oldest first out). */
const names = new Map<string, string>();
const maxRememberedNames = 2_000;

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `xcr_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
    if (names.size > maxRememberedNames) names.delete(names.keys().next().value as string);
  }
  return name;
}

interface ClientState {
  prepared: Set<string>;
  /** Closed on release: its prepared statements are stale. */
  isStale: boolean;
  facade: KyselyClient;
}

const states = new WeakMap<pg.PoolClient, ClientState>();

/**
 * The client as Kysely should see it: one facade per pooled connection (Kysely keeps per-client state keyed by
 * the object), whose `query(text, values)` runs prepared under a name.
 */
export function withNamedStatements(client: pg.PoolClient, options: { maxPerConnection?: number } = {}): KyselyClient {
  const existing = states.get(client);
  if (existing) return existing.facade;
  const maxPerConnection = options.maxPerConnection ?? 256;
  const state: ClientState = {
    prepared: new Set(),
    isStale: false,
    facade: {
      query: ((text: unknown, values?: unknown) => {
        if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || unpreparable.test(text)) {
          return (client.query as (...args: unknown[]) => unknown)(text, values);
        }
        const name = nameOf(text);
        if (!state.prepared.has(name)) {
          if (state.prepared.size >= maxPerConnection) return client.query(text, values);
          state.prepared.add(name);
        }
        return client.query({ name, text, values }).catch(async (error: unknown) => {
          if (!resultTypeChanged.test((error as Error | undefined)?.message ?? '')) throw error;
          state.isStale = true;
          try {
            return await client.query(text, values);
          } catch {
            // Inside a transaction the failed statement aborted it; the caller must see the original error.
            throw error;
          }
        });
      }) as pg.PoolClient['query'],
      release(error?: Error | boolean) {
        if (state.isStale) {
          states.delete(client);
          client.release(true);
          return;
        }
        client.release(error);
      },
    },
  };
  states.set(client, state);
  return state.facade;
}
