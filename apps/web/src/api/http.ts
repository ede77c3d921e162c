// The HTTP client under every API call: bearer tokens, one refresh at a time when the access token expires, the
// API's error body turned into ApiError, uploads with progress and downloads with their file names.
import type { ErrorBody, TokenResponse } from '@xcr/contracts/api/index';

/** An error answer of the API: its HTTP status and the stable code of `{error: {code, message, details}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The tokens of the signed-in session. */
export type SessionTokens = Pick<TokenResponse, 'access_token' | 'refresh_token'>;

/** Where the session's tokens live. */
export interface TokenStore {
  get(): SessionTokens | null;
  set(tokens: SessionTokens | null): void;
}

/** A query string's values: undefined, null and empty values are left out; arrays are comma-joined. */
export type QueryValues = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/** Options of one request. */
export interface RequestOptions {
  query?: QueryValues;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
  /** Sends no bearer token and never refreshes (login, refresh). */
  isAnonymous?: boolean;
}

/** A downloaded file. */
export interface Download {
  blob: Blob;
  fileName: string | null;
  contentType: string;
}

/** The HTTP client. */
export interface HttpClient {
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options?: RequestOptions): Promise<T>;
  /** Sends multipart form data, reporting upload progress as a fraction 0-1. */
  upload<T>(path: string, form: FormData, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<T>;
  download(path: string, options?: { query?: QueryValues; signal?: AbortSignal }): Promise<Download>;
  /** The current access token (for the WebSocket). */
  accessToken(): string | null;
  /** An access token good for at least `marginS` more seconds, refreshing the session when needed; null without one. */
  freshAccessToken(marginS?: number): Promise<string | null>;
}

/** The expiry (epoch seconds) a JWT claims, or null when it cannot be read. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

/** Builds `path?query` from the values given. */
export function withQuery(path: string, query?: QueryValues): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The file name of a Content-Disposition header (RFC 5987 `filename*` first). */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? null;
}

/** Turns an error answer into an ApiError (any body shape). */
export async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    // not JSON
  }
  const error = body?.error;
  return new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, error?.details);
}

/** Options of the client. */
export interface HttpClientOptions {
  /** Prefix of every path, default `/api/v1`. */
  baseUrl?: string;
  tokens: TokenStore;
  /** Called once the session cannot be refreshed any more. */
  onSessionEnded: () => void;
  fetchImpl?: typeof fetch;
}

/** Creates the client. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl ?? '/api/v1';
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  let refreshing: Promise<boolean> | null = null;

  function endSession(): void {
    options.tokens.set(null);
    options.onSessionEnded();
  }

  /** One refresh for every request that found the access token expired at the same time. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = options.tokens.get();
      if (!current) return false;
      try {
        const response = await fetchImpl(`${baseUrl}/auth/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refresh_token: current.refresh_token }),
        });
        if (!response.ok) return false;
        const pair = (await response.json()) as TokenResponse;
        options.tokens.set({ access_token: pair.access_token, refresh_token: pair.refresh_token });
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function send(method: string, path: string, init: RequestOptions): Promise<Response> {
    const attempt = (): Promise<Response> => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      const token = init.isAnonymous ? null : options.tokens.get()?.access_token;
      if (token) headers.Authorization = `Bearer ${token}`;
      let body: BodyInit | undefined;
      if (init.form) body = init.form;
      else if (init.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(init.json);
      }
      return fetchImpl(baseUrl + withQuery(path, init.query), { method, headers, body, signal: init.signal });
    };
    let response = await attempt();
    if (response.status === 401 && !init.isAnonymous && options.tokens.get()) {
      if (await refresh()) response = await attempt();
      else endSession();
    }
    return response;
  }

  return {
    async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, init: RequestOptions = {}): Promise<T> {
      const response = await send(method, path, init);
      if (!response.ok) throw await errorFrom(response);
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },

    upload<T>(path: string, form: FormData, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
      // fetch reports no upload progress, so uploads go through XMLHttpRequest.
      const run = (): Promise<{ status: number; text: string }> =>
        new Promise((resolve, reject) => {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', baseUrl + path);
          const token = options.tokens.get()?.access_token;
          if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
          xhr.setRequestHeader('Accept', 'application/json');
          xhr.upload.onprogress = (event) => {
            if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
          };
          xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
          xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload could not reach the server'));
          xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
          signal?.addEventListener('abort', () => xhr.abort(), { once: true });
          xhr.send(form);
        });
      return (async () => {
        let result = await run();
        if (result.status === 401 && options.tokens.get()) {
          if (await refresh()) result = await run();
          else endSession();
        }
        const body = result.text ? (JSON.parse(result.text) as unknown) : undefined;
        if (result.status < 200 || result.status >= 300) {
          const error = (body as Partial<ErrorBody> | undefined)?.error;
          throw new ApiError(result.status, error?.code ?? `http_${result.status}`, error?.message ?? 'Upload failed', error?.details);
        }
        onProgress?.(1);
        return body as T;
      })();
    },

    async download(path: string, init: { query?: QueryValues; signal?: AbortSignal } = {}): Promise<Download> {
      const response = await send('GET', path, { query: init.query, signal: init.signal });
      if (!response.ok) throw await errorFrom(response);
      return {
        blob: await response.blob(),
        fileName: fileNameOf(response.headers.get('Content-Disposition')),
        contentType: response.headers.get('Content-Type') ?? 'application/octet-stream',
      };
    },

    accessToken(): string | null {
      return options.tokens.get()?.access_token ?? null;
    },

    async freshAccessToken(marginS = 30): Promise<string | null> {
      const token = options.tokens.get()?.access_token;
      if (!token) return null;
      const exp = tokenExpiry(token);
      if (exp === null || exp - Date.now() / 1000 > marginS) return token;
      if (await refresh()) return options.tokens.get()?.access_token ?? null;
      endSession();
      return null;
    },
  };
}
