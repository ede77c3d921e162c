// What a call sends when the request does not say: the configured temperature and answer limit, and the
// capabilities the admin configured over the adapter's defaults.
import { ConfigError } from '@xcr/core/errors';
import type { LlmCapabilities, LlmProviderConfig, LlmRequest } from '@xcr/core/ports/llm-provider';

/** Capabilities used when neither the config nor a preset says anything. */
export const fallbackCapabilities: LlmCapabilities = {
  jsonMode: false,
  maxContextTokens: 8192,
  maxOutputTokens: 4096,
};

/** The configured capabilities over the given defaults. */
export function resolveCapabilities(
  config: LlmProviderConfig,
  defaults: Partial<LlmCapabilities> = {},
): LlmCapabilities {
  return {
    jsonMode: config.capabilities?.jsonMode ?? defaults.jsonMode ?? fallbackCapabilities.jsonMode,
    maxContextTokens:
      config.capabilities?.maxContextTokens ??
      defaults.maxContextTokens ??
      fallbackCapabilities.maxContextTokens,
    maxOutputTokens:
      config.capabilities?.maxOutputTokens ?? defaults.maxOutputTokens ?? Math.max(config.maxTokens, 1),
  };
}

/** Temperature and answer limit of one call; the limit never exceeds what the model can produce. */
export function callParameters(
  config: LlmProviderConfig,
  capabilities: LlmCapabilities,
  request: LlmRequest,
): { temperature: number; maxTokens: number } {
  const maxTokens = Math.min(request.maxTokens ?? config.maxTokens, capabilities.maxOutputTokens);
  return {
    temperature: request.temperature ?? config.temperature,
    maxTokens: Math.max(1, Math.floor(maxTokens)),
  };
}

/** Rejects a config that cannot make a single call, before any network traffic. */
export function assertUsableConfig(config: LlmProviderConfig, options: { needsApiKey: boolean }): void {
  const problems: string[] = [];
  try {
    const url = new URL(config.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('baseUrl must be http(s)');
  } catch {
    problems.push('baseUrl is not a URL');
  }
  if (config.model.trim() === '') problems.push('model is empty');
  if (options.needsApiKey && !config.apiKey) problems.push('apiKey is required');
  if (!(config.timeoutMs > 0)) problems.push('timeoutMs must be positive');
  if (!(config.maxTokens > 0)) problems.push('maxTokens must be positive');
  if (problems.length > 0) {
    throw new ConfigError(`LLM provider ${config.name}: ${problems.join('; ')}`, {
      details: { provider: config.name, problems },
    });
  }
}

/** Joins a base URL and a path with exactly one slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
