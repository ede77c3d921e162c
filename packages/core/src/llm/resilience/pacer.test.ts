import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock } from '@xcr/testkit/llm/manual-clock';
import { createPacer, type PacerPermit } from './pacer.ts';

const live = (): AbortSignal => new AbortController().signal;

describe('pacer', () => {
  it('holds calls beyond maxConcurrent and grants them in arrival order', async () => {
    const clock = createManualClock();
    const pacer = createPacer({ maxConcurrent: 2 }, clock);
    const granted: number[] = [];
    const permits: PacerPermit[] = [];
    for (let i = 0; i < 5; i += 1)
      void pacer.acquire(1, live()).then((p) => (granted.push(i), permits.push(p)));
    await clock.settle();
    assert.deepEqual(granted, [0, 1]);
    assert.deepEqual(pacer.stats().queued, 3);
    permits[1]?.release();
    await clock.settle();
    assert.deepEqual(granted, [0, 1, 2]);
    permits[0]?.release();
    permits[2]?.release();
    await clock.settle();
    assert.deepEqual(granted, [0, 1, 2, 3, 4]);
    assert.equal(pacer.stats().active, 2);
  });

  it('spaces starts evenly for requests/min: never more than the limit in any sliding minute', async () => {
    const clock = createManualClock();
    const pacer = createPacer({ requestsPerMinute: 30, safetyMarginRatio: 0 }, clock);
    const startsMs: number[] = [];
    for (let i = 0; i < 70; i += 1)
      void pacer.acquire(0, live()).then((p) => (startsMs.push(clock.now()), p.release()));
    await clock.advance(200_000);
    assert.equal(startsMs.length, 70);
    assert.deepEqual(startsMs.slice(0, 4), [0, 2000, 4000, 6000]);
    for (const start of startsMs) {
      const inWindow = startsMs.filter((t) => t > start - 60_000 && t <= start).length;
      assert.ok(inWindow <= 30, `window ending at ${start} holds ${inWindow}`);
    }
  });

  it('adds the safety margin to the spacing', async () => {
    const clock = createManualClock();
    const pacer = createPacer({ requestsPerMinute: 60 }, clock);
    const startsMs: number[] = [];
    for (let i = 0; i < 3; i += 1)
      void pacer.acquire(0, live()).then((p) => (startsMs.push(clock.now()), p.release()));
    await clock.advance(5000);
    assert.deepEqual(startsMs, [0, 1020, 2040]);
  });

  it('spaces by tokens/min using the estimate, then corrects with the actual usage', async () => {
    const clock = createManualClock();
    const pacer = createPacer({ tokensPerMinute: 6000, safetyMarginRatio: 0 }, clock);
    const startsMs: number[] = [];
    // 10 ms per token: a 1000-token estimate holds the next start 10 s.
    const first = await pacer.acquire(1000, live());
    startsMs.push(clock.now());
    const second = pacer.acquire(1000, live()).then((p) => (startsMs.push(clock.now()), p));
    await clock.advance(1000);
    first.release(200); // used 800 fewer: the next start moves 8 s earlier, to 2 s
    await clock.advance(1000);
    assert.deepEqual(startsMs, [0, 2000]);
    (await second).release(1000);
    const third = pacer.acquire(10, live()).then(() => startsMs.push(clock.now()));
    await clock.advance(20_000);
    await third;
    assert.deepEqual(startsMs, [0, 2000, 12_000]);
  });

  it('pauseUntil holds every start, as a Retry-After does', async () => {
    const clock = createManualClock();
    const pacer = createPacer({ maxConcurrent: 4 }, clock);
    pacer.pauseUntil(5000);
    const startsMs: number[] = [];
    for (let i = 0; i < 2; i += 1) void pacer.acquire(0, live()).then(() => startsMs.push(clock.now()));
    await clock.advance(4999);
    assert.deepEqual(startsMs, []);
    await clock.advance(1);
    assert.deepEqual(startsMs, [5000, 5000]);
  });

  it('an aborted waiter leaves the queue; a refused admission uses no capacity', async () => {
    const clock = createManualClock();
    const pacer = createPacer({ maxConcurrent: 1, requestsPerMinute: 60, safetyMarginRatio: 0 }, clock);
    const held = await pacer.acquire(0, live());
    const controller = new AbortController();
    const aborted = pacer.acquire(0, controller.signal);
    controller.abort(new Error('cancelled'));
    await assert.rejects(aborted, { message: 'cancelled' });
    assert.equal(pacer.stats().queued, 0);
    const refused = pacer.acquire(0, live(), () => {
      throw new Error('circuit open');
    });
    const isRefused = assert.rejects(refused, { message: 'circuit open' });
    let grantedAtMs = -1;
    const next = pacer.acquire(0, live()).then((p) => ((grantedAtMs = clock.now()), p));
    held.release();
    await clock.advance(1000);
    await isRefused;
    await next;
    assert.equal(grantedAtMs, 1000);
  });
});
