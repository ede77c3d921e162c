// What the `options` column of `llm_providers` holds, and how a row becomes a provider config and a pacing
// policy. Credential headers live sealed in `headers_encrypted`; the API key in `api_key_encrypted`.
import { z } from 'zod';
import { ConfigError } from '@xcr/core/errors';
import type { LlmProviderConfig } from '@xcr/core/ports/llm-provider';
import type { LlmProviderRecord } from '@xcr/core/ports/repositories';
import type { ResiliencePolicy } from '@xcr/core/llm/resilience/with-resilience';
import type { SecretBox } from '../crypto/secret-box.ts';
import { findLlmProviderPreset, llmCallDefaults } from '../llm/registry.ts';

/** Secret-box contexts: a token sealed for one use does not open in another. */
export const llmSecretContexts = { apiKey: 'llm_provider.api_key', headers: 'llm_provider.headers' } as const;

/** Pacing defaults when the admin sets none (the original's per-provider pool: 10 connections, 60 requests/min). */
export const llmPacingDefaults = { concurrency: 10, rpm: 60 } as const;

/** The `options` column. Unknown keys are dropped when read, so old rows never break a build. */
export const StoredLlmOptions = z.object({
  preset: z.string().optional(),
  timeout_ms: z.number().optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  headers_encrypted: z.string().optional(),
  concurrency: z.number().optional(),
  rpm: z.number().optional(),
  tpm: z.number().optional(),
  json_mode: z.boolean().optional(),
  context_tokens: z.number().optional(),
});
export type StoredLlmOptions = z.infer<typeof StoredLlmOptions>;

/** The options of a row, tolerating anything malformed (treated as unset). */
export function storedOptionsOf(record: Pick<LlmProviderRecord, 'options'>): StoredLlmOptions {
  const parsed = StoredLlmOptions.safeParse(record.options ?? {});
  return parsed.success ? parsed.data : {};
}

/** The credential headers of a row, decrypted (empty when none). */
export function secretHeadersOf(options: StoredLlmOptions, box: SecretBox): Record<string, string> {
  if (!options.headers_encrypted) return {};
  const value: unknown = JSON.parse(box.decrypt(options.headers_encrypted, { context: llmSecretContexts.headers }));
  return z.record(z.string(), z.string()).parse(value);
}

/** Per-call overrides when building a provider. */
export interface ProviderConfigOverrides {
  model?: string;
  timeoutMs?: number;
}

/**
 * The adapter config of a row: its key and credential headers decrypted, the preset's capabilities under the
 * admin's options, the original's call defaults (150 s, temperature 0.2, 4096 answer tokens) for anything unset.
 * Throws ConfigError when the row cannot make a call (no base URL, no model) and AppError
 * `secret_undecryptable` when its secrets do not open with the configured keys.
 */
export function providerConfigOf(record: LlmProviderRecord, box: SecretBox, overrides: ProviderConfigOverrides = {}): LlmProviderConfig {
  const options = storedOptionsOf(record);
  const preset = options.preset ? findLlmProviderPreset(options.preset) : undefined;
  const baseUrl = record.base_url ?? preset?.baseUrl;
  const model = overrides.model ?? record.model;
  if (!baseUrl) throw new ConfigError(`LLM provider ${record.name} has no base URL`, { details: { provider: record.name } });
  if (!model) throw new ConfigError(`LLM provider ${record.name} has no model`, { details: { provider: record.name } });
  const headers = { ...(options.headers ?? {}), ...secretHeadersOf(options, box) };
  const config: LlmProviderConfig = {
    kind: record.kind,
    name: record.name,
    baseUrl,
    model,
    timeoutMs: overrides.timeoutMs ?? options.timeout_ms ?? llmCallDefaults.timeoutMs,
    temperature: options.temperature ?? llmCallDefaults.temperature,
    maxTokens: options.max_tokens ?? llmCallDefaults.maxTokens,
    capabilities: {
      ...(preset?.capabilities ?? {}),
      ...(options.json_mode !== undefined ? { jsonMode: options.json_mode } : {}),
      ...(options.context_tokens !== undefined ? { maxContextTokens: options.context_tokens } : {}),
    },
  };
  if (record.api_key_encrypted) config.apiKey = box.decrypt(record.api_key_encrypted, { context: llmSecretContexts.apiKey });
  if (Object.keys(headers).length > 0) config.headers = headers;
  return config;
}

/** The pacing and timeout policy of a row: its concurrency, requests/min and tokens/min, or the defaults. */
export function resiliencePolicyOf(record: Pick<LlmProviderRecord, 'options'>): ResiliencePolicy {
  const options = storedOptionsOf(record);
  return {
    pacing: {
      maxConcurrent: options.concurrency ?? llmPacingDefaults.concurrency,
      requestsPerMinute: options.rpm ?? llmPacingDefaults.rpm,
      ...(options.tpm !== undefined ? { tokensPerMinute: options.tpm } : {}),
    },
    timeoutMs: options.timeout_ms ?? llmCallDefaults.timeoutMs,
  };
}
