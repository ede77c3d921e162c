// Feature flags: `GET /flags` evaluates every flag for the caller (anonymous callers get the flags rolled out to
// everyone, so the web app can read them before sign-in); `/admin/flags` is the admin CRUD, audit-logged.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateFeatureFlagBody,
  errorResponses,
  EvaluatedFlagsResponse,
  FeatureFlagListResponse,
  FeatureFlagResponse,
  FlagKeyParams,
  UpdateFeatureFlagBody,
} from '@xcr/contracts/api/index';
import type { FeatureFlagRecord } from '@xcr/core/ports/repositories';
import type { ApiDeps } from '../api-deps.ts';
import { actionContext } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

/** A flag as the API shows it. */
export function toFlagResponse(flag: FeatureFlagRecord): FeatureFlagResponse {
  return {
    key: flag.key,
    enabled: flag.enabled,
    rollout_percentage: flag.rollout_percentage,
    allowed_users: flag.allowed_users,
    description: flag.description,
    updated_by: flag.updated_by,
    created_at: flag.created_at.toISOString(),
    updated_at: flag.updated_at.toISOString(),
  };
}

const errors = errorResponses(400, 401, 403, 404, 409, 429);

/** Registers `GET /flags` and `/admin/flags`. */
export async function registerFlagRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.get(
      '/flags',
      {
        config: { isAllowedBeforePasswordChange: true },
        schema: { tags: ['flags'], summary: 'Every feature flag, on or off for the caller', security: [{ bearerAuth: [] }, {}], response: { 200: EvaluatedFlagsResponse, ...errors } },
      },
      async (request, reply) => {
        // A token, when sent, must be valid; without one the caller is anonymous.
        if (request.headers.authorization !== undefined) await scope.authenticate(request, reply);
        return { flags: await deps.flags.evaluateAll(request.user?.id ?? null) };
      },
    );
  });

  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.requireRole('admin'));
    const common = { tags: ['flags'], security: [{ bearerAuth: [] }] };

    scope.get('/admin/flags', { schema: { ...common, summary: 'List feature flags', response: { 200: FeatureFlagListResponse, ...errors } } }, async () => ({
      items: (await deps.flagAdmin.list()).map(toFlagResponse),
    }));

    scope.get(
      '/admin/flags/:key',
      { schema: { ...common, summary: 'Get a feature flag', params: FlagKeyParams, response: { 200: FeatureFlagResponse, ...errors } } },
      async (request) => toFlagResponse(await deps.flagAdmin.get(request.params.key)),
    );

    scope.post(
      '/admin/flags',
      { schema: { ...common, summary: 'Create a feature flag (409 flag_exists)', body: CreateFeatureFlagBody, response: { 201: FeatureFlagResponse, ...errors } } },
      async (request, reply) => reply.status(201).send(toFlagResponse(await deps.flagAdmin.create(request.body, actionContext(request)))),
    );

    scope.put(
      '/admin/flags/:key',
      {
        schema: { ...common, summary: 'Change a feature flag: enabled, rollout percentage, allowed users, description', params: FlagKeyParams, body: UpdateFeatureFlagBody, response: { 200: FeatureFlagResponse, ...errors } },
      },
      async (request) => toFlagResponse(await deps.flagAdmin.update(request.params.key, request.body, actionContext(request))),
    );

    scope.delete(
      '/admin/flags/:key',
      { schema: { ...common, summary: 'Delete a feature flag', params: FlagKeyParams, response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await deps.flagAdmin.delete(request.params.key, actionContext(request));
        return reply.status(204).send(null);
      },
    );
  });
}
