// Gemini generateContent: `POST {baseUrl}/models/{model}:generateContent`. The key travels in the
// `x-goog-api-key` header, not the `?key=` query, so it never lands in access logs or error URLs. An answer
// without candidates (the prompt was blocked) or whose candidate has no text (stopped for safety) is an
// invalid_response: there is nothing to parse.
import type {
  LlmCapabilities,
  LlmProvider,
  LlmProviderConfig,
  LlmRequest,
  LlmResponse,
} from '@xcr/core/ports/llm-provider';
import { invalidResponse, postJson, type LlmAdapterDeps } from '../llm-http.ts';
import { normaliseFinishReason, splitSystem, tokenCount } from '../message-shaping.ts';
import { parseDurationMs } from '../retry-after.ts';
import { assertUsableConfig, callParameters, joinUrl, resolveCapabilities } from '../request-defaults.ts';

interface GenerateContentAnswer {
  modelVersion?: string;
  candidates?: Array<{
    content?: { parts?: Array<{ text?: unknown; thought?: unknown }> };
    finishReason?: unknown;
  }>;
  usageMetadata?: { promptTokenCount?: unknown; candidatesTokenCount?: unknown };
  promptFeedback?: { blockReason?: unknown };
}

/** Creates a provider speaking the Gemini generateContent API. */
export function createGeminiProvider(
  config: LlmProviderConfig,
  deps: LlmAdapterDeps = {},
  defaults: Partial<LlmCapabilities> = {},
): LlmProvider {
  assertUsableConfig(config, { needsApiKey: true });
  const capabilities = resolveCapabilities(config, { jsonMode: true, ...defaults });
  const modelId = config.model.replace(/^models\//, '');
  const url = joinUrl(config.baseUrl, `models/${encodeURIComponent(modelId)}:generateContent`);
  const apiKey = config.apiKey ?? '';

  async function complete(request: LlmRequest, options: { signal: AbortSignal }): Promise<LlmResponse> {
    const { temperature, maxTokens } = callParameters(config, capabilities, request);
    const { system, turns } = splitSystem(request.messages);
    const generationConfig: Record<string, unknown> = { temperature, maxOutputTokens: maxTokens };
    if (request.isJsonMode && capabilities.jsonMode) generationConfig.responseMimeType = 'application/json';
    const body: Record<string, unknown> = {
      contents: turns.map((turn) => ({
        role: turn.role === 'assistant' ? 'model' : 'user',
        parts: [{ text: turn.content }],
      })),
      generationConfig,
    };
    if (system !== undefined) body.systemInstruction = { parts: [{ text: system }] };
    const headers = { ...config.headers, 'x-goog-api-key': apiKey };
    const response = await postJson(
      {
        url,
        headers,
        body,
        signal: options.signal,
        timeoutMs: config.timeoutMs,
        providerName: config.name,
        secrets: [apiKey],
        retryHintMs: retryDelayOf,
      },
      deps,
    );
    return parseAnswer(response.body as GenerateContentAnswer, config);
  }

  return { kind: 'gemini', name: config.name, model: config.model, capabilities, complete };
}

function parseAnswer(body: GenerateContentAnswer, config: LlmProviderConfig): LlmResponse {
  if (typeof body !== 'object' || body === null) throw invalidResponse(config.name, 'a JSON object');
  const candidate = body.candidates?.[0];
  if (!candidate) {
    const blockReason =
      typeof body.promptFeedback?.blockReason === 'string' ? body.promptFeedback.blockReason : undefined;
    throw invalidResponse(config.name, 'candidates', {
      reason: blockReason ? 'blocked' : 'empty',
      blockReason,
    });
  }
  // Thinking models return their reasoning as parts marked `thought`; only the answer counts.
  const texts = (candidate.content?.parts ?? [])
    .filter((part) => typeof part.text === 'string' && part.thought !== true)
    .map((part) => part.text as string);
  if (texts.length === 0) {
    throw invalidResponse(config.name, 'text', {
      reason: 'empty_candidate',
      finishReason: normaliseFinishReason(candidate.finishReason),
    });
  }
  const promptTokens = tokenCount(body.usageMetadata?.promptTokenCount);
  const completionTokens = tokenCount(body.usageMetadata?.candidatesTokenCount);
  return {
    content: texts.join(''),
    usage:
      promptTokens !== undefined && completionTokens !== undefined
        ? { promptTokens, completionTokens }
        : undefined,
    finishReason: normaliseFinishReason(candidate.finishReason),
    model:
      typeof body.modelVersion === 'string' && body.modelVersion !== '' ? body.modelVersion : config.model,
  };
}

/** Gemini's 429 body carries `RetryInfo.retryDelay` ("37s") among the error details. */
function retryDelayOf(body: unknown): number | undefined {
  const details = (body as { error?: { details?: unknown } } | undefined)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const delay = (detail as { retryDelay?: unknown }).retryDelay;
    if (typeof delay === 'string') return parseDurationMs(delay);
  }
  return undefined;
}
