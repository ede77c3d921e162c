/**
 * The LLM provider port. One adapter per wire protocol: OpenAI-compatible chat completions (OpenAI, DeepSeek,
 * Qwen compatible mode, Zhipu, Moonshot, Doubao, MiniMax, Ollama, vLLM, LM Studio), Anthropic Messages, Gemini
 * generateContent, Baidu ERNIE. Adapters do one HTTP call per `complete` and map every failure to
 * `UpstreamError` (kind rate_limit | timeout | auth | bad_request | unavailable | invalid_response, with
 * `retryAfterMs` from `Retry-After`). Retries, pacing, circuit breaking, budgets and caching are policies that
 * live once in core wrappers, never in adapters.
 */
export type LlmProviderKind = 'openai-compatible' | 'anthropic' | 'gemini' | 'ernie';

/** What differs between providers and models. */
export interface LlmCapabilities {
  /** The provider can be asked for a JSON-only answer (response_format / responseMimeType). */
  readonly jsonMode: boolean;
  /** Context window in tokens (prompt + answer). */
  readonly maxContextTokens: number;
  /** Largest answer the model will produce, in tokens. */
  readonly maxOutputTokens: number;
}

/** Static configuration of one provider, as an admin enters it (the API key is decrypted only for the adapter). */
export interface LlmProviderConfig {
  kind: LlmProviderKind;
  /** A name for logs and metrics, e.g. `openai`, `deepseek`, `local-ollama`. */
  name: string;
  baseUrl: string;
  model: string;
  /** For ERNIE: `API_KEY:SECRET_KEY`. Never logged. */
  apiKey?: string;
  timeoutMs: number;
  temperature: number;
  maxTokens: number;
  /** Extra HTTP headers sent with every call. */
  headers?: Record<string, string>;
  capabilities?: Partial<LlmCapabilities>;
}

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  messages: LlmMessage[];
  /** Overrides the configured temperature. */
  temperature?: number;
  /** Overrides the configured answer limit. */
  maxTokens?: number;
  /** Ask for a JSON object answer where the provider supports it. */
  isJsonMode?: boolean;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmResponse {
  content: string;
  /** Tokens as the provider reported them; estimated by the caller when absent. */
  usage?: LlmUsage;
  /** `stop`, `length` (answer truncated), ... as the provider said. */
  finishReason?: string;
  model: string;
}

/** One configured provider and model. */
export interface LlmProvider {
  readonly kind: LlmProviderKind;
  readonly name: string;
  readonly model: string;
  readonly capabilities: LlmCapabilities;
  /** One non-streaming completion. Honours `signal` (abort = timeout or cancellation). */
  complete(request: LlmRequest, options: { signal: AbortSignal }): Promise<LlmResponse>;
}
