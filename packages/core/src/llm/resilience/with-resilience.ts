// Every policy that guards calls to one provider, composed once around any adapter: per attempt, the circuit
// breaker admits the call when the pacer grants its slot (so an open circuit fails queued calls at once without
// using capacity), a per-call timeout bounds it, and failed attempts are retried with backoff. A 429 pauses the
// whole pacer for its Retry-After, not only the call that saw it.
import { UpstreamError, type UpstreamErrorKind } from '../../errors.ts';
import { setSpanAttributes, withSpan } from '../../tracing/with-span.ts';
import type { LlmProvider, LlmRequest, LlmResponse } from '../../ports/llm-provider.ts';
import {
  circuitFailureKinds,
  createCircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitOutcome,
  type CircuitState,
  type CircuitTicket,
} from './circuit-breaker.ts';
import { systemClock, type Clock } from './clock.ts';
import { createPacer, type PacerLimits } from './pacer.ts';
import { decideRetry, resolveRetryOptions, type RetryOptions } from './retry-policy.ts';

/** The policies of one provider. */
export interface ResiliencePolicy {
  pacing?: PacerLimits;
  retry?: RetryOptions;
  breaker?: CircuitBreakerOptions;
  /** Bound of one attempt, on top of the adapter's own timeout. */
  timeoutMs?: number;
  /** Answer tokens assumed when the request does not say (default: min(model maximum, 4096)). */
  defaultMaxTokens?: number;
  /** Prompt token estimate (default: characters / 4). */
  estimateTokens?: (text: string) => number;
}

/** How one complete() call ended, in the metric contract's words (`cancelled` when the caller aborted). */
export type LlmCallOutcome = 'success' | 'error' | 'timeout' | 'rate_limited' | 'circuit_open' | 'cancelled';

/** One complete() call, retries included, as metrics and traces see it. */
export interface LlmCallRecord {
  provider: string;
  model: string;
  outcome: LlmCallOutcome;
  /** Requests sent for this call (0 when the circuit refused it). */
  attempts: number;
  /** Time of the last attempt, retries and waits excluded; absent when no attempt was made. */
  lastAttemptMs?: number;
  /** Provider-reported usage of the answer, when it reported any. */
  promptTokens?: number;
  completionTokens?: number;
}

/** Something worth a log line or a metric. */
export type ResilienceEvent =
  | ({ type: 'call_done' } & LlmCallRecord)
  | { type: 'retry'; provider: string; attempt: number; kind: UpstreamErrorKind; delayMs: number }
  | { type: 'rate_limited'; provider: string; retryAfterMs?: number }
  | { type: 'circuit'; provider: string; state: CircuitState };

/** Dependencies, all optional. */
export interface ResilienceDeps {
  clock?: Clock;
  /** In [0, 1); Math.random by default. */
  random?: () => number;
  onEvent?: (event: ResilienceEvent) => void;
}

/** Counters for metrics. */
export interface ResilienceStats {
  /** complete() calls. */
  calls: number;
  succeeded: number;
  failed: number;
  /** Requests sent to the provider (calls plus retries). */
  attempts: number;
  retries: number;
  /** 429 answers seen. */
  rateLimited: number;
  /** Failed attempts by kind. */
  errorsByKind: Record<UpstreamErrorKind, number>;
  /** Calls refused by the open circuit. */
  circuitRejections: number;
  circuitState: CircuitState;
  active: number;
  queued: number;
}

/** A provider wrapped in the policies, with its counters. */
export interface ResilientLlmProvider extends LlmProvider {
  stats(): ResilienceStats;
}

/** What runCall tells complete() about the attempts it made. */
interface CallProgress {
  attempts: number;
  lastAttemptMs?: number;
}

function timeoutReason(): Error {
  const error = new Error('The call took too long');
  error.name = 'TimeoutError';
  return error;
}

