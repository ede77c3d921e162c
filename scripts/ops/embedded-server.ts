// Starts `xcr serve` on a free port for the tests of the operations scripts and for `npm run load` without a base
// URL: by default in embedded mode (PGlite, pg-boss, local storage) in a fresh data folder; with
// `mode: 'production'` on a fresh PostgreSQL database and Redis (BullMQ, Redis cache, pub/sub and rate limits).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { startOwnRedisServer } from '@xcr/testkit/services/redis-server';
import { createTestDatabaseUrl } from '@xcr/testkit/services/test-database';

const root = new URL('../../', import.meta.url).pathname;

/** A running server and the admin it was started with. */
export interface EmbeddedServer {
  baseUrl: string;
  port: number;
  admin: { login: string; password: string };
  child: ChildProcess;
  mode: 'embedded' | 'production';
  /** The PostgreSQL database of a production-mode server (for seeding); undefined in embedded mode. */
  databaseUrl?: string;
  /** Stops the server (SIGTERM) and removes its data folder (and database and own Redis in production mode). */
  stop(): Promise<void>;
}

/** Options: run mode, extra environment, and how long to wait for /ready. */
export interface StartOptions {
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** `embedded` (default): PGlite and pg-boss, every role. `production`: PostgreSQL and Redis, roles api and worker. */
  mode?: 'embedded' | 'production';
  /** Production mode: the Redis to use; default a redis-server of its own, so no other user's keys are touched. */
  redisUrl?: string;
  /** Extra arguments for node before the script, e.g. `--cpu-prof --cpu-prof-dir=<dir>` to profile the server. */
  nodeArgs?: string[];
}

type Cleanup = () => Promise<void> | void;

/**
 * Spawns `node apps/cli/bin/xcr.js serve` with XCR_PORT=0, reads the port from the "server started" log line,
 * and waits until /ready answers 200. Rate limits are raised so load runs measure the server, not the limiter
 * (the limiter still counts every request).
 */
export async function startEmbeddedServer(options: StartOptions = {}): Promise<EmbeddedServer> {
  const mode = options.mode ?? 'embedded';
  const dataDir = mkdtempSync(join(tmpdir(), 'xcr-ops-'));
  const cleanups: Cleanup[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  const admin = {
    login: 'ops-admin@example.com',
    password: `Ops-${randomBytes(12).toString('base64url')}-9`,
  };
  const env: Record<string, string> = {
    XCR_DATA_DIR: dataDir,
    XCR_PORT: '0',
    XCR_HOST: '127.0.0.1',
    XCR_LOG_LEVEL: 'info',
    XCR_ADMIN_EMAIL: admin.login,
    XCR_ADMIN_PASSWORD: admin.password,
    XCR_RATE_LIMIT_PER_MIN: '1000000',
    XCR_RATE_LIMIT_PER_HOUR: '10000000',
    XCR_RATE_LIMIT_AUTH_PER_MIN: '1000',
  };
  try {
    let databaseUrl: string | undefined;
    if (mode === 'production') {
      databaseUrl = await prepareProduction(env, options.redisUrl, cleanups);
    }
    const started = await spawnServe({ ...env, ...options.env }, options.nodeArgs ?? [], {
      logPath: join(dataDir, 'server.log'),
      readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    });
    cleanups.push(started.stop);
    let stopped: Promise<void> | undefined;
    return {
      baseUrl: started.baseUrl,
      port: started.port,
      admin,
      child: started.child,
      mode,
      databaseUrl,
      stop() {
        stopped ??= cleanup();
        return stopped;
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * A fresh database migrated as `xcr db migrate` would, and Redis; fills the production variables into `env`.
 * Returns the database URL.
 */
async function prepareProduction(
  env: Record<string, string>,
  redisUrl: string | undefined,
  cleanups: Cleanup[],
): Promise<string> {
  const database = await createTestDatabaseUrl({ prefix: 'xcr_load' });
  cleanups.push(() => database.drop());
  const handle = await createDatabase({
    kind: 'postgres',
    url: database.url,
    poolMax: 2,
    statementTimeoutMs: 60_000,
  });
  try {
    await migrateToLatest(handle);
  } finally {
    await handle.close();
  }
  let url = redisUrl;
  if (!url) {
    const redis = await startOwnRedisServer();
    cleanups.push(() => redis.stop());
    url = redis.url;
  }
  Object.assign(env, {
    DATABASE_URL: database.url,
    REDIS_URL: url,
    XCR_ROLES: 'api,worker',
    XCR_SECRET_KEY: randomBytes(32).toString('base64url'),
    XCR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  });
  return database.url;
}

/**
 * Starts `xcr serve` with `env` on top of this process's environment; resolves once /ready answers 200. The log
 * goes to `logPath`, as a container runtime would write it: a pipe to this process would make the server's log
 * writes wait on the load generator reading them.
 */
async function spawnServe(
  env: Record<string, string>,
  nodeArgs: readonly string[],
  options: { logPath: string; readyTimeoutMs: number },
): Promise<{ baseUrl: string; port: number; child: ChildProcess; stop: () => Promise<void> }> {
  const logFd = openSync(options.logPath, 'a');
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'apps/cli/bin/xcr.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', logFd, 'pipe'],
  });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  try {
    const deadline = Date.now() + options.readyTimeoutMs;
    const port = await readStartedPort(
      options.logPath,
      () => child.exitCode !== null || child.signalCode !== null,
      deadline,
    );
    if (port === undefined) {
      const log = readFileSync(options.logPath, 'utf8').slice(-4000);
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) or did not start in time: ${stderr}${log}`,
      );
    }
    const baseUrl = `http://127.0.0.1:${port}`;
    for (;;) {
      const res = await fetch(`${baseUrl}/ready`).catch(() => undefined);
      if (res?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`server not ready at ${baseUrl}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { baseUrl, port, child, stop };
  } catch (err) {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    throw err;
  }
}

/** Reads the log file until its "server started" line; undefined when the server ended first or `deadline` passed. */
async function readStartedPort(
  logPath: string,
  hasExited: () => boolean,
  deadline: number,
): Promise<number | undefined> {
  let offset = 0;
  let partial = '';
  while (Date.now() <= deadline) {
    const text = readFileSync(logPath).subarray(offset);
    offset += text.length;
    const lines = (partial + text.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'server started' && typeof entry.port === 'number') return entry.port;
      } catch {
        // not a log line
      }
    }
    if (hasExited()) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
