// The admin's LLM provider settings: create, change, remove and try providers. Keys and credential headers are
// sealed with the secret box before they reach the database and leave only masked; every change is audit-logged
// without the key.
import type {
  CreateLlmProviderBody,
  LlmProviderOptions,
  LlmProviderPresetList,
  LlmProviderResponse,
  LlmProviderTestResponse,
  UpdateLlmProviderBody,
} from '@xcr/contracts/api/index';
import type { ActionContext } from '@xcr/core/auth/types';
import { AppError, NotFoundError, UpstreamError, ValidationError } from '@xcr/core/errors';
import type { LlmProviderPatch, LlmProviderRecord, Page, PageQuery, Repositories } from '@xcr/core/ports/repositories';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { FetchLike } from '../llm/llm-http.ts';
import { createLlmProvider, findLlmProviderPreset, llmProviderPresets } from '../llm/registry.ts';
import { maskSecret, mergeMaskedHeaders, splitHeaders } from './masking.ts';
import { llmSecretContexts, providerConfigOf, secretHeadersOf, storedOptionsOf, type StoredLlmOptions } from './stored-options.ts';

/** What the settings use cases run on. */
export interface LlmProviderSettingsDeps {
  repos: Pick<Repositories, 'llmProviders' | 'auditLog'>;
  secretBox: SecretBox;
  /** For test connections (default the global fetch). */
  fetch?: FetchLike;
}

/** The longest a test connection waits for its one completion. */
export const testConnectionTimeoutMs = 20_000;

const publicOptionKeys = ['timeout_ms', 'temperature', 'max_tokens', 'concurrency', 'rpm', 'tpm', 'json_mode', 'context_tokens'] as const;

function tryDecrypt(box: SecretBox, token: string, context: string): string | undefined {
  try {
    return box.decrypt(token, { context });
  } catch {
    return undefined;
  }
}

/** A provider as the API shows it: the key only masked, credential headers masked. */
export function toLlmProviderResponse(record: LlmProviderRecord, box: SecretBox): LlmProviderResponse {
  const stored = storedOptionsOf(record);
  const options: LlmProviderOptions = {};
  for (const key of publicOptionKeys) if (stored[key] !== undefined) Object.assign(options, { [key]: stored[key] });
  let secretHeaders: Record<string, string> = {};
  try {
    secretHeaders = secretHeadersOf(stored, box);
  } catch {
    // Sealed with a key this process does not hold: shown as absent rather than failing the whole listing.
  }
  const masked = Object.fromEntries(Object.entries(secretHeaders).map(([name, value]) => [name, maskSecret(value)]));
  const headers = { ...(stored.headers ?? {}), ...masked };
  if (Object.keys(headers).length > 0) options.headers = headers;
  const key = record.api_key_encrypted ? tryDecrypt(box, record.api_key_encrypted, llmSecretContexts.apiKey) : undefined;
  return {
    id: record.id,
    name: record.name,
    preset: stored.preset ?? null,
    kind: record.kind,
    base_url: record.base_url ?? '',
    model: record.model,
    has_api_key: record.api_key_encrypted !== null,
    api_key_masked: key === undefined ? null : maskSecret(key),
    key_version: record.key_version,
    options,
    is_default: record.is_default,
    is_enabled: record.is_enabled,
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  };
}

function presetOf(name: string) {
  const preset = findLlmProviderPreset(name);
  if (!preset) {
    throw new ValidationError('unknown_preset', `Unknown provider preset ${name}`, { status: 422, details: { known: [...llmProviderPresets.keys()] } });
  }
  return preset;
}

/** The options column from the API's options: credential headers sealed, the preset kept. */
function toStoredOptions(options: LlmProviderOptions, preset: string | undefined, box: SecretBox): StoredLlmOptions {
  const { headers, ...rest } = options;
  const stored: StoredLlmOptions = { ...rest };
  if (preset) stored.preset = preset;
  if (headers && Object.keys(headers).length > 0) {
    const { plain, secret } = splitHeaders(headers);
    if (Object.keys(plain).length > 0) stored.headers = plain;
    if (Object.keys(secret).length > 0) stored.headers_encrypted = box.encrypt(JSON.stringify(secret), { context: llmSecretContexts.headers });
  }
  return stored;
}

