/**
 * The persistence port: one repository per aggregate, implemented on Kysely in @xcr/adapters/db/repositories.
 *
 * Conventions every implementation keeps:
 * - records use the database's snake_case names, as the HTTP API does;
 * - timestamps are `Date` objects (never strings); numbers are JS numbers (cost, sizes included);
 * - `get`/`find*` return `undefined` when the row does not exist (or the id is not a UUID);
 * - a duplicate (unique constraint) throws `ConflictError`; a value outside a CHECK throws `ValidationError`;
 * - list calls take `page` (1-based) and `page_size` and return `Page<T>` with the total across all pages;
 * - secrets are stored encrypted by the caller (`*_encrypted` fields) and returned as stored: the API strips them.
 */
import type { Category, Explanation, FindingStatus, Lifecycle, Severity, SeverityCounts } from '@xcr/contracts';
import type { ImportedTable, PlanItem } from '../migration/import-rows.ts';

/** One page of a list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

/** Pagination input: `page` from 1, `page_size` 1-100 (larger values are capped at 100). */
export interface PageQuery {
  page?: number;
  page_size?: number;
}

// ---- users -------------------------------------------------------------------------------------------------

export type UserRole = 'admin' | 'user' | 'viewer';

/** A user account. `password_hash` is null for an imported user who has not set a password yet. */
export interface UserRecord {
  id: string;
  email: string;
  username: string;
  password_hash: string | null;
  full_name: string | null;
  avatar_url: string | null;
  role: UserRole;
  is_active: boolean;
  force_password_change: boolean;
  last_login_at: Date | null;
  failed_login_attempts: number;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewUser {
  email: string;
  username: string;
  password_hash?: string | null;
  full_name?: string | null;
  role?: UserRole;
  is_active?: boolean;
  force_password_change?: boolean;
}

export type UserPatch = Partial<
  Pick<UserRecord, 'email' | 'username' | 'password_hash' | 'full_name' | 'avatar_url' | 'role' | 'is_active' | 'force_password_change' | 'failed_login_attempts' | 'locked_until'>
>;

export interface UserListQuery extends PageQuery {
  role?: UserRole;
  is_active?: boolean;
  /** Case-insensitive substring of email, username or full name. */
  search?: string;
}

/** Users. Email and username are unique case-insensitively. */
export interface UserRepository {
  /** Throws ConflictError `user_exists` when the email or username is taken (in any letter case). */
  create(input: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | undefined>;
  /** Matches `login` against email or username, ignoring letter case (login accepts either). */
  findByEmailOrUsername(login: string): Promise<UserRecord | undefined>;
  /** The oldest active admin, if any. */
  findFirstAdmin(): Promise<UserRecord | undefined>;
  list(query: UserListQuery): Promise<Page<UserRecord>>;
  /** Returns the updated user, or undefined when it does not exist. Throws ConflictError `user_exists`. */
  update(id: string, patch: UserPatch): Promise<UserRecord | undefined>;
  /** A successful login: sets `last_login_at`, clears the failure counter and any lock. */
  recordLogin(id: string): Promise<void>;
  /**
   * A failed login: adds one to the failure counter and, once it reaches `maxAttempts`, locks the account for
   * `lockMs` from now (each further failure renews the lock until a successful login resets the counter).
   */
  recordFailure(id: string, policy: { maxAttempts: number; lockMs: number }): Promise<UserRecord | undefined>;
  /** Deletes the user; throws ConflictError `in_use` while the user still owns projects. */
  delete(id: string): Promise<boolean>;
}

// ---- sessions: refresh tokens and password reset tokens ---------------------------------------------------

/**
 * A refresh token as stored: only its SHA-256 hash is kept. Every token descending from one login shares a
 * `family_id` (the session); rotating a token revokes it and links it to its successor with `replaced_by`.
 */
export interface RefreshTokenRecord {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  replaced_by: string | null;
  created_at: Date;
}

export interface NewRefreshToken {
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
}

/** Refresh tokens (rotation with reuse detection happens in the auth use cases). */
export interface RefreshTokenRepository {
  create(input: NewRefreshToken): Promise<RefreshTokenRecord>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Marks a live token as rotated (revoked at `at`, replaced by `replacedBy`) in one conditional statement; false
   * when it was already revoked or rotated, which is how a concurrent second use of the same token shows.
   */
  markRotated(id: string, replacedBy: string, at: Date): Promise<boolean>;
  /** Revokes every live token of the family; returns how many. */
  revokeFamily(familyId: string, at: Date): Promise<number>;
  /** Revokes every live token of the user except those of `exceptFamilyId`; returns the families touched. */
  revokeAllForUser(userId: string, at: Date, options?: { exceptFamilyId?: string }): Promise<string[]>;
  /** Removes tokens that expired before `cutoff` (housekeeping); returns how many. */
  deleteExpiredBefore(cutoff: Date): Promise<number>;
}

/** A password reset token as stored (hash only); one use, short-lived. */
export interface PasswordResetTokenRecord {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

export interface PasswordResetTokenRepository {
  create(input: { user_id: string; token_hash: string; expires_at: Date }): Promise<PasswordResetTokenRecord>;
  findByHash(tokenHash: string): Promise<PasswordResetTokenRecord | undefined>;
  /** Marks an unused token used, in one conditional statement; false when it was used already. */
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Marks every unused token of the user used (a newer request or a password change supersedes them). */
  invalidateForUser(userId: string, at: Date): Promise<number>;
  /** Removes tokens that expired before `cutoff`; returns how many. */
  deleteExpiredBefore(cutoff: Date): Promise<number>;
}

// ---- projects ----------------------------------------------------------------------------------------------

export type ProjectSource = 'github' | 'gitlab' | 'git' | 'zip' | 'local';
export type ProjectStatus = 'active' | 'archived' | 'deleted';

export interface ProjectRecord {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  source: ProjectSource;
  repository_url: string | null;
  branch: string;
  git_token_encrypted: string | null;
  upload_object_key: string | null;
  /** Language -> number of files, from the last scan. */
  languages: Record<string, number>;
  total_files: number;
  total_lines: number;
  primary_language: string | null;
  last_scanned_at: Date | null;
  /** Exclude globs, schedule cron, default scan options: validated by the API. */
  settings: Record<string, unknown>;
  /** `deleted` means in the recycle bin (`deleted_at` set); purge removes the row. */
  status: ProjectStatus;
  deleted_at: Date | null;
  migration_batch_id: string | null;
  source_key: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewProject {
  owner_id: string;
  name: string;
  source: ProjectSource;
  description?: string | null;
  repository_url?: string | null;
  branch?: string;
  git_token_encrypted?: string | null;
  upload_object_key?: string | null;
  languages?: Record<string, number>;
  settings?: Record<string, unknown>;
  status?: 'active' | 'archived';
  migration_batch_id?: string | null;
  source_key?: string | null;
}

export type ProjectPatch = Partial<
  Pick<
    ProjectRecord,
    'name' | 'description' | 'repository_url' | 'branch' | 'git_token_encrypted' | 'upload_object_key' | 'languages' | 'total_files' | 'total_lines' | 'primary_language' | 'last_scanned_at' | 'settings'
  > & { status: 'active' | 'archived' }
>;

export interface ProjectListQuery extends PageQuery {
  /** Only projects this user owns or is a member of (omit for admins). */
  visible_to?: string;
  owner_id?: string;
  /** Without a status filter, deleted projects are left out; `['deleted']` lists the recycle bin. */
  status?: ProjectStatus | ProjectStatus[];
  /** Case-insensitive substring of the name. */
  search?: string;
}

/** Projects, with soft delete: `softDelete` moves to the recycle bin, `restore` brings back, `purge` removes. */
export interface ProjectRepository {
  create(input: NewProject): Promise<ProjectRecord>;
  get(id: string): Promise<ProjectRecord | undefined>;
  /** Ordered by `updated_at` descending. */
  list(query: ProjectListQuery): Promise<Page<ProjectRecord>>;
  /** Undefined when the project does not exist or is in the recycle bin (restore it first). */
  update(id: string, patch: ProjectPatch): Promise<ProjectRecord | undefined>;
  /** Moves a live project to the recycle bin; undefined when missing or already deleted. */
  softDelete(id: string): Promise<ProjectRecord | undefined>;
  /** Brings a deleted project back as `active`; undefined when missing or not deleted. */
  restore(id: string): Promise<ProjectRecord | undefined>;
  /** Removes the project with its members, tasks, findings and reports. */
  purge(id: string): Promise<boolean>;
  /** Purges recycle-bin projects deleted before `cutoff`; returns their ids (to remove stored objects). */
  purgeDeletedBefore(cutoff: Date): Promise<string[]>;
}

// ---- project members ---------------------------------------------------------------------------------------

export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';

/** A member with the user's public identity. */
export interface MemberRecord {
  id: string;
  project_id: string;
  user_id: string;
  role: MemberRole;
  created_at: Date;
  username: string;
  email: string;
  full_name: string | null;
}

export interface ProjectMemberRepository {
  /** Throws ConflictError `member_exists` when the user is already a member. */
  add(projectId: string, userId: string, role: MemberRole): Promise<MemberRecord>;
  list(projectId: string): Promise<MemberRecord[]>;
  /** The user's role on the project, or undefined when not a member. */
  roleOf(projectId: string, userId: string): Promise<MemberRole | undefined>;
  updateRole(projectId: string, userId: string, role: MemberRole): Promise<MemberRecord | undefined>;
  remove(projectId: string, userId: string): Promise<boolean>;
}

// ---- audit tasks -------------------------------------------------------------------------------------------

export type TaskKind = 'repository' | 'instant';
export type TaskStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface TaskRecord {
  id: string;
  project_id: string;
  created_by: string | null;
  name: string;
  description: string | null;
  kind: TaskKind;
  status: TaskStatus;
  priority: TaskPriority;
  /** 0-100. */
  progress: number;
  current_step: string | null;
  scan_config: Record<string, unknown>;
  branch: string | null;
  commit_sha: string | null;
  total_issues: number;
  critical_issues: number;
  high_issues: number;
  medium_issues: number;
  low_issues: number;
  info_issues: number;
  files_total: number;
  files_scanned: number;
  lines_scanned: number;
  quality_score: number | null;
  metrics: Record<string, number> | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  error_message: string | null;
  retry_count: number;
  cancel_requested_at: Date | null;
  /** Files left out, with reasons. */
  skipped: unknown[];
  llm_record: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  migration_batch_id: string | null;
  source_key: string | null;
}

export interface NewTask {
  project_id: string;
  created_by: string | null;
  name: string;
  description?: string | null;
  kind?: TaskKind;
  priority?: TaskPriority;
  scan_config?: Record<string, unknown>;
  branch?: string | null;
  migration_batch_id?: string | null;
  source_key?: string | null;
}

/** Result and bookkeeping fields a worker writes. */
export type TaskPatch = Partial<
  Pick<
    TaskRecord,
    | 'progress' | 'current_step' | 'commit_sha' | 'branch' | 'total_issues' | 'critical_issues' | 'high_issues' | 'medium_issues'
    | 'low_issues' | 'info_issues' | 'files_total' | 'files_scanned' | 'lines_scanned' | 'quality_score' | 'metrics'
    | 'tokens_in' | 'tokens_out' | 'cost_usd' | 'error_message' | 'skipped' | 'llm_record'
  >
>;

export interface TaskListQuery extends PageQuery {
  visible_to?: string;
  project_id?: string;
  status?: TaskStatus | TaskStatus[];
  priority?: TaskPriority;
  created_by?: string;
  kind?: TaskKind;
}

/**
 * Allowed status changes: the key is the target, the value the states it may come from. `pending` from
 * `failed`/`cancelled` is a retry (counter incremented, progress and error reset); `running` from `running` lets
 * a re-delivered job (after a worker crash) take its task over.
 */
export const taskTransitions: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  pending: ['failed', 'cancelled'],
  running: ['pending', 'running'],
  completed: ['running'],
  failed: ['pending', 'running'],
  cancelled: ['pending', 'running'],
};

/** Statuses a task never leaves on its own. */
export const terminalTaskStatuses: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

export interface TaskRepository {
  create(input: NewTask): Promise<TaskRecord>;
  get(id: string): Promise<TaskRecord | undefined>;
  /** Ordered by `created_at` descending. */
  list(query: TaskListQuery): Promise<Page<TaskRecord>>;
  /**
   * Moves the task to `to` if its current status allows it (`taskTransitions`), atomically, writing `patch` in
   * the same statement. Sets `started_at` on running, `completed_at` on a terminal status, and on retry clears
   * both, resets progress and error and increments `retry_count`. Throws NotFoundError when the task does not
   * exist and ConflictError `task_state_conflict` (details `{from, to}`) when the status does not allow it.
   */
  transition(id: string, to: TaskStatus, patch?: TaskPatch): Promise<TaskRecord>;
  /** Writes progress and counters while the task runs; false when it is no longer running. */
  updateProgress(id: string, patch: TaskPatch): Promise<boolean>;
  /** Writes any result fields regardless of status. */
  update(id: string, patch: TaskPatch): Promise<TaskRecord | undefined>;
  /**
   * Asks a task to stop: a pending task is cancelled at once; a running one gets `cancel_requested_at` and the
   * worker cancels it at its next checkpoint. Returns the task, or undefined when missing. Terminal: unchanged.
   */
  requestCancel(id: string): Promise<TaskRecord | undefined>;
  /** The latest completed task of the project and branch before `before` (for lifecycle and trends). */
  findPreviousCompleted(projectId: string, branch: string | null, before: Date): Promise<TaskRecord | undefined>;
}

// ---- findings ----------------------------------------------------------------------------------------------

export interface FindingRecord {
  id: string;
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
  description: string;
  severity: Severity;
  /** 4 critical ... 0 info. */
  severity_rank: number;
  category: Category;
  cwe: number[];
  rule_id: string | null;
  analyzer: string;
  confidence: number;
  suggestion: string | null;
  fix_example: string | null;
  explanation: Explanation | null;
  status: FindingStatus;
  resolved_by: string | null;
  resolved_at: Date | null;
  lifecycle: Lifecycle;
  evidence: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  migration_batch_id: string | null;
  source_key: string | null;
}

/** A finding to store: what an analyzer produced (contracts' Finding, lines optional) plus where it belongs. */
export interface NewFinding {
  task_id: string;
  project_id: string;
  fingerprint: string;
  file_path: string;
  line_start?: number | null;
  line_end?: number | null;
  column_start?: number | null;
  column_end?: number | null;
  code_snippet?: string | null;
  title: string;
  description?: string;
  severity: Severity;
  category: Category;
  cwe?: number[];
  rule_id?: string | null;
  analyzer: string;
  confidence?: number;
  suggestion?: string | null;
  fix_example?: string | null;
  explanation?: Explanation | null;
  status?: FindingStatus;
  lifecycle?: Lifecycle;
  evidence?: Record<string, unknown> | null;
  migration_batch_id?: string | null;
  source_key?: string | null;
}

export interface FindingListQuery extends PageQuery {
  visible_to?: string;
  task_id?: string;
  project_id?: string;
  severity?: Severity | Severity[];
  category?: Category | Category[];
  status?: FindingStatus | FindingStatus[];
  lifecycle?: Lifecycle | Lifecycle[];
  rule_id?: string;
  /** Case-insensitive substring of the path. */
  file_path?: string;
  /** Findings whose CWE list contains this id. */
  cwe?: number;
  /** `rules`, or `<provider>:<model>`. */
  analyzer?: string;
}

/** Counts for `GET /issues/statistics`. */
export interface FindingStatistics {
  total: number;
  by_severity: SeverityCounts;
  by_category: Record<Category, number>;
  by_status: Record<FindingStatus, number>;
  by_lifecycle: Record<Lifecycle, number>;
}

export interface FindingComment {
  id: string;
  finding_id: string;
  author_id: string | null;
  body: string;
  created_at: Date;
  updated_at: Date;
}

export interface FindingRepository {
  /**
   * Inserts findings, skipping any whose (task_id, fingerprint) is already stored, so a retried job or a
   * re-sent batch adds nothing twice. Returns how many rows were new.
   */
  insertMany(findings: readonly NewFinding[]): Promise<{ inserted: number }>;
  get(id: string): Promise<FindingRecord | undefined>;
  /** Ordered by severity (critical first), then file path and line, then newest. */
  list(query: FindingListQuery): Promise<Page<FindingRecord>>;
  /**
   * Sets the triage status. `resolved` and `false_positive` stamp `resolved_by`/`resolved_at`; any other status
   * clears them. Undefined when the finding does not exist.
   */
  updateStatus(id: string, status: FindingStatus, by: string | null): Promise<FindingRecord | undefined>;
  /**
   * The same for many findings at once; returns how many changed. With `writable_by`, only findings of projects
   * that user owns or is an owner/admin/member of change; with `is_live_project_only`, none of projects in the
   * recycle bin. The others are skipped silently.
   */
  bulkUpdateStatus(
    ids: readonly string[],
    status: FindingStatus,
    by: string | null,
    options?: { writable_by?: string; is_live_project_only?: boolean },
  ): Promise<number>;
  statistics(filter: Pick<FindingListQuery, 'task_id' | 'project_id' | 'visible_to'>): Promise<FindingStatistics>;
  /** Fingerprint -> status of every finding of a task (lifecycle comparison with the next run). */
  fingerprints(taskId: string): Promise<Map<string, FindingStatus>>;
  /** Removes a task's findings (before a retry re-runs it). */
  deleteByTask(taskId: string): Promise<number>;
  addComment(findingId: string, authorId: string | null, body: string): Promise<FindingComment>;
  listComments(findingId: string): Promise<FindingComment[]>;
  /** One comment of a finding; undefined when it does not exist or belongs to another finding. */
  getComment(findingId: string, commentId: string): Promise<FindingComment | undefined>;
  deleteComment(commentId: string): Promise<boolean>;
}

// ---- feature flags, audit log, settings --------------------------------------------------------------------

export interface FeatureFlagRecord {
  key: string;
  enabled: boolean;
  /** 0-100: the share of users (by a stable hash of key and user id) for whom an enabled flag is on. */
  rollout_percentage: number;
  /** User ids for whom an enabled flag is always on. */
  allowed_users: string[];
  description: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type FeatureFlagInput = { key: string } & Partial<Pick<FeatureFlagRecord, 'enabled' | 'rollout_percentage' | 'allowed_users' | 'description'>>;

export interface FeatureFlagRepository {
  /** Ordered by key. */
  list(): Promise<FeatureFlagRecord[]>;
  get(key: string): Promise<FeatureFlagRecord | undefined>;
  /** Creates the flag or changes the given fields; fields left out keep their value (or default on create). */
  upsert(input: FeatureFlagInput, updatedBy: string | null): Promise<FeatureFlagRecord>;
  delete(key: string): Promise<boolean>;
}

export interface AuditLogEntry {
  id: string;
  actor_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  created_at: Date;
}

export type NewAuditLogEntry = Pick<AuditLogEntry, 'actor_id' | 'action'> &
  Partial<Pick<AuditLogEntry, 'resource_type' | 'resource_id' | 'details' | 'ip'>>;

export interface AuditLogQuery extends PageQuery {
  actor_id?: string;
  action?: string;
  resource_type?: string;
  resource_id?: string;
  since?: Date;
  until?: Date;
}

/** Append-only record of who did what (logins, role changes, deletions, key changes, imports). */
export interface AuditLogRepository {
  append(entry: NewAuditLogEntry): Promise<AuditLogEntry>;
  /** Newest first. */
  list(query: AuditLogQuery): Promise<Page<AuditLogEntry>>;
}

export interface SettingRecord {
  key: string;
  value: unknown;
  updated_by: string | null;
  updated_at: Date;
}

/** Runtime settings changed by admins, as JSON values under a key. */
export interface SettingsRepository {
  get(key: string): Promise<SettingRecord | undefined>;
  set(key: string, value: unknown, updatedBy: string | null): Promise<SettingRecord>;
  list(): Promise<SettingRecord[]>;
  delete(key: string): Promise<boolean>;
}

// ---- LLM providers, instant analyses, statistics -----------------------------------------------------------

export type LlmProviderKindName = 'openai-compatible' | 'anthropic' | 'gemini' | 'ernie';

/**
 * A configured LLM provider. `api_key_encrypted` is a secret-box token (never the key); `options` holds call
 * options, pacing limits, the preset name and credential-like headers as a secret-box token too.
 */
export interface LlmProviderRecord {
  id: string;
  name: string;
  kind: LlmProviderKindName;
  base_url: string | null;
  model: string;
  api_key_encrypted: string | null;
  /** Incremented each time the key changes. */
  key_version: number;
  options: Record<string, unknown>;
  is_default: boolean;
  is_enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export type NewLlmProvider = Pick<LlmProviderRecord, 'name' | 'kind' | 'model'> &
  Partial<Pick<LlmProviderRecord, 'base_url' | 'api_key_encrypted' | 'options' | 'is_default' | 'is_enabled'>>;

/** Fields to change; `key_version` increments by itself when `api_key_encrypted` is given with `is_key_change`. */
export type LlmProviderPatch = Partial<Pick<LlmProviderRecord, 'name' | 'kind' | 'base_url' | 'model' | 'api_key_encrypted' | 'options' | 'is_default' | 'is_enabled'>> & {
  /** The key itself changed (not merely re-encrypted): bump `key_version`. */
  is_key_change?: boolean;
};

/** LLM providers. At most one is the default: making one the default clears the flag on the others atomically. */
export interface LlmProviderRepository {
  /** Throws ConflictError `llm_provider_exists` when the name is taken. */
  create(input: NewLlmProvider): Promise<LlmProviderRecord>;
  get(id: string): Promise<LlmProviderRecord | undefined>;
  findByName(name: string): Promise<LlmProviderRecord | undefined>;
  /** The enabled default provider, if any. */
  findDefault(): Promise<LlmProviderRecord | undefined>;
  /** Ordered by name. */
  list(query: PageQuery): Promise<Page<LlmProviderRecord>>;
  /** Every provider (rotation, caches), ordered by name. */
  listAll(): Promise<LlmProviderRecord[]>;
  /** Undefined when missing. Throws ConflictError `llm_provider_exists` when renamed onto a taken name. */
  update(id: string, patch: LlmProviderPatch): Promise<LlmProviderRecord | undefined>;
  delete(id: string): Promise<boolean>;
}

/** A stored instant analysis: its summary only, never the code. */
export interface InstantAnalysisRecord {
  id: string;
  user_id: string;
  language: string;
  /** Findings without code or prose, metrics, the model's share. */
  summary: Record<string, unknown>;
  quality_score: number | null;
  total_issues: number;
  critical_issues: number;
  high_issues: number;
  medium_issues: number;
  low_issues: number;
  info_issues: number;
  duration_ms: number;
  created_at: Date;
}

export type NewInstantAnalysis = Omit<InstantAnalysisRecord, 'id' | 'created_at'>;

export interface InstantAnalysisRepository {
  create(input: NewInstantAnalysis): Promise<InstantAnalysisRecord>;
  /** The user's analyses, newest first. */
  listByUser(userId: string, query: PageQuery): Promise<Page<InstantAnalysisRecord>>;
}

/** What dashboard figures cover: the projects a user may see (omit for admins), optionally one project. */
export interface StatisticsScope {
  visible_to?: string;
  project_id?: string;
}

/** Totals over the projects in scope (recycle-bin projects left out). */
export interface StatisticsTotals {
  total_projects: number;
  active_projects: number;
  total_tasks: number;
  running_tasks: number;
  completed_tasks: number;
  failed_tasks: number;
  total_issues: number;
  critical_issues: number;
  high_issues: number;
  open_issues: number;
  resolved_issues: number;
  /** Mean quality score of completed tasks with a score; null without any. */
  average_score: number | null;
}

/** One day with data: `date` is `YYYY-MM-DD` in UTC. */
export interface DailyValue {
  date: string;
  value: number;
}

/** Days with data only; callers fill the gaps. */
export interface DailyActivity {
  quality_scores: DailyValue[];
  issue_counts: DailyValue[];
  task_counts: DailyValue[];
}

/** Findings by category and severity, with the scanned size of the projects in scope. */
export interface CategoryBreakdown {
  total_issues: number;
  by_category: Record<Category, number>;
  by_severity: SeverityCounts;
  total_files_scanned: number;
  total_lines_scanned: number;
}

/** One project's figures. */
export interface ProjectTotals {
  total_tasks: number;
  completed_tasks: number;
  total_issues: number;
  open_issues: number;
  by_severity: SeverityCounts;
  average_score: number | null;
  latest_score: number | null;
  last_scan_at: Date | null;
}

/** Read-only aggregates for the dashboard. */
export interface StatisticsRepository {
  totals(scope: StatisticsScope): Promise<StatisticsTotals>;
  /** Activity per UTC day from `since` (inclusive). */
  daily(scope: StatisticsScope, since: Date): Promise<DailyActivity>;
  categories(scope: StatisticsScope): Promise<CategoryBreakdown>;
  project(projectId: string): Promise<ProjectTotals>;
}

// ---- data migration (imports from the browser version, exports, rollback) --------------------------------

export type MigrationBatchStatus = 'running' | 'completed' | 'failed' | 'rolled_back';

/**
 * One import run and its resume point: `items_done` of `total_items` plan items are committed (each chunk commits
 * together with this counter). `counts` holds what the batch created per table plus `skipped` and `quarantined`.
 */
export interface MigrationBatchRecord {
  id: string;
  source_hash: string;
  format: string;
  owner_id: string | null;
  created_by: string | null;
  file_name: string | null;
  counts: Record<string, number>;
  status: MigrationBatchStatus;
  items_done: number;
  total_items: number;
  batch_size: number;
  /** The validation report's summary (warnings, quarantine reasons). */
  report: Record<string, unknown>;
  error: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface NewMigrationBatch {
  source_hash: string;
  format: string;
  owner_id: string;
  created_by: string | null;
  file_name?: string | null;
  total_items: number;
  batch_size: number;
  report?: Record<string, unknown>;
}

export interface MigrationBatchListQuery extends PageQuery {
  owner_id?: string;
  status?: MigrationBatchStatus;
}

/** A quarantined record as stored. */
export interface QuarantineRecord {
  id: string;
  batch_id: string;
  record_type: string;
  source_key: string | null;
  reason: string;
  path: string | null;
  message: string | null;
  record: unknown;
  created_at: Date;
}

/** What committing one chunk did, or that another run had moved the batch on (`moved`: re-read and continue). */
export type ChunkResult =
  | { kind: 'committed'; items_done: number; created: Record<ImportedTable, number>; skipped: number; quarantined: number }
  | { kind: 'moved'; items_done: number; status: MigrationBatchStatus };

/** Rows a rollback removed, per table. */
export type RollbackCounts = Record<ImportedTable | 'quarantined', number>;

/** Everything one owner has, for exports: projects of every status, their tasks, findings and comments. */
export interface OwnerSnapshot {
  projects: ProjectRecord[];
  tasks: TaskRecord[];
  findings: FindingRecord[];
  comments: Array<FindingComment & { source_key: string | null }>;
  instant_analyses: InstantAnalysisSnapshot[];
}

/** An instant analysis as exports read it. */
export interface InstantAnalysisSnapshot {
  id: string;
  user_id: string;
  source_key: string | null;
  language: string;
  summary: Record<string, unknown>;
  quality_score: number | null;
  total_issues: number;
  critical_issues: number;
  high_issues: number;
  medium_issues: number;
  low_issues: number;
  info_issues: number;
  duration_ms: number;
  created_at: Date;
}

/** Import batches, the chunk writer, rollback and export reads. */
export interface MigrationRepository {
  /**
   * Opens a batch for (`source_hash`, `owner_id`), or, when one is already open (running or failed: a killed or
   * failed run of the same file by the same owner), sets it running again and returns it with `is_resumed`.
   */
  openBatch(input: NewMigrationBatch): Promise<{ batch: MigrationBatchRecord; is_resumed: boolean }>;
  getBatch(id: string): Promise<MigrationBatchRecord | undefined>;
  /** Newest first. */
  listBatches(query: MigrationBatchListQuery): Promise<Page<MigrationBatchRecord>>;
  listQuarantine(batchId: string, query: PageQuery): Promise<Page<QuarantineRecord>>;
  /**
   * In one transaction: locks the batch row; if it is running and `items_done` equals `expectedDone`, inserts the
   * rows (ON CONFLICT DO NOTHING: rows that exist are counted as skipped), stores the quarantine entries, and
   * advances `items_done` and `counts`. Otherwise writes nothing and answers `moved` with the row's state.
   */
  commitChunk(batchId: string, expectedDone: number, items: readonly PlanItem[]): Promise<ChunkResult>;
  /** Marks a running batch completed or failed (with the error). */
  finishBatch(batchId: string, status: 'completed' | 'failed', error?: string | null): Promise<MigrationBatchRecord | undefined>;
  /** Of `ids` in `table`, those that exist (dry runs). */
  existingIds(table: ImportedTable, ids: readonly string[]): Promise<Set<string>>;
  /**
   * Deletes exactly the rows the batch created (children first) and its quarantine entries, and marks it
   * `rolled_back`, in one transaction. Throws NotFoundError, ConflictError `already_rolled_back`, or ConflictError
   * `batch_has_dependents` (details: rows of other origin that depend on the batch's rows and would go too).
   */
  rollbackBatch(batchId: string): Promise<{ batch: MigrationBatchRecord; deleted: RollbackCounts }>;
  /** The owner's data for an export. */
  readOwnerSnapshot(ownerId: string): Promise<OwnerSnapshot>;
}

// ---- reports -----------------------------------------------------------------------------------------------

export type ReportFormatName = 'json' | 'markdown' | 'pdf' | 'html' | 'sarif';
export type ReportStatusName = 'pending' | 'generating' | 'completed' | 'failed';

/** A report of a task: its options, where the rendered file is stored, and what it was made from (`metadata`). */
export interface ReportRecord {
  id: string;
  task_id: string;
  format: ReportFormatName;
  options: Record<string, unknown>;
  status: ReportStatusName;
  object_key: string | null;
  size_bytes: number | null;
  /** SHA-256 of the file, hex. */
  content_hash: string | null;
  error_message: string | null;
  metadata: Record<string, unknown>;
  created_by: string | null;
  created_at: Date;
  completed_at: Date | null;
}

/** A report with the project of its task (for access checks). */
export interface ReportWithProject extends ReportRecord {
  project_id: string;
}

export interface ReportListQuery extends PageQuery {
  visible_to?: string;
  task_id?: string;
  format?: ReportFormatName;
  status?: ReportStatusName;
}

/** Reports; the job moves them pending → generating → completed | failed. */
export interface ReportRepository {
  create(input: { task_id: string; format: ReportFormatName; options: Record<string, unknown>; created_by: string | null }): Promise<ReportRecord>;
  get(id: string): Promise<ReportWithProject | undefined>;
  /** Newest first. */
  list(query: ReportListQuery): Promise<Page<ReportWithProject>>;
  /** Moves a report to generating (from pending, failed on a retry, or generating when a job is re-delivered); undefined when completed or missing. */
  markGenerating(id: string): Promise<ReportRecord | undefined>;
  /** Records the stored file; only while generating. */
  complete(id: string, result: { object_key: string; size_bytes: number; content_hash: string; metadata: Record<string, unknown> }): Promise<ReportRecord | undefined>;
  /** Records why rendering failed. */
  fail(id: string, error: string): Promise<ReportRecord | undefined>;
  delete(id: string): Promise<boolean>;
  /** Reports created before `cutoff`, oldest first, at most `limit` (retention). */
  listCreatedBefore(cutoff: Date, limit: number): Promise<ReportRecord[]>;
}

// ---- all of them -------------------------------------------------------------------------------------------

/** Every repository, bound to one database connection or transaction. */
export interface Repositories {
  users: UserRepository;
  projects: ProjectRepository;
  members: ProjectMemberRepository;
  tasks: TaskRepository;
  findings: FindingRepository;
  featureFlags: FeatureFlagRepository;
  auditLog: AuditLogRepository;
  settings: SettingsRepository;
  refreshTokens: RefreshTokenRepository;
  passwordResetTokens: PasswordResetTokenRepository;
  llmProviders: LlmProviderRepository;
  instantAnalyses: InstantAnalysisRepository;
  statistics: StatisticsRepository;
  migration: MigrationRepository;
  reports: ReportRepository;
  /**
   * Runs `work` in one transaction with repositories bound to it: all its writes commit together or none do.
   * Inside, use only the repositories passed in (on the embedded database the outer ones would wait for the
   * transaction to end, forever). Nested calls join the outer transaction.
   */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
