import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBudgetedPassThrough, type ByteBudget } from './byte-budget.ts';

function sink(received: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
}

describe('createBudgetedPassThrough', () => {
  it('passes data within the budget and counts it', async () => {
    const budget: ByteBudget = { usedBytes: 0, maxBytes: 10 };
    const received: Buffer[] = [];
    await pipeline(Readable.from([Buffer.from('abcd'), Buffer.from('efgh')]), createBudgetedPassThrough(budget, () => new Error('over')), sink(received));
    assert.equal(Buffer.concat(received).toString(), 'abcdefgh');
    assert.equal(budget.usedBytes, 8);
  });

  it('fails on the chunk that crosses the budget, before passing it on, across streams sharing it', async () => {
    const budget: ByteBudget = { usedBytes: 0, maxBytes: 10 };
    const first: Buffer[] = [];
    await pipeline(Readable.from([Buffer.from('123456')]), createBudgetedPassThrough(budget, () => new Error('over')), sink(first));
    const second: Buffer[] = [];
    await assert.rejects(
      pipeline(Readable.from([Buffer.from('ab'), Buffer.from('cdef'), Buffer.from('gh')]), createBudgetedPassThrough(budget, () => new Error('over')), sink(second)),
      { message: 'over' },
    );
    assert.equal(Buffer.concat(second).toString(), 'ab');
  });
});
