import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AddMemberBody,
  errorResponses,
  IdParams,
  MemberParams,
  MemberResponse,
  UpdateMemberBody,
} from '@xcr/contracts/api/index';
import { ConflictError, ForbiddenError, NotFoundError } from '@xcr/core/errors';
import type { MemberRecord, MemberRole, ProjectRecord } from '@xcr/core/ports/repositories';
import { requireProjectAccess, type ProjectRole } from '../access.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireUser, type RequestUser } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';
import { auditActor } from './project-views.ts';

/** A member as the API shows it. */
export function toMemberResponse(member: MemberRecord): MemberResponse {
  return {
    id: member.id,
    project_id: member.project_id,
    user_id: member.user_id,
    username: member.username,
    email: member.email,
    full_name: member.full_name,
    role: member.role,
    created_at: member.created_at.toISOString(),
  };
}

/**
 * Co-owners are made (and unmade) only by an owner or a global admin; project admins manage everyone else. The
 * project's owner keeps the `owner` membership: it cannot be changed or removed here.
 */
function checkMemberChange(
  project: ProjectRecord,
  callerRole: ProjectRole,
  caller: RequestUser,
  targetUserId: string,
  roles: readonly MemberRole[],
): void {
  if (targetUserId === project.owner_id)
    throw new ConflictError('owner_membership_fixed', "The project owner's membership cannot be changed");
  const isOwnerLevel = callerRole === 'owner' || caller.role === 'admin';
  if (roles.includes('owner') && !isOwnerLevel)
    throw new ForbiddenError('forbidden', 'Only an owner or an administrator can make or change co-owners');
}

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const common = { tags: ['projects'], security: [{ bearerAuth: [] }] };

/** `/projects/{id}/members`: read by anyone on the project, changed by its owners and admins. */
export async function registerProjectMemberRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const { repos } = deps;

  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.authenticate);

    scope.get(
      '/projects/:id/members',
      {
        schema: {
          ...common,
          summary: 'List the members of a project',
          params: IdParams,
          response: { 200: z.array(MemberResponse), ...errors },
        },
      },
      async (request) => {
        const { project } = await requireProjectAccess(
          repos,
          requireUser(request),
          request.params.id,
          'read',
        );
        return (await repos.members.list(project.id)).map(toMemberResponse);
      },
    );

    scope.post(
      '/projects/:id/members',
      {
        schema: {
          ...common,
          summary: 'Add a member (by user id, username or email)',
          params: IdParams,
          body: AddMemberBody,
          response: { 201: MemberResponse, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireUser(request);
        const { project, role } = await requireProjectAccess(repos, caller, request.params.id, 'manage');
        const { user_id, login } = request.body;
        const target =
          user_id !== undefined
            ? await repos.users.findById(user_id)
            : await repos.users.findByEmailOrUsername(login ?? '');
        if (!target) throw new NotFoundError('User');
        checkMemberChange(project, role, caller, target.id, [request.body.role]);
        const member = await repos.members.add(project.id, target.id, request.body.role);
        await repos.auditLog.append({
          ...auditActor(request),
          action: 'project.member_added',
          resource_type: 'project',
          resource_id: project.id,
          details: { user_id: target.id, role: member.role },
        });
        return reply.status(201).send(toMemberResponse(member));
      },
    );

    async function changeRole(
      caller: RequestUser,
      params: MemberParams,
      role: MemberRole,
      actor: ReturnType<typeof auditActor>,
    ): Promise<MemberResponse> {
      const access = await requireProjectAccess(repos, caller, params.id, 'manage');
      const current = await repos.members.roleOf(access.project.id, params.user_id);
      if (current === undefined) throw new NotFoundError('Member');
      checkMemberChange(access.project, access.role, caller, params.user_id, [current, role]);
      const member = await repos.members.updateRole(access.project.id, params.user_id, role);
      if (!member) throw new NotFoundError('Member');
      await repos.auditLog.append({
        ...actor,
        action: 'project.member_role_changed',
        resource_type: 'project',
        resource_id: access.project.id,
        details: { user_id: params.user_id, from: current, to: role },
      });
      return toMemberResponse(member);
    }
    const roleSchema = {
      ...common,
      params: MemberParams,
      body: UpdateMemberBody,
      response: { 200: MemberResponse, ...errors },
    };
    scope.put(
      '/projects/:id/members/:user_id',
      { schema: { ...roleSchema, summary: "Change a member's role" } },
      async (request) =>
        changeRole(requireUser(request), request.params, request.body.role, auditActor(request)),
    );
    scope.patch(
      '/projects/:id/members/:user_id',
      { schema: { ...roleSchema, summary: "Change a member's role (same as PUT)" } },
      async (request) =>
        changeRole(requireUser(request), request.params, request.body.role, auditActor(request)),
    );

    scope.delete(
      '/projects/:id/members/:user_id',
      {
        schema: {
          ...common,
          summary: 'Remove a member (members may remove themselves)',
          params: MemberParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireUser(request);
        const isLeaving = request.params.user_id === caller.id;
        const access = await requireProjectAccess(
          repos,
          caller,
          request.params.id,
          isLeaving ? 'read' : 'manage',
        );
        const current = await repos.members.roleOf(access.project.id, request.params.user_id);
        if (current === undefined) throw new NotFoundError('Member');
        if (!isLeaving)
          checkMemberChange(access.project, access.role, caller, request.params.user_id, [current]);
        else if (caller.id === access.project.owner_id)
          throw new ConflictError(
            'owner_membership_fixed',
            "The project owner's membership cannot be changed",
          );
        await repos.members.remove(access.project.id, request.params.user_id);
        await repos.auditLog.append({
          ...auditActor(request),
          action: 'project.member_removed',
          resource_type: 'project',
          resource_id: access.project.id,
          details: { user_id: request.params.user_id, role: current },
        });
        return reply.status(204).send(null);
      },
    );
  });
}
