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

/**
 * Dashboard aggregates on Kysely, each in one or two statements. Every query is bounded by the projects in
 * scope (visible to the user, or the one project asked for) and leaves recycle-bin projects out.
 */
export function createStatisticsRepository(db: Kysely<Database>): StatisticsRepository {
  // A single project asked for by id counts even from the recycle bin (its owner may still read it).
  function projectsInScope(scope: StatisticsScope & { isDeletedIncluded?: boolean }) {
    let query = db.selectFrom('projects').select('projects.id');
    if (!scope.isDeletedIncluded) query = query.where('projects.status', '!=', 'deleted');
    if (scope.visible_to) query = query.where('projects.id', 'in', visibleProjectIds(db, scope.visible_to));
    if (scope.project_id) query = query.where('projects.id', '=', isUuid(scope.project_id) ? scope.project_id : noProject);
    return query;
  }

  async function taskTotals(scope: StatisticsScope & { isDeletedIncluded?: boolean }) {
    return db
      .selectFrom('audit_tasks')
      .where('project_id', 'in', projectsInScope(scope))
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'running').as('running'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'completed').as('completed'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'failed').as('failed'),
        sql<number | null>`avg(quality_score) FILTER (WHERE status = 'completed' AND quality_score IS NOT NULL)`.as('average_score'),
      ])
      .executeTakeFirst();
  }

  async function findingTotals(scope: StatisticsScope & { isDeletedIncluded?: boolean }) {
    return db
      .selectFrom('findings')
      .where('project_id', 'in', projectsInScope(scope))
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        ...severities.map((s) => eb.fn.countAll<number>().filterWhere('severity', '=', s).as(`severity_${s}`)),
        ...categories.map((c) => eb.fn.countAll<number>().filterWhere('category', '=', c).as(`category_${c}`)),
        eb.fn.countAll<number>().filterWhere('status', 'in', ['open', 'in_progress']).as('open'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'resolved').as('resolved'),
      ])
      .executeTakeFirst() as Promise<Record<string, unknown> | undefined>;
  }

  const utcDay = (column: 'completed_at' | 'created_at') => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

  return {
    async totals(scope) {
      const [projects, tasks, findings] = await Promise.all([
        db
          .selectFrom('projects')
          .where('id', 'in', projectsInScope(scope))
          .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.countAll<number>().filterWhere('status', '=', 'active').as('active')])
          .executeTakeFirst(),
        taskTotals(scope),
        findingTotals(scope),
      ]);
      return {
        total_projects: num(projects?.total),
        active_projects: num(projects?.active),
        total_tasks: num(tasks?.total),
        running_tasks: num(tasks?.running),
        completed_tasks: num(tasks?.completed),
        failed_tasks: num(tasks?.failed),
        total_issues: num(findings?.total),
        critical_issues: num(findings?.severity_critical),
        high_issues: num(findings?.severity_high),
        open_issues: num(findings?.open),
        resolved_issues: num(findings?.resolved),
        average_score: scoreOrNull(tasks?.average_score),
      };
    },

    async daily(scope, since) {
      const completedDay = utcDay('completed_at');
      const [tasks, findings] = await Promise.all([
        db
          .selectFrom('audit_tasks')
          .where('project_id', 'in', projectsInScope(scope))
          .where('status', '=', 'completed')
          .where('completed_at', '>=', since)
          .select([completedDay.as('date'), sql<number>`count(*)`.as('count'), sql<number | null>`avg(quality_score)`.as('score')])
          .groupBy(completedDay)
          .orderBy(completedDay)
          .execute(),
        db
          .selectFrom('findings')
          .where('project_id', 'in', projectsInScope(scope))
          .where('created_at', '>=', since)
          .select([utcDay('created_at').as('date'), sql<number>`count(*)`.as('count')])
          .groupBy(utcDay('created_at'))
          .orderBy(utcDay('created_at'))
          .execute(),
      ]);
      const scores: DailyValue[] = [];
      for (const t of tasks) {
        const score = scoreOrNull(t.score);
        if (score !== null) scores.push({ date: t.date, value: score });
      }
      return {
        quality_scores: scores,
        task_counts: tasks.map((t) => ({ date: t.date, value: num(t.count) })),
        issue_counts: findings.map((f) => ({ date: f.date, value: num(f.count) })),
      };
    },

    async categories(scope) {
      const [findings, size] = await Promise.all([
        findingTotals(scope),
        db
          .selectFrom('projects')
          .where('id', 'in', projectsInScope(scope))
          .select([sql<number>`coalesce(sum(total_files), 0)`.as('files'), sql<number>`coalesce(sum(total_lines), 0)`.as('lines')])
          .executeTakeFirst(),
      ]);
      return {
        total_issues: num(findings?.total),
        by_category: countsOf(categories, findings, 'category'),
        by_severity: countsOf(severities, findings, 'severity') as SeverityCounts,
        total_files_scanned: num(size?.files),
        total_lines_scanned: num(size?.lines),
      };
    },

    async project(projectId) {
      const scope = { project_id: projectId, isDeletedIncluded: true };
      const [tasks, findings, latest] = await Promise.all([
        taskTotals(scope),
        findingTotals(scope),
        db
          .selectFrom('audit_tasks')
          .where('project_id', 'in', projectsInScope(scope))
          .where('status', '=', 'completed')
          .select(['quality_score', 'completed_at'])
          .orderBy('completed_at', (ob) => ob.desc().nullsLast())
          .orderBy('id')
          .limit(1)
          .executeTakeFirst(),
      ]);
      return {
        total_tasks: num(tasks?.total),
        completed_tasks: num(tasks?.completed),
        total_issues: num(findings?.total),
        open_issues: num(findings?.open),
        by_severity: countsOf(severities, findings, 'severity') as SeverityCounts,
        average_score: scoreOrNull(tasks?.average_score),
        latest_score: scoreOrNull(latest?.quality_score),
        last_scan_at: latest?.completed_at ?? null,
      };
    },
  };
}
