// Smoke test against any base URL: liveness, readiness, metrics, OpenAPI, authentication, WebSocket.
//   node --import tsx scripts/ops/smoke.ts --base-url https://staging-api.xcr.example.com
// Credentials: XCR_OPS_LOGIN / XCR_OPS_PASSWORD (or XCR_ADMIN_EMAIL / XCR_ADMIN_PASSWORD). Exit 1 on any failure.
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { credentialsFromEnv, login, normalizeBaseUrl, request, type Credentials } from './api-client.ts';
import { isMain } from './is-main.ts';

/** One check's outcome. */
export interface SmokeCheck {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}

/** What to check against. */
export interface SmokeOptions {
  baseUrl: string;
  credentials?: Credentials;
  timeoutMs?: number;
}

type CheckResult = { status: SmokeCheck['status']; detail: string };

async function timed(name: string, run: () => Promise<CheckResult>): Promise<SmokeCheck> {
  const started = performance.now();
  try {
    const result = await run();
    return { name, ...result, ms: performance.now() - started };
  } catch (err) {
    return { name, status: 'fail', detail: (err as Error).message, ms: performance.now() - started };
  }
}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Opens the WebSocket with the token, sends a ping and waits for the pong. */
function websocketPing(baseUrl: string, token: string, timeoutMs: number): Promise<CheckResult> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/ws?token=${encodeURIComponent(token)}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { origin: baseUrl } });
    const timer = setTimeout(() => finish({ status: 'fail', detail: `no pong within ${timeoutMs} ms` }), timeoutMs);
    function finish(result: CheckResult) {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(result);
    }
    ws.on('unexpected-response', (_req, res) => {
      const code = res.statusCode ?? 0;
      finish(code === 404 ? { status: 'skip', detail: 'no WebSocket endpoint on this server (404)' } : { status: 'fail', detail: `upgrade refused: HTTP ${code}` });
    });
    ws.on('error', (err) => finish({ status: 'fail', detail: err.message }));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'ping', data: {}, timestamp: new Date().toISOString() })));
    ws.on('message', (raw: Buffer) => {
      try {
        const message = JSON.parse(raw.toString()) as { type?: string };
        if (message.type === 'pong') finish({ status: 'pass', detail: 'ping answered with pong' });
      } catch {
        // ignore non-JSON frames
      }
    });
  });
}

/** Runs every check in order; later checks that need a token are skipped without credentials. */
export async function runSmoke(options: SmokeOptions): Promise<SmokeCheck[]> {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const get = (path: string, token?: string) => request(baseUrl, path, { token, timeoutMs });
  const checks: SmokeCheck[] = [];
  let token: string | undefined;

  checks.push(
    await timed('health', async () => {
      const res = await get('/health');
      const body = res.json as { status?: string; version?: string } | undefined;
      expect(res.status === 200, `HTTP ${res.status}`);
      expect(body?.status === 'healthy', `status ${body?.status}`);
      expect(res.headers.get('x-content-type-options') === 'nosniff', 'security headers missing (x-content-type-options)');
      return { status: 'pass', detail: `healthy, version ${body.version}` };
    }),
  );
  checks.push(
    await timed('ready', async () => {
      const res = await get('/ready');
      const body = res.json as { status?: string; checks?: Record<string, { status: string }> } | undefined;
      const failed = Object.entries(body?.checks ?? {}).filter(([, c]) => c.status !== 'ok').map(([n]) => n);
      expect(res.status === 200 && body?.status === 'ready', `HTTP ${res.status} ${body?.status ?? ''}${failed.length ? `, failing: ${failed.join(', ')}` : ''}`);
      return { status: 'pass', detail: `ready (${Object.keys(body.checks ?? {}).join(', ')})` };
    }),
  );
  checks.push(
    await timed('metrics', async () => {
      const res = await get('/metrics');
      expect(res.status === 200, `HTTP ${res.status}`);
      for (const family of ['http_requests_total', 'http_request_duration_seconds', 'process_cpu_seconds_total']) {
        expect(res.text.includes(`# TYPE ${family} `), `${family} missing`);
      }
      return { status: 'pass', detail: `${res.text.split('\n').filter((l) => l.startsWith('# TYPE ')).length} metric families` };
    }),
  );
  checks.push(
    await timed('openapi', async () => {
      const res = await get('/api/v1/openapi.json');
      const body = res.json as { openapi?: string; paths?: Record<string, unknown> } | undefined;
      expect(res.status === 200 && body?.openapi?.startsWith('3.'), `HTTP ${res.status}`);
      expect(body, 'no document');
      expect(body.paths?.['/api/v1/auth/login'], 'no /api/v1/auth/login in the document');
      return { status: 'pass', detail: `OpenAPI ${body.openapi}, ${Object.keys(body.paths ?? {}).length} paths` };
    }),
  );
  checks.push(
    await timed('auth required', async () => {
      const res = await get('/api/v1/auth/me');
      expect(res.status === 401, `GET /api/v1/auth/me without a token answered ${res.status}, not 401`);
      return { status: 'pass', detail: '401 without a token' };
    }),
  );
  checks.push(
    await timed('login', async () => {
      if (!options.credentials) return { status: 'skip', detail: 'no credentials (set XCR_OPS_LOGIN and XCR_OPS_PASSWORD)' };
      token = await login(baseUrl, options.credentials);
      return { status: 'pass', detail: 'access token issued' };
    }),
  );
  checks.push(
    await timed('me', async () => {
      if (!token) return { status: 'skip', detail: 'not logged in' };
      const res = await get('/api/v1/auth/me', token);
      const body = res.json as { email?: string; username?: string; role?: string } | undefined;
      expect(res.status === 200, `HTTP ${res.status}`);
      const who = options.credentials!.login;
      expect(body?.email === who || body?.username === who, `signed in as ${body?.email}, expected ${who}`);
      return { status: 'pass', detail: `${body.email} (${body.role})` };
    }),
  );
  checks.push(
    await timed('websocket', async () => {
      if (!token) return { status: 'skip', detail: 'not logged in' };
      return websocketPing(baseUrl, token, timeoutMs);
    }),
  );
  return checks;
}

/** One line per check and a summary line; the summary is last. */
export function formatSmoke(checks: readonly SmokeCheck[]): string {
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
  const lines = checks.map((c) => `${mark[c.status]}  ${c.name.padEnd(14)} ${c.detail} (${Math.round(c.ms)} ms)`);
  const count = (s: SmokeCheck['status']) => checks.filter((c) => c.status === s).length;
  lines.push(`smoke: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'base-url': { type: 'string', default: process.env.XCR_BASE_URL ?? 'http://127.0.0.1:8000' }, 'timeout-ms': { type: 'string', default: '10000' } },
  });
  const checks = await runSmoke({ baseUrl: values['base-url']!, credentials: credentialsFromEnv(), timeoutMs: Number(values['timeout-ms']) });
  console.log(formatSmoke(checks));
  process.exitCode = checks.some((c) => c.status === 'fail') ? 1 : 0;
}

if (isMain(import.meta.url)) await main();
