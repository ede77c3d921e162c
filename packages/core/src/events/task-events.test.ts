import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskEvent } from '@xcr/contracts/api/index';
import type { PubSub } from '../ports/pub-sub.ts';
import { createTaskEvents, isTaskEvent, taskChannel } from './task-events.ts';

/** An in-process pub/sub whose publishes finish in an order the test chooses (to prove ordering is ours). */
function scrambledPubSub(): PubSub & { sent: Array<{ channel: string; message: unknown }> } {
  const handlers = new Map<string, Set<(m: unknown) => void>>();
  const sent: Array<{ channel: string; message: unknown }> = [];
  let n = 0;
  return {
    id: 'memory',
    sent,
    async publish(channel, message) {
      n += 1;
      // Later calls would finish sooner if the publisher did not wait for the previous one.
      await new Promise((r) => setTimeout(r, n % 2 === 1 ? 15 : 1));
      sent.push({ channel, message });
      for (const h of handlers.get(channel) ?? []) h(JSON.parse(JSON.stringify(message)));
    },
    async subscribe(channel, handler) {
      const set = handlers.get(channel) ?? new Set();
      handlers.set(channel, set);
      set.add(handler);
      return async () => {
        set.delete(handler);
      };
    },
    async ping() {},
    async close() {},
  };
}

const taskId = '00000000-0000-4000-8000-000000000001';

describe('task events', () => {
  it('keeps the order of one task even when callers do not wait', async () => {
    const pubsub = scrambledPubSub();
    const events = createTaskEvents({ pubsub, clock: () => new Date('2025-01-01T00:00:00.000Z') });
    const received: TaskEvent[] = [];
    const stop = await events.subscribe(taskId, (e) => received.push(e));
    for (let i = 1; i <= 6; i += 1)
      void events.progress({
        task_id: taskId,
        status: 'running',
        progress: i * 10,
        current_step: `step ${i}`,
      });
    await events.flush();
    assert.deepEqual(
      received.map((e) => (e.type === 'task_progress' ? e.data.progress : -1)),
      [10, 20, 30, 40, 50, 60],
    );
    assert.ok(pubsub.sent.every((s) => s.channel === taskChannel(taskId)));
    assert.equal(received[0]?.timestamp, '2025-01-01T00:00:00.000Z');
    await stop();
  });

  it('reports a failed publish and carries on', async () => {
    const errors: unknown[] = [];
    const pubsub = scrambledPubSub();
    const failing: PubSub = { ...pubsub, publish: async () => Promise.reject(new Error('redis down')) };
    const events = createTaskEvents({ pubsub: failing, onError: (e, ctx) => errors.push([e, ctx.type]) });
    await events.failed({ task_id: taskId, status: 'failed', error: 'boom' });
    assert.equal(errors.length, 1);
    assert.equal((errors[0] as unknown[])[1], 'task_failed');
  });

  it('passes only task events to subscribers', async () => {
    const pubsub = scrambledPubSub();
    const events = createTaskEvents({ pubsub });
    const received: TaskEvent[] = [];
    await events.subscribe(taskId, (e) => received.push(e));
    await pubsub.publish(taskChannel(taskId), { type: 'nonsense', data: {}, timestamp: 'x' });
    await pubsub.publish(taskChannel(taskId), 'text');
    await events.completed({
      task_id: taskId,
      status: 'completed',
      total_issues: 1,
      critical_issues: 1,
      high_issues: 0,
      medium_issues: 0,
      low_issues: 0,
      info_issues: 0,
      quality_score: 90,
      duration_ms: 10,
    });
    assert.deepEqual(
      received.map((e) => e.type),
      ['task_completed'],
    );
    assert.equal(isTaskEvent({ type: 'finding', data: {}, timestamp: 't' }), true);
    assert.equal(isTaskEvent({ type: 'finding', data: null, timestamp: 't' }), false);
  });
});
