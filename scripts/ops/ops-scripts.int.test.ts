import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server.ts';
import { formatE2e, runE2e } from './e2e.ts';
import { checkRollback, formatRollbackChecks } from './rollback-check.ts';
import { formatSmoke, runSmoke } from './smoke.ts';

const root = new URL('../../', import.meta.url).pathname;

function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('operations scripts against the embedded server (xcr serve)', { timeout: 240_000 }, () => {
  let server: EmbeddedServer;
  before(async () => {
    server = await startEmbeddedServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('smoke: health, ready, metrics, OpenAPI, 401 without a token, login and /auth/me pass', async () => {
    const checks = await runSmoke({ baseUrl: server.baseUrl, credentials: server.admin });
    console.log(formatSmoke(checks));
    assert.deepEqual(checks.filter((c) => c.status === 'fail'), []);
    for (const name of ['health', 'ready', 'metrics', 'openapi', 'auth required', 'login', 'me']) {
      assert.equal(checks.find((c) => c.name === name)?.status, 'pass', name);
    }
  });

  it('smoke fails on a wrong password and without a server', async () => {
    const wrong = await runSmoke({ baseUrl: server.baseUrl, credentials: { login: server.admin.login, password: 'not-the-password-1' } });
    assert.equal(wrong.find((c) => c.name === 'login')?.status, 'fail');
    const nothing = await runSmoke({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    assert.equal(nothing.find((c) => c.name === 'health')?.status, 'fail');
  });

  it('the smoke command exits 0 with its summary last; 1 when a check fails', async () => {
    const env = { XCR_OPS_LOGIN: server.admin.login, XCR_OPS_PASSWORD: server.admin.password };
    const ok = await runScript('scripts/ops/smoke.ts', ['--base-url', server.baseUrl], env);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout.trim().split('\n').pop()!, /^smoke: \d+ passed, 0 failed, \d+ skipped$/);
    const bad = await runScript('scripts/ops/smoke.ts', ['--base-url', server.baseUrl], { ...env, XCR_OPS_PASSWORD: 'wrong-password-123' });
    assert.equal(bad.code, 1);
  });

  it('the load runner measures authenticated endpoints and prints the P-API line last', async () => {
    const env = { XCR_OPS_LOGIN: server.admin.login, XCR_OPS_PASSWORD: server.admin.password };
    const res = await runScript('scripts/ops/load.ts', ['--base-url', server.baseUrl, '--connections', '10', '--duration', '5', '--max-error-ratio', '0'], env);
    console.log(res.stdout);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    const lines = res.stdout.trim().split('\n');
    assert.match(lines.at(-1)!, /^P-API: p95 [\d.]+ ms, p99 [\d.]+ ms, [\d,]+ req\/s, 0 errors \(10 connections, 5 s\)$/);
    assert.match(res.stdout, /^endpoints: \/api\/v1\/auth\/me, \/api\/v1\/users, \/api\/v1\/users\/[0-9a-f-]+/m);
    assert.match(res.stdout, /^status codes: 200 x \d+$/m);
    const rps = Number(/, ([\d,]+) req\/s/.exec(lines.at(-1)!)![1]!.replaceAll(',', ''));
    assert.ok(rps > 0);
  });

  it('rollback check passes on the running version and fails on another', async () => {
    const version = ((await (await fetch(`${server.baseUrl}/health`)).json()) as { version: string }).version;
    const good = await checkRollback({ baseUrl: server.baseUrl, credentials: server.admin, expectVersion: version });
    console.log(formatRollbackChecks(good));
    assert.ok(good.every((c) => c.isOk), formatRollbackChecks(good));
    const wrong = await checkRollback({ baseUrl: server.baseUrl, expectVersion: '99.0.0' });
    assert.equal(wrong.find((c) => c.name === 'version')?.isOk, false);
  });

  it('end-to-end: every step this server publishes passes; the rest are reported as skipped', async () => {
    const steps = await runE2e({ baseUrl: server.baseUrl, credentials: server.admin });
    console.log(formatE2e(steps));
    assert.deepEqual(steps.filter((s) => s.status === 'fail').map((s) => `${s.name}: ${s.detail}`), []);
    assert.equal(steps.find((s) => s.name === 'login')?.status, 'pass');
    assert.equal(steps.find((s) => s.name === 'create project')?.status, 'pass');
  });
});
