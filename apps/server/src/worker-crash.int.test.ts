// A worker killed with SIGKILL in the middle of an audit (production mode: PostgreSQL, Redis with BullMQ, S3):
// once the queue notices the dead worker (its job lock lapses, about 30 s with BullMQ's defaults), a new worker
// takes the job over and the task completes with exactly the findings a clean run stores, none twice.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@xcr/contracts';
import type { TaskResponse } from '@xcr/contracts/api/index';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import type { Repositories } from '@xcr/core/ports/repositories';
import { startOwnRedisServer, type OwnRedisServer } from '@xcr/testkit/services/redis-server';
import { startS3rver, type TestS3Server } from '@xcr/testkit/services/s3-server';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { bulkFiles, uploadZip, vulnerableFiles, zipOf } from './http/routes/audit-test-kit.ts';
import { createLogger } from './observability/logger.ts';
import { startServer, type RunningServer } from './server.ts';

const root = new URL('../../../', import.meta.url).pathname;

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts `xcr serve --roles worker` and resolves once it says it works. */
async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(root, 'apps/cli/bin/xcr.js'), 'serve', '--roles', 'worker'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output.slice(-2000)}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes('"msg":"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${output.slice(-2000)}`)));
  });
  // Keep reading so a full pipe never blocks the child.
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, exited };
}

describe('a worker killed in the middle of an audit', { timeout: 300_000 }, () => {
  let database: TestDatabase;
  let redis: OwnRedisServer;
  let s3: TestS3Server;
  let dataDir: string;
  let api: RunningServer;
  let env: Record<string, string>;
  let repos: Repositories;
  let closeRepos: () => Promise<void>;
  let baseUrl: string;
  let token: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    database = await createTestDatabaseUrl();
    const handle = await createDatabase({
      kind: 'postgres',
      url: database.url,
      poolMax: 2,
      statementTimeoutMs: 30_000,
    });
    await migrateToLatest(handle);
    repos = createRepositories(handle.db);
    closeRepos = () => handle.close();
    redis = await startOwnRedisServer();
    s3 = await startS3rver({ createBucket: true });
    dataDir = mkdtempSync(join(tmpdir(), 'xcr-worker-crash-'));
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      XCR_S3_ENDPOINT: s3.endpoint,
      XCR_S3_BUCKET: s3.bucket,
      XCR_S3_ACCESS_KEY: s3.accessKeyId,
      XCR_S3_SECRET_KEY: s3.secretAccessKey,
      XCR_SECRET_KEY: 'k'.repeat(40),
      XCR_ENCRYPTION_KEY: 'c'.repeat(64),
      XCR_ADMIN_EMAIL: 'ops@example.com',
      XCR_ADMIN_PASSWORD: 'a-long-admin-passphrase',
      XCR_DATA_DIR: dataDir,
      XCR_PORT: '0',
      XCR_HOST: '127.0.0.1',
      XCR_LOG_LEVEL: 'info',
      XCR_RATE_LIMIT_PER_MIN: '100000',
      XCR_RATE_LIMIT_PER_HOUR: '1000000',
    };
    const loaded = loadConfig({ ...env, XCR_LOG_LEVEL: 'silent' });
    assert.ok(loaded.ok);
    api = await startServer(loaded.config, ['api'], createLogger('silent'));
    baseUrl = `http://127.0.0.1:${api.port}`;
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: env.XCR_ADMIN_EMAIL, password: env.XCR_ADMIN_PASSWORD }),
    });
    token = ((await login.json()) as { access_token: string }).access_token;
  });

  after(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGTERM');
        await worker.exited;
      }
    }
    await api?.stop();
    await closeRepos?.();
    await s3?.stop();
    await redis?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function waitFor(
    taskId: string,
    accept: (task: TaskResponse) => boolean,
    timeoutMs: number,
  ): Promise<TaskResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call<TaskResponse>('GET', `/tasks/${taskId}`);
      if (accept(body) || Date.now() > deadline) return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const isFinished = (task: TaskResponse) => ['completed', 'failed', 'cancelled'].includes(task.status);

  it('completes the task after a restart, with no finding stored twice', async () => {
    const project = await call<{ id: string }>('POST', '/projects', {
      name: 'big enough to kill',
      source_type: 'zip',
    });
    assert.equal(project.status, 201);
    const upload = await uploadZip(
      baseUrl,
      token,
      project.body.id,
      await zipOf({ ...bulkFiles(400), ...vulnerableFiles }),
    );
    assert.equal(upload.status, 200, JSON.stringify(upload.body));

    workers.push(await startWorker(env));
    const created = await call<TaskResponse>('POST', '/tasks', { project_id: project.body.id });
    assert.equal(created.status, 201);
    const taskId = created.body.id;
    const midway = await waitFor(taskId, (task) => task.progress > 10 || isFinished(task), 120_000);
    assert.equal(midway.status, 'running', 'the audit must still be running when the worker dies');
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited;
    const killedAt = Date.now();
    const orphan = await call<TaskResponse>('GET', `/tasks/${taskId}`);
    assert.equal(orphan.body.status, 'running');
    assert.ok(orphan.body.progress > 10 && orphan.body.progress < 100);

    workers.push(await startWorker(env));
    const done = await waitFor(taskId, isFinished, 180_000);
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.equal(done.progress, 100);
    assert.equal(done.retry_count, 0, 'taken over by the queue, not retried by a user');
    assert.equal(done.files_scanned, 403);
    console.log(
      `[figure] worker crash: task completed ${Date.now() - killedAt} ms after SIGKILL (progress ${orphan.body.progress} % at the kill)`,
    );

    const crashed = await repos.findings.list({ task_id: taskId, page_size: 100 });
    const crashedFingerprints = crashed.items.map((f) => f.fingerprint);
    assert.ok(crashed.total >= 3);
    assert.equal(new Set(crashedFingerprints).size, crashed.total, 'no fingerprint twice');

    // A clean run of the same code stores the same findings.
    const clean = await call<TaskResponse>('POST', '/tasks', { project_id: project.body.id });
    const cleanDone = await waitFor(clean.body.id, isFinished, 120_000);
    assert.equal(cleanDone.status, 'completed');
    const cleanFindings = await repos.findings.list({ task_id: clean.body.id, page_size: 100 });
    assert.equal(cleanFindings.total, crashed.total);
    assert.deepEqual(new Set(cleanFindings.items.map((f) => f.fingerprint)), new Set(crashedFingerprints));
    assert.equal(cleanDone.total_issues, done.total_issues);
    assert.equal(cleanDone.critical_issues, done.critical_issues);
  });
});
