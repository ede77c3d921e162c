// The few HTTP calls the operations scripts make against any XCodeReviewer base URL.

/** A response read whole: status, headers, parsed JSON (when it is JSON) and the time it took. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  ms: number;
}

/** Options of one request. */
export interface RequestOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Strips trailing slashes, so paths can always start with one. */
export function normalizeBaseUrl(url: string): string {
  const parsed = new URL(url);
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error(`base URL must be http(s): ${url}`);
  return parsed.toString().replace(/\/+$/, '');
}

/** Sends one request and reads the whole answer. Network failures reject; HTTP errors resolve with their status. */
export async function request(baseUrl: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const started = performance.now();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, ms: performance.now() - started };
}

/** Credentials for the API: an email or username, and a password. */
export interface Credentials {
  login: string;
  password: string;
}

/** Logs in and returns the access token; throws with the server's error code when refused. */
export async function login(baseUrl: string, credentials: Credentials): Promise<string> {
  const field = credentials.login.includes('@') ? 'email' : 'username';
  const res = await request(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { [field]: credentials.login, password: credentials.password } });
  const body = res.json as { access_token?: string; error?: { code?: string } } | undefined;
  if (res.status !== 200 || !body?.access_token) throw new Error(`login failed: HTTP ${res.status} ${body?.error?.code ?? ''}`.trim());
  return body.access_token;
}

/** Credentials from the environment: XCR_OPS_LOGIN (or XCR_ADMIN_EMAIL) and XCR_OPS_PASSWORD (or XCR_ADMIN_PASSWORD). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const user = env.XCR_OPS_LOGIN ?? env.XCR_ADMIN_EMAIL;
  const password = env.XCR_OPS_PASSWORD ?? env.XCR_ADMIN_PASSWORD;
  return user && password ? { login: user, password } : undefined;
}
