// The four wire protocols as the fake LLM server speaks them: which path is which protocol, and how an answer
// or an error looks in each. Shapes follow the providers' public API references (only the fields adapters read,
// plus a few that make them look real).

/** The protocol a request was routed to. */
export type FakeLlmProtocol = 'openai' | 'anthropic' | 'gemini' | 'ernie' | 'ernie-token';

/** A model answer before it is put into a protocol's shape. */
export interface FakeAnswer {
  content: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length';
  model: string;
}

/** The protocol of a request path, or undefined for unknown paths. */
export function protocolOfPath(pathname: string): FakeLlmProtocol | undefined {
  // ERNIE first: its default endpoint also ends in /chat/completions.
  if (pathname.includes('/wenxinworkshop/chat/')) return 'ernie';
  if (pathname.endsWith('/chat/completions')) return 'openai';
  if (pathname.endsWith('/messages')) return 'anthropic';
  if (/\/models\/[^/]+:generateContent$/.test(pathname)) return 'gemini';
  if (pathname.endsWith('/oauth/2.0/token')) return 'ernie-token';
  return undefined;
}

/** The model a request asked for (Gemini names it in the path, ERNIE by endpoint). */
export function modelOfRequest(protocol: FakeLlmProtocol, pathname: string, body: unknown): string {
  if (protocol === 'gemini')
    return decodeURIComponent(/\/models\/([^/]+):generateContent$/.exec(pathname)?.[1] ?? 'gemini');
  if (protocol === 'ernie') return decodeURIComponent(pathname.split('/').at(-1) ?? 'ernie');
  const model = (body as { model?: unknown } | undefined)?.model;
  return typeof model === 'string' ? model : 'fake-model';
}

/** Every prompt text of a request in any protocol, for token estimates and for responders to look at. */
export function promptTextOf(protocol: FakeLlmProtocol, body: unknown): string {
  const record = (body ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      const item = value as Record<string, unknown>;
      collect(item.content ?? item.text ?? item.parts);
    }
  };
  if (protocol === 'gemini') {
    collect(record.systemInstruction);
    collect(record.contents);
  } else {
    collect(record.system);
    collect(record.messages);
  }
  return parts.join('\n');
}

/** A successful answer in the protocol's shape. */
export function answerBody(protocol: FakeLlmProtocol, answer: FakeAnswer, sequence: number): unknown {
  const total = answer.promptTokens + answer.completionTokens;
  const created = Math.floor(Date.now() / 1000);
  switch (protocol) {
    case 'anthropic':
      return {
        id: `msg_fake_${sequence}`,
        type: 'message',
        role: 'assistant',
        model: answer.model,
        content: [{ type: 'text', text: answer.content }],
        stop_reason: answer.finishReason === 'length' ? 'max_tokens' : 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: answer.promptTokens, output_tokens: answer.completionTokens },
      };
    case 'gemini':
      return {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: answer.content }] },
            finishReason: answer.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: answer.promptTokens,
          candidatesTokenCount: answer.completionTokens,
          totalTokenCount: total,
        },
        modelVersion: answer.model,
      };
    case 'ernie':
      return {
        id: `as-fake${sequence}`,
        object: 'chat.completion',
        created,
        result: answer.content,
        is_truncated: false,
        need_clear_history: false,
        finish_reason: answer.finishReason === 'length' ? 'length' : 'normal',
        usage: {
          prompt_tokens: answer.promptTokens,
          completion_tokens: answer.completionTokens,
          total_tokens: total,
        },
      };
    default:
      return {
        id: `chatcmpl-fake${sequence}`,
        object: 'chat.completion',
        created,
        model: answer.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer.content },
            finish_reason: answer.finishReason,
          },
        ],
        usage: {
          prompt_tokens: answer.promptTokens,
          completion_tokens: answer.completionTokens,
          total_tokens: total,
        },
      };
  }
}

const anthropicErrorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const geminiStatuses: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** An error body in the protocol's shape for an HTTP status. */
export function errorBody(
  protocol: FakeLlmProtocol,
  status: number,
  message: string,
  retryAfterSeconds?: number,
): unknown {
  switch (protocol) {
    case 'anthropic':
      return { type: 'error', error: { type: anthropicErrorTypes[status] ?? 'api_error', message } };
    case 'gemini': {
      const details =
        retryAfterSeconds === undefined
          ? []
          : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }];
      return { error: { code: status, message, status: geminiStatuses[status] ?? 'UNKNOWN', details } };
    }
    case 'ernie':
    case 'ernie-token':
      return { error_code: status, error_msg: message };
    default:
      return {
        error: {
          message,
          type: status === 429 ? 'rate_limit_exceeded' : 'api_error',
          code: status === 429 ? 'rate_limit_exceeded' : null,
        },
      };
  }
}

/** A rough token estimate (4 characters a token), the same rule callers use when usage is absent. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
