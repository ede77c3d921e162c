import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '@xcr/contracts';
import type { Cache } from '@xcr/core/ports/cache';
import type { JobQueue } from '@xcr/core/ports/job-queue';
import type { ObjectStore } from '@xcr/core/ports/object-store';
import type { Repositories } from '@xcr/core/ports/repositories';
import type { PubSub } from '@xcr/core/ports/pub-sub';
import type { PasswordHasher } from '@xcr/core/ports/password-hasher';
import { systemClock, type Clock } from '@xcr/core/ports/clock';
import type { Mailer } from '@xcr/core/ports/mailer';
import { createDatabase, type DatabaseHandle } from '@xcr/adapters/db/create-database';
import { migrateToLatest } from '@xcr/adapters/db/migrate';
import { createArgon2PasswordHasher } from '@xcr/adapters/auth/argon2-password-hasher';
import { createLogMailer } from '@xcr/adapters/auth/log-mailer';
import { createPgBossJobQueue } from '@xcr/adapters/queue/pgboss/index';
import { createBullMqJobQueue } from '@xcr/adapters/queue/bullmq/index';
import { createFsObjectStore } from '@xcr/adapters/storage/fs/index';
import { createS3ObjectStore } from '@xcr/adapters/storage/s3/index';
import { createMemoryCache } from '@xcr/adapters/cache/memory/index';
import { createRedisCache } from '@xcr/adapters/cache/redis/index';
import { createMemoryPubSub } from '@xcr/adapters/pubsub/memory/index';
import { createRedisPubSub } from '@xcr/adapters/pubsub/redis/index';
import { secretBoxFromKeys, type SecretBox } from '@xcr/adapters/crypto/secret-box';
import { createDbLlmResolver, type DbLlmResolver } from '@xcr/adapters/llm-settings/db-llm-resolver';
import { createRepositories } from '@xcr/adapters/db/repositories/index';
import { withUserRevisions } from '@xcr/core/auth/current-users';
import { withStatisticsCache } from '@xcr/core/statistics/statistics-cache';
import { systemHostLookup, type LookupAll } from '@xcr/adapters/source/git/git-url-guard';
import type { ReadinessCheck } from './http/readiness.ts';
import { createLlmMetrics, type LlmMetrics } from './observability/llm-metrics.ts';

/** Every adapter a role may use, built once per process from the configuration. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  queue: JobQueue;
  storage: ObjectStore;
  cache: Cache;
  /**
   * Every repository, for every role of this process: user writes replace the user's revision (current-users.ts)
   * and data writes the statistics generation (statistics-cache.ts), so what the API keeps between requests stays
   * current whichever process wrote.
   */
  repos: Repositories;
  pubsub: PubSub;
  passwordHasher: PasswordHasher;
  /** Where "now" comes from (token expiry, lockout, reset links). */
  clock: Clock;
  /** Delivers password reset links; the default writes them to the log (the body only in embedded mode). */
  mailer: Mailer;
  /** Resolves Git host names for the SSRF guard (API screening and the clone's pinning); tests inject their own. */
  hostLookup: LookupAll;
  /** Seals secrets at rest with XCR_ENCRYPTION_KEY; opens those sealed with it or XCR_ENCRYPTION_KEYS_OLD. */
  secretBox: SecretBox;
  /** The configured LLM providers, built once per row version (pacing and breaker state persist). */
  llmResolver: DbLlmResolver;
  /** Tokens, cost and latency of the resolver's LLM calls; startServer adds them to the metrics registry. */
  llmMetrics: LlmMetrics;
  /** What `/ready` checks. */
  readiness: ReadinessCheck[];
  /** Closes every connection; each step is attempted even when an earlier one fails. */
  close(): Promise<void>;
}

/** Adapters a caller supplies instead of the default ones: tests move the clock, read mail, hash cheaply. */
export type RuntimeOverrides = Partial<Pick<Runtime, 'clock' | 'mailer' | 'passwordHasher' | 'hostLookup'>>;

/**
 * Builds the adapters the configuration selects: PGlite or PostgreSQL, pg-boss or BullMQ, a folder or S3,
 * in-process or Redis cache and pub/sub. Applies migrations when the database is embedded.
 */
