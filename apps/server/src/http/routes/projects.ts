import { parseCron } from '@xcr/core/schedule/cron';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateProjectBody,
  errorResponses,
  IdParams,
  pageOf,
  ProjectListQuery,
  ProjectResponse,
  UpdateProjectBody,
} from '@xcr/contracts/api/index';
import { ValidationError } from '@xcr/core/errors';
import type { ProjectPatch, ProjectSource } from '@xcr/core/ports/repositories';
import { checkProjectAccess, listScope, requireProjectAccess, requireProjectCreator } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser, type RequestUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { registerProjectUploadRoute } from './project-upload.ts';
import { checkRepositoryUrl } from './repository-url.ts';
import {
  auditActor,
  gitTokenContext,
  toProjectResponse,
  toProjectResponses,
  type AuditActor,
} from './project-views.ts';

/**
 * A repository URL as stored: https only, on a public host (checked again, with the host's addresses, when it is
 * cloned), with any token moved out of the userinfo.
 */
async function checkSourceUrl(url: string, deps: ApiDeps): Promise<{ url: string; token?: string }> {
  const checked = await checkRepositoryUrl(url, deps);
  return { url: checked.remoteUrl, ...(checked.token === undefined ? {} : { token: checked.token }) };
}

const errors = errorResponses(400, 401, 403, 404, 409, 413, 422, 429);
const common = { tags: ['projects'], security: [{ bearerAuth: [] }] };

/** `/projects`: CRUD (soft delete to the recycle bin), plus the ZIP upload and the member routes. */
export async function registerProjectRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos } = deps;
  const seal = (token: string) => deps.secretBox.encrypt(token, { context: gitTokenContext });

  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.post(
      '/projects',
      {
        schema: {
          ...common,
          summary: 'Create a project (Git URL, or ZIP to upload next)',
          body: CreateProjectBody,
          response: { 201: ProjectResponse, ...errors },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        requireProjectCreator(user);
        const body = request.body;
        const source: ProjectSource = body.source_type ?? (body.source_url === undefined ? 'zip' : 'git');
        let repositoryUrl: string | null = null;
        let token = body.git_token;
        if (source === 'zip') {
          if (body.source_url !== undefined)
            throw new ValidationError(
              'source_url_unexpected',
              'A zip project takes no source_url: upload the archive',
            );
          if (token !== undefined)
            throw new ValidationError('git_token_unexpected', 'A zip project takes no git_token');
        } else {
          if (body.source_url === undefined)
            throw new ValidationError('source_url_required', `A ${source} project needs source_url`);
          const checked = await checkSourceUrl(body.source_url, deps);
          repositoryUrl = checked.url;
          token ??= checked.token;
        }
        const project = await repos.transaction(async (tx) => {
          const created = await tx.projects.create({
            owner_id: user.id,
            name: body.name,
            description: body.description ?? null,
            source,
            repository_url: repositoryUrl,
            branch: body.branch,
            git_token_encrypted: token === undefined ? null : seal(token),
          });
          await tx.members.add(created.id, user.id, 'owner');
          return created;
        });
        return reply.status(201).send(toProjectResponse(project, 'owner'));
      },
    );

    scope.get(
      '/projects',
      {
        schema: {
          ...common,
          summary:
            'List the projects the caller can see (newest change first; the recycle bin only with status=deleted)',
          querystring: ProjectListQuery,
          response: { 200: pageOf(ProjectResponse), ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { page, page_size, search } = request.query;
        const status = request.query.status ?? request.query.status_filter;
        const result = await repos.projects.list({
          page,
          page_size,
          search,
          ...(status ? { status } : {}),
          ...listScope(user),
        });
        return { ...result, items: await toProjectResponses(repos, user, result.items) };
      },
    );

    scope.get(
      '/projects/:id',
      {
        schema: {
          ...common,
          summary: 'Get a project (also while in the recycle bin)',
          params: IdParams,
          response: { 200: ProjectResponse, ...errors },
        },
      },
      async (request) => {
        const { project, role } = await requireProjectAccess(
          repos,
          requireUser(request),
          request.params.id,
          'read',
        );
        return toProjectResponse(project, role);
      },
    );

    async function update(
      user: RequestUser,
      id: string,
      body: UpdateProjectBody,
      actor: AuditActor,
    ): Promise<ProjectResponse> {
      const { project } = await requireProjectAccess(repos, user, id, 'write');
      const patch: ProjectPatch = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.description !== undefined) patch.description = body.description ?? null;
      if (body.branch !== undefined) patch.branch = body.branch;
      if (body.status !== undefined) patch.status = body.status;
      if (body.source_url !== undefined) {
        if (project.source === 'zip' || project.source === 'local')
          throw new ValidationError(
            'source_url_unexpected',
            `A ${project.source} project takes no source_url`,
          );
        const checked = await checkSourceUrl(body.source_url, deps);
        patch.repository_url = checked.url;
        if (checked.token !== undefined && body.git_token === undefined)
          patch.git_token_encrypted = seal(checked.token);
      }
      if (body.git_token !== undefined)
        patch.git_token_encrypted = body.git_token === null ? null : seal(body.git_token);
      if (body.schedule_cron !== undefined) {
        const cron = body.schedule_cron === null || body.schedule_cron === '' ? null : body.schedule_cron;
        if (cron !== null) parseCron(cron); // refuses anything the scheduler could not run (400 invalid_cron)
        patch.settings = { ...project.settings, schedule_cron: cron };
      }
      const updated = await repos.projects.update(project.id, patch);
      const access = await checkProjectAccess(repos, user, updated, 'read');
      if ('git_token_encrypted' in patch) {
        const action =
          patch.git_token_encrypted === null ? 'project.git_token_removed' : 'project.git_token_changed';
        await repos.auditLog.append({ ...actor, action, resource_type: 'project', resource_id: project.id });
      }
      return toProjectResponse(access.project, access.role);
    }
    const updateSchema = {
      ...common,
      params: IdParams,
      body: UpdateProjectBody,
      response: { 200: ProjectResponse, ...errors },
    };
    scope.put(
      '/projects/:id',
      { schema: { ...updateSchema, summary: 'Change a project (any subset of fields)' } },
      async (request) => update(requireUser(request), request.params.id, request.body, auditActor(request)),
    );
    scope.patch(
      '/projects/:id',
      { schema: { ...updateSchema, summary: 'Change a project (same as PUT)' } },
      async (request) => update(requireUser(request), request.params.id, request.body, auditActor(request)),
    );

    scope.delete(
      '/projects/:id',
      {
        schema: {
          ...common,
          summary: 'Move a project to the recycle bin (owner or admin)',
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
        );
        await repos.projects.softDelete(project.id);
        await repos.auditLog.append({
          ...auditActor(request),
          action: 'project.deleted',
          resource_type: 'project',
          resource_id: project.id,
          details: { name: project.name },
        });
        return reply.status(204).send(null);
      },
    );

    await registerProjectUploadRoute(scope as unknown as HttpApp, deps);
  });
}
