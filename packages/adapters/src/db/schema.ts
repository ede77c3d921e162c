/**
 * Kysely types of every table, as the migrations in ./migrations create them. Conventions the types enforce:
 * - timestamps (`timestamptz`) come back as `Date` from both drivers;
 * - jsonb columns are written as JSON text (`JsonText<T>`: insert and update take a `string`), because `pg`
 *   would send a JS array as a PostgreSQL array literal; use `toJson(value)` from ./json.ts;
 * - numeric and bigint come back as `number` (type parsers set in create-database.ts for both drivers).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Explanation } from '@xcr/contracts';

/** A jsonb column read as `T` and written as JSON text. */
export type JsonText<T> = ColumnType<T, string, string>;
/** A jsonb column with a database default. */
export type JsonTextDefault<T> = ColumnType<T, string | undefined, string>;
/** A nullable jsonb column, written as JSON text or null. */
export type NullableJsonText<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** A timestamptz column with a `now()` default. */
export type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** A timestamptz column with a `now()` default that a trigger refreshes on every update. */
export type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** A nullable timestamp. */
export type Timestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** numeric/bigint parsed to a JS number. */
export type NumericColumn = ColumnType<number, number | undefined, number>;

export type UserRole = 'admin' | 'user' | 'viewer';
export type ProjectSource = 'github' | 'gitlab' | 'git' | 'zip' | 'local';
export type ProjectStatus = 'active' | 'archived' | 'deleted';
export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';
export type TaskKind = 'repository' | 'instant';
export type TaskStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';
export type ReportFormat = 'json' | 'markdown' | 'pdf' | 'html' | 'sarif';
export type ReportStatus = 'pending' | 'generating' | 'completed' | 'failed';
export type LlmProviderKind = 'openai-compatible' | 'anthropic' | 'gemini' | 'ernie';
export type MigrationBatchStatus = 'running' | 'completed' | 'failed' | 'rolled_back';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  username: string;
  /** Null for an imported user who must set a password through a reset. */
  password_hash: string | null;
  full_name: string | null;
  avatar_url: string | null;
  role: Generated<UserRole>;
  is_active: Generated<boolean>;
  force_password_change: Generated<boolean>;
  last_login_at: Timestamp;
  failed_login_attempts: Generated<number>;
  locked_until: Timestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  /** Every token descending from one login shares a family; reuse of a rotated token revokes the family. */
  family_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Timestamp;
  replaced_by: string | null;
  created_at: CreatedAt;
}

export interface PasswordResetTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  expires_at: Date;
  used_at: Timestamp;
  created_at: CreatedAt;
}

