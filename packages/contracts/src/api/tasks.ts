/** Audit tasks as `/api/v1/tasks/*` shows them. */
import { z } from 'zod';
import { Lifecycle, Metrics, SeverityCounts, SkipReason } from '../finding.ts';
import { ScanConfig } from '../scan-config.ts';
import { PageQuery, Timestamp } from './common.ts';
import { BranchName } from './projects.ts';

/** `pending` → `running` → `completed` | `failed` | `cancelled`; a retry puts a failed or cancelled task back to `pending`. */
export const TaskStatus = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Queue priority: `urgent` runs first. */
export const TaskPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TaskPriority = z.infer<typeof TaskPriority>;

/** `repository` audits a project's code; `instant` records a pasted snippet's analysis. */
export const TaskKind = z.enum(['repository', 'instant']);
export type TaskKind = z.infer<typeof TaskKind>;

/** A task with its progress and result counters. `overall_score` is the v1 name of `quality_score` (0 until known). */
export const TaskResponse = z.object({
  id: z.string(),
  project_id: z.string(),
  created_by: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  kind: TaskKind,
  status: TaskStatus,
  priority: TaskPriority,
  /** 0-100, only ever moving forward within a run. */
  progress: z.number().int().min(0).max(100),
  current_step: z.string().nullable(),
  scan_config: z.record(z.string(), z.unknown()),
  branch: z.string().nullable(),
  commit_sha: z.string().nullable(),
  total_issues: z.number().int(),
  critical_issues: z.number().int(),
  high_issues: z.number().int(),
  medium_issues: z.number().int(),
  low_issues: z.number().int(),
  info_issues: z.number().int(),
  files_total: z.number().int(),
  files_scanned: z.number().int(),
  lines_scanned: z.number().int(),
  quality_score: z.number().nullable(),
  overall_score: z.number(),
  metrics: z.record(z.string(), z.number()).nullable(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_usd: z.number(),
  error_message: z.string().nullable(),
  retry_count: z.number().int(),
  cancel_requested_at: Timestamp.nullable(),
  /** Files left out of the analysis (the reasons are in the results). */
  skipped_count: z.number().int(),
  /** The LLM stage: provider and model, usage, what was sent (names and hashes only), or why it was skipped. */
  llm: z.record(z.string(), z.unknown()).nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  started_at: Timestamp.nullable(),
  completed_at: Timestamp.nullable(),
  /** Seconds from start to end (or to now while running); null before it starts. */
  duration_s: z.number().nullable(),
});
export type TaskResponse = z.infer<typeof TaskResponse>;

/**
 * The options of an audit in a task body: the scan configuration plus the v1 form's names (`exclude_patterns`,
 * `max_file_size` in KB), which fill `exclude` and `max_file_size_kb` when those are left out.
 */
export const TaskScanConfigInput = ScanConfig.extend({
  exclude_patterns: z.array(z.string().max(500)).max(500).optional().describe('v1 name of exclude'),
  max_file_size: z
    .number()
    .int()
    .positive()
    .max(10_240)
    .optional()
    .describe('v1 name of max_file_size_kb (KB)'),
});
export type TaskScanConfigInput = z.infer<typeof TaskScanConfigInput>;

/** `POST /tasks`: starts an audit of a project. `name` defaults to one built from the project's name. */
export const CreateTaskBody = z.object({
  project_id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(5000).nullish(),
  priority: TaskPriority.default('normal'),
  /** The branch to audit (Git projects); default the project's branch. */
  branch: BranchName.optional(),
  scan_config: TaskScanConfigInput.optional(),
  /** Accepted for v1 clients and ignored: analyzers are chosen in `scan_config.analyzers`. */
  agents_used: z.unknown().optional(),
});
export type CreateTaskBody = z.infer<typeof CreateTaskBody>;

/** `GET /tasks` filters; `status_filter` and `priority_filter` are the v1 names. */
export const TaskListQuery = PageQuery.extend({
  project_id: z.string().min(1).max(100).optional(),
  status: TaskStatus.optional(),
  status_filter: TaskStatus.optional(),
  priority: TaskPriority.optional(),
  priority_filter: TaskPriority.optional(),
  kind: TaskKind.optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/** Counts of a task's findings by lifecycle against the previous completed audit of the project and branch. */
export const LifecycleCounts = z.object(
  Object.fromEntries(Lifecycle.options.map((l) => [l, z.number().int()])) as Record<Lifecycle, z.ZodNumber>,
);
export type LifecycleCounts = z.infer<typeof LifecycleCounts>;

/**
 * `GET /tasks/{id}/results`: the v1 summary (`total_issues` ... `overall_score`, `duration` in seconds) plus files,
 * metrics, lifecycle counts and the files skipped by reason. Findings that disappeared since the previous audit are
 * stored with the task as `lifecycle: fixed`, `status: resolved` and counted under `lifecycle.fixed` only.
 */
export const TaskResultsResponse = z.object({
  task_id: z.string(),
  status: TaskStatus,
  progress: z.number().int(),
  total_issues: z.number().int(),
  critical_issues: z.number().int(),
  high_issues: z.number().int(),
  medium_issues: z.number().int(),
  low_issues: z.number().int(),
  info_issues: z.number().int(),
  by_severity: SeverityCounts,
  overall_score: z.number(),
  quality_score: z.number().nullable(),
  metrics: Metrics.partial().nullable(),
  duration: z.number().nullable(),
  files_total: z.number().int(),
  files_scanned: z.number().int(),
  lines_scanned: z.number().int(),
  lifecycle: LifecycleCounts,
  /** The previous completed audit of the same project and branch the lifecycle compares with. */
  previous_task_id: z.string().nullable(),
  skipped_by_reason: z.record(z.string(), z.number().int()),
  /** Up to 500 skipped files, by path. */
  skipped: z.array(
    z.object({ path: z.string(), reason: z.union([SkipReason, z.string()]), detail: z.string().optional() }),
  ),
  error_message: z.string().nullable(),
});
export type TaskResultsResponse = z.infer<typeof TaskResultsResponse>;
