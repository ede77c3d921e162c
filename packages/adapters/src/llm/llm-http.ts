// The one HTTP call every LLM adapter makes: a JSON POST with a per-call timeout combined with the caller's
// signal, and every failure turned into an UpstreamError. URLs are never put into messages because some carry
// secrets (ERNIE's access_token, its token exchange's client_secret); known secrets are cut out of the
// provider's own error text before it is kept.
import { UpstreamError, type UpstreamErrorKind } from '@xcr/core/errors';
import { retryAfterFromResponse } from './retry-after.ts';

/** The fetch function adapters call; tests and proxies may inject their own. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Injected dependencies of every LLM adapter. */
export interface LlmAdapterDeps {
  fetch?: FetchLike;
  /** Wall clock in ms, for `Retry-After` dates and token expiry. */
  now?: () => number;
}

/** One JSON POST. */
export interface JsonPostRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** The caller's signal (cancellation, or a wrapper's timeout). */
  signal: AbortSignal;
  timeoutMs: number;
  /** Provider name for messages. */
  providerName: string;
  /** Strings that must never appear in an error (API keys, secrets, tokens). */
  secrets: readonly string[];
  /** Reads a wait hint from an error body (Gemini's RetryInfo). */
  retryHintMs?: (body: unknown) => number | undefined;
}

/** A successful answer: status 2xx and a JSON body. */
export interface JsonPostResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const maxProviderMessageChars = 300;

/** Posts JSON and returns the parsed JSON answer, or throws an UpstreamError. */
export async function postJson(
  request: JsonPostRequest,
  deps: LlmAdapterDeps = {},
): Promise<JsonPostResponse> {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const timeoutSignal = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeoutSignal]);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    throw transportError(error, request, timeoutSignal);
  }
  if (response.status < 200 || response.status >= 300) {
    throw statusError(response.status, response.headers, text, request, now());
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new UpstreamError('invalid_response', `${request.providerName} answered a body that is not JSON`, {
      cause: error,
      details: { provider: request.providerName, status: response.status, bodyChars: text.length },
    });
  }
  return { status: response.status, headers: response.headers, body };
}

/** Whether an abort reason is a timeout (ours via AbortSignal.timeout, or a wrapper's). */
function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

function transportError(error: unknown, request: JsonPostRequest, timeoutSignal: AbortSignal): unknown {
  if (timeoutSignal.aborted || (request.signal.aborted && isTimeoutReason(request.signal.reason))) {
    return new UpstreamError('timeout', `${request.providerName} did not answer in time`, {
      details: { provider: request.providerName, timeoutMs: request.timeoutMs },
    });
  }
  // Cancellation by the caller is not a provider failure: it propagates as the caller's own reason.
  if (request.signal.aborted) return request.signal.reason ?? error;
  const reason =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : 'unknown';
  return new UpstreamError('unavailable', `${request.providerName} could not be reached`, {
    cause: error,
    details: { provider: request.providerName, reason: redact(reason, request.secrets) },
  });
}

/** The kind an HTTP status maps to. */
export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'unavailable';
  if (status >= 400) return 'bad_request';
  return 'unavailable';
}

/** The provider's own error code and message, from the body shapes the four protocols use. */
export function providerErrorOf(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const nested =
    typeof record.error === 'object' && record.error !== null
      ? (record.error as Record<string, unknown>)
      : undefined;
  const message =
    nested?.message ??
    record.error_msg ??
    record.message ??
    (typeof record.error === 'string' ? (record.error_description ?? record.error) : undefined);
  const code =
    nested?.code ??
    nested?.type ??
    nested?.status ??
    record.error_code ??
    (typeof record.error === 'string' ? record.error : undefined);
  return {
    code: code === undefined || code === null ? undefined : String(code),
    message: typeof message === 'string' ? message : undefined,
  };
}

function statusError(
  status: number,
  headers: Headers,
  text: string,
  request: JsonPostRequest,
  nowMs: number,
): UpstreamError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const kind = kindForStatus(status);
  const { code, message } = providerErrorOf(body);
  const retryAfterMs =
    kind === 'rate_limit' || kind === 'unavailable'
      ? retryAfterFromResponse(headers, nowMs, request.retryHintMs?.(body))
      : undefined;
  const providerMessage =
    message === undefined ? undefined : redact(message, request.secrets).slice(0, maxProviderMessageChars);
  return new UpstreamError(
    kind,
    `${request.providerName} answered HTTP ${status}${providerMessage ? `: ${providerMessage}` : ''}`,
    {
      retryAfterMs,
      details: { provider: request.providerName, status, providerCode: code, retryAfterMs },
    },
  );
}

/** Cuts every known secret (and any long prefix of it a provider might echo) out of a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[redacted]');
    // Providers echo masked keys such as "sk-abc1****wxyz": drop the visible head too.
    const head = secret.slice(0, Math.min(8, Math.floor(secret.length / 2)));
    if (head.length >= 6) out = out.split(head).join('[redacted]');
  }
  return out;
}

/** Makes an UpstreamError for a 2xx answer whose body is not what the protocol promises. */
export function invalidResponse(
  providerName: string,
  what: string,
  details: Record<string, unknown> = {},
): UpstreamError {
  return new UpstreamError('invalid_response', `${providerName} answered without ${what}`, {
    details: { provider: providerName, ...details },
  });
}
