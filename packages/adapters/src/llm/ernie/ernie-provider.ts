// Baidu ERNIE (Qianfan wenxinworkshop): an access token from ernie-token.ts, then
// `POST {baseUrl}/{endpoint}?access_token=...`. ERNIE reports most failures inside an HTTP 200 body as
// `error_code`; 110/111 (token invalid or expired) refresh the token once and repeat the call.
import { UpstreamError, type UpstreamErrorKind } from '@xcr/core/errors';
import type {
  LlmCapabilities,
  LlmProvider,
  LlmProviderConfig,
  LlmRequest,
  LlmResponse,
} from '@xcr/core/ports/llm-provider';
import { invalidResponse, postJson, redact, type LlmAdapterDeps } from '../llm-http.ts';
import { normaliseFinishReason, splitSystem, tokenCount } from '../message-shaping.ts';
import { assertUsableConfig, callParameters, joinUrl, resolveCapabilities } from '../request-defaults.ts';
import { createErnieTokenSource, splitErnieCredentials, type ErnieTokenSource } from './ernie-token.ts';

/** Options beyond the common provider config. */
export interface ErnieProviderOptions extends LlmProviderConfig {
  /** The OAuth token endpoint; defaults to `/oauth/2.0/token` on the origin of `baseUrl`. */
  tokenUrl?: string;
}

/** Model names as admins know them → the path segment of their chat endpoint. */
export const ernieEndpoints: ReadonlyMap<string, string> = new Map([
  ['ernie-4.0-8k', 'completions_pro'],
  ['ernie-4.0-turbo-8k', 'ernie-4.0-turbo-8k'],
  ['ernie-3.5-8k', 'completions'],
  ['ernie-3.5-128k', 'ernie-3.5-128k'],
  ['ernie-speed-8k', 'ernie_speed'],
  ['ernie-speed-128k', 'ernie-speed-128k'],
  ['ernie-lite-8k', 'ernie-lite-8k'],
  ['ernie-tiny-8k', 'ernie-tiny-8k'],
  ['ernie-bot-turbo', 'eb-instant'],
  ['ernie-bot', 'completions'],
  ['ernie-bot-4', 'completions_pro'],
]);

const tokenErrorCodes = new Set([110, 111]);

/** ERNIE error codes → kinds; anything else is a bad_request so it is not retried blindly. */
const errorKinds: ReadonlyMap<number, UpstreamErrorKind> = new Map<number, UpstreamErrorKind>([
  [1, 'unavailable'],
  [2, 'unavailable'],
  [336000, 'unavailable'],
  [336100, 'unavailable'],
  [4, 'rate_limit'],
  [17, 'rate_limit'],
  [18, 'rate_limit'],
  [19, 'rate_limit'],
  [336501, 'rate_limit'],
  [336502, 'rate_limit'],
  [6, 'auth'],
  [13, 'auth'],
  [14, 'auth'],
  [15, 'auth'],
  [110, 'auth'],
  [111, 'auth'],
]);

interface ErnieAnswer {
  result?: unknown;
  finish_reason?: unknown;
  is_truncated?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  error_code?: unknown;
  error_msg?: unknown;
}

/** Creates a provider speaking the ERNIE chat API. */
export function createErnieProvider(
  config: ErnieProviderOptions,
  deps: LlmAdapterDeps = {},
  defaults: Partial<LlmCapabilities> = {},
): LlmProvider {
  assertUsableConfig(config, { needsApiKey: true });
  const { apiKey, secretKey } = splitErnieCredentials(config.apiKey, config.name);
  const capabilities = resolveCapabilities(config, { maxOutputTokens: 2048, ...defaults });
  const endpoint = ernieEndpoints.get(config.model.toLowerCase()) ?? config.model;
  const chatUrl = joinUrl(config.baseUrl, encodeURIComponent(endpoint));
  const tokens: ErnieTokenSource = createErnieTokenSource(
    {
      tokenUrl: config.tokenUrl ?? new URL('/oauth/2.0/token', config.baseUrl).toString(),
      credentials: config.apiKey ?? '',
      timeoutMs: config.timeoutMs,
      providerName: config.name,
    },
    deps,
  );
  const secrets = [apiKey, secretKey, config.apiKey ?? ''];

  async function call(request: LlmRequest, signal: AbortSignal, token: string): Promise<ErnieAnswer> {
    const { temperature, maxTokens } = callParameters(config, capabilities, request);
    const { system, turns } = splitSystem(request.messages);
    const body: Record<string, unknown> = {
      messages: turns,
      // ERNIE accepts temperatures in (0, 1] and at least 2 answer tokens.
      temperature: Math.min(1, Math.max(0.01, temperature)),
      max_output_tokens: Math.max(2, maxTokens),
      stream: false,
    };
    if (system !== undefined) body.system = system;
    if (request.isJsonMode && capabilities.jsonMode) body.response_format = 'json_object';
    const url = new URL(chatUrl);
    url.searchParams.set('access_token', token);
    const response = await postJson(
      {
        url: url.toString(),
        headers: { ...config.headers },
        body,
        signal,
        timeoutMs: config.timeoutMs,
        providerName: config.name,
        secrets: [...secrets, token],
      },
      deps,
    );
    return response.body as ErnieAnswer;
  }

  async function complete(request: LlmRequest, options: { signal: AbortSignal }): Promise<LlmResponse> {
    let token = await tokens.get(options.signal);
    let answer = await call(request, options.signal, token);
    if (typeof answer.error_code === 'number' && tokenErrorCodes.has(answer.error_code)) {
      tokens.invalidate(token);
      token = await tokens.get(options.signal);
      answer = await call(request, options.signal, token);
    }
    return parseAnswer(answer, config, [...secrets, token]);
  }

  return { kind: 'ernie', name: config.name, model: config.model, capabilities, complete };
}

function parseAnswer(body: ErnieAnswer, config: LlmProviderConfig, secrets: string[]): LlmResponse {
  if (typeof body !== 'object' || body === null) throw invalidResponse(config.name, 'a JSON object');
  if (body.error_code !== undefined && body.error_code !== 0) {
    const code = Number(body.error_code);
    const kind = errorKinds.get(code) ?? 'bad_request';
    const message =
      typeof body.error_msg === 'string' ? `: ${redact(body.error_msg, secrets).slice(0, 300)}` : '';
    throw new UpstreamError(kind, `${config.name} answered error ${code}${message}`, {
      details: { provider: config.name, providerCode: String(code) },
    });
  }
  if (typeof body.result !== 'string') throw invalidResponse(config.name, 'a result');
  const promptTokens = tokenCount(body.usage?.prompt_tokens);
  const completionTokens = tokenCount(body.usage?.completion_tokens);
  const finishReason = body.is_truncated === true ? 'length' : normaliseFinishReason(body.finish_reason);
  return {
    content: body.result,
    usage:
      promptTokens !== undefined && completionTokens !== undefined
        ? { promptTokens, completionTokens }
        : undefined,
    finishReason,
    model: config.model,
  };
}
