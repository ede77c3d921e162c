// The core resilience policies around real adapters over real HTTP against the fake LLM server: which statuses
// are retried, Retry-After, the circuit breaker, per-call timeouts, concurrency and rate pacing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { systemClock, type Clock } from '@xcr/core/llm/resilience/clock';
import { withResilience, type ResiliencePolicy } from '@xcr/core/llm/resilience/with-resilience';
import type { LlmRequest } from '@xcr/core/ports/llm-provider';
import { startFakeLlmServer, type FakeLlmServer } from '@xcr/testkit/llm/fake-llm-server';
import { createOpenAiCompatibleProvider } from './openai-compatible/openai-compatible-provider.ts';
import { createAnthropicProvider } from './anthropic/anthropic-provider.ts';

const request: LlmRequest = { messages: [{ role: 'user', content: 'review a.ts' }], maxTokens: 50 };
const live = (): AbortSignal => new AbortController().signal;

/** The real clock, remembering every wait it was asked for. */
function recordingClock(): Clock & { sleepsMs: number[] } {
  const sleepsMs: number[] = [];
  return {
    now: systemClock.now,
    sleep: (ms, signal) => (sleepsMs.push(ms), systemClock.sleep(ms, signal)),
    sleepsMs,
  };
}

describe('LLM resilience over HTTP', () => {
  let server: FakeLlmServer;
  before(async () => {
    server = await startFakeLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.setLatency(0);
    server.setRateLimit(undefined);
  });

  function resilientProvider(policy: ResiliencePolicy = {}, clock: Clock = systemClock) {
    const provider = createOpenAiCompatibleProvider({
      kind: 'openai-compatible',
      name: 'fake',
      baseUrl: server.baseUrls.openai,
      model: 'm',
      apiKey: 'k',
      timeoutMs: 5000,
      temperature: 0,
      maxTokens: 50,
    });
    return withResilience(provider, { retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...policy }, { clock });
  }

  it('does not retry 400, 401, 403, 404, 422', async () => {
    const provider = resilientProvider();
    for (const status of [400, 401, 403, 404, 422]) {
      server.reset();
      server.script({ type: 'status', status });
      await assert.rejects(provider.complete(request, { signal: live() }), { name: 'UpstreamError' });
      assert.equal(server.requests.length, 1, `status ${status}`);
    }
  });

  it('retries 408, 429, 500, 502, 503, 529 and then succeeds', async () => {
    const provider = resilientProvider();
    for (const status of [408, 429, 500, 502, 503, 529]) {
      server.reset();
      server.script({ type: 'status', status }, { type: 'answer', content: 'ok' });
      assert.equal((await provider.complete(request, { signal: live() })).content, 'ok');
      assert.equal(server.requests.length, 2, `status ${status}`);
    }
    assert.equal(provider.stats().retries, 6);
    assert.equal(provider.stats().rateLimited, 1);
  });

  it("waits for the server's Retry-After before trying again", async () => {
    const clock = recordingClock();
    const provider = createAnthropicProvider({
      kind: 'anthropic',
      name: 'fake-anthropic',
      baseUrl: server.baseUrls.anthropic,
      model: 'c',
      apiKey: 'k',
      timeoutMs: 5000,
      temperature: 0,
      maxTokens: 50,
    });
    const resilient = withResilience(provider, { retry: { baseDelayMs: 5 } }, { clock });
    server.script({ type: 'status', status: 429, retryAfterSeconds: 1 }, { type: 'answer', content: 'ok' });
    assert.equal((await resilient.complete(request, { signal: live() })).content, 'ok');
    assert.ok(clock.sleepsMs.includes(1000), `waits: ${clock.sleepsMs.join(', ')}`);
    assert.equal(server.requests.length, 2);
  });

  it('gives up after maxAttempts on a server that keeps failing', async () => {
    const provider = resilientProvider({ retry: { maxAttempts: 3, baseDelayMs: 5 } });
    server.setResponder(() => ({ type: 'status', status: 503 }));
    try {
      await assert.rejects(provider.complete(request, { signal: live() }), { kind: 'unavailable' });
      assert.equal(server.requests.length, 3);
    } finally {
      server.setResponder(undefined);
    }
  });

  it('retries a truncated body once, and not a second time', async () => {
    const provider = resilientProvider();
    server.script({ type: 'truncated_json' }, { type: 'answer', content: 'ok' });
    assert.equal((await provider.complete(request, { signal: live() })).content, 'ok');
    server.reset();
    server.script(
      { type: 'invalid_json' },
      { type: 'truncated_json' },
      { type: 'answer', content: 'never reached' },
    );
    await assert.rejects(provider.complete(request, { signal: live() }), { kind: 'invalid_response' });
    assert.equal(server.requests.length, 2);
  });

  it('opens the circuit after 5 failures, fails fast without calling, and closes after a good probe', async () => {
    const provider = resilientProvider({
      retry: { maxAttempts: 1 },
      breaker: { failureThreshold: 5, openMs: 150 },
    });
    for (let i = 0; i < 5; i += 1) server.script({ type: 'status', status: 500 });
    for (let i = 0; i < 5; i += 1)
      await assert.rejects(provider.complete(request, { signal: live() }), { kind: 'unavailable' });
    await assert.rejects(provider.complete(request, { signal: live() }), { code: 'llm_circuit_open' });
    assert.equal(server.requests.length, 5);
    assert.equal(provider.stats().circuitState, 'open');
    await systemClock.sleep(200);
    assert.equal((await provider.complete(request, { signal: live() })).content, '{"issues":[]}');
    assert.equal(provider.stats().circuitState, 'closed');
  });

  it('cuts a hanging call at the per-call timeout and retries it', async () => {
    const provider = resilientProvider({ timeoutMs: 150 });
    server.script({ type: 'hang' }, { type: 'answer', content: 'ok' });
    assert.equal((await provider.complete(request, { signal: live() })).content, 'ok');
    assert.equal(server.requests.length, 2);
    assert.equal(provider.stats().errorsByKind.timeout, 1);
  });

  it('keeps at most maxConcurrent requests open at the server', async () => {
    server.setLatency(40);
    const provider = resilientProvider({ pacing: { maxConcurrent: 3 } });
    await Promise.all(Array.from({ length: 10 }, () => provider.complete(request, { signal: live() })));
    assert.equal(server.stats().peakInFlight, 3);
  });

  it('paced at the server limit, a burst causes no 429; unpaced, the same burst does', async () => {
    server.setRateLimit({ requests: 4, windowMs: 1000 });
    const paced = resilientProvider({ pacing: { requestsPerMinute: 240 } });
    await Promise.all(Array.from({ length: 7 }, () => paced.complete(request, { signal: live() })));
    assert.equal(server.stats().rateLimited, 0);
    assert.equal(paced.stats().rateLimited, 0);
    server.reset();
    server.setRateLimit({ requests: 4, windowMs: 1000 });
    const unpaced = resilientProvider({ retry: { maxAttempts: 1 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 7 }, () => unpaced.complete(request, { signal: live() })),
    );
    assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 3);
    assert.equal(server.stats().rateLimited, 3);
  });
});
