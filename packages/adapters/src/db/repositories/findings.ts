import { sql, type Kysely } from 'kysely';
import type { Category, FindingStatus, Lifecycle, Severity } from '@xcr/contracts';
import type {
  FindingListQuery,
  FindingRecord,
  FindingRepository,
  FindingStatistics,
  NewFinding,
  Page,
} from '@xcr/core/ports/repositories';
import { withDbErrors } from '../db-errors.ts';
import { toJsonOrNull } from '../json.ts';
import type { Database } from '../schema.ts';
import { asList, containsPattern, fetchPage, isUuid, pageWindow } from './query-helpers.ts';
import { visibleProjectIds, writableProjectIds } from './visibility.ts';

/** Rows per INSERT: about 30 parameters a row stays far below PostgreSQL's 65,535-parameter limit. */
const insertChunkRows = 500;

const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const categories: readonly Category[] = ['security', 'bug', 'performance', 'style', 'maintainability', 'documentation', 'other'];
const statuses: readonly FindingStatus[] = ['open', 'in_progress', 'resolved', 'ignored', 'false_positive'];
const lifecycles: readonly Lifecycle[] = ['new', 'persisting', 'fixed', 'regressed'];
const resolvedStatuses: readonly FindingStatus[] = ['resolved', 'false_positive'];

