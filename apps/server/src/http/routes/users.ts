import { z } from 'zod';
import { CreateUserBody, errorResponses, IdParams, pageOf, SetPasswordBody, UpdateUserBody, UserListQuery, UserResponse } from '@xcr/contracts/api/index';
import type { UserRecord } from '@xcr/core/ports/repositories';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../api-deps.ts';
import { actionContext } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

/** A user as the API shows it: credentials and counters stay inside. */
export function toUserResponse(user: UserRecord): UserResponse {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    full_name: user.full_name,
    avatar_url: user.avatar_url,
    role: user.role,
    is_active: user.is_active,
    force_password_change: user.force_password_change,
    last_login_at: user.last_login_at?.toISOString() ?? null,
    locked_until: user.locked_until?.toISOString() ?? null,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
  };
}

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const common = { tags: ['users'], security: [{ bearerAuth: [] }] };

/** `/users`: account administration, admins only (403 `forbidden` for other roles). */
export async function registerUserRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.requireRole('admin'));

    scope.get(
      '/users',
      { schema: { ...common, summary: 'List users', querystring: UserListQuery, response: { 200: pageOf(UserResponse), ...errors } } },
      async (request) => {
        const page = await deps.users.list(request.query);
        return { ...page, items: page.items.map(toUserResponse) };
      },
    );

    scope.get(
      '/users/:id',
      { schema: { ...common, summary: 'Get a user', params: IdParams, response: { 200: UserResponse, ...errors } } },
      async (request) => toUserResponse(await deps.users.get(request.params.id)),
    );

    scope.post(
      '/users',
      { schema: { ...common, summary: 'Create a user', body: CreateUserBody, response: { 201: UserResponse, ...errors } } },
      async (request, reply) => {
        const user = await deps.users.create(request.body, actionContext(request));
        return reply.status(201).send(toUserResponse(user));
      },
    );

    scope.patch(
      '/users/:id',
      {
        schema: { ...common, summary: 'Change role, active state, name or forced password change', params: IdParams, body: UpdateUserBody, response: { 200: UserResponse, ...errors } },
      },
      async (request) => toUserResponse(await deps.users.update(request.params.id, request.body, actionContext(request))),
    );

    scope.put(
      '/users/:id/password',
      { schema: { ...common, summary: "Set a user's password (unlocks, revokes sessions)", params: IdParams, body: SetPasswordBody, response: { 200: UserResponse, ...errors } } },
      async (request) => {
        const { password, force_password_change } = request.body;
        return toUserResponse(await deps.users.setPassword(request.params.id, password, { forcePasswordChange: force_password_change }, actionContext(request)));
      },
    );

    scope.post(
      '/users/:id/unlock',
      { schema: { ...common, summary: 'Lift a lockout after failed logins', params: IdParams, response: { 200: UserResponse, ...errors } } },
      async (request) => toUserResponse(await deps.users.unlock(request.params.id, actionContext(request))),
    );

    scope.delete(
      '/users/:id',
      { schema: { ...common, summary: 'Delete a user (409 in_use while they own projects: deactivate instead)', params: IdParams, response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await deps.users.delete(request.params.id, actionContext(request));
        return reply.status(204).send(null);
      },
    );
  });
}
