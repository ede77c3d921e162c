/**
 * Writes the rows of one import chunk with `ON CONFLICT DO NOTHING`, so a row that already exists (same derived
 * id or same source key) is skipped and counted as such. Runs inside the chunk's transaction; the caller commits it
 * together with the batch's progress.
 *
 * Rows go to PostgreSQL as one JSON array per table and chunk, expanded by `json_populate_recordset` with the
 * table's own row type: one parameter instead of ~30 per row, parsed by the server in C. That is what makes large
 * imports fast (jsonb values travel as nested JSON, `cwe` as a JSON array, timestamps as ISO text).
 */
import { sql, type Kysely } from 'kysely';
import { emptyTableCounts, type ImportedTable, type PlanItem, type TableCounts } from '@xcr/core/migration/import-rows';
import { cleanJson } from '@xcr/core/migration/normalise';
import { toJson } from '../json.ts';
import type { Database } from '../schema.ts';

/** The physical table of each imported table. */
export const physicalTables: Record<ImportedTable, 'projects' | 'audit_tasks' | 'findings' | 'finding_comments' | 'instant_analyses'> = {
  projects: 'projects',
  tasks: 'audit_tasks',
  issues: 'findings',
  comments: 'finding_comments',
  instant_analyses: 'instant_analyses',
};

/** Columns that take the table default (the import time) when the record had no value. */
const defaultedColumns: Readonly<Record<string, string>> = { created_at: 'now()', updated_at: 'now()' };

type Row = Extract<PlanItem, { row: unknown }>['row'];

/** Inserts `rows` (all of one table) into `table`; returns how many were new. */
async function insertRows(db: Kysely<Database>, table: string, rows: readonly Row[], batchId: string): Promise<number> {
  if (rows.length === 0) return 0;
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  keys.delete('migration_batch_id');
  const columns = [...keys, 'migration_batch_id'];
  const values = columns.map((c) => {
    const fallback = defaultedColumns[c];
    return fallback ? sql`coalesce(r.${sql.ref(c)}, ${sql.raw(fallback)})` : sql`r.${sql.ref(c)}`;
  });
  const json = JSON.stringify(rows.map((row) => ({ ...row, migration_batch_id: batchId })));
  const result = await sql<{ created: number }>`WITH inserted AS (
      INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      SELECT ${sql.join(values)} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json) AS r
      ON CONFLICT DO NOTHING
      RETURNING 1
    ) SELECT count(*)::int AS created FROM inserted`.execute(db);
  return Number(result.rows[0]?.created ?? 0);
}

/** Inserts the chunk's rows and quarantine entries; returns rows created per table, skipped and quarantined. */
export async function writeImportItems(
  db: Kysely<Database>,
  batchId: string,
  items: readonly PlanItem[],
): Promise<{ created: TableCounts; skipped: number; quarantined: number }> {
  const rows: Record<ImportedTable, Row[]> = { projects: [], tasks: [], issues: [], comments: [], instant_analyses: [] };
  const quarantine: Array<Extract<PlanItem, { type: 'quarantine' }>['entry']> = [];
  for (const item of items) {
    if (item.type === 'quarantine') quarantine.push(item.entry);
    else if (item.type === 'project') rows.projects.push(item.row);
    else if (item.type === 'task') rows.tasks.push(item.row);
    else if (item.type === 'issue') rows.issues.push(item.row);
    else if (item.type === 'comment') rows.comments.push(item.row);
    else rows.instant_analyses.push(item.row);
  }

  const created = emptyTableCounts();
  let attempted = 0;
  // Parents before children: a chunk can hold a project and its first tasks.
  for (const table of ['projects', 'tasks', 'issues', 'comments', 'instant_analyses'] as const) {
    created[table] = await insertRows(db, physicalTables[table], rows[table], batchId);
    attempted += rows[table].length;
  }
  for (let start = 0; start < quarantine.length; start += 500) {
    const slice = quarantine.slice(start, start + 500).map((q) => ({
      batch_id: batchId,
      record_type: q.record_type,
      source_key: q.source_key,
      reason: q.reason,
      path: q.path,
      message: q.message,
      record: toJson(cleanJson(q.record)),
    }));
    await db.insertInto('migration_quarantine').values(slice).execute();
  }
  const createdTotal = Object.values(created).reduce((a, b) => a + b, 0);
  return { created, skipped: attempted - createdTotal, quarantined: quarantine.length };
}
