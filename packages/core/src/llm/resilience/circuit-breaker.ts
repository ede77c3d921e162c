// The circuit breaker of one provider: after `failureThreshold` consecutive outage signals it opens for
// `openMs`, failing calls fast; then one probe call is let through (half-open): success closes the circuit,
// another outage signal opens it again. Only outage signals count (timeouts, 5xx and unreachable, unusable
// bodies): a 429 says the provider is alive but busy, and a 400 or 401 is about the request or the key.
import { UpstreamError, type UpstreamErrorKind } from '../../errors.ts';
import type { Clock } from './clock.ts';

/** The state of a breaker. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** How a call ended, as far as the breaker is concerned. */
export type CircuitOutcome = 'success' | 'failure' | 'neutral';

/** Error kinds that count as outage signals. */
export const circuitFailureKinds: ReadonlySet<UpstreamErrorKind> = new Set([
  'timeout',
  'unavailable',
  'invalid_response',
]);

/** Settings of a breaker; the defaults are the original's (5 failures, 60 s). */
export interface CircuitBreakerOptions {
  failureThreshold?: number;
  openMs?: number;
}

/** A permission to call, to be settled with its outcome. */
export interface CircuitTicket {
  readonly isProbe: boolean;
}

/** The error of a call refused because the circuit is open. */
export class CircuitOpenError extends UpstreamError {
  override readonly code: string = 'llm_circuit_open';

  constructor(providerName: string, retryInMs: number) {
    super('unavailable', `${providerName} is failing; calls are paused for a while`, {
      retryAfterMs: Math.max(0, retryInMs),
      details: { provider: providerName, retryInMs: Math.max(0, retryInMs) },
    });
  }
}

/** A circuit breaker. */
export interface CircuitBreaker {
  /** Lets a call through or throws CircuitOpenError. */
  admit(): CircuitTicket;
  /** Settles a ticket. */
  record(ticket: CircuitTicket, outcome: CircuitOutcome): void;
  /** The current state (an open circuit whose time is up reports half_open). */
  state(): CircuitState;
}

/** Creates a breaker for one provider; `onChange` hears every state transition. */
export function createCircuitBreaker(
  providerName: string,
  options: CircuitBreakerOptions,
  clock: Clock,
  onChange: (state: CircuitState) => void = () => undefined,
): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? 5;
  const openMs = options.openMs ?? 60_000;
  let current: CircuitState = 'closed';
  let consecutiveFailures = 0;
  let openedAtMs = 0;
  let isProbeInFlight = false;

  function move(next: CircuitState): void {
    if (next === current) return;
    current = next;
    onChange(next);
  }

  function open(): void {
    openedAtMs = clock.now();
    isProbeInFlight = false;
    move('open');
  }

  return {
    admit(): CircuitTicket {
      if (current === 'closed') return { isProbe: false };
      if (current === 'open') {
        const waitedMs = clock.now() - openedAtMs;
        if (waitedMs < openMs) throw new CircuitOpenError(providerName, openMs - waitedMs);
        move('half_open');
      }
      if (isProbeInFlight) throw new CircuitOpenError(providerName, 0);
      isProbeInFlight = true;
      return { isProbe: true };
    },
    record(ticket: CircuitTicket, outcome: CircuitOutcome): void {
      if (ticket.isProbe) isProbeInFlight = false;
      if (outcome === 'success') {
        consecutiveFailures = 0;
        move('closed');
        return;
      }
      if (outcome === 'neutral') return;
      if (current === 'half_open' && ticket.isProbe) {
        open();
        return;
      }
      if (current !== 'closed') return;
      consecutiveFailures += 1;
      if (consecutiveFailures >= failureThreshold) {
        consecutiveFailures = 0;
        open();
      }
    },
    state(): CircuitState {
      if (current === 'open' && clock.now() - openedAtMs >= openMs) return 'half_open';
      return current;
    },
  };
}
