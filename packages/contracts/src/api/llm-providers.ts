/**
 * LLM provider settings of `/api/v1/llm-providers/*` (admins only). API keys are write-only: stored encrypted,
 * shown only as `api_key_masked`; header values that look like credentials are masked too.
 */
import { z } from 'zod';
import { PageQuery, Timestamp } from './common.ts';

/** The wire protocol of a provider. */
export const LlmProviderKind = z.enum(['openai-compatible', 'anthropic', 'gemini', 'ernie']);
export type LlmProviderKind = z.infer<typeof LlmProviderKind>;

const headerName = z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and - only');

/** Call options of a provider; unset ones take the preset's or the built-in defaults. */
export const LlmProviderOptions = z
  .object({
    timeout_ms: z.number().int().min(1_000).max(600_000).optional().describe('One call; default 150000'),
    temperature: z.number().min(0).max(2).optional().describe('Default 0.2'),
    max_tokens: z.number().int().min(1).max(1_000_000).optional().describe('Answer limit; default 4096'),
    headers: z.record(headerName, z.string().max(4_000)).optional().describe('Extra HTTP headers'),
    concurrency: z.number().int().min(1).max(200).optional().describe('Calls in flight at once; default 10'),
    rpm: z.number().int().min(1).max(1_000_000).optional().describe('Requests per minute; default 60'),
    tpm: z.number().int().min(1).max(1_000_000_000).optional().describe('Tokens per minute; unlimited by default'),
    json_mode: z.boolean().optional().describe("Ask for JSON-only answers; the preset's default"),
    context_tokens: z.number().int().min(512).max(10_000_000).optional().describe("Context window; the preset's default"),
  })
  .strict();
export type LlmProviderOptions = z.infer<typeof LlmProviderOptions>;

/** A provider name: how tasks and `xcr scan --provider` refer to it. */
export const LlmProviderName = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, . _ : - only');

/**
 * `POST /llm-providers`. With `preset` (see `GET /llm-providers/presets`), `kind`, `base_url` and `model` default
 * to the preset's; without it they are required.
 */
export const CreateLlmProviderBody = z
  .object({
    name: LlmProviderName,
    preset: z.string().min(1).max(50).optional(),
    kind: LlmProviderKind.optional(),
    base_url: z.url({ protocol: /^https?$/ }).max(500).optional(),
    model: z.string().trim().min(1).max(200).optional(),
    api_key: z.string().min(1).max(4_000).optional().describe('Write-only'),
    options: LlmProviderOptions.default({}),
    is_default: z.boolean().default(false),
    is_enabled: z.boolean().default(true),
  })
  .strict();
export type CreateLlmProviderBody = z.infer<typeof CreateLlmProviderBody>;

/**
 * `PUT /llm-providers/{id}`: the fields given change. `api_key: null` removes the key; leaving it out keeps it.
 * `options` replaces the options; a header sent back with its masked value keeps the stored value.
 */
export const UpdateLlmProviderBody = z
  .object({
    name: LlmProviderName.optional(),
    preset: z.string().min(1).max(50).nullable().optional(),
    kind: LlmProviderKind.optional(),
    base_url: z.url({ protocol: /^https?$/ }).max(500).optional(),
    model: z.string().trim().min(1).max(200).optional(),
    api_key: z.string().min(1).max(4_000).nullable().optional(),
    options: LlmProviderOptions.optional(),
    is_default: z.boolean().optional(),
    is_enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateLlmProviderBody = z.infer<typeof UpdateLlmProviderBody>;

/** A provider as the API shows it: never the key, only its masked form (`sk-…abcd`). */
export const LlmProviderResponse = z.object({
  id: z.string(),
  name: z.string(),
  preset: z.string().nullable(),
  kind: LlmProviderKind,
  base_url: z.string(),
  model: z.string(),
  has_api_key: z.boolean(),
  api_key_masked: z.string().nullable(),
  key_version: z.number().int(),
  options: LlmProviderOptions,
  is_default: z.boolean(),
  is_enabled: z.boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type LlmProviderResponse = z.infer<typeof LlmProviderResponse>;

/** `GET /llm-providers`: ordered by name. */
export const LlmProviderListQuery = PageQuery;
export type LlmProviderListQuery = z.infer<typeof LlmProviderListQuery>;

/** `POST /llm-providers/{id}/test`: the outcome of one small completion. */
export const LlmProviderTestResponse = z.object({
  ok: z.boolean(),
  latency_ms: z.number().int().min(0),
  model: z.string(),
  error: z
    .object({
      kind: z.enum(['rate_limit', 'timeout', 'auth', 'bad_request', 'unavailable', 'invalid_response', 'config']),
      message: z.string(),
    })
    .optional(),
});
export type LlmProviderTestResponse = z.infer<typeof LlmProviderTestResponse>;

/** One named provider an admin can start from. */
export const LlmProviderPresetResponse = z.object({
  name: z.string(),
  kind: LlmProviderKind,
  base_url: z.string(),
  model: z.string().describe('Empty when the admin must name the model'),
  needs_api_key: z.boolean(),
  json_mode: z.boolean(),
  context_tokens: z.number().int(),
  max_output_tokens: z.number().int(),
});
export type LlmProviderPresetResponse = z.infer<typeof LlmProviderPresetResponse>;

/** `GET /llm-providers/presets`. */
export const LlmProviderPresetList = z.object({ items: z.array(LlmProviderPresetResponse) });
export type LlmProviderPresetList = z.infer<typeof LlmProviderPresetList>;
