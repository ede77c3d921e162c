import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { createScriptedLlmProvider } from '@xcr/testkit/llm/scripted-llm-provider';
import { UpstreamError } from '@xcr/core/errors';
import { withResilience } from '@xcr/core/llm/resilience/with-resilience';
import { createLlmMetrics } from './llm-metrics.ts';

const request = { messages: [{ role: 'user' as const, content: 'x' }] };

describe('LLM metrics', () => {
  it('count tokens, cost and latency of the calls made through the resilience wrapper', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({
      priceTable: { scripted: { inputUsdPerMTok: 2, outputUsdPerMTok: 10 } },
    });
    metrics.register(registry);
    const provider = createScriptedLlmProvider({ name: 'local' });
    provider.script(
      { content: '{}', model: 'scripted', usage: { promptTokens: 1_000, completionTokens: 200 } },
      { content: '{}', model: 'scripted', usage: { promptTokens: 500, completionTokens: 100 } },
      new UpstreamError('bad_request', 'too long'),
    );
    const resilient = withResilience(provider, {}, { onEvent: metrics.onEvent });
    const signal = new AbortController().signal;
    await resilient.complete(request, { signal });
    await resilient.complete(request, { signal });
    await assert.rejects(resilient.complete(request, { signal }));

    const text = await registry.metrics();
    assert.match(text, /xcr_llm_tokens_total\{provider="local",model="scripted",direction="in"\} 1500/);
    assert.match(text, /xcr_llm_tokens_total\{provider="local",model="scripted",direction="out"\} 300/);
    // 1,500 in at $2/M and 300 out at $10/M.
    const cost = /xcr_llm_cost_usd_total\{provider="local",model="scripted"\} ([0-9.e-]+)/.exec(text);
    assert.ok(cost?.[1]);
    assert.ok(Math.abs(Number(cost[1]) - 0.006) < 1e-12);
    // One series per final outcome of a call.
    assert.match(text, /xcr_llm_calls_total\{provider="local",model="scripted",outcome="success"\} 2/);
    assert.match(text, /xcr_llm_calls_total\{provider="local",model="scripted",outcome="error"\} 1/);
    // Every call that reached the provider has a latency, the failed one included.
    assert.match(text, /xcr_llm_call_duration_seconds_count\{provider="local",model="scripted"\} 3/);
  });

  it('counts no cost for an unpriced model and ignores other events', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry, priceTable: {} });
    metrics.onEvent({ type: 'retry', provider: 'p', attempt: 1, kind: 'timeout', delayMs: 5 });
    metrics.onEvent({
      type: 'call_done',
      provider: 'p',
      model: 'm',
      outcome: 'success',
      attempts: 1,
      lastAttemptMs: 1500,
      promptTokens: 7,
      completionTokens: 3,
    });
    const text = await registry.metrics();
    assert.match(text, /xcr_llm_cost_usd_total\{provider="p",model="m"\} 0/);
    assert.match(text, /xcr_llm_tokens_total\{provider="p",model="m",direction="in"\} 7/);
    assert.match(text, /xcr_llm_call_duration_seconds_bucket\{le="2",provider="p",model="m"\} 1/);
    assert.match(text, /xcr_llm_call_duration_seconds_bucket\{le="1",provider="p",model="m"\} 0/);
  });
});
