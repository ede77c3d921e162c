// How projects look from outside: the response shape (no secrets, no storage keys) and audit-log actors.
import type { ProjectResponse, ProjectRole } from '@xcr/contracts/api/index';
import { uploadOf } from '@xcr/core/audit/project-source';
import type { ProjectRecord, Repositories } from '@xcr/core/ports/repositories';
import { projectRoleOf } from '../access.ts';
import { actionContext, type RequestUser } from '../plugins/auth.ts';

export { gitTokenContext, uploadOf } from '@xcr/core/audit/project-source';

/** `owner/repo` (or every path segment) of a repository URL. */
function repositoryNameOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const name = new URL(url).pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
    return name === '' ? null : name;
  } catch {
    return null;
  }
}

/** A project as the API shows it to a caller with `role`: no token, no storage key. */
export function toProjectResponse(project: ProjectRecord, role: ProjectRole): ProjectResponse {
  return {
    id: project.id,
    owner_id: project.owner_id,
    name: project.name,
    description: project.description,
    source_type: project.source,
    source_url: project.repository_url,
    repository_name: repositoryNameOf(project.repository_url),
    branch: project.branch,
    has_git_token: project.git_token_encrypted !== null,
    has_upload: project.upload_object_key !== null,
    upload: uploadOf(project),
    languages: project.languages,
    total_files: project.total_files,
    total_lines: project.total_lines,
    primary_language: project.primary_language,
    last_scanned_at: project.last_scanned_at?.toISOString() ?? null,
    status: project.status,
    schedule_cron: typeof project.settings.schedule_cron === 'string' && project.settings.schedule_cron !== '' ? project.settings.schedule_cron : null,
    deleted_at: project.deleted_at?.toISOString() ?? null,
    role,
    created_at: project.created_at.toISOString(),
    updated_at: project.updated_at.toISOString(),
  };
}

/** Each project of a list with the caller's role (one membership lookup per project not owned). */
export async function toProjectResponses(
  repos: Repositories,
  user: RequestUser,
  projects: readonly ProjectRecord[],
): Promise<ProjectResponse[]> {
  return Promise.all(
    projects.map(async (p) => toProjectResponse(p, (await projectRoleOf(repos, user, p)) ?? 'viewer')),
  );
}

/** Who did it and from where, for audit log entries. */
export interface AuditActor {
  actor_id: string | null;
  ip: string | null;
}

/** The audit log's view of a request's caller. */
export function auditActor(request: Parameters<typeof actionContext>[0]): AuditActor {
  const ctx = actionContext(request);
  return { actor_id: ctx.actorId, ip: ctx.ip };
}
