/**
 * Writes the rows of one import chunk: one multi-row INSERT per table and slice, `ON CONFLICT DO NOTHING`, so a
 * row that already exists (same derived id or same source key) is skipped and counted as such. Runs inside the
 * chunk's transaction; the caller commits it together with the batch's progress.
 */
import type { Kysely } from 'kysely';
import { emptyTableCounts, type ImportedTable, type PlanItem, type TableCounts } from '@xcr/core/migration/import-rows';
import { cleanJson } from '@xcr/core/migration/normalise';
import { toJson, toJsonOrNull } from '../json.ts';
import type { Database } from '../schema.ts';

/** Rows per INSERT: the widest table (findings, ~30 columns) stays far below PostgreSQL's 65,535 parameters. */
const rowsPerInsert = 500;

/** The physical table of each imported table. */
export const physicalTables: Record<ImportedTable, 'projects' | 'audit_tasks' | 'findings' | 'finding_comments' | 'instant_analyses'> = {
  projects: 'projects',
  tasks: 'audit_tasks',
  issues: 'findings',
  comments: 'finding_comments',
  instant_analyses: 'instant_analyses',
};

type RowsOf<T extends Exclude<PlanItem['type'], 'quarantine'>> = Array<Extract<PlanItem, { type: T; row: unknown }>['row']>;

function orDefault(value: Date | null): Date | undefined {
  return value ?? undefined;
}

async function insertSlices<R>(rows: R[], insert: (slice: R[]) => Promise<Array<{ id: string }>>): Promise<number> {
  let created = 0;
  for (let start = 0; start < rows.length; start += rowsPerInsert) created += (await insert(rows.slice(start, start + rowsPerInsert))).length;
  return created;
}

function projectRows(rows: RowsOf<'project'>, batchId: string) {
  return rows.map((r) => ({
    id: r.id,
    owner_id: r.owner_id,
    name: r.name,
    description: r.description,
    source: r.source,
    repository_url: r.repository_url,
    branch: r.branch,
    languages: toJson(r.languages),
    total_files: r.total_files,
    total_lines: r.total_lines,
    primary_language: r.primary_language,
    last_scanned_at: r.last_scanned_at,
    settings: toJson(r.settings),
    status: r.status,
    deleted_at: r.deleted_at,
    migration_batch_id: batchId,
    source_key: r.source_key,
    created_at: orDefault(r.created_at),
    updated_at: orDefault(r.updated_at),
  }));
}

function taskRows(rows: RowsOf<'task'>, batchId: string) {
  return rows.map((r) => ({
    ...r,
    scan_config: toJson(r.scan_config),
    metrics: toJsonOrNull(r.metrics),
    skipped: toJson(r.skipped),
    created_at: orDefault(r.created_at),
    updated_at: orDefault(r.updated_at),
    migration_batch_id: batchId,
  }));
}

function findingRows(rows: RowsOf<'issue'>, batchId: string) {
  return rows.map((r) => ({
    ...r,
    explanation: toJsonOrNull(r.explanation),
    evidence: toJsonOrNull(r.evidence),
    created_at: orDefault(r.created_at),
    updated_at: orDefault(r.updated_at),
    migration_batch_id: batchId,
  }));
}

/** Inserts the chunk's rows and quarantine entries; returns rows created per table, skipped and quarantined. */
export async function writeImportItems(
  db: Kysely<Database>,
  batchId: string,
  items: readonly PlanItem[],
): Promise<{ created: TableCounts; skipped: number; quarantined: number }> {
  const projects: RowsOf<'project'> = [];
  const tasks: RowsOf<'task'> = [];
  const issues: RowsOf<'issue'> = [];
  const comments: RowsOf<'comment'> = [];
  const analyses: RowsOf<'instant_analysis'> = [];
  const quarantine: Array<Extract<PlanItem, { type: 'quarantine' }>['entry']> = [];
  for (const item of items) {
    if (item.type === 'project') projects.push(item.row);
    else if (item.type === 'task') tasks.push(item.row);
    else if (item.type === 'issue') issues.push(item.row);
    else if (item.type === 'comment') comments.push(item.row);
    else if (item.type === 'instant_analysis') analyses.push(item.row);
    else quarantine.push(item.entry);
  }

  const created = emptyTableCounts();
  // Parents before children: a chunk can hold a project and its first tasks.
  created.projects = await insertSlices(projectRows(projects, batchId), (slice) =>
    db.insertInto('projects').values(slice).onConflict((oc) => oc.doNothing()).returning('id').execute(),
  );
  created.tasks = await insertSlices(taskRows(tasks, batchId), (slice) =>
    db.insertInto('audit_tasks').values(slice).onConflict((oc) => oc.doNothing()).returning('id').execute(),
  );
  created.issues = await insertSlices(findingRows(issues, batchId), (slice) =>
    db.insertInto('findings').values(slice).onConflict((oc) => oc.doNothing()).returning('id').execute(),
  );
  created.comments = await insertSlices(
    comments.map((r) => ({ ...r, created_at: orDefault(r.created_at), updated_at: orDefault(r.updated_at), migration_batch_id: batchId })),
    (slice) => db.insertInto('finding_comments').values(slice).onConflict((oc) => oc.doNothing()).returning('id').execute(),
  );
  created.instant_analyses = await insertSlices(
    analyses.map((r) => ({ ...r, summary: toJson(r.summary), created_at: orDefault(r.created_at), migration_batch_id: batchId })),
    (slice) => db.insertInto('instant_analyses').values(slice).onConflict((oc) => oc.doNothing()).returning('id').execute(),
  );
  for (let start = 0; start < quarantine.length; start += rowsPerInsert) {
    const slice = quarantine.slice(start, start + rowsPerInsert).map((q) => ({
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
  const attempted = projects.length + tasks.length + issues.length + comments.length + analyses.length;
  const createdTotal = Object.values(created).reduce((a, b) => a + b, 0);
  return { created, skipped: attempted - createdTotal, quarantined: quarantine.length };
}
