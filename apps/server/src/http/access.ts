/**
 * Who may see and change what, for every project-scoped resource (projects, members, tasks, issues, comments,
 * reports). Anything a caller may not see answers 404, exactly like something that does not exist, and list or
 * statistics queries pass `listScope(user)` so it is never counted either.
 *
 * A caller's role on a project:
 * - a global `admin` is `admin` on every project (the project's owner stays `owner`);
 * - the project's owner is `owner`;
 * - a member has the role of the membership: `owner`, `admin`, `member` or `viewer`;
 * - anyone else has no role: the project and everything in it is 404;
 * - a global `viewer` never has more than `viewer`, whatever the membership says.
 *
 * | action   | what                                                                   | roles                         |
 * |----------|------------------------------------------------------------------------|-------------------------------|
 * | `read`   | get and list the project, its members, tasks, results, issues, reports | owner, admin, member, viewer  |
 * | `write`  | edit the project, upload, start/cancel/retry tasks, triage, comment      | owner, admin, member          |
 * | `manage` | members, delete to the recycle bin, restore, purge                      | owner, admin                  |
 *
 * Creating a project needs the global role `user` or `admin`. A role too low for the action is a 403 (the caller can
 * see the project, so nothing leaks); a project in the recycle bin can be read but not changed (409 `project_deleted`)
 * until it is restored.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '@xcr/core/errors';
import type { MemberRole, ProjectRecord, Repositories, TaskRecord } from '@xcr/core/ports/repositories';
import type { RequestUser } from './plugins/auth.ts';

/** A caller's role on one project. */
export type ProjectRole = MemberRole;

/** What a caller wants to do with a project or something in it. */
export type ProjectAction = 'read' | 'write' | 'manage';

/** The roles each action needs. */
export const projectPermissions: Readonly<Record<ProjectAction, readonly ProjectRole[]>> = {
  read: ['owner', 'admin', 'member', 'viewer'],
  write: ['owner', 'admin', 'member'],
  manage: ['owner', 'admin'],
};

/** A project the caller may act on, with the caller's role on it. */
export interface ProjectAccess {
  project: ProjectRecord;
  role: ProjectRole;
}

/** A task the caller may act on, with its project and the caller's role. */
export interface TaskAccess extends ProjectAccess {
  task: TaskRecord;
}

/** Options of the access checks. */
export interface AccessOptions {
  /** Allow changes to a project in the recycle bin (restore and purge do). */
  isDeletedAllowed?: boolean;
  /** The resource named in the 404 (`Project`, `Task`, `Issue`, ...). */
  resource?: string;
}

/** The caller's role on the project, or undefined when the caller may not see it at all. */
export async function projectRoleOf(
  repos: Pick<Repositories, 'members'>,
  user: RequestUser,
  project: ProjectRecord,
): Promise<ProjectRole | undefined> {
  let role: ProjectRole | undefined;
  if (project.owner_id === user.id) role = 'owner';
  else if (user.role === 'admin') role = 'admin';
  else role = await repos.members.roleOf(project.id, user.id);
  if (role !== undefined && user.role === 'viewer') return 'viewer';
  return role;
}

/** Whether `role` allows `action`. */
export function isAllowed(role: ProjectRole, action: ProjectAction): boolean {
  return projectPermissions[action].includes(role);
}

/**
 * Checks the caller's access to an already loaded project: 404 (`resource not found`) when the caller may not see
 * it, 403 when the role is too low, 409 `project_deleted` for changes to a project in the recycle bin.
 */
export async function checkProjectAccess(
  repos: Pick<Repositories, 'members'>,
  user: RequestUser,
  project: ProjectRecord | undefined,
  action: ProjectAction,
  options: AccessOptions = {},
): Promise<ProjectAccess> {
  const resource = options.resource ?? 'Project';
  if (!project) throw new NotFoundError(resource);
  const role = await projectRoleOf(repos, user, project);
  if (role === undefined) throw new NotFoundError(resource);
  if (!isAllowed(role, action)) {
    throw new ForbiddenError('forbidden', `Your role on this project (${role}) does not allow this`, {
      details: { role, needs: projectPermissions[action] },
    });
  }
  if (action !== 'read' && project.status === 'deleted' && !options.isDeletedAllowed) {
    throw new ConflictError('project_deleted', 'The project is in the recycle bin: restore it first');
  }
  return { project, role };
}

/** Loads a project by id and checks access (see {@link checkProjectAccess}). */
export async function requireProjectAccess(
  repos: Pick<Repositories, 'projects' | 'members'>,
  user: RequestUser,
  projectId: string,
  action: ProjectAction,
  options: AccessOptions = {},
): Promise<ProjectAccess> {
  return checkProjectAccess(repos, user, await repos.projects.get(projectId), action, options);
}

/** Loads a task and its project and checks access to the project; a task the caller may not see is 404 `Task not found`. */
export async function requireTaskAccess(
  repos: Pick<Repositories, 'projects' | 'members' | 'tasks'>,
  user: RequestUser,
  taskId: string,
  action: ProjectAction,
  options: AccessOptions = {},
): Promise<TaskAccess> {
  const task = await repos.tasks.get(taskId);
  if (!task) throw new NotFoundError('Task');
  const access = await requireProjectAccess(repos, user, task.project_id, action, {
    resource: 'Task',
    ...options,
  });
  return { ...access, task };
}

/**
 * The filter every list and statistics query of project-scoped data takes: admins see everything, anyone else
 * only the projects they own or are a member of.
 */
export function listScope(user: RequestUser): { visible_to?: string } {
  return user.role === 'admin' ? {} : { visible_to: user.id };
}

/** Creating projects needs the global role `user` or `admin` (403 for viewers). */
export function requireProjectCreator(user: RequestUser): void {
  if (user.role === 'viewer') throw new ForbiddenError('forbidden', 'Viewers cannot create projects');
}
