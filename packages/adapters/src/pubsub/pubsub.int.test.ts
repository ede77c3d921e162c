import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { describePubSubContract } from '@xcr/testkit/contracts/pub-sub-contract';
import { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from '@xcr/testkit/services/redis';
import { createRedisPubSub } from './redis/index.ts';

// Pub/sub stores no keys; the prefix keeps channels apart from parallel test runs.
const prefix = uniqueRedisPrefix('xcr-test-events');

describePubSubContract(
  'redis',
  async () => {
    const bus = createRedisPubSub({ redisUrl: testRedisUrl(), prefix });
    return { instance: bus, cleanup: () => bus.close() };
  },
  { isShared: true },
);

describe('redis pub/sub', () => {
  after(async () => {
    await deleteRedisKeys(prefix);
  });

  it('throws pubsub_unavailable when Redis does not answer', async () => {
    const bus = createRedisPubSub({ redisUrl: 'redis://127.0.0.1:1', prefix });
    try {
      await assert.rejects(bus.ping(), (error: unknown) => (error as { code?: string }).code === 'pubsub_unavailable');
    } finally {
      await bus.close();
    }
  });
});
