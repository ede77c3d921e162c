/**
 * Test support: the real server (every role, via `startServer`) in either run mode, for HTTP tests.
 *
 * - `embedded`: PGlite in a temporary data folder, pg-boss, folder storage, in-process cache and rate limits.
 * - `production`: a fresh PostgreSQL database, a redis-server of its own (so BullMQ, the cache and the rate-limit
 *   counters of parallel test files never meet), and s3rver.
 *
 * The clock is movable, mail lands in an outbox, argon2 runs with test-sized costs, and every log line is kept so a
 * test can check what was (not) logged. One server per test file and mode: `before` starts it, `after` stops it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type AppConfig } from '@xcr/contracts';
import type { TokenResponse } from '@xcr/contracts/api/index';
import { createArgon2PasswordHasher } from '@xcr/adapters/auth/argon2-password-hasher';
import { createMemoryMailer, type MemoryMailer } from '@xcr/adapters/auth/memory-mailer';
import { createDatabase } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import type { Repositories, UserRecord, UserRole } from '@xcr/core/ports/repositories';
import { createTestDatabaseUrl } from '@xcr/testkit/services/test-database';
import { startOwnRedisServer } from '@xcr/testkit/services/redis-server';
import { startS3rver } from '@xcr/testkit/services/s3-server';
import { createLogger } from '../observability/logger.ts';
import { startServer, type RunningServer } from '../server.ts';
import type { RuntimeOverrides } from '../runtime.ts';

/** The two run modes. */
export type TestMode = 'embedded' | 'production';

/** A clock the test moves; starts at the real time. */
export interface TestClock {
  now(): Date;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Back to the real time. */
  reset(): void;
}

/** Options of `createTestServer`. */
export interface TestServerOptions {
  mode: TestMode;
  /** Extra environment variables (XCR_REGISTRATION, XCR_RATE_LIMIT_PER_MIN, ...). Rate limits default to very high. */
  env?: Record<string, string>;
  /** Log level of the captured log; `info` by default. */
  logLevel?: AppConfig['logLevel'];
  /** Adapters to use instead of the defaults (a host resolver the test controls, say). */
  overrides?: Pick<RuntimeOverrides, 'hostLookup'>;
}

/** A fetch answer with the body parsed when it is JSON (`any` by default: tests assert on it field by field). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Options of one `request`. */
export interface RequestOptions {
  token?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A running test server and helpers around it. */
export interface TestServer {
  mode: TestMode;
  baseUrl: string;
  config: AppConfig;
  /** The signing key, for tests that forge tokens. */
  secretKey: string;
  running: RunningServer;
  repos: Repositories;
  clock: TestClock;
  mailer: MemoryMailer;
  admin: { username: string; email: string; password: string };
  /** Every log line written so far, as text. */
  logText(): string;
  /** Fastify inject (no socket). */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Real HTTP to `baseUrl + path`; `path` starts with `/`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as HttpAnswer
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer<T>>;
  /** Creates a user straight in the database (no API call, no rate limit). */
  createUser(input?: { role?: UserRole; password?: string; username?: string; email?: string; forcePasswordChange?: boolean; isActive?: boolean }): Promise<{ user: UserRecord; password: string }>;
  /** Logs in through the API and returns the token pair. */
  login(login: string, password: string): Promise<TokenResponse>;
  /** A fresh user of `role`, logged in. */
  loginAs(role: UserRole): Promise<{ user: UserRecord; password: string; tokens: TokenResponse }>;
  stop(): Promise<void>;
}

const secretKey = 'test-signing-key-0123456789-abcdefghijklmnop';
let sequence = 0;

/** A name unique within the process, for usernames and emails. */
export function uniqueName(prefix = 'user'): string {
  sequence += 1;
  return `${prefix}${process.pid}x${sequence}x${Math.random().toString(36).slice(2, 6)}`;
}

function createTestClock(): TestClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
    reset: () => {
      offsetMs = 0;
    },
  };
}