/** Wraps `provider` in pacing, retries, a per-call timeout and a circuit breaker. */
export function withResilience(
  provider: LlmProvider,
  policy: ResiliencePolicy = {},
  deps: ResilienceDeps = {},
): ResilientLlmProvider {
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const emit = deps.onEvent ?? (() => undefined);
  const retry = resolveRetryOptions(policy.retry);
  const pacer = createPacer(policy.pacing ?? {}, clock);
  const breaker = createCircuitBreaker(provider.name, policy.breaker ?? {}, clock, (state) =>
    emit({ type: 'circuit', provider: provider.name, state }),
  );
  const estimate = policy.estimateTokens ?? ((text: string) => Math.ceil(text.length / 4));
  const defaultMaxTokens = policy.defaultMaxTokens ?? Math.min(provider.capabilities.maxOutputTokens, 4096);
  const counters = {
    calls: 0,
    succeeded: 0,
    failed: 0,
    attempts: 0,
    retries: 0,
    rateLimited: 0,
    circuitRejections: 0,
  };
  const errorsByKind: Record<UpstreamErrorKind, number> = {
    rate_limit: 0,
    timeout: 0,
    auth: 0,
    bad_request: 0,
    unavailable: 0,
    invalid_response: 0,
  };

  function costOf(request: LlmRequest): number {
    const promptTokens = request.messages.reduce((sum, message) => sum + estimate(message.content), 0);
    return promptTokens + (request.maxTokens ?? defaultMaxTokens);
  }

  /** One attempt under the per-call timeout; a provider that ignores its signal is still cut off. */
  async function attemptOnce(request: LlmRequest, callerSignal: AbortSignal): Promise<LlmResponse> {
    if (policy.timeoutMs === undefined) return provider.complete(request, { signal: callerSignal });
    const timeout = new AbortController();
    const stopTimer = new AbortController();
    const signal = AbortSignal.any([callerSignal, timeout.signal]);
    const timedOut = clock.sleep(policy.timeoutMs, stopTimer.signal).then(() => {
      timeout.abort(timeoutReason());
      throw new UpstreamError('timeout', `${provider.name} did not answer in time`, {
        details: { provider: provider.name, timeoutMs: policy.timeoutMs },
      });
    });
    timedOut.catch(() => undefined);
    try {
      return await Promise.race([provider.complete(request, { signal }), timedOut]);
    } catch (error) {
      if (
        timeout.signal.aborted &&
        !callerSignal.aborted &&
        !(error instanceof UpstreamError && error.kind === 'timeout')
      ) {
        throw new UpstreamError('timeout', `${provider.name} did not answer in time`, {
          cause: error,
          details: { provider: provider.name, timeoutMs: policy.timeoutMs },
        });
      }
      throw error;
    } finally {
      stopTimer.abort();
    }
  }

  function outcomeOf(error: unknown, callerSignal: AbortSignal): CircuitOutcome {
    if (callerSignal.aborted) return 'neutral';
    if (error instanceof UpstreamError) return circuitFailureKinds.has(error.kind) ? 'failure' : 'neutral';
    return 'failure';
  }

  /** Counts a failed attempt; a 429 holds every caller of this provider for its Retry-After. */
  function noteUpstreamFailure(error: UpstreamError): void {
    errorsByKind[error.kind] += 1;
    if (error.kind !== 'rate_limit') return;
    counters.rateLimited += 1;
    emit({ type: 'rate_limited', provider: provider.name, retryAfterMs: error.retryAfterMs });
    if (error.retryAfterMs !== undefined) pacer.pauseUntil(clock.now() + error.retryAfterMs);
  }

  function callOutcomeOf(error: unknown, callerSignal: AbortSignal): LlmCallOutcome {
    if (callerSignal.aborted) return 'cancelled';
    if (error instanceof UpstreamError) {
      if (error.code === 'llm_circuit_open') return 'circuit_open';
      if (error.kind === 'timeout') return 'timeout';
      if (error.kind === 'rate_limit') return 'rate_limited';
    }
    return 'error';
  }

  /** One call under the span `llm.call`; its outcome goes to the span and to a `call_done` event. */
  function complete(request: LlmRequest, options: { signal: AbortSignal }): Promise<LlmResponse> {
    const spanAttributes = { 'llm.provider': provider.name, 'llm.provider_kind': provider.kind, 'llm.model': provider.model };
    return withSpan('llm.call', spanAttributes, async (span) => {
      const progress: CallProgress = { attempts: 0 };
      const finish = (outcome: LlmCallOutcome, usage?: { promptTokens: number; completionTokens: number }) => {
        const record: LlmCallRecord = {
          provider: provider.name,
          model: provider.model,
          outcome,
          attempts: progress.attempts,
          ...(progress.lastAttemptMs === undefined ? {} : { lastAttemptMs: progress.lastAttemptMs }),
          ...(usage ? { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens } : {}),
        };
        setSpanAttributes(span, {
          'llm.outcome': outcome,
          'llm.attempts': record.attempts,
          'llm.usage.prompt_tokens': record.promptTokens,
          'llm.usage.completion_tokens': record.completionTokens,
        });
        emit({ type: 'call_done', ...record });
      };
      try {
        const response = await runCall(request, options, progress);
        finish('success', response.usage);
        return response;
      } catch (error) {
        finish(callOutcomeOf(error, options.signal));
        throw error;
      }
    });
  }

  async function runCall(request: LlmRequest, options: { signal: AbortSignal }, progress: CallProgress): Promise<LlmResponse> {
    counters.calls += 1;
    const cost = costOf(request);
    let invalidResponses = 0;
    for (let attempt = 0; ; attempt += 1) {
      let ticket: CircuitTicket | undefined;
      let permit;
      try {
        // Fail fast while open, before queueing; the breaker is asked again when the slot is granted.
        if (breaker.state() === 'open') breaker.admit();
        permit = await pacer.acquire(cost, options.signal, () => {
          ticket = breaker.admit();
        });
      } catch (error) {
        if (error instanceof UpstreamError && error.code === 'llm_circuit_open')
          counters.circuitRejections += 1;
        counters.failed += 1;
        throw error;
      }
      counters.attempts += 1;
      progress.attempts += 1;
      const attemptStartMs = clock.now();
      try {
        const response = await attemptOnce(request, options.signal).finally(() => {
          progress.lastAttemptMs = clock.now() - attemptStartMs;
        });
        // The breaker hears the outcome before the slot frees, so the next waiter is admitted on fresh state.
        breaker.record(ticket as CircuitTicket, 'success');
        permit.release(
          response.usage ? response.usage.promptTokens + response.usage.completionTokens : undefined,
        );
        counters.succeeded += 1;
        return response;
      } catch (error) {
        // Pause and breaker state first: releasing the slot admits the next waiter at once.
        if (error instanceof UpstreamError && !options.signal.aborted) {
          noteUpstreamFailure(error);
          if (error.kind === 'invalid_response') invalidResponses += 1;
        }
        breaker.record(ticket as CircuitTicket, outcomeOf(error, options.signal));
        permit.release();
        if (options.signal.aborted) {
          counters.failed += 1;
          throw error;
        }
        const decision = decideRetry(error, attempt, invalidResponses, retry, random);
        if (!decision.shouldRetry) {
          counters.failed += 1;
          throw error;
        }
        counters.retries += 1;
        emit({
          type: 'retry',
          provider: provider.name,
          attempt: attempt + 1,
          kind: (error as UpstreamError).kind,
          delayMs: decision.delayMs,
        });
        try {
          await clock.sleep(decision.delayMs, options.signal);
        } catch (abortReason) {
          counters.failed += 1;
          throw abortReason;
        }
      }
    }
  }

  return {
    kind: provider.kind,
    name: provider.name,
    model: provider.model,
    capabilities: provider.capabilities,
    complete,
    stats: () => {
      const pacing = pacer.stats();
      return {
        ...counters,
        errorsByKind: { ...errorsByKind },
        circuitState: breaker.state(),
        active: pacing.active,
        queued: pacing.queued,
      };
    },
  };
}