function testError(error: unknown): NonNullable<LlmProviderTestResponse['error']> {
  if (error instanceof UpstreamError) return { kind: error.kind, message: error.message };
  if (error instanceof AppError && error.code === 'secret_undecryptable') {
    return { kind: 'config', message: 'The stored API key does not decrypt with the configured encryption keys' };
  }
  if (error instanceof AppError && error.code === 'config_invalid') return { kind: 'config', message: error.message };
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { kind: 'timeout', message: 'The provider did not answer in time' };
  return { kind: 'unavailable', message: error instanceof Error ? error.message : 'The call failed' };
}

/** The settings use cases. */
export function createLlmProviderSettings(deps: LlmProviderSettingsDeps) {
  const { repos, secretBox: box } = deps;
  const sealKey = (key: string) => box.encrypt(key, { context: llmSecretContexts.apiKey });
  const respond = (record: LlmProviderRecord) => toLlmProviderResponse(record, box);

  async function load(id: string): Promise<LlmProviderRecord> {
    const record = await repos.llmProviders.get(id);
    if (!record) throw new NotFoundError('LLM provider');
    return record;
  }

  async function audit(action: string, record: LlmProviderRecord, details: Record<string, unknown>, context: ActionContext) {
    await repos.auditLog.append({ actor_id: context.actorId, ip: context.ip, action, resource_type: 'llm_provider', resource_id: record.id, details });
  }

  return {
    async list(query: PageQuery): Promise<Page<LlmProviderResponse>> {
      const page = await repos.llmProviders.list(query);
      return { ...page, items: page.items.map(respond) };
    },

    async get(id: string): Promise<LlmProviderResponse> {
      return respond(await load(id));
    },

    /** Creates a provider; the first one becomes the default unless another already is. */
    async create(body: CreateLlmProviderBody, context: ActionContext): Promise<LlmProviderResponse> {
      const preset = body.preset ? presetOf(body.preset) : undefined;
      const kind = body.kind ?? preset?.kind;
      const baseUrl = body.base_url ?? preset?.baseUrl;
      const model = body.model ?? preset?.model;
      if (!kind) throw new ValidationError('kind_required', 'Give the kind of provider, or a preset', { status: 422 });
      if (!baseUrl) throw new ValidationError('base_url_required', 'Give the base URL, or a preset', { status: 422 });
      if (!model) throw new ValidationError('model_required', 'Give the model this provider should use', { status: 422 });
      if (preset?.needsApiKey && !body.api_key) throw new ValidationError('api_key_required', `The ${body.preset} preset needs an API key`, { status: 422 });
      const hasDefault = (await repos.llmProviders.listAll()).some((p) => p.is_default);
      const record = await repos.llmProviders.create({
        name: body.name,
        kind,
        base_url: baseUrl,
        model,
        api_key_encrypted: body.api_key ? sealKey(body.api_key) : null,
        options: toStoredOptions(body.options, body.preset?.toLowerCase(), box),
        is_default: body.is_default || (!hasDefault && body.is_enabled),
        is_enabled: body.is_enabled,
      });
      await audit('llm_provider.created', record, { name: record.name, kind, model, preset: body.preset ?? null, has_api_key: body.api_key !== undefined, is_default: record.is_default }, context);
      return respond(record);
    },

    /** Changes the given fields; see UpdateLlmProviderBody for the key and header rules. */
    async update(id: string, body: UpdateLlmProviderBody, context: ActionContext): Promise<LlmProviderResponse> {
      const existing = await load(id);
      const stored = storedOptionsOf(existing);
      const patch: LlmProviderPatch = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.kind !== undefined) patch.kind = body.kind;
      if (body.base_url !== undefined) patch.base_url = body.base_url;
      if (body.model !== undefined) patch.model = body.model;
      if (body.is_default !== undefined) patch.is_default = body.is_default;
      if (body.is_enabled !== undefined) patch.is_enabled = body.is_enabled;
      if (body.preset) presetOf(body.preset);
      const preset = body.preset === undefined ? stored.preset : (body.preset?.toLowerCase() ?? undefined);
      if (body.options !== undefined || body.preset !== undefined) {
        const options = body.options ?? { ...Object.fromEntries(publicOptionKeys.filter((k) => stored[k] !== undefined).map((k) => [k, stored[k]])) };
        const headers = body.options ? body.options.headers : { ...(stored.headers ?? {}), ...secretHeadersOf(stored, box) };
        const storedSecret = secretHeadersOf(stored, box);
        const merged = headers ? mergeMaskedHeaders(headers, storedSecret) : undefined;
        patch.options = toStoredOptions({ ...options, ...(merged ? { headers: merged } : {}) }, preset, box);
      }
      let keyChange: 'set' | 'removed' | undefined;
      if (body.api_key === null && existing.api_key_encrypted !== null) keyChange = 'removed';
      if (typeof body.api_key === 'string') {
        const current = existing.api_key_encrypted ? tryDecrypt(box, existing.api_key_encrypted, llmSecretContexts.apiKey) : undefined;
        // A client saving back what it read sends the masked key: that is "unchanged", not a new key.
        const isUnchanged = current !== undefined && (body.api_key === current || body.api_key === maskSecret(current));
        if (!isUnchanged) keyChange = 'set';
      }
      if (keyChange) {
        patch.api_key_encrypted = keyChange === 'set' ? sealKey(body.api_key as string) : null;
        patch.is_key_change = true;
      }
      const updated = await repos.llmProviders.update(id, patch);
      if (!updated) throw new NotFoundError('LLM provider');
      const changed = Object.keys(patch).filter((k) => k !== 'api_key_encrypted' && k !== 'is_key_change');
      if (changed.length > 0) await audit('llm_provider.updated', updated, { name: updated.name, changed }, context);
      if (keyChange) await audit('llm_provider.key_changed', updated, { name: updated.name, key_version: updated.key_version, is_removed: keyChange === 'removed' }, context);
      return respond(updated);
    },

    async delete(id: string, context: ActionContext): Promise<void> {
      const existing = await load(id);
      if (!(await repos.llmProviders.delete(id))) throw new NotFoundError('LLM provider');
      await audit('llm_provider.deleted', existing, { name: existing.name }, context);
    },

    /** One small completion through the provider (no retries), with a short timeout; never throws for the call's failure. */
    async test(id: string): Promise<LlmProviderTestResponse> {
      const record = await load(id);
      const startedAt = performance.now();
      const latency = () => Math.max(0, Math.round(performance.now() - startedAt));
      try {
        const timeoutMs = Math.min(storedOptionsOf(record).timeout_ms ?? testConnectionTimeoutMs, testConnectionTimeoutMs);
        const config = providerConfigOf(record, box, { timeoutMs });
        const provider = createLlmProvider(config, deps.fetch ? { fetch: deps.fetch } : {});
        const answer = await provider.complete(
          { messages: [{ role: 'user', content: 'Reply with the single word OK.' }], maxTokens: 16, temperature: 0 },
          { signal: AbortSignal.timeout(timeoutMs + 1_000) },
        );
        return { ok: true, latency_ms: latency(), model: answer.model || record.model };
      } catch (error) {
        return { ok: false, latency_ms: latency(), model: record.model, error: testError(error) };
      }
    },

    presets(): LlmProviderPresetList {
      return {
        items: [...llmProviderPresets].map(([name, p]) => ({
          name,
          kind: p.kind,
          base_url: p.baseUrl,
          model: p.model,
          needs_api_key: p.needsApiKey,
          json_mode: p.capabilities.jsonMode,
          context_tokens: p.capabilities.maxContextTokens,
          max_output_tokens: p.capabilities.maxOutputTokens,
        })),
      };
    },
  };
}

/** The settings use cases, as {@link createLlmProviderSettings} builds them. */
export type LlmProviderSettings = ReturnType<typeof createLlmProviderSettings>;