/** Starts the server in `mode`; stop it with `stop()`. */
export async function createTestServer(options: TestServerOptions): Promise<TestServer> {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };
  try {
    const admin = { username: 'admin', email: `admin-${uniqueName('a')}@example.test`, password: 'test-admin-passphrase-42' };
    const env: Record<string, string> = {
      XCR_SECRET_KEY: secretKey,
      XCR_ENCRYPTION_KEY: 'b'.repeat(64),
      XCR_ADMIN_EMAIL: admin.email,
      XCR_ADMIN_PASSWORD: admin.password,
      XCR_PORT: '0',
      XCR_HOST: '127.0.0.1',
      XCR_RATE_LIMIT_PER_MIN: '100000',
      XCR_RATE_LIMIT_PER_HOUR: '1000000',
      XCR_RATE_LIMIT_AUTH_PER_MIN: '100000',
    };
    // A data folder of its own in both modes: production mode keeps only scratch files there (upload and audit
    // work folders), but servers of tests running side by side must not see each other's.
    const dataDir = mkdtempSync(join(tmpdir(), 'xcr-http-test-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    env.XCR_DATA_DIR = dataDir;
    if (options.mode === 'production') {
      const database = await createTestDatabaseUrl();
      cleanups.push(() => database.drop());
      const handle = await createDatabase({ kind: 'postgres', url: database.url, poolMax: 2, statementTimeoutMs: 30_000 });
      try {
        await migrateToLatest(handle);
      } finally {
        await handle.close();
      }
      const redis = await startOwnRedisServer();
      cleanups.push(() => redis.stop());
      const s3 = await startS3rver({ createBucket: true });
      cleanups.push(() => s3.stop());
      Object.assign(env, {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        XCR_S3_ENDPOINT: s3.endpoint,
        XCR_S3_BUCKET: s3.bucket,
        XCR_S3_ACCESS_KEY: s3.accessKeyId,
        XCR_S3_SECRET_KEY: s3.secretAccessKey,
      });
    }
    const loaded = loadConfig({ ...env, ...options.env });
    if (!loaded.ok) throw new Error(`test configuration: ${loaded.problems.join('; ')}`);
    const config = loaded.config;

    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger(options.logLevel ?? 'info', { destination });
    const clock = createTestClock();
    const mailer = createMemoryMailer();
    const passwordHasher = createArgon2PasswordHasher({ memoryCostKib: 1024, timeCost: 1 });
    const running = await startServer(config, ['api', 'worker', 'scheduler'], logger, { ...options.overrides, clock: clock.now, mailer, passwordHasher });
    cleanups.push(() => running.stop());
    const http = running.http!;
    const baseUrl = `http://127.0.0.1:${running.port}`;
    const repos = running.runtime.repos;

    async function request<T>(method: string, path: string, req: RequestOptions = {}): Promise<HttpAnswer<T>> {
      const headers: Record<string, string> = { ...req.headers };
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      let body: string | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(req.form).toString();
      }
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await res.text();
      const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
      return { status: res.status, headers: res.headers, body: (isJson && text ? JSON.parse(text) : text) as T };
    }

    async function login(name: string, password: string): Promise<TokenResponse> {
      const res = await request<TokenResponse>('POST', '/api/v1/auth/login', { json: { username: name, password } });
      if (res.status !== 200) throw new Error(`login of ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    }

    async function createUser(input: Parameters<TestServer['createUser']>[0] = {}) {
      const username = input.username ?? uniqueName(input.role ?? 'user');
      const password = input.password ?? `pass-${uniqueName('pw')}-phrase`;
      const user = await repos.users.create({
        username,
        email: input.email ?? `${username}@example.test`,
        password_hash: await passwordHasher.hash(password),
        role: input.role ?? 'user',
        force_password_change: input.forcePasswordChange ?? false,
        is_active: input.isActive ?? true,
      });
      return { user, password };
    }

    return {
      mode: options.mode,
      baseUrl,
      config,
      secretKey,
      running,
      repos,
      clock,
      mailer,
      admin,
      logText: () => lines.join(''),
      inject: (injectOptions) => http.inject(injectOptions),
      request,
      createUser,
      login,
      async loginAs(role) {
        const { user, password } = await createUser({ role });
        return { user, password, tokens: await login(user.username, password) };
      },
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The modes a suite runs in: both by default; `XCR_TEST_MODES=embedded` narrows it. */
export function testModes(): TestMode[] {
  const only = process.env.XCR_TEST_MODES?.split(',').map((m) => m.trim());
  const all: TestMode[] = ['embedded', 'production'];
  return only ? all.filter((m) => only.includes(m)) : all;
}
