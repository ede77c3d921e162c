// OpenAI chat completions, the wire protocol most providers speak: OpenAI, DeepSeek, Qwen (compatible mode),
// Zhipu, Moonshot, Doubao, MiniMax, and local servers (Ollama, vLLM, LM Studio) that take no key.
import { UpstreamError, type UpstreamErrorKind } from '@xcr/core/errors';
import type {
  LlmCapabilities,
  LlmProvider,
  LlmProviderConfig,
  LlmRequest,
  LlmResponse,
} from '@xcr/core/ports/llm-provider';
import { invalidResponse, postJson, type LlmAdapterDeps } from '../llm-http.ts';
import { normaliseFinishReason, tokenCount } from '../message-shaping.ts';
import { assertUsableConfig, callParameters, joinUrl, resolveCapabilities } from '../request-defaults.ts';

interface ChatCompletion {
  model?: string;
  choices?: Array<{ message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }>;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  /** MiniMax reports some failures inside a 200 answer. */
  base_resp?: { status_code?: unknown; status_msg?: unknown };
}

/** Creates a provider speaking `POST {baseUrl}/chat/completions`; the Bearer key is optional (local servers). */
export function createOpenAiCompatibleProvider(
  config: LlmProviderConfig,
  deps: LlmAdapterDeps = {},
  defaults: Partial<LlmCapabilities> = {},
): LlmProvider {
  assertUsableConfig(config, { needsApiKey: false });
  const capabilities = resolveCapabilities(config, defaults);
  const url = joinUrl(config.baseUrl, 'chat/completions');
  const secrets = config.apiKey ? [config.apiKey] : [];

  async function complete(request: LlmRequest, options: { signal: AbortSignal }): Promise<LlmResponse> {
    const { temperature, maxTokens } = callParameters(config, capabilities, request);
    const body: Record<string, unknown> = {
      model: config.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      temperature,
      max_tokens: maxTokens,
      stream: false,
    };
    if (request.isJsonMode && capabilities.jsonMode) body.response_format = { type: 'json_object' };
    const headers: Record<string, string> = { ...config.headers };
    if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
    const response = await postJson(
      {
        url,
        headers,
        body,
        signal: options.signal,
        timeoutMs: config.timeoutMs,
        providerName: config.name,
        secrets,
      },
      deps,
    );
    return parseChatCompletion(response.body as ChatCompletion, config);
  }

  return { kind: 'openai-compatible', name: config.name, model: config.model, capabilities, complete };
}

function parseChatCompletion(body: ChatCompletion, config: LlmProviderConfig): LlmResponse {
  if (typeof body !== 'object' || body === null) throw invalidResponse(config.name, 'a JSON object');
  const embedded = embeddedError(body, config.name);
  if (embedded) throw embedded;
  const choice = body.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') {
    const isRefusal = typeof choice?.message?.refusal === 'string';
    throw invalidResponse(config.name, 'message content', { reason: isRefusal ? 'refusal' : 'missing' });
  }
  const promptTokens = tokenCount(body.usage?.prompt_tokens);
  const completionTokens = tokenCount(body.usage?.completion_tokens);
  return {
    content,
    usage:
      promptTokens !== undefined && completionTokens !== undefined
        ? { promptTokens, completionTokens }
        : undefined,
    finishReason: normaliseFinishReason(choice?.finish_reason),
    model: typeof body.model === 'string' && body.model !== '' ? body.model : config.model,
  };
}

/** MiniMax's `base_resp` status codes: 1002 rate limited, 1004/2049 bad key, 1008 no balance, 1000/1013 server. */
function embeddedError(body: ChatCompletion, providerName: string): UpstreamError | undefined {
  const code = body.base_resp?.status_code;
  if (typeof code !== 'number' || code === 0) return undefined;
  const kinds: Record<number, UpstreamErrorKind> = {
    1002: 'rate_limit',
    1004: 'auth',
    2049: 'auth',
    1008: 'auth',
    1000: 'unavailable',
    1013: 'unavailable',
  };
  const kind = kinds[code] ?? 'bad_request';
  return new UpstreamError(kind, `${providerName} answered status ${code}`, {
    details: { provider: providerName, providerCode: String(code) },
  });
}
