/**
 * Dashboard figures of `/api/v1/statistics/*`. Every figure covers only the projects the caller may see (all of
 * them for admins), and never projects in the recycle bin.
 */
import { z } from 'zod';
import { Category, SeverityCounts } from '../finding.ts';
import { Timestamp } from './common.ts';

/** `GET /statistics/overview`. `average_score` is the mean quality score of completed tasks, null without any. */
export const StatisticsOverview = z.object({
  total_projects: z.number().int().min(0),
  active_projects: z.number().int().min(0),
  total_tasks: z.number().int().min(0),
  running_tasks: z.number().int().min(0),
  completed_tasks: z.number().int().min(0),
  failed_tasks: z.number().int().min(0),
  total_issues: z.number().int().min(0),
  critical_issues: z.number().int().min(0),
  high_issues: z.number().int().min(0),
  open_issues: z.number().int().min(0),
  resolved_issues: z.number().int().min(0),
  average_score: z.number().nullable(),
});
export type StatisticsOverview = z.infer<typeof StatisticsOverview>;

/** `GET /statistics/trends` query: the last `days` days (today included, UTC), optionally one project. */
export const StatisticsTrendsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  project_id: z.uuid().optional(),
});
export type StatisticsTrendsQuery = z.infer<typeof StatisticsTrendsQuery>;

/** One day of a series: `date` is `YYYY-MM-DD` (UTC). */
export const CountPoint = z.object({ date: z.string(), value: z.number().int().min(0) });
export type CountPoint = z.infer<typeof CountPoint>;

/** One day of the score series: null on a day without a completed, scored task. */
export const ScorePoint = z.object({ date: z.string(), value: z.number().nullable() });
export type ScorePoint = z.infer<typeof ScorePoint>;

/**
 * Daily series, one point per day, oldest first, every day present: the mean quality score of the tasks that
 * completed that day (null without any), the findings created that day, and the tasks completed that day.
 */
export const StatisticsTrends = z.object({
  days: z.number().int(),
  quality_scores: z.array(ScorePoint),
  issue_counts: z.array(CountPoint),
  task_counts: z.array(CountPoint),
});
export type StatisticsTrends = z.infer<typeof StatisticsTrends>;

/** `GET /statistics/quality` query. */
export const StatisticsQualityQuery = z.object({ project_id: z.uuid().optional() });
export type StatisticsQualityQuery = z.infer<typeof StatisticsQualityQuery>;

/** The four score areas of the quality view. `quality` groups bugs, style, documentation and other findings. */
export const QualityArea = z.enum(['security', 'quality', 'performance', 'maintainability']);
export type QualityArea = z.infer<typeof QualityArea>;

/**
 * `GET /statistics/quality`: each area's score is `max(0, 100 − share of the findings in that area × 100)`
 * (100 when there are no findings); `overall_score` is the mean of the four.
 */
export const StatisticsQuality = z.object({
  project_id: z.string().nullable(),
  category_scores: z.record(QualityArea, z.number()),
  overall_score: z.number(),
  total_issues: z.number().int().min(0),
  issues_by_category: z.record(Category, z.number().int()),
  issues_by_severity: SeverityCounts,
  total_files_scanned: z.number().int().min(0),
  total_lines_scanned: z.number().int().min(0),
});
export type StatisticsQuality = z.infer<typeof StatisticsQuality>;

/** Path of `GET /statistics/projects/{project_id}`. */
export const ProjectStatisticsParams = z.object({ project_id: z.string().min(1).max(100) });
export type ProjectStatisticsParams = z.infer<typeof ProjectStatisticsParams>;

/** `GET /statistics/projects/{project_id}`. `last_scan_date` is when its latest task completed. */
export const ProjectStatistics = z.object({
  project_id: z.string(),
  project_name: z.string(),
  total_tasks: z.number().int().min(0),
  completed_tasks: z.number().int().min(0),
  total_issues: z.number().int().min(0),
  open_issues: z.number().int().min(0),
  issues_by_severity: SeverityCounts,
  average_score: z.number().nullable(),
  latest_score: z.number().nullable(),
  last_scan_date: Timestamp.nullable(),
});
export type ProjectStatistics = z.infer<typeof ProjectStatistics>;