export interface ProjectsTable {
  id: Generated<string>;
  owner_id: string;
  name: string;
  description: string | null;
  source: ProjectSource;
  repository_url: string | null;
  branch: Generated<string>;
  git_token_encrypted: string | null;
  upload_object_key: string | null;
  /** Language -> number of files. */
  languages: JsonTextDefault<Record<string, number>>;
  total_files: Generated<number>;
  total_lines: Generated<number>;
  primary_language: string | null;
  last_scanned_at: Timestamp;
  /** Exclude globs, schedule cron, default scan config... (free-form, validated by the API). */
  settings: JsonTextDefault<Record<string, unknown>>;
  status: Generated<ProjectStatus>;
  deleted_at: Timestamp;
  migration_batch_id: string | null;
  source_key: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProjectMembersTable {
  id: Generated<string>;
  project_id: string;
  user_id: string;
  role: Generated<MemberRole>;
  created_at: CreatedAt;
}

export interface AuditTasksTable {
  id: Generated<string>;
  project_id: string;
  created_by: string | null;
  name: string;
  description: string | null;
  kind: Generated<TaskKind>;
  status: Generated<TaskStatus>;
  priority: Generated<TaskPriority>;
  progress: Generated<number>;
  current_step: string | null;
  scan_config: JsonTextDefault<Record<string, unknown>>;
  branch: string | null;
  commit_sha: string | null;
  total_issues: Generated<number>;
  critical_issues: Generated<number>;
  high_issues: Generated<number>;
  medium_issues: Generated<number>;
  low_issues: Generated<number>;
  info_issues: Generated<number>;
  files_total: Generated<number>;
  files_scanned: Generated<number>;
  lines_scanned: Generated<number>;
  quality_score: number | null;
  metrics: NullableJsonText<Record<string, number>>;
  tokens_in: Generated<number>;
  tokens_out: Generated<number>;
  cost_usd: NumericColumn;
  error_message: string | null;
  retry_count: Generated<number>;
  cancel_requested_at: Timestamp;
  skipped: JsonTextDefault<unknown[]>;
  llm_record: NullableJsonText<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  started_at: Timestamp;
  completed_at: Timestamp;
  migration_batch_id: string | null;
  source_key: string | null;
}

export interface FindingsTable {
  id: Generated<string>;
  task_id: string;
  project_id: string;
  fingerprint: string;
  file_path: string;
  line_start: number | null;
  line_end: number | null;
  column_start: number | null;
  column_end: number | null;
  code_snippet: string | null;
  title: string;
  description: Generated<string>;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  /** Generated from severity: 4 critical ... 0 info, so ORDER BY is a true severity rank. */
  severity_rank: ColumnType<number, never, never>;
  category: 'security' | 'bug' | 'performance' | 'style' | 'maintainability' | 'documentation' | 'other';
  cwe: ColumnType<number[], number[] | undefined, number[]>;
  rule_id: string | null;
  analyzer: string;
  confidence: Generated<number>;
  suggestion: string | null;
  fix_example: string | null;
  explanation: NullableJsonText<Explanation>;
  status: Generated<'open' | 'in_progress' | 'resolved' | 'ignored' | 'false_positive'>;
  resolved_by: string | null;
  resolved_at: Timestamp;
  lifecycle: Generated<'new' | 'persisting' | 'fixed' | 'regressed'>;
  evidence: NullableJsonText<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  migration_batch_id: string | null;
  source_key: string | null;
}

export interface FindingCommentsTable {
  id: Generated<string>;
  finding_id: string;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  migration_batch_id: ColumnType<string | null, string | null | undefined, string | null>;
  source_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReportsTable {
  id: Generated<string>;
  task_id: string;
  format: ReportFormat;
  options: JsonTextDefault<Record<string, unknown>>;
  status: Generated<ReportStatus>;
  object_key: string | null;
  size_bytes: ColumnType<number | null, number | null | undefined, number | null>;
  content_hash: string | null;
  error_message: string | null;
  metadata: JsonTextDefault<Record<string, unknown>>;
  created_by: string | null;
  created_at: CreatedAt;
  completed_at: Timestamp;
}

export interface LlmProvidersTable {
  id: Generated<string>;
  name: string;
  kind: LlmProviderKind;
  base_url: string | null;
  model: string;
  /** AES-256-GCM ciphertext; never returned in clear by the API. */
  api_key_encrypted: string | null;
  key_version: Generated<number>;
  options: JsonTextDefault<Record<string, unknown>>;
  is_default: Generated<boolean>;
  is_enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SettingsTable {
  key: string;
  value: JsonText<unknown>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface InstantAnalysesTable {
  id: Generated<string>;
  user_id: string;
  language: string;
  /** The result without the code: findings, metrics, score. */
  summary: JsonTextDefault<Record<string, unknown>>;
  quality_score: number | null;
  total_issues: Generated<number>;
  critical_issues: Generated<number>;
  high_issues: Generated<number>;
  medium_issues: Generated<number>;
  low_issues: Generated<number>;
  info_issues: Generated<number>;
  duration_ms: Generated<number>;
  created_at: CreatedAt;
  migration_batch_id: string | null;
  source_key: string | null;
}

export interface FeatureFlagsTable {
  key: string;
  enabled: Generated<boolean>;
  rollout_percentage: Generated<number>;
  allowed_users: JsonTextDefault<string[]>;
  description: string | null;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MigrationBatchesTable {
  id: Generated<string>;
  source_hash: string;
  format: string;
  owner_id: string | null;
  counts: JsonTextDefault<Record<string, number>>;
  status: Generated<MigrationBatchStatus>;
  started_at: CreatedAt;
  finished_at: Timestamp;
  error: string | null;
  /** Items of the import plan committed so far (the resume point). */
  items_done: Generated<number>;
  total_items: Generated<number>;
  batch_size: Generated<number>;
  created_by: string | null;
  file_name: string | null;
  report: JsonTextDefault<Record<string, unknown>>;
  updated_at: UpdatedAt;
  rolled_back_at: Timestamp;
}

export interface MigrationQuarantineTable {
  id: Generated<string>;
  batch_id: string;
  record_type: string;
  source_key: string | null;
  reason: string;
  record: JsonText<unknown>;
  created_at: CreatedAt;
  /** Where the record was in the imported file, e.g. `issues[12]`. */
  path: string | null;
  message: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  details: JsonTextDefault<Record<string, unknown>>;
  ip: string | null;
  created_at: CreatedAt;
  /** Insertion order (an identity column): breaks ties of `created_at`. */
  seq: Generated<string>;
}

export interface LlmCacheTable {
  key: string;
  value: JsonText<unknown>;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  started_at: CreatedAt;
  last_seen_at: UpdatedAt;
  info: JsonTextDefault<Record<string, unknown>>;
}

/** Every table of the application schema. */
export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  password_reset_tokens: PasswordResetTokensTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  audit_tasks: AuditTasksTable;
  findings: FindingsTable;
  finding_comments: FindingCommentsTable;
  reports: ReportsTable;
  llm_providers: LlmProvidersTable;
  settings: SettingsTable;
  instant_analyses: InstantAnalysesTable;
  feature_flags: FeatureFlagsTable;
  migration_batches: MigrationBatchesTable;
  migration_quarantine: MigrationQuarantineTable;
  audit_log: AuditLogTable;
  llm_cache: LlmCacheTable;
  worker_heartbeats: WorkerHeartbeatsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdateRow = Updateable<UsersTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaskRow = Selectable<AuditTasksTable>;
export type FindingRow = Selectable<FindingsTable>;