export async function createRuntime(config: AppConfig, logger: Logger, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const log = logger.child({ component: 'runtime' });
  // startServer fills the key in embedded mode and checkRoles demands it with PostgreSQL.
  if (!config.auth.encryptionKey) throw new Error('XCR_ENCRYPTION_KEY is not set: cannot open secrets at rest');
  const secretBox = secretBoxFromKeys(config.auth.encryptionKey, config.auth.previousEncryptionKeys);
  const database = await createDatabase(config.db, { logger: logger.child({ component: 'db' }) });
  const closers: Array<[string, () => Promise<void>]> = [];
  try {
    if (config.db.kind === 'pglite') {
      const { applied } = await migrateToLatest(database);
      if (applied.length > 0) log.info({ applied }, 'database migrated');
    }
    const queue =
      config.queue.kind === 'bullmq'
        ? createBullMqJobQueue({ redisUrl: config.queue.redisUrl, prefix: 'xcr' }, { logger: logger.child({ component: 'queue' }) })
        : createPgBossJobQueue(
            config.db.kind === 'postgres' ? { connectionString: config.db.url } : { db: { executeSql: database.executeSql } },
            { logger: logger.child({ component: 'queue' }) },
          );
    let storage: ObjectStore;
    if (config.storage.kind === 's3') {
      const s3 = createS3ObjectStore({
        endpoint: config.storage.endpoint,
        bucket: config.storage.bucket,
        accessKeyId: config.storage.accessKeyId,
        secretAccessKey: config.storage.secretAccessKey,
        region: config.storage.region,
        forcePathStyle: config.storage.forcePathStyle,
      });
      closers.push(['storage', async () => s3.close()]);
      storage = s3;
    } else {
      storage = createFsObjectStore({ root: config.storage.root });
    }
    const cache = config.redisUrl ? createRedisCache({ redisUrl: config.redisUrl, prefix: 'xcr:cache:' }) : createMemoryCache({ maxEntries: 10_000 });
    const pubsub = config.redisUrl ? createRedisPubSub({ redisUrl: config.redisUrl, prefix: 'xcr:events:' }) : createMemoryPubSub();
    closers.push(['pubsub', () => pubsub.close()], ['cache', () => cache.close()]);

    const readiness: ReadinessCheck[] = [
      { name: 'database', check: (signal) => database.ping(signal) },
      { name: 'queue', check: (signal) => queue.ping(signal) },
      { name: 'storage', check: (signal) => storage.ping(signal) },
    ];
    if (config.redisUrl) readiness.push({ name: 'redis', check: (signal) => cache.ping(signal) });
    const llmMetrics = createLlmMetrics();
    const repos = withStatisticsCache(withUserRevisions(createRepositories(database.db), cache), cache, {
      onInvalidateError: (err) => log.warn({ err }, 'statistics cache not invalidated; dashboard totals may lag by up to 5 minutes'),
    });
    const llmResolver = createDbLlmResolver({ repos, secretBox, logger, resilience: { onEvent: llmMetrics.onEvent } });

    return {
      config,
      logger,
      database,
      queue,
      storage,
      cache,
      repos,
      pubsub,
      passwordHasher: overrides.passwordHasher ?? createArgon2PasswordHasher(),
      clock: overrides.clock ?? systemClock,
      mailer: overrides.mailer ?? createLogMailer({ shouldLogBody: config.db.kind === 'pglite' }, { logger: logger.child({ component: 'mail' }) }),
      hostLookup: overrides.hostLookup ?? systemHostLookup,
      secretBox,
      llmResolver,
      llmMetrics,
      readiness,
      async close() {
        for (const [name, close] of [...closers, ['database', () => database.close()] as [string, () => Promise<void>]]) {
          try {
            await close();
          } catch (err) {
            log.warn({ err, component: name }, 'close failed');
          }
        }
      },
    };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}

/** Folder for temporary files of this process (uploads being streamed, extracted archives). */
export function temporaryDir(config: AppConfig): string {
  return join(config.dataDir, 'tmp');
}
