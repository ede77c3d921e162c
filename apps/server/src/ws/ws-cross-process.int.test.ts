/**
 * Live progress across processes, as production runs it: PostgreSQL, a redis-server of the test's own and s3rver;
 * one `xcr serve --roles api` and one `xcr serve --roles worker`, each a child process. A WebSocket client of the
 * API process follows a task the worker process runs: progress in order, findings, then task_completed, each
 * within a second of being published.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { WsServerMessage } from '@xcr/contracts/api/index';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { startOwnRedisServer, type OwnRedisServer } from '@xcr/testkit/services/redis-server';
import { startS3rver, type TestS3Server } from '@xcr/testkit/services/s3-server';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { bulkFiles, uploadZip, vulnerableFiles, zipOf } from '../http/routes/audit-test-kit.ts';

const root = new URL('../../../../', import.meta.url).pathname;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Child {
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function serve(roles: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [join(root, 'apps/cli/bin/xcr.js'), 'serve', '--roles', roles], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('live channel across processes (api and worker roles apart)', { timeout: 300_000 }, () => {
  let database: TestDatabase;
  let redis: OwnRedisServer;
  let s3: TestS3Server;
  let api: Child;
  let worker: Child;
  let base: string;
  const admin = { email: 'ops@example.test', password: 'a-long-admin-passphrase-42' };

  before(async () => {
    database = await createTestDatabaseUrl();
    const handle = await createDatabase({
      kind: 'postgres',
      url: database.url,
      poolMax: 2,
      statementTimeoutMs: 30_000,
    });
    try {
      await migrateToLatest(handle);
    } finally {
      await handle.close();
    }
    redis = await startOwnRedisServer();
    s3 = await startS3rver({ createBucket: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      XCR_S3_ENDPOINT: s3.endpoint,
      XCR_S3_BUCKET: s3.bucket,
      XCR_S3_ACCESS_KEY: s3.accessKeyId,
      XCR_S3_SECRET_KEY: s3.secretAccessKey,
      XCR_SECRET_KEY: 'cross-process-signing-key-0123456789abcdef',
      XCR_ENCRYPTION_KEY: 'c'.repeat(64),
      XCR_ADMIN_EMAIL: admin.email,
      XCR_ADMIN_PASSWORD: admin.password,
      XCR_HOST: '127.0.0.1',
      XCR_LOG_LEVEL: 'warn',
      XCR_RATE_LIMIT_PER_MIN: '100000',
      XCR_RATE_LIMIT_AUTH_PER_MIN: '100000',
    };
    api = serve('api', { ...env, XCR_PORT: String(port) });
    worker = serve('worker', { ...env, XCR_PORT: '0' });
    await eventually(
      async () => (await fetch(`${base}/ready`)).status === 200,
      `the API process (${api.output()})`,
    );
  });

  after(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await s3?.stop();
    await redis?.stop();
    await database?.drop();
  });

  async function call(method: string, path: string, token: string | undefined, json?: unknown) {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(json ? { 'content-type': 'application/json' } : {}),
      },
      body: json ? JSON.stringify(json) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  it('relays a task the worker process runs to a WebSocket client of the API process, in order and promptly', async () => {
    const login = await call('POST', '/auth/login', undefined, {
      username: admin.email,
      password: admin.password,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.access_token as string;
    const project = await call('POST', '/projects', token, { name: 'cross-process', source_type: 'zip' });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    const upload = await uploadZip(
      base,
      token,
      project.body.id,
      await zipOf({ ...bulkFiles(300), ...vulnerableFiles }),
    );
    assert.equal(upload.status, 200, JSON.stringify(upload.body));

    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/ws`, ['bearer', token]);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    const received: Array<{ message: WsServerMessage; receivedAtMs: number }> = [];
    let notify: (() => void) | undefined;
    ws.on('message', (data) => {
      received.push({ message: JSON.parse(data.toString()) as WsServerMessage, receivedAtMs: Date.now() });
      notify?.();
    });
    const until = async (accept: () => boolean, what: string) => {
      const deadline = Date.now() + 120_000;
      while (!accept()) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; worker: ${worker.output().slice(-2000)}`);
        await new Promise<void>((r) => {
          notify = r;
          setTimeout(r, 500);
        });
      }
    };

    // The task starts at once; the client subscribes right after, long before 300 files are scanned.
    const task = await call('POST', '/tasks', token, { project_id: project.body.id });
    assert.equal(task.status, 201, JSON.stringify(task.body));
    ws.send(JSON.stringify({ type: 'subscribe', data: { task_id: task.body.id } }));
    await until(() => received.some((r) => r.message.type === 'subscribed'), 'the subscription');
    await until(
      () => received.some((r) => r.message.type === 'task_completed' || r.message.type === 'task_failed'),
      'the end of the task',
    );
    ws.close();

    const events = received.filter((r) =>
      ['task_progress', 'finding', 'task_completed', 'task_failed'].includes(r.message.type),
    );
    const end = events.at(-1)?.message;
    assert.equal(end?.type, 'task_completed', JSON.stringify(end));
    const progress = events.flatMap((r) =>
      r.message.type === 'task_progress' ? [r.message.data.progress] : [],
    );
    assert.ok(progress.length >= 2, `progress events: ${progress.length}`);
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => a - b),
      'progress out of order',
    );
    const findings = events.filter((r) => r.message.type === 'finding');
    assert.ok(findings.length >= 3, `finding events: ${findings.length}`);
    assert.ok(end?.type === 'task_completed' && end.data.total_issues >= findings.length);
    // Every event carries its publication time; the same clock reads its arrival.
    const delays = events.map((r) => r.receivedAtMs - Date.parse(r.message.timestamp));
    const sorted = [...delays].sort((a, b) => a - b);
    console.log(
      `[figure] cross-process live events: ${events.length} (${progress.length} progress, ${findings.length} findings); delay p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`,
    );
    assert.ok(sorted.at(-1)! <= 1000, `an event took ${sorted.at(-1)} ms to arrive`);
  });
});
