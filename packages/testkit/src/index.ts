// The test kit: contract suites per port, in-memory fakes, and fixtures for the services integration tests use.
export { describeCacheContract, type CacheFixture } from './contracts/cache-contract.ts';
export { describeJobQueueContract, waitFor, type JobQueueContractOptions, type JobQueueFixture } from './contracts/job-queue-contract.ts';
export { describeObjectStoreContract, readAll, type ObjectStoreFixture } from './contracts/object-store-contract.ts';
export { describePubSubContract, type PubSubContractOptions, type PubSubFixture } from './contracts/pub-sub-contract.ts';
export { createMemoryJobQueue, createMemoryQueueBroker, type MemoryJob, type MemoryJobQueue, type MemoryQueueBroker } from './fakes/memory-job-queue.ts';
export { createMemoryObjectStore, type MemoryObjectStore } from './fakes/memory-object-store.ts';
export { startTestPglite, type SqlExecutor, type TestPglite } from './services/pglite.ts';
export { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from './services/redis.ts';
export { startS3rver, type TestS3Server } from './services/s3-server.ts';
export { createTestDatabaseUrl, type TestDatabase } from './services/test-database.ts';
