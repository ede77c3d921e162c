import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../observability/logger.ts';
import { createHttpMetrics } from '../observability/metrics.ts';
import { buildHttpApp } from './app.ts';
import type { HttpApp } from './types.ts';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

async function build(webRoot: string | null, withApi = true, trustProxy = false): Promise<HttpApp> {
  return buildHttpApp({
    logger: createLogger('silent'),
    metrics: createHttpMetrics(undefined, { collectProcess: false }),
    readiness: [],
    corsOrigins: [],
    trustProxy,
    bodyLimitBytes: 1024,
    webRoot,
    ...(withApi ? { registerApi: (api: HttpApp) => void api.get('/ping', async () => ({ ok: true })) } : {}),
  });
}

describe('apps/server/http/web-ui', () => {
  const root = mkdtempSync(join(tmpdir(), 'xcr-web-ui-'));
  const script = 'console.log("app");'.repeat(100);
  let app: HttpApp;

  before(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(root, 'assets', 'index-abc123.js.gz'), gzipSync(script));
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    app = await build(root);
  });
  after(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the app at / to browsers and the product info to API clients', async () => {
    const page = await app.inject({ method: 'GET', url: '/', headers: html });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /id="root"/);
    assert.equal(page.headers['cache-control'], 'no-cache');
    const info = await app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
    assert.equal(info.json().docs, '/api/v1/docs');
  });

  it('answers app paths with index.html, so reloading a deep link works', async () => {
    for (const url of ['/projects', '/tasks/0b6c2c4e-2d4f-4c51-9d43-9a0f0a3c7a11?issue=x', '/admin/users']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /id="root"/, url);
    }
  });

  it('caches hashed assets for good and sends the precompressed file when accepted', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['content-encoding'], 'gzip');
    const plain = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['cache-control'], 'no-cache');
  });

  it('never shadows the API, the probes or the metrics', async () => {
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/ping', headers: html })).json(), { ok: true });
    const missing = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: html });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
    assert.equal((await app.inject({ method: 'GET', url: '/health', headers: html })).json().status, 'healthy');
    assert.equal((await app.inject({ method: 'GET', url: '/metrics/extra', headers: html })).statusCode, 404);
    assert.match((await app.inject({ method: 'GET', url: '/metrics' })).body, /http_requests_total|# HELP/);
  });

  it('gives JSON 404s to non-browser requests for unknown paths and refuses to leave the root', async () => {
    const res = await app.inject({ method: 'GET', url: '/no-such-file.js', headers: { accept: 'application/json' } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
    for (const url of ['/..%2f..%2fetc%2fpasswd', '/../../etc/passwd', '/assets/..%2f..%2f..%2fpackage.json']) {
      const escaped = await app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      assert.notEqual(escaped.statusCode, 200, url);
      assert.doesNotMatch(escaped.body, /root:|"name"/, url);
    }
  });

  it('allows the app to open its WebSocket on the same host in the CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: { ...html, host: 'xcr.example:8443' } });
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /connect-src 'self' ws:\/\/xcr\.example:8443 wss:\/\/xcr\.example:8443/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'plain-http installs keep working');
    assert.equal(res.headers['cross-origin-opener-policy'], undefined, 'ignored (with a console error) on plain http');
    const secure = await app.inject({ method: 'GET', url: '/', headers: { ...html, 'x-forwarded-proto': 'https' } });
    assert.equal(secure.headers['cross-origin-opener-policy'], undefined, 'forwarded headers count only behind a trusted proxy');
    const proxied = await build(root, true, true);
    const behindTls = await proxied.inject({ method: 'GET', url: '/', headers: { ...html, 'x-forwarded-proto': 'https' } });
    assert.equal(behindTls.headers['cross-origin-opener-policy'], 'same-origin');
    await proxied.close();
  });

  it('keeps the product info at / when no app is built, or on processes without the API', async () => {
    for (const other of [await build(join(root, 'missing')), await build(root, false)]) {
      const res = await other.inject({ method: 'GET', url: '/', headers: html });
      assert.equal(res.json().name.length > 0, true);
      await other.close();
    }
  });
});
