import { describe, expect, it, vi } from 'vitest';
import { ApiError, createHttpClient, fileNameOf, tokenExpiry, withQuery, type SessionTokens } from './http.ts';

function memoryTokens(initial: SessionTokens | null) {
  let current = initial;
  return { get: () => current, set: (t: SessionTokens | null) => void (current = t) };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('http client', () => {
  it('sends the bearer token and returns the JSON body', async () => {
    const fetchImpl = vi.fn(async () => json(200, { ok: 1 }));
    const http = createHttpClient({ tokens: memoryTokens({ access_token: 'a1', refresh_token: 'r1' }), onSessionEnded: () => undefined, fetchImpl });
    expect(await http.request('GET', '/projects', { query: { page: 2, search: '', status: undefined, severity: ['high', 'low'] } })).toEqual({ ok: 1 });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/projects?page=2&severity=high%2Clow');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer a1');
  });

  it('refreshes an expired token once for requests that failed together, then retries them', async () => {
    const tokens = memoryTokens({ access_token: 'old', refresh_token: 'r1' });
    let refreshes = 0;
    const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith('/auth/refresh')) {
        refreshes++;
        await new Promise((r) => setTimeout(r, 5));
        return json(200, { access_token: 'new', refresh_token: 'r2', token_type: 'bearer', expires_in: 900 });
      }
      const auth = (init?.headers as Record<string, string>).Authorization;
      return auth === 'Bearer new' ? json(200, { url }) : json(401, { error: { code: 'token_expired', message: 'expired' } });
    });
    const http = createHttpClient({ tokens, onSessionEnded: () => undefined, fetchImpl });
    const answers = await Promise.all([http.request('GET', '/a'), http.request('GET', '/b')]);
    expect(answers).toEqual([{ url: '/api/v1/a' }, { url: '/api/v1/b' }]);
    expect(refreshes).toBe(1);
    expect(tokens.get()).toEqual({ access_token: 'new', refresh_token: 'r2' });
  });

  it('ends the session when the refresh is refused, and reports the API error', async () => {
    const tokens = memoryTokens({ access_token: 'old', refresh_token: 'r1' });
    const onSessionEnded = vi.fn();
    const fetchImpl = vi.fn(async () => json(401, { error: { code: 'invalid_token', message: 'nope' } }));
    const http = createHttpClient({ tokens, onSessionEnded, fetchImpl });
    const error = await http.request('GET', '/a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_token');
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(tokens.get()).toBeNull();
  });

  it('never refreshes for anonymous calls such as login', async () => {
    const fetchImpl = vi.fn(async () => json(401, { error: { code: 'invalid_credentials', message: 'Wrong' } }));
    const http = createHttpClient({ tokens: memoryTokens(null), onSessionEnded: () => undefined, fetchImpl });
    await expect(http.request('POST', '/auth/login', { json: {}, isAnonymous: true })).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('gives the socket a token that will not expire within the margin, refreshing when needed', async () => {
    const jwt = (expS: number) => `h.${btoa(JSON.stringify({ exp: expS })).replace(/=+$/, '')}.s`;
    const nowS = Math.floor(Date.now() / 1000);
    const tokens = memoryTokens({ access_token: jwt(nowS + 600), refresh_token: 'r1' });
    const fetchImpl = vi.fn(async () => json(200, { access_token: jwt(nowS + 900), refresh_token: 'r2', token_type: 'bearer', expires_in: 900 }));
    const http = createHttpClient({ tokens, onSessionEnded: () => undefined, fetchImpl });
    expect(await http.freshAccessToken()).toBe(jwt(nowS + 600));
    expect(fetchImpl).not.toHaveBeenCalled();
    tokens.set({ access_token: jwt(nowS + 5), refresh_token: 'r1' });
    expect(await http.freshAccessToken()).toBe(jwt(nowS + 900));
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(tokenExpiry('not-a-jwt')).toBeNull();
  });

  it('reads download file names and builds query strings', () => {
    expect(fileNameOf('attachment; filename="report.pdf"')).toBe('report.pdf');
    expect(fileNameOf("attachment; filename=\"x.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf")).toBe('报告.pdf');
    expect(fileNameOf(null)).toBeNull();
    expect(withQuery('/x', { a: null, b: false })).toBe('/x?b=false');
  });
});
