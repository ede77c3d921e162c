import { Transform } from 'node:stream';

/** A running byte count shared by several streams (all entries of one archive). */
export interface ByteBudget {
  usedBytes: number;
  readonly maxBytes: number;
}

/**
 * A pass-through stream that adds every chunk to the budget and fails with `makeError()` as soon as the
 * budget is exceeded, before the chunk goes further, so at most one chunk past the limit is ever held.
 */
export function createBudgetedPassThrough(budget: ByteBudget, makeError: () => Error): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      budget.usedBytes += chunk.length;
      if (budget.usedBytes > budget.maxBytes) callback(makeError());
      else callback(null, chunk);
    },
  });
}
