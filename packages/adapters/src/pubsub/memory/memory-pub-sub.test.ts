import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describePubSubContract } from '@xcr/testkit/contracts/pub-sub-contract';
import { createMemoryPubSub } from './index.ts';

describePubSubContract('memory', async () => {
  const bus = createMemoryPubSub();
  return { instance: bus, cleanup: () => bus.close() };
});

describe('memory pub/sub', () => {
  it('never runs a handler inside publish', async () => {
    const bus = createMemoryPubSub();
    const seen: unknown[] = [];
    await bus.subscribe('c', (m) => seen.push(m));
    const pending = bus.publish('c', 1);
    assert.deepEqual(seen, []);
    await pending;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, [1]);
  });
});
