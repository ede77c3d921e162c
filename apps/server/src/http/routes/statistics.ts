import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  ProjectStatistics,
  ProjectStatisticsParams,
  StatisticsOverview,
  StatisticsQuality,
  StatisticsQualityQuery,
  StatisticsTrends,
  StatisticsTrendsQuery,
} from '@xcr/contracts/api/index';
import { fillDailySeries, windowDates, windowStart } from '@xcr/core/statistics/daily-series';
import { qualityAreaScores } from '@xcr/core/statistics/quality-areas';
import { listScope, requireProjectAccess } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

const errors = errorResponses(400, 401, 403, 404, 429);
const common = { tags: ['statistics'], security: [{ bearerAuth: [] }] };

/**
 * `/statistics/*`: dashboard figures over the projects the caller may see (all for admins); a `project_id` the
 * caller may not see is 404. Projects in the recycle bin are left out.
 */
export async function registerStatisticsRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos } = deps;
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.get(
      '/statistics/overview',
      { schema: { ...common, summary: 'Totals of projects, tasks and findings', response: { 200: StatisticsOverview, ...errors } } },
      async (request) => repos.statistics.totals(listScope(requireUser(request))),
    );

    scope.get(
      '/statistics/trends',
      {
        schema: {
          ...common,
          summary: 'Daily quality score, findings created and tasks completed over the last N days',
          querystring: StatisticsTrendsQuery,
          response: { 200: StatisticsTrends, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { days, project_id } = request.query;
        if (project_id) await requireProjectAccess(repos, user, project_id, 'read');
        const now = deps.clock();
        const activity = await repos.statistics.daily({ ...listScope(user), project_id }, windowStart(now, days));
        const dates = windowDates(now, days);
        return {
          days,
          quality_scores: fillDailySeries(dates, activity.quality_scores, null),
          issue_counts: fillDailySeries(dates, activity.issue_counts, 0),
          task_counts: fillDailySeries(dates, activity.task_counts, 0),
        };
      },
    );

    scope.get(
      '/statistics/quality',
      {
        schema: {
          ...common,
          summary: 'Scores per area (security, quality, performance, maintainability) and findings by category',
          querystring: StatisticsQualityQuery,
          response: { 200: StatisticsQuality, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { project_id } = request.query;
        if (project_id) await requireProjectAccess(repos, user, project_id, 'read');
        const breakdown = await repos.statistics.categories({ ...listScope(user), project_id });
        const { scores, overall } = qualityAreaScores(breakdown.by_category);
        return {
          project_id: project_id ?? null,
          category_scores: scores,
          overall_score: overall,
          total_issues: breakdown.total_issues,
          issues_by_category: breakdown.by_category,
          issues_by_severity: breakdown.by_severity,
          total_files_scanned: breakdown.total_files_scanned,
          total_lines_scanned: breakdown.total_lines_scanned,
        };
      },
    );

    scope.get(
      '/statistics/projects/:project_id',
      {
        schema: { ...common, summary: "One project's tasks, findings and scores", params: ProjectStatisticsParams, response: { 200: ProjectStatistics, ...errors } },
      },
      async (request) => {
        const { project } = await requireProjectAccess(repos, requireUser(request), request.params.project_id, 'read');
        const totals = await repos.statistics.project(project.id);
        return {
          project_id: project.id,
          project_name: project.name,
          total_tasks: totals.total_tasks,
          completed_tasks: totals.completed_tasks,
          total_issues: totals.total_issues,
          open_issues: totals.open_issues,
          issues_by_severity: totals.by_severity,
          average_score: totals.average_score,
          latest_score: totals.latest_score,
          last_scan_date: totals.last_scan_at?.toISOString() ?? null,
        };
      },
    );
  });
}
