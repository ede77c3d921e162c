/** Projects, their members and the recycle bin as `/api/v1/projects/*` and `/api/v1/recycle-bin/*` show them. */
import { z } from 'zod';
import { PageQuery, Timestamp } from './common.ts';

/** Where a project's code comes from. `local` folders are for the CLI only; the API never creates them. */
export const ProjectSourceType = z.enum(['github', 'gitlab', 'git', 'zip', 'local']);
export type ProjectSourceType = z.infer<typeof ProjectSourceType>;

/** Sources a project created through the API may have. */
export const ApiProjectSourceType = z.enum(['github', 'gitlab', 'git', 'zip']);
export type ApiProjectSourceType = z.infer<typeof ApiProjectSourceType>;

/** `active` and `archived` projects are live; `deleted` ones are in the recycle bin. */
export const ProjectStatus = z.enum(['active', 'archived', 'deleted']);
export type ProjectStatus = z.infer<typeof ProjectStatus>;

/** A role on a project: `owner` and `admin` manage it, `member` audits and triages, `viewer` reads. */
export const ProjectRole = z.enum(['owner', 'admin', 'member', 'viewer']);
export type ProjectRole = z.infer<typeof ProjectRole>;

/** A Git branch name as git accepts it (no `..`, no leading `-`, no trailing `/` or `.`). */
export const BranchName = z
  .string()
  .trim()
  .regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/+-]{1,200}(?<![./])$/, 'not a valid branch name');

/** The archive last uploaded to a ZIP project. */
export const ProjectUpload = z.object({
  file_name: z.string(),
  size_bytes: z.number().int().min(0),
  /** Files in the archive. */
  files: z.number().int().min(0),
  uploaded_at: Timestamp,
});
export type ProjectUpload = z.infer<typeof ProjectUpload>;

/** A project. Secrets never appear: `has_git_token` says whether a token is stored. `role` is the caller's. */
export const ProjectResponse = z.object({
  id: z.string(),
  owner_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  source_type: ProjectSourceType,
  /** The repository URL, without credentials. */
  source_url: z.string().nullable(),
  /** `owner/repo` (or the last path segments) of the repository URL. */
  repository_name: z.string().nullable(),
  branch: z.string(),
  has_git_token: z.boolean(),
  has_upload: z.boolean(),
  upload: ProjectUpload.nullable(),
  /** Language -> files, from the last completed audit. */
  languages: z.record(z.string(), z.number()),
  total_files: z.number().int(),
  total_lines: z.number().int(),
  primary_language: z.string().nullable(),
  last_scanned_at: Timestamp.nullable(),
  status: ProjectStatus,
  /** When scheduled re-audits run: a five-field cron expression in UTC, or null for none. */
  schedule_cron: z.string().nullable(),
  deleted_at: Timestamp.nullable(),
  role: ProjectRole,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ProjectResponse = z.infer<typeof ProjectResponse>;

const Description = z.string().max(5000).nullish();
const SourceUrl = z.string().trim().min(1).max(2048);
/** An access token for the repository: stored encrypted, never returned. */
const GitToken = z.string().trim().min(1).max(4096);

/**
 * `POST /projects`. A Git project (`github`, `gitlab`, `git`) needs `source_url` (https; a token in the URL's
 * userinfo is moved into `git_token`); a `zip` project gets its code from `POST /projects/{id}/upload`.
 * Without `source_type`, a project with a URL is `git` and one without is `zip`.
 */
export const CreateProjectBody = z.object({
  name: z.string().trim().min(1).max(255),
  description: Description,
  source_type: ApiProjectSourceType.optional(),
  source_url: SourceUrl.optional(),
  branch: BranchName.default('main'),
  git_token: GitToken.optional(),
});
export type CreateProjectBody = z.infer<typeof CreateProjectBody>;

/** `PUT`/`PATCH /projects/{id}`: any subset; `git_token: null` removes the stored token. */
export const UpdateProjectBody = z
  .object({
    name: z.string().trim().min(1).max(255).optional(),
    description: Description,
    branch: BranchName.optional(),
    status: z.enum(['active', 'archived']).optional(),
    source_url: SourceUrl.optional(),
    git_token: GitToken.nullable().optional(),
    /** A five-field cron expression (UTC) for scheduled re-audits; null or empty removes the schedule. */
    schedule_cron: z.string().trim().max(100).nullable().optional(),
  })
  .strict();
export type UpdateProjectBody = z.infer<typeof UpdateProjectBody>;

/** `GET /projects`: the recycle bin is left out unless `status=deleted` asks for it. `status_filter` is the v1 name. */
export const ProjectListQuery = PageQuery.extend({
  status: ProjectStatus.optional(),
  status_filter: ProjectStatus.optional(),
  /** Case-insensitive substring of the name. */
  search: z.string().trim().min(1).max(255).optional(),
});
export type ProjectListQuery = z.infer<typeof ProjectListQuery>;

/** `GET /recycle-bin/projects`. */
export const RecycleBinQuery = PageQuery.extend({ search: z.string().trim().min(1).max(255).optional() });
export type RecycleBinQuery = z.infer<typeof RecycleBinQuery>;

/** What `POST /projects/{id}/upload` answers: the project (now `zip`) and the archive's facts. */
export const UploadResponse = z.object({ project: ProjectResponse, upload: ProjectUpload });
export type UploadResponse = z.infer<typeof UploadResponse>;

/** A member of a project with the user's public identity. */
export const MemberResponse = z.object({
  id: z.string(),
  project_id: z.string(),
  user_id: z.string(),
  username: z.string(),
  email: z.string(),
  full_name: z.string().nullable(),
  role: ProjectRole,
  created_at: Timestamp,
});
export type MemberResponse = z.infer<typeof MemberResponse>;

/** `POST /projects/{id}/members`: the user by id, or by username or email (`login`). */
export const AddMemberBody = z
  .object({
    user_id: z.uuid().optional(),
    login: z.string().trim().min(1).max(255).optional(),
    role: ProjectRole.default('member'),
  })
  .refine((body) => (body.user_id === undefined) !== (body.login === undefined), {
    message: 'give exactly one of user_id and login',
  });
export type AddMemberBody = z.infer<typeof AddMemberBody>;

/** `PUT /projects/{id}/members/{user_id}`. */
export const UpdateMemberBody = z.object({ role: ProjectRole });
export type UpdateMemberBody = z.infer<typeof UpdateMemberBody>;

/** Path of one member. */
export const MemberParams = z.object({ id: z.string().min(1).max(100), user_id: z.string().min(1).max(100) });
export type MemberParams = z.infer<typeof MemberParams>;
