/**
 * The native export: `{format: "xcodereviewer", version: 1, exported_at, projects, tasks, findings, comments,
 * instant_analyses}`, every field of every row under this system's names, so an export imports back losslessly.
 * Ids are the exporting instance's; `source_key` carries the key a row was imported under, and an import keys each
 * record by `source_key ?? id`, so exporting and re-importing maps to the same rows for the same owner. User
 * references (creator, resolver, comment author) are not carried: they become the importing owner (authors: none).
 */
import { z } from 'zod';
import { Category, Explanation, FindingStatus, Lifecycle, Severity } from '@xcr/contracts';

const id = z.string().min(1).max(200);
const time = z.iso.datetime({ offset: true });
const nullableTime = time.nullable().default(null);
const int = z.number().int().min(0).max(2_147_483_647);
const position = z.number().int().min(1).max(2_147_483_647).nullable().default(null);
const jsonObject = z.record(z.string(), z.unknown());

/** A project of a native export. */
export const NativeProject = z.object({
  id,
  source_key: z.string().min(1).nullable().default(null),
  name: z.string().min(1).max(255),
  description: z.string().nullable().default(null),
  source: z.enum(['github', 'gitlab', 'git', 'zip', 'local']),
  repository_url: z.string().nullable().default(null),
  branch: z.string().min(1).default('main'),
  languages: z.record(z.string(), z.number()).default({}),
  primary_language: z.string().nullable().default(null),
  total_files: int.default(0),
  total_lines: int.default(0),
  last_scanned_at: nullableTime,
  settings: jsonObject.default({}),
  status: z.enum(['active', 'archived', 'deleted']).default('active'),
  deleted_at: nullableTime,
  created_at: time,
  updated_at: time,
});
export type NativeProject = z.infer<typeof NativeProject>;

/** A task of a native export. */
export const NativeTask = z.object({
  id,
  project_id: id,
  source_key: z.string().min(1).nullable().default(null),
  name: z.string().min(1),
  description: z.string().nullable().default(null),
  kind: z.enum(['repository', 'instant']).default('repository'),
  status: z.enum(['pending', 'running', 'completed', 'failed', 'cancelled']),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
  progress: z.number().int().min(0).max(100).default(0),
  current_step: z.string().nullable().default(null),
  scan_config: jsonObject.default({}),
  branch: z.string().nullable().default(null),
  commit_sha: z.string().nullable().default(null),
  total_issues: int.default(0),
  critical_issues: int.default(0),
  high_issues: int.default(0),
  medium_issues: int.default(0),
  low_issues: int.default(0),
  info_issues: int.default(0),
  files_total: int.default(0),
  files_scanned: int.default(0),
  lines_scanned: int.default(0),
  quality_score: z.number().min(0).max(100).nullable().default(null),
  metrics: z.record(z.string(), z.number()).nullable().default(null),
  tokens_in: int.default(0),
  tokens_out: int.default(0),
  cost_usd: z.number().min(0).default(0),
  error_message: z.string().nullable().default(null),
  retry_count: int.default(0),
  skipped: z.array(z.unknown()).default([]),
  created_at: time,
  updated_at: time,
  started_at: nullableTime,
  completed_at: nullableTime,
});
export type NativeTask = z.infer<typeof NativeTask>;

/** A finding of a native export (its project is its task's). */
export const NativeFinding = z.object({
  id,
  task_id: id,
  source_key: z.string().min(1).nullable().default(null),
  fingerprint: z.string().min(1),
  file_path: z.string(),
  line_start: position,
  line_end: position,
  column_start: position,
  column_end: position,
  code_snippet: z.string().nullable().default(null),
  title: z.string().min(1),
  description: z.string().default(''),
  severity: Severity,
  category: Category,
  cwe: z.array(z.number().int()).default([]),
  rule_id: z.string().nullable().default(null),
  analyzer: z.string().min(1),
  confidence: z.number().min(0).max(1).default(1),
  suggestion: z.string().nullable().default(null),
  fix_example: z.string().nullable().default(null),
  explanation: Explanation.nullable().default(null),
  status: FindingStatus.default('open'),
  resolved_by: z.string().nullable().default(null),
  resolved_at: nullableTime,
  lifecycle: Lifecycle.default('new'),
  evidence: jsonObject.nullable().default(null),
  created_at: time,
  updated_at: time,
});
export type NativeFinding = z.infer<typeof NativeFinding>;

/** A comment on a finding. */
export const NativeComment = z.object({
  id,
  finding_id: id,
  source_key: z.string().min(1).nullable().default(null),
  body: z.string().min(1).max(10_000),
  created_at: time,
  updated_at: time,
});
export type NativeComment = z.infer<typeof NativeComment>;

/** An instant analysis (summary only). */
export const NativeInstantAnalysis = z.object({
  id,
  source_key: z.string().min(1).nullable().default(null),
  language: z.string().min(1),
  summary: jsonObject.default({}),
  quality_score: z.number().min(0).max(100).nullable().default(null),
  total_issues: int.default(0),
  critical_issues: int.default(0),
  high_issues: int.default(0),
  medium_issues: int.default(0),
  low_issues: int.default(0),
  info_issues: int.default(0),
  duration_ms: int.default(0),
  created_at: time,
});
export type NativeInstantAnalysis = z.infer<typeof NativeInstantAnalysis>;

/** The whole native export file. */
export const NativeExport = z.object({
  format: z.literal('xcodereviewer'),
  version: z.literal(1),
  exported_at: time,
  projects: z.array(NativeProject),
  tasks: z.array(NativeTask),
  findings: z.array(NativeFinding),
  comments: z.array(NativeComment).default([]),
  instant_analyses: z.array(NativeInstantAnalysis).default([]),
});
export type NativeExport = z.infer<typeof NativeExport>;
