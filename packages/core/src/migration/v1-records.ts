/**
 * Records of the browser version (v1), as its IndexedDB database `xcodereviewer_local` stores them and as its two
 * export files carry them. Ids are UUID strings; `programming_languages`, `exclude_patterns`, `scan_config`,
 * `ai_explanation` and `analysis_result` are JSON text. The schemas check only what an import cannot do without
 * (ids, parent ids, names, titles); every other field is optional and normalised by the mapper with a warning when
 * its value is unusable, so old or hand-edited files import as much as they can.
 */
import { z } from 'zod';

/** A non-empty id; numbers are accepted and read as text (hand-made files). */
export const V1Id = z.union([z.string().trim().min(1).max(200), z.number().transform(String)]);

const text = z.string().nullish();
/** A number, also when written as numeric text. */
const num = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v), z.number().nullish());
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v === 1 ? true : v === 0 ? false : v), z.boolean().nullish());
/** A timestamp as text (ISO 8601 in practice); checked by the mapper. */
const time = z.union([z.string(), z.number()]).nullish();

/** `profiles`: v1 accounts. They are counted and mapped to the importing owner, not created. */
export const V1Profile = z.looseObject({
  id: V1Id,
  email: text,
  full_name: text,
  role: text,
  created_at: time,
});
export type V1Profile = z.infer<typeof V1Profile>;

/** `projects`: `is_active: false` means in the recycle bin. */
export const V1Project = z.looseObject({
  id: V1Id,
  name: z.string(),
  description: text,
  repository_url: text,
  repository_type: text,
  default_branch: text,
  programming_languages: z.union([z.string(), z.array(z.string())]).nullish(),
  owner_id: z.union([z.string(), z.number()]).nullish(),
  is_active: bool,
  created_at: time,
  updated_at: time,
});
export type V1Project = z.infer<typeof V1Project>;

/** `project_members`: kept by v1 but meaningless once every project belongs to the importing owner. */
export const V1ProjectMember = z.looseObject({ id: V1Id, project_id: V1Id.nullish(), user_id: V1Id.nullish(), role: text });
export type V1ProjectMember = z.infer<typeof V1ProjectMember>;

/** `audit_tasks`. */
export const V1AuditTask = z.looseObject({
  id: V1Id,
  project_id: V1Id,
  task_type: text,
  status: text,
  branch_name: text,
  exclude_patterns: z.union([z.string(), z.array(z.string())]).nullish(),
  scan_config: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  total_files: num,
  scanned_files: num,
  total_lines: num,
  issues_count: num,
  quality_score: num,
  started_at: time,
  completed_at: time,
  created_by: z.union([z.string(), z.number()]).nullish(),
  created_at: time,
});
export type V1AuditTask = z.infer<typeof V1AuditTask>;

/** `audit_issues`. */
export const V1AuditIssue = z.looseObject({
  id: V1Id,
  task_id: V1Id,
  file_path: z.string().nullish(),
  line_number: num,
  column_number: num,
  issue_type: text,
  severity: text,
  title: z.string(),
  description: text,
  suggestion: text,
  code_snippet: text,
  ai_explanation: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  status: text,
  resolved_by: z.union([z.string(), z.number()]).nullish(),
  resolved_at: time,
  created_at: time,
});
export type V1AuditIssue = z.infer<typeof V1AuditIssue>;

/** `instant_analyses`: `code_content` is always empty in v1 and is never imported. */
export const V1InstantAnalysis = z.looseObject({
  id: V1Id,
  user_id: z.union([z.string(), z.number()]).nullish(),
  language: text,
  analysis_result: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  issues_count: num,
  quality_score: num,
  analysis_time: num,
  created_at: time,
});
export type V1InstantAnalysis = z.infer<typeof V1InstantAnalysis>;
