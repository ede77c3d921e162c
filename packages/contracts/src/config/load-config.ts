import { z } from 'zod';
import { AuthEnv, configSubsystems, DbEnv, HttpEnv, LogEnv, QueueEnv, RateLimitEnv, StorageEnv } from './subsystems.ts';

/** A process role; `xcr serve` runs any subset in one process. */
export const Role = z.enum(['api', 'worker', 'scheduler']);
export type Role = z.infer<typeof Role>;

/** The typed configuration every composition root receives. */
export interface AppConfig {
  http: {
    port: number;
    host: string;
    corsOrigins: string[];
    publicUrl?: string;
    trustProxy: boolean;
    shutdownTimeoutMs: number;
    bodyLimitBytes: number;
    uploadMaxBytes: number;
  };
  git: {
    /** Clone from private, loopback and link-local addresses (an internal Git server). */
    allowPrivateHosts: boolean;
  };
  /** Embedded PGlite in a data folder, or an external PostgreSQL. */
  db:
    | { kind: 'pglite'; dataDir: string }
    | { kind: 'postgres'; url: string; poolMax: number; statementTimeoutMs: number; connectTimeoutMs: number; preparedStatements: boolean };
  dataDir: string;
  /** pg-boss on the database, or BullMQ on Redis. */
  queue: { kind: 'pgboss' } | { kind: 'bullmq'; redisUrl: string };
  queueConcurrency: number;
  /** Cache and pub/sub: in-process, or Redis. */
  redisUrl?: string;
  storage:
    | { kind: 'fs'; root: string }
    | { kind: 's3'; endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string; forcePathStyle: boolean };
  /** Generated reports older than this are deleted (row and stored file) by `maintenance.cleanup`. */
  reportRetentionDays: number;
  auth: {
    secretKey?: string;
    encryptionKey?: string;
    /** Keys secrets may still be encrypted with; read-only until `xcr secrets rotate` moves them to `encryptionKey`. */
    previousEncryptionKeys: string[];
    adminEmail?: string;
    adminPassword?: string;
    accessTokenTtlS: number;
    refreshTokenTtlS: number;
    registration: 'open' | 'admin_only';
  };
  /** API request limits: per user when authenticated, else per client IP; auth endpoints per IP and account name. */
  rateLimit: {
    perMinute: number;
    perHour: number;
    authPerMinute: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  roles: Role[];
}

/** The outcome of loading: a config, or every problem found. */
export type LoadConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

type Env = Record<string, string | undefined>;

function collect<S extends z.ZodType>(schema: S, env: Env, problems: string[]): z.infer<S> | undefined {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const name = issue.path.join('.') || '(config)';
    const given = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = given === undefined || isSecretName(String(issue.path[0])) ? '' : ` (got "${given}")`;
    problems.push(`${name}: ${issue.message}${shown}`);
  }
  return undefined;
}

