// Client-side pacing of one provider: at most `maxConcurrent` calls in flight, and starts spaced so that no
// sliding minute holds more than `requestsPerMinute` calls or `tokensPerMinute` tokens. Callers wait in FIFO
// order instead of failing. Spacing is smooth (one start every 60 s / rpm, never a burst), because a burst
// that a fresh client thinks is within budget can still overflow a server window that remembers earlier calls.
// Token costs are estimates at the start and are reconciled with the reported usage at the end.
import type { Clock } from './clock.ts';

/** Limits of one provider; unset limits do not apply. */
export interface PacerLimits {
  maxConcurrent?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /**
   * Extra spacing as a share of the interval (default 0.02), so that network jitter cannot squeeze one call
   * too many into the server's window.
   */
  safetyMarginRatio?: number;
}

/** A granted slot; release it exactly once when the call ends. */
export interface PacerPermit {
  /** Frees the slot; `actualTokens` (prompt + answer as reported) corrects the estimate. */
  release(actualTokens?: number): void;
}

/** Live figures of a pacer. */
export interface PacerStats {
  active: number;
  queued: number;
  /** When the next start may happen, for dashboards (ms on the clock's scale). */
  nextStartAtMs: number;
}

/** The pacer of one provider. */
export interface Pacer {
  /**
   * Waits for a slot. `admit` runs at the moment the slot would be granted and may throw to refuse it (an open
   * circuit): the refused caller consumes no capacity. Rejects with the signal's reason on abort.
   */
  acquire(costTokens: number, signal: AbortSignal, admit?: () => void): Promise<PacerPermit>;
  /** Holds every start until `atMs` (a provider's Retry-After applies to all callers, not just one). */
  pauseUntil(atMs: number): void;
  stats(): PacerStats;
}

interface Waiter {
  costTokens: number;
  admit?: () => void;
  resolve(permit: PacerPermit): void;
  reject(reason: unknown): void;
  detach(): void;
}

const minuteMs = 60_000;

/** Creates a pacer with the given limits. */
export function createPacer(limits: PacerLimits, clock: Clock): Pacer {
  const maxConcurrent = limits.maxConcurrent ?? Number.POSITIVE_INFINITY;
  const margin = 1 + (limits.safetyMarginRatio ?? 0.02);
  const requestIntervalMs = limits.requestsPerMinute ? (minuteMs / limits.requestsPerMinute) * margin : 0;
  const msPerToken = limits.tokensPerMinute ? (minuteMs / limits.tokensPerMinute) * margin : 0;
  const queue: Waiter[] = [];
  let active = 0;
  let nextRequestAtMs = Number.NEGATIVE_INFINITY;
  let nextTokenAtMs = Number.NEGATIVE_INFINITY;
  let pausedUntilMs = Number.NEGATIVE_INFINITY;
  let wake: AbortController | undefined;
  let wakeAtMs = Number.POSITIVE_INFINITY;

  function earliestStartMs(): number {
    return Math.max(nextRequestAtMs, nextTokenAtMs, pausedUntilMs);
  }

  function grant(waiter: Waiter, nowMs: number): void {
    active += 1;
    if (requestIntervalMs > 0) nextRequestAtMs = nowMs + requestIntervalMs;
    if (msPerToken > 0) nextTokenAtMs = Math.max(nextTokenAtMs, nowMs) + waiter.costTokens * msPerToken;
    let isReleased = false;
    waiter.resolve({
      release(actualTokens?: number) {
        if (isReleased) return;
        isReleased = true;
        active -= 1;
        if (msPerToken > 0 && actualTokens !== undefined && Number.isFinite(actualTokens)) {
          // Charge what the call really used; a refund never reaches back before now (no banked bursts).
          const correctedAtMs = nextTokenAtMs + (actualTokens - waiter.costTokens) * msPerToken;
          nextTokenAtMs = Math.max(correctedAtMs, Math.min(nextTokenAtMs, clock.now()));
        }
        pump();
      },
    });
  }

  function pump(): void {
    while (queue.length > 0 && active < maxConcurrent) {
      const nowMs = clock.now();
      const startAtMs = earliestStartMs();
      if (startAtMs > nowMs) {
        scheduleWake(startAtMs, nowMs);
        return;
      }
      const waiter = queue.shift() as Waiter;
      waiter.detach();
      try {
        waiter.admit?.();
      } catch (error) {
        waiter.reject(error);
        continue;
      }
      grant(waiter, nowMs);
    }
  }

  function scheduleWake(atMs: number, nowMs: number): void {
    if (wake && wakeAtMs <= atMs) return;
    wake?.abort();
    const controller = new AbortController();
    wake = controller;
    wakeAtMs = atMs;
    clock.sleep(atMs - nowMs, controller.signal).then(
      () => {
        if (wake !== controller) return;
        wake = undefined;
        wakeAtMs = Number.POSITIVE_INFINITY;
        pump();
      },
      () => undefined,
    );
  }

  return {
    acquire(costTokens: number, signal: AbortSignal, admit?: () => void): Promise<PacerPermit> {
      return new Promise<PacerPermit>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
          pump();
        };
        const waiter: Waiter = {
          costTokens: Math.max(0, costTokens),
          admit,
          resolve,
          reject,
          detach: () => signal.removeEventListener('abort', onAbort),
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    pauseUntil(atMs: number): void {
      if (atMs <= pausedUntilMs) return;
      pausedUntilMs = atMs;
      // A sleeping wake-up set for an earlier time re-checks and reschedules itself.
    },
    stats: () => ({ active, queued: queue.length, nextStartAtMs: Math.max(earliestStartMs(), clock.now()) }),
  };
}
