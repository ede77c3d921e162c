import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@xcr/contracts';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { startS3rver, type TestS3Server } from '@xcr/testkit/services/s3-server';
import { startTcpProxy, type TcpProxy } from '@xcr/testkit/services/tcp-proxy';
import { startOwnRedisServer, type OwnRedisServer } from '@xcr/testkit/services/redis-server';
import { createLogger } from './observability/logger.ts';
import { startServer, type RunningServer } from './server.ts';

const root = new URL('../../../', import.meta.url).pathname;

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(root, 'apps/cli/bin/xcr.js'), ...args], { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function readyStatus(port: number): Promise<{ status: number; body: { checks: Record<string, { status: string }>; error?: { message: string } } }> {
  const res = await fetch(`http://127.0.0.1:${port}/ready`);
  return { status: res.status, body: (await res.json()) as never };
}

async function eventually<T>(probe: () => Promise<T>, accept: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

describe('server in production mode (PostgreSQL, Redis, S3)', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let pgProxy: TcpProxy;
  let redis: OwnRedisServer;
  let s3: TestS3Server;
  let server: RunningServer;

  before(async () => {
    database = await createTestDatabaseUrl();
    pgProxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    redis = await startOwnRedisServer();
    s3 = await startS3rver({ createBucket: true });
    const url = new URL(database.url);
    url.port = String(pgProxy.port);
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redis.url,
      XCR_S3_ENDPOINT: s3.endpoint,
      XCR_S3_BUCKET: s3.bucket,
      XCR_S3_ACCESS_KEY: s3.accessKeyId,
      XCR_S3_SECRET_KEY: s3.secretAccessKey,
      XCR_SECRET_KEY: 'k'.repeat(40),
      XCR_ENCRYPTION_KEY: 'a'.repeat(64),
      XCR_ADMIN_EMAIL: 'ops@example.com',
      XCR_ADMIN_PASSWORD: 'a-long-admin-passphrase',
      XCR_PORT: '0',
      XCR_HOST: '127.0.0.1',
      XCR_LOG_LEVEL: 'silent',
    };
    // Async on purpose: the TCP proxy lives in this process and must keep relaying while the command runs.
    const migrate = await runCli(['db', 'migrate', '--json'], env);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.ok((JSON.parse(migrate.stdout.trim().split('\n').at(-1)!) as { applied: string[] }).applied.length > 0);
    const loaded = loadConfig(env);
    assert.ok(loaded.ok);
    server = await startServer(loaded.config, ['api', 'worker', 'scheduler'], createLogger('silent'));
  });

  after(async () => {
    await server?.stop();
    await s3?.stop();
    await redis?.stop();
    await pgProxy?.close();
    await database?.drop();
  });

  it('is ready with every dependency up', async () => {
    const ready = await readyStatus(server.port!);

    assert.equal(ready.status, 200);
    assert.deepEqual(Object.keys(ready.body.checks).sort(), ['database', 'queue', 'redis', 'storage']);
  });

  it('answers 503 naming PostgreSQL while it is down, and 200 again once it is back, without a restart', async () => {
    pgProxy.pause();
    const down = await eventually(() => readyStatus(server.port!), (r) => r.status === 503, 10_000);
    pgProxy.resume();
    const back = await eventually(() => readyStatus(server.port!), (r) => r.status === 200, 20_000);

    assert.equal(down.status, 503);
    assert.equal(down.body.checks.database!.status, 'failed');
    assert.match(down.body.error!.message, /database/);
    assert.equal(back.status, 200);
  });

  it('answers 503 naming Redis while it is down, and 200 again once it is back, without a restart', async () => {
    await redis.kill();
    const down = await eventually(() => readyStatus(server.port!), (r) => r.status === 503, 10_000);
    await redis.restart();
    const back = await eventually(() => readyStatus(server.port!), (r) => r.status === 200, 30_000);

    assert.equal(down.status, 503);
    assert.equal(down.body.checks.redis!.status, 'failed');
    assert.match(down.body.error!.message, /redis/);
    assert.equal(back.status, 200, JSON.stringify(back.body));
  });
});
