// Per-table checksums of a PostgreSQL schema: row count and an order-independent digest of every row's text,
// plus each sequence's position. Equal checksums before a dump and after its restore mean equal data.
import type pg from 'pg';

/** One table's (or sequence's) fingerprint. */
export interface TableChecksum {
  table: string;
  rows: number;
  md5: string;
}

/** A difference between two checksum lists. */
export interface ChecksumMismatch {
  table: string;
  problem: 'missing' | 'unexpected' | 'rows' | 'content';
  expected?: TableChecksum;
  actual?: TableChecksum;
}

/**
 * Session settings that fix how values print as text, so the same data yields the same digest on any
 * connection (time zone, float digits, date and interval styles, bytea format).
 */
const stableTextSettings = [
  "SET TIME ZONE 'UTC'",
  'SET extra_float_digits = 3',
  "SET DateStyle = 'ISO, MDY'",
  "SET IntervalStyle = 'postgres'",
  "SET bytea_output = 'hex'",
];

/**
 * Checksums of every base table and sequence in `schema`. Run it inside the transaction whose snapshot the dump
 * uses to describe exactly what the dump holds.
 */
export async function tableChecksums(client: pg.ClientBase, schema = 'public'): Promise<TableChecksum[]> {
  for (const statement of stableTextSettings) await client.query(statement);
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  const out: TableChecksum[] = [];
  for (const { name } of tables.rows) {
    const qualified = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
    // Sorting the row digests makes the result independent of physical row order, which a restore changes.
    // The table name is quoted by the driver's identifier escaping; nothing user-supplied reaches this text.
    // xcr-ignore-next-line javascript.sqli.string-built-query
    const res = await client.query<{ rows: string; md5: string }>(`SELECT count(*)::bigint AS rows, md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS md5 FROM ${qualified} AS t`);
    out.push({ table: name, rows: Number(res.rows[0]!.rows), md5: res.rows[0]!.md5 });
  }
  const sequences = await client.query<{ name: string; last_value: string | null; is_called: boolean }>(
    `SELECT sequencename AS name, last_value::text, last_value IS NOT NULL AS is_called FROM pg_sequences WHERE schemaname = $1 ORDER BY sequencename`,
    [schema],
  );
  for (const s of sequences.rows) out.push({ table: `sequence:${s.name}`, rows: s.last_value === null ? 0 : Number(s.last_value), md5: s.is_called ? 'called' : 'fresh' });
  return out;
}

/** Every difference between `expected` (the manifest) and `actual` (the restored database). */
export function compareChecksums(expected: readonly TableChecksum[], actual: readonly TableChecksum[]): ChecksumMismatch[] {
  const byName = new Map(actual.map((c) => [c.table, c]));
  const mismatches: ChecksumMismatch[] = [];
  for (const e of expected) {
    const a = byName.get(e.table);
    if (!a) mismatches.push({ table: e.table, problem: 'missing', expected: e });
    else if (a.rows !== e.rows) mismatches.push({ table: e.table, problem: 'rows', expected: e, actual: a });
    else if (a.md5 !== e.md5) mismatches.push({ table: e.table, problem: 'content', expected: e, actual: a });
    byName.delete(e.table);
  }
  for (const a of byName.values()) mismatches.push({ table: a.table, problem: 'unexpected', actual: a });
  return mismatches;
}
