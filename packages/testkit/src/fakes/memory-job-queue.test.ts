import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeJobQueueContract } from '../contracts/job-queue-contract.ts';
import { createMemoryJobQueue, createMemoryQueueBroker } from './memory-job-queue.ts';

const broker = createMemoryQueueBroker();
describeJobQueueContract(
  'memory',
  async () => {
    const queue = createMemoryJobQueue({ broker, outageRetryBaseMs: 100 });
    return { instance: queue, cleanup: () => queue.stop({ timeoutMs: 1000 }) };
  },
  { settleMs: 100 },
);

describe('memory job queue helpers', () => {
  it('fires a schedule on demand and drains', async () => {
    const queue = createMemoryJobQueue();
    const seen: unknown[] = [];
    await queue.work('maintenance.cleanup', async (job) => {
      seen.push(job.payload);
    });
    await queue.schedule('maintenance.cleanup', '17 * * * *', { sweep: true });
    await queue.runSchedule('maintenance.cleanup');
    await queue.drain();
    assert.deepEqual(seen, [{ sweep: true }]);
    assert.equal(queue.jobs('maintenance.cleanup')[0]?.state, 'completed');
    await queue.stop();
  });

  it('takes retries and timeout from the job catalog when the caller gives none', async () => {
    const queue = createMemoryJobQueue();
    await queue.enqueue('audit.run', { task_id: '00000000-0000-4000-8000-000000000000' });
    const [job] = queue.jobs('audit.run');
    assert.equal(job?.attempts, 3);
    assert.equal(job?.backoffMs, 5_000);
    assert.equal(job?.timeoutMs, 3_600_000);
    await queue.stop();
  });
});
