import { z } from 'zod';
import { envBool, envInt, envList, envString, envUrl } from './env.ts';

/** HTTP server. */
export const HttpEnv = z.object({
  XCR_PORT: envInt(8000, 0, 65535).describe('TCP port the API (and embedded web UI) listens on'),
  XCR_HOST: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().default('0.0.0.0'))
    .describe('Interface to bind; 127.0.0.1 keeps the server local'),
  XCR_CORS_ORIGINS: envList([]).describe('Comma-separated origins allowed by CORS and the WebSocket origin check; empty allows same-origin only'),
  XCR_PUBLIC_URL: envUrl(['http:', 'https:']).describe('Public base URL, used in links the server builds'),
  XCR_TRUST_PROXY: envBool(false).describe('Trust X-Forwarded-* headers from a reverse proxy'),
  XCR_SHUTDOWN_TIMEOUT_MS: envInt(10_000, 1_000, 120_000).describe('Longest a graceful shutdown may take before the process exits'),
  XCR_BODY_LIMIT_BYTES: envInt(1_048_576, 1024, 104_857_600).describe('Largest JSON request body accepted'),
  XCR_UPLOAD_MAX_BYTES: envInt(104_857_600, 1024, 2_147_483_648).describe('Largest ZIP a project upload may be (the archive itself; extraction limits apply on top)'),
  XCR_GIT_ALLOW_PRIVATE_HOSTS: envBool(false).describe('Let audits clone from loopback, private and link-local addresses and internal names (single-label, .internal, .local: an internal Git server); off, such hosts are refused to prevent SSRF'),
});

/** Database. */
export const DbEnv = z.object({
  DATABASE_URL: envUrl(['postgres:', 'postgresql:']).describe('PostgreSQL connection URL; unset runs the embedded PGlite database in XCR_DATA_DIR'),
  XCR_DATA_DIR: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().default('./data'))
    .describe('Folder for embedded data: database, objects, caches'),
  XCR_DB_POOL_MAX: envInt(10, 1, 200).describe('Connections in the PostgreSQL pool'),
  XCR_DB_STATEMENT_TIMEOUT_MS: envInt(30_000, 100, 600_000).describe('Statement timeout on PostgreSQL'),
  XCR_DB_CONNECT_TIMEOUT_MS: envInt(2_000, 100, 60_000).describe('Longest a query waits for a pool connection (a free one, or a new one to PostgreSQL); past it the API answers 503 with Retry-After'),
  XCR_DB_PREPARED_STATEMENTS: envBool(true).describe('Run queries as named prepared statements on PostgreSQL (parsed once per connection, plans reused); turn off behind a pooler that cannot carry them (PgBouncer in transaction mode before 1.21)'),
});

/** Queue, cache, pub/sub. */
export const QueueEnv = z.object({
  REDIS_URL: envUrl(['redis:', 'rediss:']).describe('Redis URL; set, the queue is BullMQ and cache/pub-sub use Redis; unset, pg-boss and in-process'),
  XCR_QUEUE_CONCURRENCY: envInt(2, 1, 64).describe('Audit jobs one worker process runs at once'),
});

/** Object storage. */
export const StorageEnv = z.object({
  XCR_S3_ENDPOINT: envUrl(['http:', 'https:']).describe('S3-compatible endpoint (MinIO, AWS); unset stores objects under XCR_DATA_DIR/objects'),
  XCR_S3_BUCKET: envString().describe('Bucket for uploads and reports'),
  XCR_S3_ACCESS_KEY: envString().describe('S3 access key'),
  XCR_S3_SECRET_KEY: envString().describe('S3 secret key (secret)'),
  XCR_S3_REGION: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().default('us-east-1'))
    .describe('S3 region'),
  XCR_S3_FORCE_PATH_STYLE: envBool(true).describe('Path-style addressing (needed by MinIO)'),
  XCR_REPORT_RETENTION_DAYS: envInt(30, 1, 3650).describe('Days a generated report is kept before the cleanup job deletes it and its file'),
});

/** Authentication and secrets. */
export const AuthEnv = z.object({
  XCR_SECRET_KEY: envString().describe('JWT signing key, at least 32 characters; unset in embedded mode, one is generated and kept in XCR_DATA_DIR (secret)'),
  XCR_ENCRYPTION_KEY: envString().describe('Key for secrets at rest (AES-256-GCM), 32 bytes as base64 or 64 hex characters; unset in embedded mode, one is generated and kept in XCR_DATA_DIR (secret)'),
  XCR_ENCRYPTION_KEYS_OLD: envList([]).describe('Comma-separated previous encryption keys, still accepted for reading secrets until `xcr secrets rotate` re-encrypts them with XCR_ENCRYPTION_KEY (secret)'),
  XCR_ADMIN_EMAIL: envString().describe('Email of the admin created at first start when no admin exists'),
  XCR_ADMIN_PASSWORD: envString().describe('Password of that admin; unset, one is generated, printed once to the log, and must be changed at first login (secret)'),
  XCR_ACCESS_TOKEN_TTL_S: envInt(900, 60, 86_400).describe('Access token lifetime in seconds'),
  XCR_REFRESH_TOKEN_TTL_S: envInt(604_800, 3_600, 7_776_000).describe('Refresh token lifetime in seconds'),
  XCR_REGISTRATION: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['open', 'admin_only']).default('open'))
    .describe('Who may register accounts: open, or admin_only'),
});

/** Request rate limits of the API (Redis-backed with REDIS_URL, in-process otherwise). */
export const RateLimitEnv = z.object({
  XCR_RATE_LIMIT_PER_MIN: envInt(60, 1, 1_000_000).describe('API requests per minute, per user when authenticated, else per client IP'),
  XCR_RATE_LIMIT_PER_HOUR: envInt(1_000, 1, 10_000_000).describe('API requests per hour, per user when authenticated, else per client IP'),
  XCR_RATE_LIMIT_AUTH_PER_MIN: envInt(10, 1, 1_000_000).describe('Login, registration and password-reset attempts per minute, per client IP and account name'),
});

/** Logging and telemetry. */
export const LogEnv = z.object({
  XCR_LOG_LEVEL: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
    .describe('Log level'),
  XCR_ENV: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().max(40).default('local'))
    .describe('Environment name put on every log line and trace (e.g. staging, production)'),
  XCR_OTEL_ENDPOINT: envUrl(['http:', 'https:']).describe('OTLP/HTTP endpoint for traces; OTEL_EXPORTER_OTLP_ENDPOINT is honoured too. Unset, no traces are exported'),
  XCR_ROLES: envList(['api', 'worker', 'scheduler']).describe('Roles this process runs when `xcr serve` gets no --roles: api, worker, scheduler'),
});

/** Every subsystem, in the order the docs list them. */
export const configSubsystems = {
  http: HttpEnv,
  db: DbEnv,
  queue: QueueEnv,
  storage: StorageEnv,
  auth: AuthEnv,
  rateLimit: RateLimitEnv,
  log: LogEnv,
} as const;

/** Variables whose values never appear in logs, docs or responses. */
export const secretEnvNames = ['DATABASE_URL', 'REDIS_URL', 'XCR_S3_SECRET_KEY', 'XCR_SECRET_KEY', 'XCR_ENCRYPTION_KEY', 'XCR_ENCRYPTION_KEYS_OLD', 'XCR_ADMIN_PASSWORD'] as const;
