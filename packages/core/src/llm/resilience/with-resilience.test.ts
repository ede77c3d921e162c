import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock } from '@xcr/testkit/llm/manual-clock';
import { createScriptedLlmProvider } from '@xcr/testkit/llm/scripted-llm-provider';
import { UpstreamError } from '../../errors.ts';
import type { LlmRequest, LlmResponse } from '../../ports/llm-provider.ts';
import { withResilience, type ResilienceEvent } from './with-resilience.ts';

const request: LlmRequest = { messages: [{ role: 'user', content: 'review' }], maxTokens: 100 };
const ok: LlmResponse = { content: 'ok', model: 'scripted', usage: { promptTokens: 5, completionTokens: 5 } };
const live = (): AbortSignal => new AbortController().signal;
const fail = (kind: UpstreamError['kind'], retryAfterMs?: number) =>
  new UpstreamError(kind, kind, { retryAfterMs });

describe('withResilience', () => {
  it('retries transient failures with backoff and counts them', async () => {
    const clock = createManualClock();
    const provider = createScriptedLlmProvider();
    provider.script(fail('unavailable'), fail('timeout'), ok);
    const events: ResilienceEvent[] = [];
    const resilient = withResilience(
      provider,
      { retry: { baseDelayMs: 100 } },
      { clock, random: () => 0.5, onEvent: (e) => events.push(e) },
    );
    const result = resilient.complete(request, { signal: live() });
    await clock.advance(1000);
    assert.equal((await result).content, 'ok');
    const stats = resilient.stats();
    assert.equal(stats.attempts, 3);
    assert.equal(stats.retries, 2);
    assert.equal(stats.succeeded, 1);
    assert.deepEqual([stats.errorsByKind.unavailable, stats.errorsByKind.timeout], [1, 1]);
    assert.deepEqual(
      events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.delayMs : 0)),
      [50, 100],
    );
  });

  it('never retries auth or bad_request', async () => {
    for (const kind of ['auth', 'bad_request'] as const) {
      const provider = createScriptedLlmProvider();
      provider.script(fail(kind), ok);
      const resilient = withResilience(provider, {}, { clock: createManualClock() });
      await assert.rejects(resilient.complete(request, { signal: live() }), { kind });
      assert.equal(provider.requests.length, 1);
    }
  });

  it('honours Retry-After, and holds the other callers too', async () => {
    const clock = createManualClock();
    const startsMs: number[] = [];
    const provider = createScriptedLlmProvider({ fallback: () => (startsMs.push(clock.now()), ok) });
    provider.script(() => (startsMs.push(clock.now()), fail('rate_limit', 5000)));
    const resilient = withResilience(provider, { pacing: { maxConcurrent: 1 } }, { clock, random: () => 0 });
    const first = resilient.complete(request, { signal: live() });
    await clock.settle();
    const second = resilient.complete(request, { signal: live() });
    await clock.advance(4999);
    assert.deepEqual(startsMs, [0]);
    await clock.advance(1);
    await Promise.all([first, second]);
    assert.deepEqual(startsMs, [0, 5000, 5000]);
    assert.equal(resilient.stats().rateLimited, 1);
  });

  it('opens the circuit after 5 failures, fails fast, and half-opens after 60 s', async () => {
    const clock = createManualClock();
    const provider = createScriptedLlmProvider();
    const resilient = withResilience(provider, { retry: { maxAttempts: 1 } }, { clock });
    for (let i = 0; i < 5; i += 1) {
      provider.script(fail('unavailable'));
      await assert.rejects(resilient.complete(request, { signal: live() }), { kind: 'unavailable' });
    }
    assert.equal(resilient.stats().circuitState, 'open');
    await assert.rejects(resilient.complete(request, { signal: live() }), {
      code: 'llm_circuit_open',
      kind: 'unavailable',
    });
    assert.equal(provider.requests.length, 5);
    await clock.advance(60_000);
    assert.equal(resilient.stats().circuitState, 'half_open');
    assert.equal((await resilient.complete(request, { signal: live() })).content, '{"issues":[]}');
    assert.equal(resilient.stats().circuitState, 'closed');
    assert.equal(resilient.stats().circuitRejections, 1);
  });

  it('an open circuit fails calls already waiting for the pacer, without waiting for their slot', async () => {
    const clock = createManualClock();
    const provider = createScriptedLlmProvider({ fallback: fail('unavailable') });
    const resilient = withResilience(
      provider,
      { retry: { maxAttempts: 1 }, breaker: { failureThreshold: 1 }, pacing: { maxConcurrent: 1 } },
      { clock },
    );
    const calls = Array.from({ length: 4 }, () =>
      resilient.complete(request, { signal: live() }).catch((error: UpstreamError) => error.code),
    );
    await clock.advance(1);
    assert.deepEqual(await Promise.all(calls), [
      'upstream_unavailable',
      'llm_circuit_open',
      'llm_circuit_open',
      'llm_circuit_open',
    ]);
    assert.equal(provider.requests.length, 1);
  });

  it('times out a hanging attempt, aborting its signal, and retries it', async () => {
    const clock = createManualClock();
    const provider = createScriptedLlmProvider();
    provider.script('hang', ok);
    const resilient = withResilience(
      provider,
      { timeoutMs: 1000, retry: { baseDelayMs: 10 } },
      { clock, random: () => 0 },
    );
    const result = resilient.complete(request, { signal: live() });
    await clock.advance(999);
    assert.equal(provider.inFlight(), 1);
    await clock.advance(1);
    assert.equal((await result).content, 'ok');
    assert.equal(resilient.stats().errorsByKind.timeout, 1);
  });

  it('stops retrying when the caller cancels during backoff', async () => {
    const clock = createManualClock();
    const provider = createScriptedLlmProvider({ fallback: fail('unavailable') });
    const resilient = withResilience(
      provider,
      { retry: { baseDelayMs: 10_000 } },
      { clock, random: () => 0.9 },
    );
    const controller = new AbortController();
    const result = resilient.complete(request, { signal: controller.signal });
    await clock.advance(100);
    controller.abort(new Error('cancelled'));
    await assert.rejects(result, { message: 'cancelled' });
    await clock.advance(100_000);
    assert.equal(provider.requests.length, 1);
  });

  it('keeps at most maxConcurrent calls in flight and spaces starts for requests/min', async () => {
    const clock = createManualClock();
    const startsMs: number[] = [];
    const provider = createScriptedLlmProvider({
      fallback: async () => {
        startsMs.push(clock.now());
        await clock.sleep(5000);
        return ok;
      },
    });
    const resilient = withResilience(
      provider,
      { pacing: { maxConcurrent: 2, requestsPerMinute: 60, safetyMarginRatio: 0 } },
      { clock },
    );
    const calls = Array.from({ length: 6 }, () => resilient.complete(request, { signal: live() }));
    await clock.advance(60_000);
    await Promise.all(calls);
    assert.equal(provider.peakInFlight(), 2);
    // Two run at once; a slot frees every 5 s, and starts are at least 1 s apart.
    assert.deepEqual(startsMs, [0, 1000, 5000, 6000, 10_000, 11_000]);
  });
});