function toRow(finding: NewFinding) {
  return {
    task_id: finding.task_id,
    project_id: finding.project_id,
    fingerprint: finding.fingerprint,
    file_path: finding.file_path,
    line_start: finding.line_start ?? null,
    line_end: finding.line_end ?? null,
    column_start: finding.column_start ?? null,
    column_end: finding.column_end ?? null,
    code_snippet: finding.code_snippet ?? null,
    title: finding.title,
    description: finding.description ?? '',
    severity: finding.severity,
    category: finding.category,
    cwe: finding.cwe ?? [],
    rule_id: finding.rule_id ?? null,
    analyzer: finding.analyzer,
    confidence: finding.confidence ?? 1,
    suggestion: finding.suggestion ?? null,
    fix_example: finding.fix_example ?? null,
    explanation: toJsonOrNull(finding.explanation),
    status: finding.status ?? 'open',
    lifecycle: finding.lifecycle ?? 'new',
    evidence: toJsonOrNull(finding.evidence),
    migration_batch_id: finding.migration_batch_id ?? null,
    source_key: finding.source_key ?? null,
  };
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Findings on Kysely: idempotent inserts on (task_id, fingerprint) and a true severity order. */
export function createFindingRepository(db: Kysely<Database>): FindingRepository {
  function filtered(query: Pick<FindingListQuery, 'task_id' | 'project_id' | 'visible_to'> & Partial<FindingListQuery>) {
    let base = db.selectFrom('findings');
    if (query.task_id) base = base.where('task_id', '=', query.task_id);
    if (query.project_id) base = base.where('project_id', '=', query.project_id);
    if (query.visible_to) base = base.where('project_id', 'in', visibleProjectIds(db, query.visible_to));
    const severity = asList(query.severity);
    if (severity) base = base.where('severity', 'in', severity);
    const category = asList(query.category);
    if (category) base = base.where('category', 'in', category);
    const status = asList(query.status);
    if (status) base = base.where('status', 'in', status);
    const lifecycle = asList(query.lifecycle);
    if (lifecycle) base = base.where('lifecycle', 'in', lifecycle);
    if (query.rule_id) base = base.where('rule_id', '=', query.rule_id);
    if (query.file_path) base = base.where('file_path', 'ilike', containsPattern(query.file_path));
    if (query.cwe !== undefined) base = base.where(sql<boolean>`${query.cwe}::integer = ANY(cwe)`);
    if (query.analyzer) base = base.where('analyzer', '=', query.analyzer);
    return base;
  }

  function resolutionFields(status: FindingStatus, by: string | null) {
    return resolvedStatuses.includes(status)
      ? { status, resolved_by: by, resolved_at: sql<Date>`now()` }
      : { status, resolved_by: null, resolved_at: null };
  }

  return {
    async insertMany(findings: readonly NewFinding[]) {
      let inserted = 0;
      for (let start = 0; start < findings.length; start += insertChunkRows) {
        const rows = findings.slice(start, start + insertChunkRows).map(toRow);
        const result = await withDbErrors(() =>
          db
            .insertInto('findings')
            .values(rows)
            .onConflict((oc) => oc.columns(['task_id', 'fingerprint']).doNothing())
            .executeTakeFirst(),
        );
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return { inserted };
    },

    async get(id: string) {
      if (!isUuid(id)) return undefined;
      return db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async list(query: FindingListQuery): Promise<Page<FindingRecord>> {
      const window = pageWindow(query);
      const base = filtered(query);
      return fetchPage(
        db,
        base,
        (q) =>
          q
            .selectAll()
            .orderBy('severity_rank', 'desc')
            .orderBy('file_path')
            .orderBy('line_start', (ob) => ob.asc().nullsFirst())
            .orderBy('created_at', 'desc')
            .orderBy('id'),
        window,
      );
    },

    async updateStatus(id: string, status: FindingStatus, by: string | null) {
      if (!isUuid(id)) return undefined;
      return withDbErrors(() =>
        db.updateTable('findings').set(resolutionFields(status, by)).where('id', '=', id).returningAll().executeTakeFirst(),
      );
    },

    async bulkUpdateStatus(ids: readonly string[], status: FindingStatus, by: string | null, options: { writable_by?: string; is_live_project_only?: boolean } = {}) {
      const valid = [...new Set(ids.filter(isUuid))];
      if (valid.length === 0) return 0;
      let update = db.updateTable('findings').set(resolutionFields(status, by)).where('id', 'in', valid);
      if (options.writable_by) update = update.where('project_id', 'in', writableProjectIds(db, options.writable_by));
      if (options.is_live_project_only) {
        update = update.where('project_id', 'not in', db.selectFrom('projects').select('id').where('status', '=', 'deleted'));
      }
      const result = await withDbErrors(() => update.executeTakeFirst());
      return Number(result.numUpdatedRows);
    },

    async statistics(filter): Promise<FindingStatistics> {
      const row = await filtered(filter)
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          ...severities.map((s) => eb.fn.countAll<number>().filterWhere('severity', '=', s).as(`severity_${s}`)),
          ...categories.map((c) => eb.fn.countAll<number>().filterWhere('category', '=', c).as(`category_${c}`)),
          ...statuses.map((s) => eb.fn.countAll<number>().filterWhere('status', '=', s).as(`status_${s}`)),
          ...lifecycles.map((l) => eb.fn.countAll<number>().filterWhere('lifecycle', '=', l).as(`lifecycle_${l}`)),
        ])
        .executeTakeFirst();
      const counts = (row ?? {}) as Record<string, number | undefined>;
      const pick = <K extends string>(prefix: string, keys: readonly K[]) => {
        const out = zeroCounts(keys);
        for (const k of keys) out[k] = Number(counts[`${prefix}_${k}`] ?? 0);
        return out;
      };
      return {
        total: Number(counts.total ?? 0),
        by_severity: pick('severity', severities),
        by_category: pick('category', categories),
        by_status: pick('status', statuses),
        by_lifecycle: pick('lifecycle', lifecycles),
      };
    },

    async fingerprints(taskId: string) {
      if (!isUuid(taskId)) return new Map();
      const rows = await db.selectFrom('findings').select(['fingerprint', 'status']).where('task_id', '=', taskId).execute();
      return new Map(rows.map((r) => [r.fingerprint, r.status]));
    },

    async deleteByTask(taskId: string) {
      if (!isUuid(taskId)) return 0;
      const result = await db.deleteFrom('findings').where('task_id', '=', taskId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async addComment(findingId: string, authorId: string | null, body: string) {
      return withDbErrors(() =>
        db
          .insertInto('finding_comments')
          .values({ finding_id: findingId, author_id: authorId, body })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },

    async listComments(findingId: string) {
      if (!isUuid(findingId)) return [];
      return db.selectFrom('finding_comments').selectAll().where('finding_id', '=', findingId).orderBy('created_at').orderBy('id').execute();
    },

    async getComment(findingId: string, commentId: string) {
      if (!isUuid(findingId) || !isUuid(commentId)) return undefined;
      return db.selectFrom('finding_comments').selectAll().where('id', '=', commentId).where('finding_id', '=', findingId).executeTakeFirst();
    },

    async deleteComment(commentId: string) {
      if (!isUuid(commentId)) return false;
      const result = await db.deleteFrom('finding_comments').where('id', '=', commentId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
