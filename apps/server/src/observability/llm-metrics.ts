import { Counter, Histogram, type Registry } from 'prom-client';
import { costOf, defaultPriceTable, priceForModel, type PriceTable } from '@xcr/core/llm/price-table';
import type { ResilienceEvent } from '@xcr/core/llm/resilience/with-resilience';

/**
 * Tokens, spend and latency of LLM calls, fed by the resilience wrapper's `call_done` events (every call of
 * every configured provider: audits and instant analyses alike).
 */
export interface LlmMetrics {
  calls: Counter<'provider' | 'model' | 'outcome'>;
  tokens: Counter<'provider' | 'model' | 'direction'>;
  costUsd: Counter<'provider' | 'model'>;
  duration: Histogram<'provider' | 'model'>;
  /** Pass as the resilience wrapper's `onEvent`; ignores events other than `call_done`. */
  onEvent(event: ResilienceEvent): void;
  /** Adds the series to a registry (the runtime builds providers before the HTTP registry exists). */
  register(registry: Registry): void;
}

/** Creates the LLM series, unregistered unless `registry` is given. Cost uses the price table (0 for unpriced models). */
export function createLlmMetrics(options: { registry?: Registry; priceTable?: PriceTable } = {}): LlmMetrics {
  const registers = options.registry ? [options.registry] : [];
  const priceTable = options.priceTable ?? defaultPriceTable;
  const calls = new Counter({
    name: 'xcr_llm_calls_total',
    help: 'LLM calls by final outcome (success, error, timeout, rate_limited, circuit_open), retries included in the call',
    labelNames: ['provider', 'model', 'outcome'] as const,
    registers,
  });
  const tokens = new Counter({
    name: 'xcr_llm_tokens_total',
    help: 'LLM tokens sent (direction=in) and received (direction=out), as the provider reported them',
    labelNames: ['provider', 'model', 'direction'] as const,
    registers,
  });
  const costUsd = new Counter({
    name: 'xcr_llm_cost_usd_total',
    help: 'Estimated LLM spend in US dollars, from the price table',
    labelNames: ['provider', 'model'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'xcr_llm_call_duration_seconds',
    help: 'LLM call latency (the last attempt; retries and waits excluded)',
    labelNames: ['provider', 'model'] as const,
    buckets: [0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600],
    registers,
  });
  return {
    calls,
    tokens,
    costUsd,
    duration,
    onEvent(event) {
      if (event.type !== 'call_done') return;
      const labels = { provider: event.provider, model: event.model };
      // A call the caller cancelled says nothing about the provider, so it is left out of the error ratio.
      if (event.outcome !== 'cancelled') calls.inc({ ...labels, outcome: event.outcome });
      if (event.lastAttemptMs !== undefined) duration.observe(labels, event.lastAttemptMs / 1000);
      if (event.promptTokens === undefined || event.completionTokens === undefined) return;
      tokens.inc({ ...labels, direction: 'in' }, event.promptTokens);
      tokens.inc({ ...labels, direction: 'out' }, event.completionTokens);
      const price = priceForModel(event.model, priceTable);
      costUsd.inc(
        labels,
        price
          ? costOf({ promptTokens: event.promptTokens, completionTokens: event.completionTokens }, price)
          : 0,
      );
    },
    register(registry) {
      for (const metric of [calls, tokens, costUsd, duration]) registry.registerMetric(metric);
    },
  };
}
