// Anthropic Messages: `POST {baseUrl}/messages` with `x-api-key` and a pinned `anthropic-version`; the system
// prompt is a top-level field and `max_tokens` is required. The protocol has no JSON mode, so the capability
// defaults to off and prompts ask for JSON in words.
import type {
  LlmCapabilities,
  LlmProvider,
  LlmProviderConfig,
  LlmRequest,
  LlmResponse,
} from '@xcr/core/ports/llm-provider';
import { invalidResponse, postJson, type LlmAdapterDeps } from '../llm-http.ts';
import { normaliseFinishReason, splitSystem, tokenCount } from '../message-shaping.ts';
import { assertUsableConfig, callParameters, joinUrl, resolveCapabilities } from '../request-defaults.ts';

/** The API version every request pins, so answers keep one shape. */
export const anthropicVersion = '2023-06-01';

interface MessagesAnswer {
  model?: string;
  content?: Array<{ type?: string; text?: unknown }>;
  stop_reason?: unknown;
  usage?: { input_tokens?: unknown; output_tokens?: unknown };
}

/** Creates a provider speaking the Anthropic Messages API. */
export function createAnthropicProvider(
  config: LlmProviderConfig,
  deps: LlmAdapterDeps = {},
  defaults: Partial<LlmCapabilities> = {},
): LlmProvider {
  assertUsableConfig(config, { needsApiKey: true });
  const capabilities = resolveCapabilities(config, { jsonMode: false, ...defaults });
  const url = joinUrl(config.baseUrl, 'messages');
  const apiKey = config.apiKey ?? '';

  async function complete(request: LlmRequest, options: { signal: AbortSignal }): Promise<LlmResponse> {
    const { temperature, maxTokens } = callParameters(config, capabilities, request);
    const { system, turns } = splitSystem(request.messages);
    const body: Record<string, unknown> = {
      model: config.model,
      max_tokens: maxTokens,
      temperature,
      messages: turns,
      stream: false,
    };
    if (system !== undefined) body.system = system;
    const headers = { ...config.headers, 'x-api-key': apiKey, 'anthropic-version': anthropicVersion };
    const response = await postJson(
      {
        url,
        headers,
        body,
        signal: options.signal,
        timeoutMs: config.timeoutMs,
        providerName: config.name,
        secrets: [apiKey],
      },
      deps,
    );
    return parseMessagesAnswer(response.body as MessagesAnswer, config);
  }

  return { kind: 'anthropic', name: config.name, model: config.model, capabilities, complete };
}

function parseMessagesAnswer(body: MessagesAnswer, config: LlmProviderConfig): LlmResponse {
  if (typeof body !== 'object' || body === null || !Array.isArray(body.content))
    throw invalidResponse(config.name, 'content blocks');
  const texts = body.content
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string);
  if (texts.length === 0) throw invalidResponse(config.name, 'a text block');
  const promptTokens = tokenCount(body.usage?.input_tokens);
  const completionTokens = tokenCount(body.usage?.output_tokens);
  return {
    content: texts.join(''),
    usage:
      promptTokens !== undefined && completionTokens !== undefined
        ? { promptTokens, completionTokens }
        : undefined,
    finishReason: normaliseFinishReason(body.stop_reason),
    model: typeof body.model === 'string' && body.model !== '' ? body.model : config.model,
  };
}
