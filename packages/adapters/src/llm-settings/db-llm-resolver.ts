// The LLM resolver over the `llm_providers` table: tasks and instant analyses name a provider (or take the
// default) and get an adapter wrapped in the resilience policies. Built providers are kept per row version, so
// the pacer and the circuit breaker of a provider carry across the tasks a worker process runs, and an admin's
// change (new key, new limits) takes effect on the next resolve.
import type { Logger } from 'pino';
import type { LlmResolver } from '@xcr/core/ports/llm-resolver';
import type { LlmProvider } from '@xcr/core/ports/llm-provider';
import type { LlmProviderRecord, LlmProviderRepository } from '@xcr/core/ports/repositories';
import { withResilience, type ResilienceDeps, type ResilienceStats, type ResilientLlmProvider } from '@xcr/core/llm/resilience/with-resilience';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { FetchLike } from '../llm/llm-http.ts';
import { createLlmProvider } from '../llm/registry.ts';
import { providerConfigOf, resiliencePolicyOf } from './stored-options.ts';

/** Options of {@link createDbLlmResolver}. */
export interface DbLlmResolverOptions {
  repos: { llmProviders: Pick<LlmProviderRepository, 'findByName' | 'findDefault' | 'get'> };
  secretBox: SecretBox;
  /** For adapters (tests point it anywhere; default the global fetch). */
  fetch?: FetchLike;
  /** Clock, randomness and events of the resilience wrapper. */
  resilience?: ResilienceDeps;
  logger?: Logger;
}

/** The resolver, plus live figures of the providers it built (for metrics and the admin monitor). */
export interface DbLlmResolver extends LlmResolver {
  stats(): Array<{ name: string; model: string; stats: ResilienceStats }>;
}

interface Built {
  version: string;
  provider: ResilientLlmProvider;
}

/**
 * A row's version: what the built provider depends on. A new key, endpoint, model or limit rebuilds it; making
 * another provider the default (or toggling this one) does not, so its pacing and breaker state carry on.
 */
function versionOf(record: LlmProviderRecord): string {
  return JSON.stringify([record.name, record.kind, record.base_url, record.model, record.api_key_encrypted, record.key_version, record.options]);
}

/** Creates the resolver; see {@link DbLlmResolver}. */
export function createDbLlmResolver(options: DbLlmResolverOptions): DbLlmResolver {
  const built = new Map<string, Built>();
  const log = options.logger?.child({ component: 'llm-resolver' });

  async function findRow(name: string | undefined): Promise<LlmProviderRecord | undefined> {
    const { llmProviders } = options.repos;
    if (name === undefined || name === '') return llmProviders.findDefault();
    const row = (await llmProviders.findByName(name)) ?? (await llmProviders.get(name));
    return row?.is_enabled ? row : undefined;
  }

  return {
    async resolve(request: Parameters<LlmResolver['resolve']>[0] = {}): Promise<LlmProvider | undefined> {
      const row = await findRow(request.provider);
      if (!row) return undefined;
      const model = request.model ?? row.model;
      const cacheKey = `${row.id}\u0000${model}`;
      const version = versionOf(row);
      const cached = built.get(cacheKey);
      if (cached?.version === version) return cached.provider;
      const adapter = createLlmProvider(providerConfigOf(row, options.secretBox, { model }), options.fetch ? { fetch: options.fetch } : {});
      const provider = withResilience(adapter, resiliencePolicyOf(row), options.resilience);
      // Older versions of this row are dropped; calls already holding them finish on their own policies.
      for (const key of built.keys()) if (key.startsWith(`${row.id}\u0000`) && built.get(key)?.version !== version) built.delete(key);
      built.set(cacheKey, { version, provider });
      log?.debug({ provider: row.name, model }, 'llm provider built');
      return provider;
    },
    stats() {
      return [...built.values()].map(({ provider }) => ({ name: provider.name, model: provider.model, stats: provider.stats() }));
    },
  };
}
