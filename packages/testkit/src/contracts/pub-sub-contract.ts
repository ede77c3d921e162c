import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PubSub } from '@xcr/core/ports/pub-sub';

/** What a contract factory hands back: a ready pub/sub client and how to dispose of it. */
export interface PubSubFixture {
  instance: PubSub;
  cleanup(): Promise<void>;
}

/** Options of the pub/sub contract. */
export interface PubSubContractOptions {
  /** Whether two instances from the factory share one bus (true for Redis: they stand for two processes). */
  isShared?: boolean;
}

/** Resolves once `count` messages have arrived (or fails after `timeoutMs`). */
function collector(count: number, timeoutMs = 5000): { handler: (message: unknown) => void; done: Promise<unknown[]>; received: unknown[] } {
  const received: unknown[] = [];
  let resolve!: (value: unknown[]) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<unknown[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${count} messages`)), timeoutMs);
  return {
    received,
    done,
    handler(message) {
      received.push(message);
      if (received.length === count) {
        clearTimeout(timer);
        resolve(received);
      }
    },
  };
}

/**
 * The behaviour every `PubSub` shares: JSON messages reach every subscriber of their channel and no other, in publish
 * order; a subscription is live when `subscribe` resolves; unsubscribing stops delivery to that handler only; a
 * throwing handler does not stop the others.
 */
export function describePubSubContract(label: string, factory: () => Promise<PubSubFixture>, options: PubSubContractOptions = {}): void {
  describe(`PubSub contract: ${label}`, () => {
    let fixture: PubSubFixture;
    let bus: PubSub;
    const base = `contract-${randomBytes(4).toString('hex')}`;

    before(async () => {
      fixture = await factory();
      bus = fixture.instance;
    });
    after(async () => {
      await fixture?.cleanup();
    });

    it('delivers a JSON message published right after subscribe resolves', async () => {
      const c = collector(1);
      const unsubscribe = await bus.subscribe(`${base}:one`, c.handler);
      await bus.publish(`${base}:one`, { type: 'progress', value: 0.5, list: [1, 'ü', null] });
      assert.deepEqual(await c.done, [{ type: 'progress', value: 0.5, list: [1, 'ü', null] }]);
      await unsubscribe();
    });

    it('keeps publish order on a channel', async () => {
      const total = 200;
      const c = collector(total);
      const unsubscribe = await bus.subscribe(`${base}:order`, c.handler);
      // Fired without awaiting each, as an event relay does.
      await Promise.all(Array.from({ length: total }, (_, i) => bus.publish(`${base}:order`, { seq: i })));
      const received = (await c.done) as { seq: number }[];
      assert.deepEqual(received.map((m) => m.seq), Array.from({ length: total }, (_, i) => i));
      await unsubscribe();
    });

    it('delivers to every subscriber of the channel and to no other channel', async () => {
      const first = collector(2);
      const second = collector(2);
      const other: unknown[] = [];
      const offs = [
        await bus.subscribe(`${base}:fan`, first.handler),
        await bus.subscribe(`${base}:fan`, second.handler),
        await bus.subscribe(`${base}:other`, (m) => other.push(m)),
      ];
      await bus.publish(`${base}:fan`, 'a');
      await bus.publish(`${base}:fan`, 'b');
      assert.deepEqual(await first.done, ['a', 'b']);
      assert.deepEqual(await second.done, ['a', 'b']);
      await sleep(50);
      assert.deepEqual(other, []);
      for (const off of offs) await off();
    });

    it('stops delivering to an unsubscribed handler but not to the others', async () => {
      const kept = collector(2);
      const dropped = collector(1);
      const offKept = await bus.subscribe(`${base}:unsub`, kept.handler);
      const offDropped = await bus.subscribe(`${base}:unsub`, dropped.handler);
      await bus.publish(`${base}:unsub`, 1);
      await dropped.done;
      await offDropped();
      await offDropped(); // twice is harmless
      await bus.publish(`${base}:unsub`, 2);
      assert.deepEqual(await kept.done, [1, 2]);
      await sleep(50);
      assert.deepEqual(dropped.received, [1]);
      await offKept();
    });

    it('delivers nothing after the last handler of a channel unsubscribes, and can subscribe again', async () => {
      const seen: unknown[] = [];
      const off = await bus.subscribe(`${base}:again`, (m) => seen.push(m));
      await off();
      await bus.publish(`${base}:again`, 'lost');
      const c = collector(1);
      const offAgain = await bus.subscribe(`${base}:again`, c.handler);
      await bus.publish(`${base}:again`, 'found');
      assert.deepEqual(await c.done, ['found']);
      assert.deepEqual(seen, []);
      await offAgain();
    });

    it('keeps delivering to other handlers when one throws', async () => {
      const c = collector(2);
      const offBad = await bus.subscribe(`${base}:throws`, () => {
        throw new Error('handler bug');
      });
      const offGood = await bus.subscribe(`${base}:throws`, c.handler);
      await bus.publish(`${base}:throws`, 1);
      await bus.publish(`${base}:throws`, 2);
      assert.deepEqual(await c.done, [1, 2]);
      await offBad();
      await offGood();
    });

    it('relays between two instances', async (t) => {
      if (!options.isShared) {
        t.skip('instances do not share a bus');
        return;
      }
      const other = await factory();
      try {
        const c = collector(3);
        const off = await other.instance.subscribe(`${base}:cross`, c.handler);
        for (const i of [1, 2, 3]) await bus.publish(`${base}:cross`, { i });
        assert.deepEqual(await c.done, [{ i: 1 }, { i: 2 }, { i: 3 }]);
        await off();
      } finally {
        await other.cleanup();
      }
    });

    it('answers ping', async () => {
      await bus.ping();
    });
  });
}
