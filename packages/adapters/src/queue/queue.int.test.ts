import { after, before, describe } from 'node:test';
import { describeJobQueueContract } from '@xcr/testkit/contracts/job-queue-contract';
import { startTestPglite, type TestPglite } from '@xcr/testkit/services/pglite';
import { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from '@xcr/testkit/services/redis';
import { createTestDatabaseUrl, type TestDatabase } from '@xcr/testkit/services/test-database';
import { createBullMqJobQueue } from './bullmq/index.ts';
import { createPgBossJobQueue } from './pgboss/index.ts';

describe('pg-boss on PGlite', () => {
  let pglite: TestPglite;
  before(async () => {
    pglite = await startTestPglite();
  });
  after(async () => {
    await pglite.close();
  });
  describeJobQueueContract(
    'pg-boss on PGlite',
    async () => {
      const queue = createPgBossJobQueue({ db: pglite.db, pollingIntervalMs: 500, outageRetryBaseMs: 100 });
      return { instance: queue, cleanup: () => queue.stop({ timeoutMs: 1000 }) };
    },
    {
      settleMs: 700,
      unreachable: async () => {
        const queue = createPgBossJobQueue({ db: { executeSql: () => new Promise(() => {}) }, pingTimeoutMs: 500 });
        return { instance: queue, cleanup: () => queue.stop({ timeoutMs: 0 }) };
      },
    },
  );
});

describe('pg-boss on PostgreSQL', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabaseUrl();
  });
  after(async () => {
    await database.drop();
  });
  describeJobQueueContract(
    'pg-boss on PostgreSQL',
    async () => {
      const queue = createPgBossJobQueue({ connectionString: database.url, pollingIntervalMs: 500, outageRetryBaseMs: 100 });
      return { instance: queue, cleanup: () => queue.stop({ timeoutMs: 1000 }) };
    },
    {
      settleMs: 700,
      unreachable: async () => {
        const queue = createPgBossJobQueue({ connectionString: 'postgres://postgres@127.0.0.1:1/none', pingTimeoutMs: 500 });
        return { instance: queue, cleanup: () => queue.stop({ timeoutMs: 0 }) };
      },
    },
  );
});

describe('BullMQ on Redis', () => {
  const prefix = uniqueRedisPrefix('xcr-test-queue');
  after(async () => {
    await deleteRedisKeys(prefix.replace(/:$/, ''));
  });
  describeJobQueueContract(
    'BullMQ on Redis',
    async () => {
      const queue = createBullMqJobQueue({ redisUrl: testRedisUrl(), prefix, cancelCheckIntervalMs: 250, outageRetryBaseMs: 100 });
      return { instance: queue, cleanup: () => queue.stop({ timeoutMs: 1000 }) };
    },
    {
      everySecondCron: '* * * * * *',
      settleMs: 500,
      unreachable: async () => {
        const queue = createBullMqJobQueue({ redisUrl: 'redis://127.0.0.1:1', prefix, pingTimeoutMs: 500 });
        return { instance: queue, cleanup: () => queue.stop({ timeoutMs: 0 }) };
      },
    },
  );
});
