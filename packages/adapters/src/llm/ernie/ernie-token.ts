// ERNIE's OAuth step: `API_KEY:SECRET_KEY` is exchanged for an access token (client_credentials) that lives
// for `expires_in` seconds. The token is cached until shortly before it expires, and callers that need one at
// the same time share a single exchange. The exchange URL carries the secret, so it is never logged.
import { ConfigError, UpstreamError } from '@xcr/core/errors';
import { postJson, type LlmAdapterDeps } from '../llm-http.ts';

/** Where the ERNIE token lives and how to get a new one. */
export interface ErnieTokenSource {
  /** A valid access token, from the cache or a (shared) exchange. */
  get(signal: AbortSignal): Promise<string>;
  /** Forgets `token` if it is still the cached one (the server said it is invalid or expired). */
  invalidate(token: string): void;
  /** Exchanges made so far (for tests and metrics). */
  readonly exchanges: number;
}

/** Options of the token exchange. */
export interface ErnieTokenOptions {
  tokenUrl: string;
  /** `API_KEY:SECRET_KEY`. */
  credentials: string;
  timeoutMs: number;
  providerName: string;
}

/** Renew this long before expiry: 5 minutes, or a tenth of a short lifetime. */
function renewalMarginMs(lifetimeMs: number): number {
  return Math.min(300_000, lifetimeMs * 0.1);
}

/** Splits `API_KEY:SECRET_KEY`; throws a ConfigError naming neither part. */
export function splitErnieCredentials(
  credentials: string | undefined,
  providerName: string,
): { apiKey: string; secretKey: string } {
  const separator = credentials?.indexOf(':') ?? -1;
  if (!credentials || separator <= 0 || separator === credentials.length - 1) {
    throw new ConfigError(`LLM provider ${providerName}: the ERNIE key must be API_KEY:SECRET_KEY`, {
      details: { provider: providerName },
    });
  }
  return { apiKey: credentials.slice(0, separator), secretKey: credentials.slice(separator + 1) };
}

/** Creates the token cache of one ERNIE provider. */
export function createErnieTokenSource(
  options: ErnieTokenOptions,
  deps: LlmAdapterDeps = {},
): ErnieTokenSource {
  const now = deps.now ?? Date.now;
  const { apiKey, secretKey } = splitErnieCredentials(options.credentials, options.providerName);
  let cached: { token: string; expiresAtMs: number } | undefined;
  let pending: Promise<string> | undefined;
  let exchanges = 0;

  async function exchange(): Promise<string> {
    exchanges += 1;
    const url = new URL(options.tokenUrl);
    url.searchParams.set('grant_type', 'client_credentials');
    url.searchParams.set('client_id', apiKey);
    url.searchParams.set('client_secret', secretKey);
    // Not tied to any one caller's signal: others may be waiting on this exchange.
    const startedAtMs = now();
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      const response = await postJson(
        {
          url: url.toString(),
          headers: {},
          body: {},
          signal: new AbortController().signal,
          timeoutMs: options.timeoutMs,
          providerName: options.providerName,
          secrets: [apiKey, secretKey, options.credentials],
        },
        deps,
      );
      body = response.body as typeof body;
    } catch (error) {
      // The token endpoint answers 400 `invalid_client` for wrong credentials.
      if (error instanceof UpstreamError && error.kind === 'bad_request') {
        throw new UpstreamError('auth', `${options.providerName} rejected the API key and secret`, {
          cause: error,
          details: error.details,
        });
      }
      throw error;
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new UpstreamError('auth', `${options.providerName} gave no access token`, {
        details: { provider: options.providerName },
      });
    }
    const lifetimeMs =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 3_600_000;
    cached = {
      token: body.access_token,
      expiresAtMs: startedAtMs + lifetimeMs - renewalMarginMs(lifetimeMs),
    };
    return body.access_token;
  }

  function shared(): Promise<string> {
    pending ??= exchange().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    get exchanges() {
      return exchanges;
    },
    async get(signal: AbortSignal): Promise<string> {
      if (cached && now() < cached.expiresAtMs) return cached.token;
      signal.throwIfAborted();
      const exchanged = shared();
      // A caller that gives up stops waiting; the exchange itself goes on for the others.
      return await new Promise<string>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        exchanged.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    invalidate(token: string): void {
      if (cached?.token === token) cached = undefined;
    },
  };
}
