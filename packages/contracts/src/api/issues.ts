/** Findings as `/api/v1/issues/*` shows them (the resource keeps the original product's name), with triage bodies. */
import { z } from 'zod';
import { Category, Explanation, FindingStatus, Lifecycle, Severity, SeverityCounts } from '../finding.ts';
import { PageQuery, Timestamp } from './common.ts';

/**
 * A query value that may list several values of `item`, comma-separated (`severity=critical,high`) or repeated
 * (`severity=critical&severity=high`).
 */
export function queryList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
    const list = parts.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '' && v !== undefined);
    return list.length > 0 ? list : undefined;
  }, z.array(item).min(1).max(20).optional());
}

/** A finding with its triage state. Lines and columns are 1-based and inclusive; null when unknown. */
export const IssueResponse = z.object({
  id: z.string(),
  task_id: z.string(),
  project_id: z.string(),
  fingerprint: z.string().describe('Stable identity across runs of the same project'),
  file_path: z.string(),
  line_start: z.number().int().nullable(),
  line_end: z.number().int().nullable(),
  column_start: z.number().int().nullable(),
  column_end: z.number().int().nullable(),
  code_snippet: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  severity: Severity,
  category: Category,
  cwe: z.array(z.number().int()),
  rule_id: z.string().nullable(),
  analyzer: z.string().describe('`rules`, or `<provider>:<model>`'),
  confidence: z.number(),
  suggestion: z.string().nullable(),
  fix_example: z.string().nullable(),
  explanation: Explanation.nullable(),
  status: FindingStatus,
  resolved_by: z.string().nullable(),
  resolved_at: Timestamp.nullable(),
  lifecycle: Lifecycle,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type IssueResponse = z.infer<typeof IssueResponse>;

/**
 * `GET /issues` filters. List filters take one value or several (comma-separated); `file_path` matches a
 * case-insensitive substring; `status_filter` is the original product's name for `status`.
 */
export const IssueListQuery = PageQuery.extend({
  task_id: z.uuid().optional(),
  project_id: z.uuid().optional(),
  severity: queryList(Severity),
  category: queryList(Category),
  status: queryList(FindingStatus),
  status_filter: queryList(FindingStatus),
  lifecycle: queryList(Lifecycle),
  file_path: z.string().min(1).max(1000).optional(),
  // The bound of the integer column: a larger id matches nothing and must not fail the query.
  cwe: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('CWE id, e.g. 89'),
  rule_id: z.string().min(1).max(200).optional(),
  analyzer: z.string().min(1).max(200).optional(),
});
export type IssueListQuery = z.infer<typeof IssueListQuery>;

/** `PUT /issues/{id}`: the triage status. `resolved` and `false_positive` record who and when; others clear it. */
export const UpdateIssueBody = z.object({ status: FindingStatus }).strict();
export type UpdateIssueBody = z.infer<typeof UpdateIssueBody>;

/** `POST /issues/bulk-update`: one status for many findings. */
export const BulkUpdateIssuesBody = z
  .object({
    ids: z.array(z.string().min(1).max(100)).min(1).max(500),
    status: FindingStatus,
  })
  .strict();
export type BulkUpdateIssuesBody = z.infer<typeof BulkUpdateIssuesBody>;

/** What a bulk update did: ids the caller may not change (or that do not exist) are neither changed nor named. */
export const BulkUpdateIssuesResponse = z.object({
  updated: z.number().int().min(0),
  requested: z.number().int().min(0),
});
export type BulkUpdateIssuesResponse = z.infer<typeof BulkUpdateIssuesResponse>;

/** A comment on a finding. `author_id` is null once the author's account is deleted. */
export const IssueCommentResponse = z.object({
  id: z.string(),
  issue_id: z.string(),
  author_id: z.string().nullable(),
  author_username: z.string().nullable(),
  content: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type IssueCommentResponse = z.infer<typeof IssueCommentResponse>;

/** `POST /issues/{id}/comments`. */
export const CreateIssueCommentBody = z.object({ content: z.string().trim().min(1).max(10_000) }).strict();
export type CreateIssueCommentBody = z.infer<typeof CreateIssueCommentBody>;

/** `GET /issues/{id}/comments`: oldest first. */
export const IssueCommentList = z.object({ items: z.array(IssueCommentResponse), total: z.number().int().min(0) });
export type IssueCommentList = z.infer<typeof IssueCommentList>;

/** Path of one comment. */
export const IssueCommentParams = z.object({ id: z.string().min(1).max(100), comment_id: z.string().min(1).max(100) });
export type IssueCommentParams = z.infer<typeof IssueCommentParams>;

/** `GET /issues/statistics` scope: a task, a project, or everything the caller may see. */
export const IssueStatisticsQuery = z.object({
  task_id: z.uuid().optional(),
  project_id: z.uuid().optional(),
});
export type IssueStatisticsQuery = z.infer<typeof IssueStatisticsQuery>;

/** Counts of the findings in scope, by severity, category, triage status and lifecycle (every key present). */
export const IssueStatisticsResponse = z.object({
  total: z.number().int().min(0),
  by_severity: SeverityCounts,
  by_category: z.record(Category, z.number().int()),
  by_status: z.record(FindingStatus, z.number().int()),
  by_lifecycle: z.record(Lifecycle, z.number().int()),
});
export type IssueStatisticsResponse = z.infer<typeof IssueStatisticsResponse>;
