/** Reports as `/api/v1/reports/*` shows them: exports of a completed task in one of five formats. */
import { z } from 'zod';
import { PageQuery, Timestamp } from './common.ts';

/** The formats a report is rendered in. */
export const ReportFormat = z.enum(['json', 'markdown', 'pdf', 'html', 'sarif']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** `pending` (queued) → `generating` → `completed` | `failed`. */
export const ReportStatus = z.enum(['pending', 'generating', 'completed', 'failed']);
export type ReportStatus = z.infer<typeof ReportStatus>;

/** How the findings of a report are grouped into sections. */
export const ReportGroupBy = z.enum(['severity', 'category', 'file']);
export type ReportGroupBy = z.infer<typeof ReportGroupBy>;

/** What a report contains besides the findings' titles and places. */
export const ReportOptions = z.object({
  include_code_snippets: z.boolean().default(true).describe('Show the code lines of each finding'),
  include_suggestions: z.boolean().default(true).describe('Show fix suggestions and fix examples'),
  group_by: ReportGroupBy.default('severity'),
});
export type ReportOptions = z.infer<typeof ReportOptions>;

/** `POST /reports`: renders a completed task's findings; the file is made by a background job. */
export const CreateReportBody = z.object({
  task_id: z.string().min(1).max(100),
  format: ReportFormat.default('json'),
  include_code_snippets: z.boolean().default(true),
  include_suggestions: z.boolean().default(true),
  group_by: ReportGroupBy.default('severity'),
});
export type CreateReportBody = z.infer<typeof CreateReportBody>;

/**
 * What a report was made from, so a file can be traced to the code and the analysis that produced it:
 * versions of the tool, the rules and the LLM prompt, the provider and model (null when the LLM did not run) and
 * the commit audited (null for uploads without one).
 */
export const ReportMetadata = z.object({
  tool_version: z.string(),
  rules_version: z.string(),
  prompt_version: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  commit: z.string().nullable(),
  findings: z.number().int().describe('Findings in the report'),
  generated_at: Timestamp.nullable(),
});
export type ReportMetadata = z.infer<typeof ReportMetadata>;

/** A report. `download_url` is set once it is completed; `content_hash` is the SHA-256 of the file (hex). */
export const ReportResponse = z.object({
  id: z.string(),
  task_id: z.string(),
  project_id: z.string().nullable(),
  format: ReportFormat,
  status: ReportStatus,
  options: ReportOptions,
  file_name: z.string(),
  file_size: z.number().int().nullable(),
  content_hash: z.string().nullable(),
  download_url: z.string().nullable(),
  error_message: z.string().nullable(),
  metadata: ReportMetadata.partial(),
  created_by: z.string().nullable(),
  created_at: Timestamp,
  completed_at: Timestamp.nullable(),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

/** `GET /reports` filters; `format_filter` and `status_filter` are the v1 names. */
export const ReportListQuery = PageQuery.extend({
  task_id: z.string().min(1).max(100).optional(),
  format: ReportFormat.optional(),
  format_filter: ReportFormat.optional(),
  status: ReportStatus.optional(),
  status_filter: ReportStatus.optional(),
});
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/** The media type each format is served with. */
export const reportContentTypes: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
};

/** The file name extension of each format. */
export const reportExtensions: Readonly<Record<ReportFormat, string>> = {
  json: 'json',
  markdown: 'md',
  pdf: 'pdf',
  html: 'html',
  sarif: 'sarif',
};