function isSecretName(name: string): boolean {
  return /KEY|PASSWORD|SECRET|TOKEN|DATABASE_URL|REDIS_URL/.test(name);
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/**
 * Builds the configuration from environment variables, and optionally from values read out of a config file
 * (same names; the environment wins). Pure: reads nothing itself. Lists every problem rather than the first.
 */
export function loadConfig(env: Env, fileValues: Env = {}): LoadConfigResult {
  const merged: Env = { ...fileValues, ...env };
  const problems: string[] = [];
  const http = collect(HttpEnv, merged, problems);
  const db = collect(DbEnv, merged, problems);
  const queue = collect(QueueEnv, merged, problems);
  const storage = collect(StorageEnv, merged, problems);
  const auth = collect(AuthEnv, merged, problems);
  const rateLimit = collect(RateLimitEnv, merged, problems);
  const log = collect(LogEnv, merged, problems);

  const roles: Role[] = [];
  for (const r of log?.XCR_ROLES ?? []) {
    const parsed = Role.safeParse(r);
    if (parsed.success) roles.push(parsed.data);
    else problems.push(`XCR_ROLES: unknown role "${r}" (expected api, worker or scheduler)`);
  }
  if (storage) {
    const s3Fields = ['XCR_S3_ENDPOINT', 'XCR_S3_BUCKET', 'XCR_S3_ACCESS_KEY', 'XCR_S3_SECRET_KEY'] as const;
    const set = s3Fields.filter((f) => storage[f] !== undefined);
    if (set.length > 0 && set.length < s3Fields.length) {
      problems.push(`XCR_S3_*: ${s3Fields.filter((f) => storage[f] === undefined).join(', ')} must be set too when ${set.join(', ')} is set`);
    }
  }
  if (auth?.XCR_SECRET_KEY !== undefined && auth.XCR_SECRET_KEY.length < 32) {
    problems.push('XCR_SECRET_KEY: must be at least 32 characters');
  }
  if (auth?.XCR_ENCRYPTION_KEY !== undefined && !isEncryptionKey(auth.XCR_ENCRYPTION_KEY)) {
    problems.push('XCR_ENCRYPTION_KEY: must be 32 bytes written as 64 hex characters or as base64');
  }
  const badOldKeys = (auth?.XCR_ENCRYPTION_KEYS_OLD ?? []).filter((key) => !isEncryptionKey(key)).length;
  if (badOldKeys > 0) {
    problems.push(`XCR_ENCRYPTION_KEYS_OLD: ${badOldKeys} key(s) are not 32 bytes written as 64 hex characters or as base64`);
  }
  if (!http || !db || !queue || !storage || !auth || !rateLimit || !log || problems.length > 0) {
    return { ok: false, problems };
  }

  const config: AppConfig = {
    http: {
      port: http.XCR_PORT,
      host: http.XCR_HOST,
      corsOrigins: http.XCR_CORS_ORIGINS,
      publicUrl: http.XCR_PUBLIC_URL,
      trustProxy: http.XCR_TRUST_PROXY,
      shutdownTimeoutMs: http.XCR_SHUTDOWN_TIMEOUT_MS,
      bodyLimitBytes: http.XCR_BODY_LIMIT_BYTES,
      uploadMaxBytes: http.XCR_UPLOAD_MAX_BYTES,
    },
    git: { allowPrivateHosts: http.XCR_GIT_ALLOW_PRIVATE_HOSTS },
    db: db.DATABASE_URL
      ? {
          kind: 'postgres',
          url: db.DATABASE_URL,
          poolMax: db.XCR_DB_POOL_MAX,
          statementTimeoutMs: db.XCR_DB_STATEMENT_TIMEOUT_MS,
          connectTimeoutMs: db.XCR_DB_CONNECT_TIMEOUT_MS,
          preparedStatements: db.XCR_DB_PREPARED_STATEMENTS,
        }
      : { kind: 'pglite', dataDir: joinPath(db.XCR_DATA_DIR, 'db') },
    dataDir: db.XCR_DATA_DIR,
    queue: queue.REDIS_URL ? { kind: 'bullmq', redisUrl: queue.REDIS_URL } : { kind: 'pgboss' },
    queueConcurrency: queue.XCR_QUEUE_CONCURRENCY,
    redisUrl: queue.REDIS_URL,
    storage:
      storage.XCR_S3_ENDPOINT && storage.XCR_S3_BUCKET && storage.XCR_S3_ACCESS_KEY && storage.XCR_S3_SECRET_KEY
        ? {
            kind: 's3',
            endpoint: storage.XCR_S3_ENDPOINT,
            bucket: storage.XCR_S3_BUCKET,
            accessKeyId: storage.XCR_S3_ACCESS_KEY,
            secretAccessKey: storage.XCR_S3_SECRET_KEY,
            region: storage.XCR_S3_REGION,
            forcePathStyle: storage.XCR_S3_FORCE_PATH_STYLE,
          }
        : { kind: 'fs', root: joinPath(db.XCR_DATA_DIR, 'objects') },
    reportRetentionDays: storage.XCR_REPORT_RETENTION_DAYS,
    auth: {
      secretKey: auth.XCR_SECRET_KEY,
      encryptionKey: auth.XCR_ENCRYPTION_KEY,
      previousEncryptionKeys: auth.XCR_ENCRYPTION_KEYS_OLD,
      adminEmail: auth.XCR_ADMIN_EMAIL,
      adminPassword: auth.XCR_ADMIN_PASSWORD,
      accessTokenTtlS: auth.XCR_ACCESS_TOKEN_TTL_S,
      refreshTokenTtlS: auth.XCR_REFRESH_TOKEN_TTL_S,
      registration: auth.XCR_REGISTRATION,
    },
    rateLimit: {
      perMinute: rateLimit.XCR_RATE_LIMIT_PER_MIN,
      perHour: rateLimit.XCR_RATE_LIMIT_PER_HOUR,
      authPerMinute: rateLimit.XCR_RATE_LIMIT_AUTH_PER_MIN,
    },
    logLevel: log.XCR_LOG_LEVEL,
    roles,
  };
  return { ok: true, config };
}

function isEncryptionKey(value: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return true;
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(value);
}

/** One documented variable, for the generated `.env.example` and `docs/configuration.md`. */
export interface EnvVarDoc {
  subsystem: string;
  name: string;
  description: string;
  defaultValue?: string;
}

/** Lists every variable with its description and default, in schema order. */
export function describeConfig(): EnvVarDoc[] {
  const docs: EnvVarDoc[] = [];
  for (const [subsystem, schema] of Object.entries(configSubsystems)) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, { description?: string; default?: unknown }>;
    };
    for (const [name, field] of Object.entries(schema.shape)) {
      const prop = json.properties?.[name];
      const description = (field as z.ZodType).description ?? prop?.description ?? '';
      const def = defaultOf(field as z.ZodType);
      docs.push({ subsystem, name, description, defaultValue: def });
    }
  }
  return docs;
}

function defaultOf(schema: z.ZodType): string | undefined {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return undefined;
  return Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data);
}
