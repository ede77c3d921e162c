import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, IdParams, pageOf, ProjectResponse, RecycleBinQuery } from '@xcr/contracts/api/index';
import { ConflictError, NotFoundError } from '@xcr/core/errors';
import type { ObjectStore } from '@xcr/core/ports/object-store';
import { checkProjectAccess, listScope, requireProjectAccess } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { auditActor, toProjectResponse, toProjectResponses } from './project-views.ts';

/** Where a project's uploaded archives are stored (`uploads/<project>/<id>.zip`). */
export function uploadPrefixOf(projectId: string): string {
  return `uploads/${projectId}/`;
}

/** Removes every stored object of a purged project; returns how many. Failures are left for a later sweep. */
async function removeProjectObjects(
  storage: ObjectStore,
  projectId: string,
  knownKeys: readonly (string | null)[],
): Promise<number> {
  const listed = await storage.list(uploadPrefixOf(projectId)).catch(() => []);
  const keys = new Set([...listed.map((o) => o.key), ...knownKeys.filter((k): k is string => k !== null)]);
  let removed = 0;
  for (const key of keys) {
    try {
      await storage.delete(key);
      removed += 1;
    } catch {
      // An object left behind costs space only; the project row, the thing that mattered, is gone.
    }
  }
  return removed;
}

const errors = errorResponses(400, 401, 403, 404, 409, 429);
const common = { tags: ['recycle bin'], security: [{ bearerAuth: [] }] };

/** `/recycle-bin/projects`: deleted projects, restored or purged (with their tasks, findings and stored archives). */
export async function registerRecycleBinRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos } = deps;

  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.get(
      '/recycle-bin/projects',
      {
        schema: {
          ...common,
          summary: 'List deleted projects the caller can see',
          querystring: RecycleBinQuery,
          response: { 200: pageOf(ProjectResponse), ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { page, page_size, search } = request.query;
        const result = await repos.projects.list({
          page,
          page_size,
          search,
          status: ['deleted'],
          ...listScope(user),
        });
        return { ...result, items: await toProjectResponses(repos, user, result.items) };
      },
    );

    scope.post(
      '/recycle-bin/projects/:id/restore',
      {
        schema: {
          ...common,
          summary: 'Restore a deleted project (owner or admin)',
          params: IdParams,
          response: { 200: ProjectResponse, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { project } = await requireProjectAccess(repos, user, request.params.id, 'manage', {
          isDeletedAllowed: true,
        });
        if (project.status !== 'deleted')
          throw new ConflictError('project_not_deleted', 'The project is not in the recycle bin');
        const restored = await repos.projects.restore(project.id);
        if (!restored)
          throw new ConflictError('project_not_deleted', 'The project is not in the recycle bin');
        await repos.auditLog.append({
          ...auditActor(request),
          action: 'project.restored',
          resource_type: 'project',
          resource_id: project.id,
        });
        const access = await checkProjectAccess(repos, user, restored, 'read');
        return toProjectResponse(access.project, access.role);
      },
    );

    scope.delete(
      '/recycle-bin/projects/:id',
      {
        schema: {
          ...common,
          summary: 'Delete a project for good, with its tasks, issues and archives (owner or admin)',
          params: IdParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const { project } = await requireProjectAccess(
          repos,
          requireUser(request),
          request.params.id,
          'manage',
          { isDeletedAllowed: true },
        );
        if (project.status !== 'deleted')
          throw new ConflictError('project_not_deleted', 'Move the project to the recycle bin first');
        if (!(await repos.projects.purge(project.id))) throw new NotFoundError('Project');
        const objects = await removeProjectObjects(deps.runtime.storage, project.id, [
          project.upload_object_key,
        ]);
        await repos.auditLog.append({
          ...auditActor(request),
          action: 'project.purged',
          resource_type: 'project',
          resource_id: project.id,
          details: { name: project.name, objects_removed: objects },
        });
        return reply.status(204).send(null);
      },
    );
  });
}
