import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock } from '@xcr/testkit/llm/manual-clock';
import { CircuitOpenError, createCircuitBreaker, type CircuitState } from './circuit-breaker.ts';

describe('circuit breaker', () => {
  it('opens after 5 consecutive failures, fails fast for 60 s, then lets one probe through', async () => {
    const clock = createManualClock();
    const changes: CircuitState[] = [];
    const breaker = createCircuitBreaker('p', {}, clock, (state) => changes.push(state));
    for (let i = 0; i < 4; i += 1) breaker.record(breaker.admit(), 'failure');
    assert.equal(breaker.state(), 'closed');
    breaker.record(breaker.admit(), 'failure');
    assert.equal(breaker.state(), 'open');
    assert.throws(
      () => breaker.admit(),
      (error: unknown) =>
        error instanceof CircuitOpenError &&
        error.code === 'llm_circuit_open' &&
        error.kind === 'unavailable' &&
        error.retryAfterMs === 60_000,
    );
    await clock.advance(59_999);
    assert.throws(() => breaker.admit(), CircuitOpenError);
    await clock.advance(1);
    assert.equal(breaker.state(), 'half_open');
    const probe = breaker.admit();
    assert.equal(probe.isProbe, true);
    assert.throws(() => breaker.admit(), CircuitOpenError, 'only one probe at a time');
    breaker.record(probe, 'success');
    assert.equal(breaker.state(), 'closed');
    assert.deepEqual(changes, ['open', 'half_open', 'closed']);
  });

  it('a failed probe opens the circuit again for a full period', async () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker('p', { failureThreshold: 2, openMs: 1000 }, clock);
    breaker.record(breaker.admit(), 'failure');
    breaker.record(breaker.admit(), 'failure');
    await clock.advance(1000);
    breaker.record(breaker.admit(), 'failure');
    assert.equal(breaker.state(), 'open');
    await clock.advance(999);
    assert.throws(() => breaker.admit(), CircuitOpenError);
  });

  it('a success resets the count; neutral outcomes (429, 400) neither count nor reset', () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker('p', { failureThreshold: 3 }, clock);
    breaker.record(breaker.admit(), 'failure');
    breaker.record(breaker.admit(), 'failure');
    breaker.record(breaker.admit(), 'success');
    breaker.record(breaker.admit(), 'failure');
    breaker.record(breaker.admit(), 'neutral');
    breaker.record(breaker.admit(), 'failure');
    assert.equal(breaker.state(), 'closed');
    breaker.record(breaker.admit(), 'failure');
    assert.equal(breaker.state(), 'open');
  });

  it('a neutral probe frees the probe slot and stays half-open', async () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker('p', { failureThreshold: 1, openMs: 10 }, clock);
    breaker.record(breaker.admit(), 'failure');
    await clock.advance(10);
    breaker.record(breaker.admit(), 'neutral');
    assert.equal(breaker.state(), 'half_open');
    assert.equal(breaker.admit().isProbe, true);
  });
});
