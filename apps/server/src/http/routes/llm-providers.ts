import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateLlmProviderBody,
  errorResponses,
  IdParams,
  LlmProviderListQuery,
  LlmProviderPresetList,
  LlmProviderResponse,
  LlmProviderTestResponse,
  pageOf,
  UpdateLlmProviderBody,
} from '@xcr/contracts/api/index';
import { createLlmProviderSettings } from '@xcr/adapters/llm-settings/provider-settings';
import type { ApiDeps } from '../api-deps.ts';
import { actionContext } from '../plugins/auth.ts';
import type { HttpApp } from '../types.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const common = { tags: ['llm-providers'], security: [{ bearerAuth: [] }] };

/**
 * `/llm-providers`: LLM provider settings, admins only. API keys are write-only (sealed at rest, shown masked);
 * key changes and every other change are audit-logged without the key.
 */
export async function registerLlmProviderRoutes(api: HttpApp, deps: ApiDeps): Promise<void> {
  const settings = createLlmProviderSettings({ repos: deps.repos, secretBox: deps.runtime.secretBox });
  await api.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addHook('preHandler', scope.requireRole('admin'));

    scope.get(
      '/llm-providers/presets',
      { schema: { ...common, summary: 'Named providers with their default base URL, model and capabilities', response: { 200: LlmProviderPresetList, ...errors } } },
      async () => settings.presets(),
    );

    scope.get(
      '/llm-providers',
      { schema: { ...common, summary: 'List LLM providers (keys masked)', querystring: LlmProviderListQuery, response: { 200: pageOf(LlmProviderResponse), ...errors } } },
      async (request) => settings.list(request.query),
    );

    scope.post(
      '/llm-providers',
      { schema: { ...common, summary: 'Add an LLM provider', body: CreateLlmProviderBody, response: { 201: LlmProviderResponse, ...errors } } },
      async (request, reply) => reply.status(201).send(await settings.create(request.body, actionContext(request))),
    );

    scope.get(
      '/llm-providers/:id',
      { schema: { ...common, summary: 'Get an LLM provider (key masked)', params: IdParams, response: { 200: LlmProviderResponse, ...errors } } },
      async (request) => settings.get(request.params.id),
    );

    scope.put(
      '/llm-providers/:id',
      {
        schema: {
          ...common,
          summary: 'Change an LLM provider (api_key: null removes the key; left out, it stays)',
          params: IdParams,
          body: UpdateLlmProviderBody,
          response: { 200: LlmProviderResponse, ...errors },
        },
      },
      async (request) => settings.update(request.params.id, request.body, actionContext(request)),
    );

    scope.delete(
      '/llm-providers/:id',
      { schema: { ...common, summary: 'Remove an LLM provider', params: IdParams, response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await settings.delete(request.params.id, actionContext(request));
        return reply.status(204).send(null);
      },
    );

    scope.post(
      '/llm-providers/:id/test',
      {
        schema: {
          ...common,
          summary: 'Try the provider with one small completion (short timeout, no retries)',
          params: IdParams,
          response: { 200: LlmProviderTestResponse, ...errors },
        },
      },
      async (request) => settings.test(request.params.id),
    );
  });
}
