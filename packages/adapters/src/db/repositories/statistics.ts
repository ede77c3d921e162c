import { sql, type Kysely } from 'kysely';
import type { Category, Severity, SeverityCounts } from '@xcr/contracts';
import type { DailyValue, StatisticsRepository, StatisticsScope } from '@xcr/core/ports/repositories';
import type { Database } from '../schema.ts';
import { isUuid } from './query-helpers.ts';
import { visibleProjectIds } from './visibility.ts';

const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const categories: readonly Category[] = ['security', 'bug', 'performance', 'style', 'maintainability', 'documentation', 'other'];
const noProject = '00000000-0000-0000-0000-000000000000';

function num(value: unknown): number {
  return Number(value ?? 0);
}

function scoreOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100;
}

function countsOf<K extends string>(keys: readonly K[], row: Record<string, unknown> | undefined, prefix: string): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, num(row?.[`${prefix}_${k}`])])) as Record<K, number>;
}

/** Which series a row of the merged daily query belongs to. */
type DailySeries = 'tasks' | 'findings';

/**
 * Dashboard aggregates on Kysely, one statement per call: each figure group is a one-row aggregate subquery and
 * a call cross-joins the groups it needs, so a request costs one round trip. Every query is bounded by the
 * projects in scope (visible to the user, or the one project asked for) and leaves recycle-bin projects out.
 */
