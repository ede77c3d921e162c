// BullMQ under faults.
// - A job whose worker dies (here: cut off from Redis, so its claim lapses as after SIGKILL) goes to another worker.
//   An audit job must survive as many such deaths as it has attempts: with BullMQ's default of one take-over, the
//   second death failed the job without running its handler again, leaving its task running.
// - Enqueueing on a Redis that hangs (SIGSTOP: connection open, no answer) fails fast instead of waiting for Redis.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOwnRedisServer } from '@xcr/testkit/services/redis-server';
import { startTcpProxy, type TcpProxy } from '@xcr/testkit/services/tcp-proxy';
import { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from '@xcr/testkit/services/redis';
import type { JobQueue } from '@xcr/core/ports/job-queue';
import { createBullMqJobQueue } from './index.ts';

describe('BullMQ under faults', { timeout: 60_000 }, () => {
  const prefix = uniqueRedisPrefix('xcr-test-dead-worker');
  const queues: JobQueue[] = [];
  const proxies: TcpProxy[] = [];

  after(async () => {
    await Promise.all(queues.map((q) => q.stop({ timeoutMs: 0 }).catch(() => undefined)));
    await Promise.all(proxies.map((p) => p.close()));
    await deleteRedisKeys(prefix.replace(/:$/, ''));
  });

  function queueAt(redisUrl: string): JobQueue {
    const queue = createBullMqJobQueue({ redisUrl, prefix, lockDurationMs: 1000, stalledIntervalMs: 300 });
    queues.push(queue);
    return queue;
  }

  /** A worker that takes audit jobs and never finishes them, reached through a proxy that can cut it off. */
  async function doomedWorker(started: string[]): Promise<TcpProxy> {
    const { hostname, port } = new URL(testRedisUrl());
    const proxy = await startTcpProxy({ host: hostname, port: Number(port || 6379) });
    proxies.push(proxy);
    await queueAt(`redis://127.0.0.1:${proxy.port}`).work('audit.run', (job) => {
      started.push(job.id);
      return new Promise<void>((resolve) =>
        job.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    });
    return proxy;
  }

  async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('hands an audit job over after two worker deaths, and the third worker completes it', async () => {
    const producer = queueAt(testRedisUrl());
    const started: string[] = [];
    const firstProxy = await doomedWorker(started);
    const id = await producer.enqueue('audit.run', { task_id: 'dead-worker' });
    await until('the first worker to start', () => started.length === 1);
    firstProxy.pause();

    const secondProxy = await doomedWorker(started);
    await until('the second worker to take over', () => started.length === 2);
    secondProxy.pause();

    const finished: string[] = [];
    await queueAt(testRedisUrl()).work('audit.run', async (job) => {
      finished.push(job.id);
    });
    await until(
      'the job to complete',
      async () => (await producer.getJob('audit.run', id))?.state === 'completed',
    );
    assert.deepEqual(started, [id, id]);
    assert.deepEqual(finished, [id]);
  });

  it('refuses an enqueue within a second while Redis hangs, and takes jobs again once it answers', async () => {
    const redis = await startOwnRedisServer();
    const queue = createBullMqJobQueue({ redisUrl: redis.url, prefix });
    try {
      await queue.enqueue('audit.run', { task_id: 'before' });
      redis.pause();
      const started = performance.now();
      await assert.rejects(
        queue.enqueue('audit.run', { task_id: 'frozen' }),
        (error: unknown) => (error as { code?: string }).code === 'queue_unavailable',
      );
      const ms = performance.now() - started;
      assert.ok(ms < 1_000, `refused after ${Math.round(ms)} ms`);
      redis.resume();
      const id = await queue.enqueue('audit.run', { task_id: 'after' });
      assert.equal((await queue.getJob('audit.run', id))?.state, 'waiting');
    } finally {
      redis.resume();
      await queue.stop({ timeoutMs: 0 });
      await redis.stop();
    }
  });
});