export function createStatisticsRepository(db: Kysely<Database>): StatisticsRepository {
  type Scope = StatisticsScope & { isDeletedIncluded?: boolean };

  // A single project asked for by id counts even from the recycle bin (its owner may still read it).
  function projectsInScope(scope: Scope) {
    let query = db.selectFrom('projects').select('projects.id');
    if (!scope.isDeletedIncluded) query = query.where('projects.status', '!=', 'deleted');
    if (scope.visible_to) query = query.where('projects.id', 'in', visibleProjectIds(db, scope.visible_to));
    if (scope.project_id) query = query.where('projects.id', '=', isUuid(scope.project_id) ? scope.project_id : noProject);
    return query;
  }

  // The groups below name their columns apart (projects_total, tasks_total, ...) so they can share one row.
  function projectTotals(scope: Scope) {
    return db
      .selectFrom('projects')
      .where('id', 'in', projectsInScope(scope))
      .select((eb) => [
        eb.fn.countAll<number>().as('projects_total'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'active').as('projects_active'),
        sql<number>`coalesce(sum(total_files), 0)`.as('files'),
        sql<number>`coalesce(sum(total_lines), 0)`.as('lines'),
      ]);
  }

  function taskTotals(scope: Scope) {
    return db
      .selectFrom('audit_tasks')
      .where('project_id', 'in', projectsInScope(scope))
      .select((eb) => [
        eb.fn.countAll<number>().as('tasks_total'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'running').as('tasks_running'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'completed').as('tasks_completed'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'failed').as('tasks_failed'),
        sql<number | null>`avg(quality_score) FILTER (WHERE status = 'completed' AND quality_score IS NOT NULL)`.as('average_score'),
      ]);
  }

  function findingTotals(scope: Scope) {
    return db
      .selectFrom('findings')
      .where('project_id', 'in', projectsInScope(scope))
      .select((eb) => [
        eb.fn.countAll<number>().as('findings_total'),
        ...severities.map((s) => eb.fn.countAll<number>().filterWhere('severity', '=', s).as(`severity_${s}` as const)),
        ...categories.map((c) => eb.fn.countAll<number>().filterWhere('category', '=', c).as(`category_${c}` as const)),
        eb.fn.countAll<number>().filterWhere('status', 'in', ['open', 'in_progress']).as('findings_open'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'resolved').as('findings_resolved'),
      ]);
  }

  const utcDay = (column: 'completed_at' | 'created_at') => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

  return {
    async totals(scope) {
      const row = await db
        .selectFrom([projectTotals(scope).as('p'), taskTotals(scope).as('t'), findingTotals(scope).as('f')])
        .select([
          'p.projects_total', 'p.projects_active', 't.tasks_total', 't.tasks_running', 't.tasks_completed', 't.tasks_failed',
          't.average_score', 'f.findings_total', 'f.severity_critical', 'f.severity_high', 'f.findings_open', 'f.findings_resolved',
        ])
        .executeTakeFirstOrThrow();
      return {
        total_projects: num(row.projects_total),
        active_projects: num(row.projects_active),
        total_tasks: num(row.tasks_total),
        running_tasks: num(row.tasks_running),
        completed_tasks: num(row.tasks_completed),
        failed_tasks: num(row.tasks_failed),
        total_issues: num(row.findings_total),
        critical_issues: num(row.severity_critical),
        high_issues: num(row.severity_high),
        open_issues: num(row.findings_open),
        resolved_issues: num(row.findings_resolved),
        average_score: scoreOrNull(row.average_score),
      };
    },

    // Both daily series in one UNION ALL, told apart by `series`; each keeps its own days in date order.
    async daily(scope, since) {
      const completedDay = utcDay('completed_at');
      const createdDay = utcDay('created_at');
      const rows = await db
        .selectFrom('audit_tasks')
        .where('project_id', 'in', projectsInScope(scope))
        .where('status', '=', 'completed')
        .where('completed_at', '>=', since)
        .select([
          sql.lit<DailySeries>('tasks').as('series'),
          completedDay.as('date'),
          sql<number>`count(*)`.as('count'),
          sql<number | null>`avg(quality_score)`.as('score'),
        ])
        .groupBy(completedDay)
        .unionAll(
          db
            .selectFrom('findings')
            .where('project_id', 'in', projectsInScope(scope))
            .where('created_at', '>=', since)
            .select([
              sql.lit<DailySeries>('findings').as('series'),
              createdDay.as('date'),
              sql<number>`count(*)`.as('count'),
              sql<number | null>`NULL`.as('score'),
            ])
            .groupBy(createdDay),
        )
        .orderBy('series')
        .orderBy('date')
        .execute();
      const tasks = rows.filter((r) => r.series === 'tasks');
      const scores: DailyValue[] = [];
      for (const t of tasks) {
        const score = scoreOrNull(t.score);
        if (score !== null) scores.push({ date: t.date, value: score });
      }
      return {
        quality_scores: scores,
        task_counts: tasks.map((t) => ({ date: t.date, value: num(t.count) })),
        issue_counts: rows.filter((r) => r.series === 'findings').map((f) => ({ date: f.date, value: num(f.count) })),
      };
    },

    async categories(scope) {
      const row = await db
        .selectFrom([findingTotals(scope).as('f'), projectTotals(scope).as('p')])
        .selectAll('f')
        .select(['p.files', 'p.lines'])
        .executeTakeFirstOrThrow();
      return {
        total_issues: num(row.findings_total),
        by_category: countsOf(categories, row, 'category'),
        by_severity: countsOf(severities, row, 'severity') as SeverityCounts,
        total_files_scanned: num(row.files),
        total_lines_scanned: num(row.lines),
      };
    },

    // The latest completed task is a left join: a project without one still gets its row of totals.
    async project(projectId) {
      const scope = { project_id: projectId, isDeletedIncluded: true };
      const latest = db
        .selectFrom('audit_tasks')
        .where('project_id', 'in', projectsInScope(scope))
        .where('status', '=', 'completed')
        .select(['quality_score as latest_score', 'completed_at as last_scan_at'])
        .orderBy('completed_at', (ob) => ob.desc().nullsLast())
        .orderBy('id')
        .limit(1);
      const row = await db
        .selectFrom([taskTotals(scope).as('t'), findingTotals(scope).as('f')])
        .leftJoin(latest.as('l'), (join) => join.onTrue())
        .selectAll(['t', 'f'])
        .select(['l.latest_score', 'l.last_scan_at'])
        .executeTakeFirstOrThrow();
      return {
        total_tasks: num(row.tasks_total),
        completed_tasks: num(row.tasks_completed),
        total_issues: num(row.findings_total),
        open_issues: num(row.findings_open),
        by_severity: countsOf(severities, row, 'severity') as SeverityCounts,
        average_score: scoreOrNull(row.average_score),
        latest_score: scoreOrNull(row.latest_score),
        last_scan_at: row.last_scan_at ?? null,
      };
    },
  };
}
